"""Konfiguration aus Umgebungsvariablen mit sicheren Voreinstellungen."""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PROJEKT_WURZEL = Path(__file__).resolve().parent.parent


def instanz_verzeichnis() -> Path:
    """Verzeichnis für lokale Daten (SQLite-Datei, Dokumentablage): `ZV_INSTANCE_PATH` oder `instance/`."""
    return Path(os.environ.get("ZV_INSTANCE_PATH") or PROJEKT_WURZEL / "instance")


def datenbank_url() -> str:
    """`ZV_DATABASE_URL`, sonst eine SQLite-Datei unter `instance/`."""
    url = os.environ.get("ZV_DATABASE_URL")
    if url:
        return url
    pfad = instanz_verzeichnis() / "zielvereinbarung.sqlite3"
    return f"sqlite:///{pfad}"


@dataclass(frozen=True)
class Einstellungen:
    database_url: str
    secret_key: str | None
    produktion: bool

    @classmethod
    def aus_umgebung(cls) -> Einstellungen:
        return cls(
            database_url=datenbank_url(),
            secret_key=os.environ.get("ZV_SECRET_KEY"),
            produktion=os.environ.get("ZV_ENV", "entwicklung") == "produktion",
        )


# ---------------------------------------------------------------- Audit-Protokoll

AUDIT_SCHLUESSEL_DATEI = "audit_schluessel.key"
AUDIT_ANKER_DATEI = "audit_anker.jsonl"
MIN_AUDIT_GEHEIMNIS = 32
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditSchluessel:
    """Der HMAC-Schlüssel der Audit-Kette (nie in der Datenbank) und seine öffentliche Kennung.

    `hmac_schluessel` = HKDF-SHA-256(`ZV_AUDIT_SCHLUESSEL`, info „zielvereinbarung-audit-hmac“,
    32 Byte); `kennung` = die ersten 16 Hex-Zeichen von HMAC(Schlüssel, „schluesselkennung“) –
    sie steht in jedem Anker, damit die Prüfung einen falschen Schlüssel als solchen erkennt.
    """

    hmac_schluessel: bytes
    kennung: str
    entwicklung: bool = False


def _leite_audit_schluessel_ab(geheimnis: str, entwicklung: bool) -> AuditSchluessel:
    roh = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"zielvereinbarung-audit-hmac"
    ).derive(geheimnis.encode("utf-8"))
    kennung = hmac.new(roh, b"schluesselkennung", hashlib.sha256).hexdigest()[:16]
    return AuditSchluessel(roh, kennung, entwicklung)


@functools.lru_cache(maxsize=8)
def _audit_schluessel(geheimnis: str | None, instanz: str, produktion: bool) -> AuditSchluessel:
    if geheimnis:
        if len(geheimnis.strip()) < MIN_AUDIT_GEHEIMNIS:
            raise RuntimeError(
                f"ZV_AUDIT_SCHLUESSEL ist zu kurz: bitte mindestens {MIN_AUDIT_GEHEIMNIS} "
                "zufällige Zeichen angeben (z. B. `openssl rand -hex 32`)."
            )
        return _leite_audit_schluessel_ab(geheimnis.strip(), False)
    if produktion:
        raise RuntimeError("ZV_AUDIT_SCHLUESSEL muss im Produktionsbetrieb gesetzt sein.")
    pfad = Path(instanz) / AUDIT_SCHLUESSEL_DATEI
    if not pfad.exists():
        pfad.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(pfad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # ein anderer Prozess war schneller
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as datei:
                datei.write(secrets.token_hex(32))
    _LOG.warning(
        "ZV_AUDIT_SCHLUESSEL ist nicht gesetzt: Entwicklungsschlüssel aus %s (nicht für den "
        "Produktionsbetrieb).",
        pfad,
    )
    return _leite_audit_schluessel_ab(pfad.read_text(encoding="ascii").strip(), True)


def audit_schluessel(umgebung: Mapping[str, str] | None = None) -> AuditSchluessel:
    """Der Audit-Schlüssel aus `ZV_AUDIT_SCHLUESSEL` (mindestens 32 Zeichen). Fehlt er, ist das im
    Produktionsbetrieb ein Startfehler; in der Entwicklung wird einmalig ein Schlüssel unter
    `<instance>/audit_schluessel.key` (Modus 0600) erzeugt und mit einer Warnung benutzt.

    Eigener Schlüssel statt einer Ableitung aus `ZV_SECRET_KEY`: wer den Sitzungsschlüssel
    wechselt (alle abmelden), darf die Audit-Kette nicht ungültig machen, und wer die Kette nur
    prüfen soll, braucht keinen Schlüssel, mit dem sich Sitzungen fälschen lassen."""
    env = os.environ if umgebung is None else umgebung
    return _audit_schluessel(
        env.get("ZV_AUDIT_SCHLUESSEL") or None,
        str(Path(env.get("ZV_INSTANCE_PATH") or PROJEKT_WURZEL / "instance")),
        env.get("ZV_ENV", "entwicklung") == "produktion",
    )


def audit_anker_pfad(umgebung: Mapping[str, str] | None = None) -> Path:
    """Die Ankerdatei (`ZV_AUDIT_ANKER`, sonst `<instance>/audit_anker.jsonl`): nur anhängen;
    am besten auf einem anderen Speicher oder mit `chattr +a` geschützt."""
    env = os.environ if umgebung is None else umgebung
    pfad = env.get("ZV_AUDIT_ANKER")
    if pfad:
        return Path(pfad)
    return Path(env.get("ZV_INSTANCE_PATH") or PROJEKT_WURZEL / "instance") / AUDIT_ANKER_DATEI


def tsa_url(umgebung: Mapping[str, str] | None = None) -> str | None:
    """`ZV_TSA_URL`: Zeitstempeldienst (RFC 3161) für Signaturen und Audit-Anker."""
    env = os.environ if umgebung is None else umgebung
    return (env.get("ZV_TSA_URL") or "").strip() or None
