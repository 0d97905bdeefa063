"""Konfiguration aus Umgebungsvariablen mit sicheren Voreinstellungen."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
