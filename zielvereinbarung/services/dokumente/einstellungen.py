"""Einstellungen für Dokumente und Signaturen (ohne Flask), aus `config.Konfiguration`:
`ZV_DOKUMENTE_PATH` (Dokumentablage, `<instance>/dokumente/`), `ZV_SCHLUESSEL` (Schlüssel für
PKCS#12 und Passphrasen, Pflicht in Produktion), `ZV_TSA_URL` (Zeitstempeldienst → PAdES B-T,
sonst B-B), `ZV_VERTRAUENSANKER` (Verzeichnis mit PEM-Wurzeln für die Prüfung).

`ZV_SCHLUESSEL` ist ein Fernet-Schlüssel (44 Zeichen Base64) oder ein beliebiges Geheimnis mit
mindestens 32 Zeichen, aus dem per HKDF-SHA256 ein Fernet-Schlüssel abgeleitet wird. Fehlt er
im Produktionsbetrieb, verweigern Dokumentseiten (503) und Kommandos den Dienst mit dieser
Meldung (`KonfigurationsFehler`); in der Entwicklung wird einmalig ein Schlüssel
unter `<instance>/zv_schluessel.key` (Modus 0600) erzeugt und mit einer Warnung benutzt.

Vertraut wird den PEM-Dateien in `ZV_VERTRAUENSANKER` und der Demo-CA unter
`<instance>/pki/` (nur sie legt `flask zv pki demo` an; im Produktionsbetrieb weder angelegt
noch vertraut).
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ...config import Konfiguration
from ...fehler import KonfigurationsFehler

LOG = logging.getLogger(__name__)
SCHLUESSEL_DATEI = "zv_schluessel.key"
MIN_GEHEIMNIS = 32


def fernet_schluessel(geheimnis: str) -> bytes:
    """Ein Fernet-Schlüssel aus `ZV_SCHLUESSEL` (siehe Modulkopf)."""
    geheimnis = geheimnis.strip()
    try:
        roh = base64.urlsafe_b64decode(geheimnis.encode("ascii"))
        if len(geheimnis) == 44 and len(roh) == 32:
            return geheimnis.encode("ascii")
    except (ValueError, UnicodeEncodeError):
        pass
    if len(geheimnis) < MIN_GEHEIMNIS:
        raise KonfigurationsFehler(
            f"ZV_SCHLUESSEL ist zu kurz: bitte einen Fernet-Schlüssel oder mindestens "
            f"{MIN_GEHEIMNIS} zufällige Zeichen angeben."
        )
    abgeleitet = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"zielvereinbarung-zertifikate"
    ).derive(geheimnis.encode("utf-8"))
    return base64.urlsafe_b64encode(abgeleitet)


def _entwicklungsschluessel(instanz: Path) -> bytes:
    pfad = instanz / SCHLUESSEL_DATEI
    if not pfad.exists():
        from cryptography.fernet import Fernet

        instanz.mkdir(parents=True, exist_ok=True)
        fd = os.open(pfad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as datei:
            datei.write(Fernet.generate_key())
    LOG.warning(
        "ZV_SCHLUESSEL ist nicht gesetzt: Entwicklungsschlüssel aus %s (nicht für den "
        "Produktionsbetrieb).",
        pfad,
    )
    return pfad.read_bytes().strip()


@dataclass(frozen=True)
class DokumentEinstellungen:
    ablage: Path  # Verzeichnis der Dokumentablage
    schluessel: bytes  # Fernet-Schlüssel für PKCS#12 und Passphrasen
    tsa_url: str | None = None  # Zeitstempeldienst → PAdES B-T
    vertrauensanker: Path | None = None  # Verzeichnis mit PEM-Wurzeln
    demo_pki: Path | None = None  # Verzeichnis der Demo-CA (Zertifikat als PEM)
    produktion: bool = False

    @classmethod
    def aus_umgebung(
        cls,
        instanz: Path,
        produktion: bool,
        umgebung: Mapping[str, str] | None = None,
        overrides: Mapping[str, object] | None = None,
    ) -> DokumentEinstellungen:
        """Aus den Umgebungsvariablen; `overrides` (z. B. Flask-Konfiguration in Tests) gehen
        vor: DOKUMENTE_PFAD, ZV_SCHLUESSEL, TSA_URL, VERTRAUENSANKER."""
        k = Konfiguration.aus_umgebung(umgebung)
        ov = overrides or {}
        instanz = Path(instanz)
        ablage = ov.get("DOKUMENTE_PFAD") or k.dokumente_pfad or instanz / "dokumente"
        geheimnis = ov.get("ZV_SCHLUESSEL") or k.schluessel
        if geheimnis:
            schluessel = fernet_schluessel(str(geheimnis))
        elif produktion:
            raise KonfigurationsFehler("ZV_SCHLUESSEL muss im Produktionsbetrieb gesetzt sein.")
        else:
            schluessel = _entwicklungsschluessel(instanz)
        anker = ov.get("VERTRAUENSANKER") or k.vertrauensanker
        return cls(
            ablage=_pfad("DOKUMENTE_PFAD", ablage),
            schluessel=schluessel,
            tsa_url=str(ov.get("TSA_URL") or k.tsa_url or "") or None,
            vertrauensanker=_pfad("VERTRAUENSANKER", anker) if anker else None,
            demo_pki=None if produktion else instanz / "pki",
            produktion=produktion,
        )

    @classmethod
    def aus_konfiguration(
        cls, konfiguration: Mapping, instance_path: str | Path
    ) -> DokumentEinstellungen:
        """Aus einer Flask-Konfiguration (ohne Flask zu importieren): `INSTANCE_PFAD` oder der
        Instanzpfad der App, `PRODUKTION`, Overrides wie in `aus_umgebung`."""
        instanz = Path(konfiguration.get("INSTANCE_PFAD") or instance_path)
        return cls.aus_umgebung(
            instanz, bool(konfiguration.get("PRODUKTION")), overrides=konfiguration
        )

    def anker_dateien(self) -> list[Path]:
        """Alle PEM-Dateien, denen bei der Prüfung vertraut wird."""
        dateien: list[Path] = []
        for verzeichnis in (self.vertrauensanker, self.demo_pki):
            if verzeichnis and verzeichnis.is_dir():
                dateien += sorted(p for p in verzeichnis.iterdir() if p.suffix in (".pem", ".crt"))
        return dateien


def _pfad(name: str, wert: object) -> Path:
    """Ein Verzeichnis aus Umgebung oder Overrides (Text oder Pfad)."""
    if isinstance(wert, str | os.PathLike):
        return Path(wert)
    raise KonfigurationsFehler(f"{name} muss ein Pfad sein, nicht {type(wert).__name__}.")


def pruefe_schluessel(konfiguration: Konfiguration) -> None:
    """Startprüfung: im Produktionsbetrieb muss `ZV_SCHLUESSEL` gesetzt und brauchbar sein."""
    if not konfiguration.produktion:
        return
    if not konfiguration.schluessel:
        raise KonfigurationsFehler("ZV_SCHLUESSEL muss im Produktionsbetrieb gesetzt sein.")
    fernet_schluessel(konfiguration.schluessel)
