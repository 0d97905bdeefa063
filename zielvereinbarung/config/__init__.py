"""Alle Einstellungen `ZV_*` an einer Stelle: aus Umgebungsvariablen, mit sicheren Voreinstellungen.

Nur dieses Paket liest `ZV_*` aus der Umgebung (die Anmeldung – lokal, LDAP, OpenID Connect –
in `config.anmeldung`, aufgerufen über `anmelde_einstellungen()`). `Konfiguration.aus_umgebung()`
liest alle übrigen Werte (eine unlesbare Zahl ist ein `KonfigurationsFehler`); `create_app` ruft
dazu beim Start `pruefe()` und `anmelde_einstellungen()` auf (Pflichtwerte im Produktionsbetrieb):
ein Fehler ist ein Startfehler, kein stiller Standardwert. Testeinstellungen
(`ZV_TEST_DATABASE_URL`, `ZV_CHROMIUM`) liest nur `tests/`.

| Variable | Bedeutung | Voreinstellung |
|---|---|---|
| `ZV_ENV` | `produktion` erzwingt `ZV_SECRET_KEY` und `ZV_SCHLUESSEL` | `entwicklung` |
| `ZV_INSTANCE_PATH` | lokale Daten (SQLite, Ablagen, Entwicklungsschlüssel) | `instance/` |
| `ZV_DATABASE_URL` | Datenbank (SQLAlchemy-URL) | SQLite unter `instance/` |
| `ZV_SECRET_KEY` | Schlüssel der Browsersitzungen | zufällig je Start |
| `ZV_AUDIT_SCHLUESSEL` | HMAC-Schlüssel der Audit-Kette (≥ 32 Zeichen) | Entwicklung: Datei |
| `ZV_AUDIT_ANKER` | Ankerdatei der Audit-Kette (nur anhängen) | `instance/audit_anker.jsonl` |
| `ZV_SCHLUESSEL` | Schlüssel für Zertifikate/Passphrasen (Fernet, ≥ 32 Z.) | Entwicklung: Datei |
| `ZV_DOKUMENTE_PATH` | Dokumentablage | `instance/dokumente/` |
| `ZV_BERICHTE_PATH` | Berichtsablage | `instance/berichte/` |
| `ZV_TSA_URL` | Zeitstempeldienst (RFC 3161) | keiner |
| `ZV_VERTRAUENSANKER` | Verzeichnis mit PEM-Wurzeln für die Prüfung | keines |
| `ZV_ARGON2_PROFIL` | Passwort-Hashes: `standard` (RFC 9106), `test` (nur Tests) | `standard` |
| `ZV_PROXY_HOPS` | vertrauenswürdige Reverse-Proxys | 0 |
| `ZV_SITZUNG_LEERLAUF_MIN` | Sitzung endet nach so vielen Minuten ohne Anfrage | 60 |
| `ZV_SITZUNG_HOECHSTDAUER_H` | Sitzung endet so viele Stunden nach der Anmeldung | 10 |
| `ZV_ANMELDUNG_LIMIT_KONTO` | Fehlversuche je Benutzername (`limits`) | 5/5 min; 30/Tag |
| `ZV_ANMELDUNG_LIMIT_GERAET` | dasselbe an einem bekannten Gerät (ohne IP-Grenze) | 10/5 min |
| `ZV_ANMELDUNG_LIMIT_IP` | Fehlversuche je IP-Adresse über alle Namen | 20/15 min; 200/Tag |
| `ZV_RETTUNG_MAX_ANZAHL`, `ZV_RETTUNG_GESAMT_KB` | gerettete Eingaben je Benutzer | 5, 512 |
| `ZV_SMTP_HOST`, `_PORT`, `_USER`, `_PASSWORD`, `_STARTTLS` | E-Mail-Versand | keiner |
| `ZV_MAIL_FROM` | Absender | `zielvereinbarung@localhost` |
| `ZV_BASE_URL` | Adresse der Anwendung für Links in E-Mails | `http://127.0.0.1:5000` |
| `ZV_ERINNERUNG_TAGE` | Erinnerung nach so vielen Tagen Warten | 14 |
| `ZV_ARCHIVZEITSTEMPEL_VORLAUF_TAGE` | Archivzeitstempel so lange vor Ablauf erneuern | 90 |
| `ZV_BESTAETIGUNG_MINUTEN` | so lange ersetzt die Anmeldung das Passwort beim Unterzeichnen | 5 |
| `ZV_JOB_<NAME>` | Zeitplan eines Jobs (Crontab oder `aus`), siehe `jobs` | je Job |
| `ZV_JOB_MISFIRE_S`, `ZV_JOB_ANFORDERUNG_S` | Nachholfrist, Abfrageintervall (s) | 3600, 15 |
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..domain.erinnerung import STANDARD_TAGE
from ..fehler import KonfigurationsFehler
from .anmeldung import AnmeldeEinstellungen

PROJEKT_WURZEL = Path(__file__).resolve().parent.parent.parent

_SCHEDULER_WERTE = ("ZV_JOB_MISFIRE_S", "ZV_JOB_ANFORDERUNG_S")


# Argon2id-Parameter je Profil: `standard` sind die der Bibliothek (RFC 9106, ~0,5 s je Hash);
# `test` kostet ~1 ms und macht die Testsuite schnell – im Produktionsbetrieb verboten.
class Argon2Parameter(TypedDict, total=False):
    """Abweichungen von den Standardparametern von `argon2.PasswordHasher`."""

    time_cost: int
    memory_cost: int
    parallelism: int


ARGON2_PROFILE: dict[str, Argon2Parameter] = {
    "standard": {},
    "test": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
}


def _ganzzahl(env: Mapping[str, str], name: str, standard: int) -> int:
    roh = (env.get(name) or "").strip()
    if not roh:
        return standard
    try:
        return int(roh)
    except ValueError:
        raise KonfigurationsFehler(f"{name} muss eine ganze Zahl sein (ist „{roh}“).") from None


def _text(env: Mapping[str, str], name: str) -> str | None:
    return (env.get(name) or "").strip() or None


def _mindestens(env: Mapping[str, str], name: str, standard: int, mindestens: int) -> int:
    wert = _ganzzahl(env, name, standard)
    if wert < mindestens:
        raise KonfigurationsFehler(f"{name} muss mindestens {mindestens} sein (ist {wert}).")
    return wert


def _grenze(env: Mapping[str, str], name: str, standard: str) -> str:
    """Eine Grenze der Anmeldedrosselung in `limits`-Schreibweise, z. B. „5 per 5 minutes;
    30 per day“ (mehrere mit „;“)."""
    from limits import parse_many

    wert = _text(env, name) or standard
    try:
        parse_many(wert)
    except ValueError:
        raise KonfigurationsFehler(
            f"{name} ist keine gültige Grenze (ist „{wert}“; Beispiel: „5 per 5 minutes; 30 per "
            "day“)."
        ) from None
    return wert


@dataclass(frozen=True)
class Konfiguration:
    produktion: bool
    instanz: Path
    datenbank_url: str
    secret_key: str | None
    schluessel: str | None  # ZV_SCHLUESSEL, roh (abgeleitet in services.dokumente.einstellungen)
    audit_schluessel: str | None  # ZV_AUDIT_SCHLUESSEL, roh (abgeleitet in `audit_schluessel()`)
    audit_anker: Path | None  # ZV_AUDIT_ANKER; None: <instanz>/audit_anker.jsonl
    dokumente_pfad: Path | None  # None: <instanz>/dokumente
    berichte_pfad: Path | None  # None: <instanz>/berichte
    tsa_url: str | None
    vertrauensanker: Path | None
    proxy_hops: int
    sitzung_leerlauf_min: int  # web.kern.sitzungsdauer
    sitzung_hoechstdauer_h: int
    anmeldung_limit_konto: str  # web.kern.drossel (`limits`-Schreibweise)
    anmeldung_limit_geraet: str
    anmeldung_limit_ip: str
    rettung_max_anzahl: int  # web.kern.gerettete_eingaben, je Benutzer
    rettung_gesamt_kb: int
    argon2_profil: str  # „standard“ oder „test“ (nie im Produktionsbetrieb)
    smtp_host: str | None
    smtp_port: int
    smtp_benutzer: str | None
    smtp_passwort: str | None
    smtp_starttls: bool
    mail_absender: str
    basis_url: str
    erinnerung_tage: int
    archivzeitstempel_vorlauf_tage: int
    job_misfire_s: int
    bestaetigung_minuten: int
    job_anforderung_s: int
    auftrag_frist_s: int = 300  # Frist (Lease) eines übernommenen Berichtsauftrags
    worker_pause_s: int = 2  # so lange wartet ein Worker bei leerer Warteschlange
    berichte_arbeiter: int = 2  # Renderprozesse des Scheduler-Laufs; 0 = nur einreihen
    scheduler_warte_s: int = 5  # Ersatz-Scheduler: Abstand der Versuche, Anführer zu werden
    rechner: str = ""  # Name dieses Rechners in Sperren und Aufträgen (ZV_RECHNER)
    job_zeitplaene: Mapping[str, str] = field(default_factory=dict)  # ZV_JOB_<NAME> → Wert
    api_ratenlimit: str = "300/minute"  # ZV_API_RATENLIMIT, je Zugriffstoken (docs/api.md)
    api_ratenlimit_speicher: str = "memory://"  # ZV_API_RATENLIMIT_SPEICHER (Bibliothek limits)

    @classmethod
    def aus_umgebung(cls, umgebung: Mapping[str, str] | None = None) -> Konfiguration:
        """Alle `ZV_*`-Werte lesen und prüfen (`KonfigurationsFehler` mit deutscher Meldung)."""
        env = os.environ if umgebung is None else umgebung
        instanz = Path(_text(env, "ZV_INSTANCE_PATH") or PROJEKT_WURZEL / "instance")
        produktion = (env.get("ZV_ENV") or "entwicklung").strip() == "produktion"
        anker = _text(env, "ZV_VERTRAUENSANKER")
        dokumente, berichte = _text(env, "ZV_DOKUMENTE_PATH"), _text(env, "ZV_BERICHTE_PATH")
        audit_anker = _text(env, "ZV_AUDIT_ANKER")
        return cls(
            produktion=produktion,
            instanz=instanz,
            datenbank_url=_text(env, "ZV_DATABASE_URL")
            or f"sqlite:///{instanz / 'zielvereinbarung.sqlite3'}",
            secret_key=env.get("ZV_SECRET_KEY") or None,
            schluessel=env.get("ZV_SCHLUESSEL") or None,
            audit_schluessel=_text(env, "ZV_AUDIT_SCHLUESSEL"),
            audit_anker=Path(audit_anker) if audit_anker else None,
            dokumente_pfad=Path(dokumente) if dokumente else None,
            berichte_pfad=Path(berichte) if berichte else None,
            tsa_url=_text(env, "ZV_TSA_URL"),
            vertrauensanker=Path(anker) if anker else None,
            proxy_hops=_ganzzahl(env, "ZV_PROXY_HOPS", 0),
            sitzung_leerlauf_min=_mindestens(env, "ZV_SITZUNG_LEERLAUF_MIN", 60, 1),
            sitzung_hoechstdauer_h=_mindestens(env, "ZV_SITZUNG_HOECHSTDAUER_H", 10, 1),
            anmeldung_limit_konto=_grenze(
                env, "ZV_ANMELDUNG_LIMIT_KONTO", "5 per 5 minutes; 30 per day"
            ),
            anmeldung_limit_geraet=_grenze(env, "ZV_ANMELDUNG_LIMIT_GERAET", "10 per 5 minutes"),
            anmeldung_limit_ip=_grenze(
                env, "ZV_ANMELDUNG_LIMIT_IP", "20 per 15 minutes; 200 per day"
            ),
            rettung_max_anzahl=_mindestens(env, "ZV_RETTUNG_MAX_ANZAHL", 5, 0),
            rettung_gesamt_kb=_mindestens(env, "ZV_RETTUNG_GESAMT_KB", 512, 0),
            api_ratenlimit=_text(env, "ZV_API_RATENLIMIT") or "300/minute",
            api_ratenlimit_speicher=_text(env, "ZV_API_RATENLIMIT_SPEICHER") or "memory://",
            argon2_profil=_text(env, "ZV_ARGON2_PROFIL") or "standard",
            smtp_host=_text(env, "ZV_SMTP_HOST"),
            smtp_port=_ganzzahl(env, "ZV_SMTP_PORT", 25),
            smtp_benutzer=_text(env, "ZV_SMTP_USER"),
            smtp_passwort=env.get("ZV_SMTP_PASSWORD") or None,
            smtp_starttls=(env.get("ZV_SMTP_STARTTLS") or "0").strip().lower()
            in ("1", "true", "ja"),
            mail_absender=_text(env, "ZV_MAIL_FROM") or "zielvereinbarung@localhost",
            basis_url=(_text(env, "ZV_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
            erinnerung_tage=_ganzzahl(env, "ZV_ERINNERUNG_TAGE", STANDARD_TAGE),
            archivzeitstempel_vorlauf_tage=_ganzzahl(env, "ZV_ARCHIVZEITSTEMPEL_VORLAUF_TAGE", 90),
            job_misfire_s=_ganzzahl(env, "ZV_JOB_MISFIRE_S", 3600),
            bestaetigung_minuten=_ganzzahl(env, "ZV_BESTAETIGUNG_MINUTEN", 5),
            job_anforderung_s=_ganzzahl(env, "ZV_JOB_ANFORDERUNG_S", 15),
            auftrag_frist_s=max(1, _ganzzahl(env, "ZV_AUFTRAG_FRIST_S", 300)),
            worker_pause_s=max(1, _ganzzahl(env, "ZV_WORKER_PAUSE_S", 2)),
            berichte_arbeiter=max(0, _ganzzahl(env, "ZV_BERICHTE_ARBEITER", 2)),
            scheduler_warte_s=max(1, _ganzzahl(env, "ZV_SCHEDULER_WARTE_S", 5)),
            rechner=_text(env, "ZV_RECHNER") or socket.gethostname(),
            job_zeitplaene={
                name: wert
                for name, wert in env.items()
                if name.startswith("ZV_JOB_") and name not in _SCHEDULER_WERTE
            },
        )

    def pruefe(self) -> None:
        """Startprüfung: im Produktionsbetrieb sind `ZV_SECRET_KEY`, `ZV_SCHLUESSEL` und
        `ZV_AUDIT_SCHLUESSEL` Pflicht; die Schlüssel müssen brauchbar sein (`ZV_SCHLUESSEL` prüft
        `services.dokumente.einstellungen`)."""
        if self.produktion and not self.secret_key:
            raise KonfigurationsFehler("ZV_SECRET_KEY muss im Produktionsbetrieb gesetzt sein.")
        if self.produktion and not self.schluessel:
            raise KonfigurationsFehler("ZV_SCHLUESSEL muss im Produktionsbetrieb gesetzt sein.")
        _audit_schluessel(self.audit_schluessel, str(self.instanz), self.produktion)
        self.pruefe_argon2_profil()

    def pruefe_argon2_profil(self) -> None:
        """Nur `standard` und `test`; billige Hashes (`test`) nie im Produktionsbetrieb."""
        if self.argon2_profil not in ARGON2_PROFILE:
            raise KonfigurationsFehler(
                f"ZV_ARGON2_PROFIL „{self.argon2_profil}“ ist unbekannt (erlaubt: standard, test)."
            )
        if self.produktion and self.argon2_profil != "standard":
            raise KonfigurationsFehler(
                "ZV_ARGON2_PROFIL=test (billige Passwort-Hashes) ist im Produktionsbetrieb "
                "nicht erlaubt."
            )

    def berichtsablage(self) -> Path:
        return self.berichte_pfad or self.instanz / "berichte"

    def job_zeitplan(self, umgebung: str, standard: str) -> str | None:
        """Crontab-Ausdruck eines Jobs (`ZV_JOB_<NAME>` oder Standard); None = abgeschaltet."""
        wert = (self.job_zeitplaene.get(umgebung) or standard).strip()
        return None if wert.lower() == "aus" else wert


def konfiguration() -> Konfiguration:
    """Die Einstellungen aus der aktuellen Umgebung (gelesen bei jedem Aufruf: billig, und Tests
    können die Umgebung ändern)."""
    return Konfiguration.aus_umgebung()


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
            raise KonfigurationsFehler(
                f"ZV_AUDIT_SCHLUESSEL ist zu kurz: bitte mindestens {MIN_AUDIT_GEHEIMNIS} "
                "zufällige Zeichen angeben (z. B. `openssl rand -hex 32`)."
            )
        return _leite_audit_schluessel_ab(geheimnis.strip(), False)
    if produktion:
        raise KonfigurationsFehler("ZV_AUDIT_SCHLUESSEL muss im Produktionsbetrieb gesetzt sein.")
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
    k = Konfiguration.aus_umgebung(umgebung)
    return _audit_schluessel(k.audit_schluessel, str(k.instanz), k.produktion)


def audit_anker_pfad(umgebung: Mapping[str, str] | None = None) -> Path:
    """Die Ankerdatei (`ZV_AUDIT_ANKER`, sonst `<instance>/audit_anker.jsonl`): nur anhängen;
    am besten auf einem anderen Speicher oder mit `chattr +a` geschützt."""
    k = Konfiguration.aus_umgebung(umgebung)
    return k.audit_anker or k.instanz / AUDIT_ANKER_DATEI


def tsa_url(umgebung: Mapping[str, str] | None = None) -> str | None:
    """`ZV_TSA_URL`: Zeitstempeldienst (RFC 3161) für Signaturen und Audit-Anker."""
    return Konfiguration.aus_umgebung(umgebung).tsa_url


def anmelde_einstellungen(umgebung: Mapping[str, str] | None = None) -> AnmeldeEinstellungen:
    """Die Einstellungen der Anmeldung (`ZV_LOKALE_ANMELDUNG`, `ZV_GRUPPEN_ZUORDNUNG`, `ZV_LDAP_*`,
    `ZV_OIDC_*`; docs/anmeldung.md), geprüft: ein Fehler ist ein `KonfigurationsFehler`."""
    return AnmeldeEinstellungen.aus_umgebung(os.environ if umgebung is None else umgebung)
