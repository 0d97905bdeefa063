"""Was die Testserver (slapd, oidc-provider) und ihre Tests gemeinsam brauchen."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def beende(prozess: subprocess.Popen, verzeichnis: Path) -> None:
    """Prozess beenden (erst freundlich, nach 10 s hart) und sein Arbeitsverzeichnis löschen."""
    if prozess.poll() is None:
        prozess.terminate()
        try:
            prozess.wait(timeout=10)
        except subprocess.TimeoutExpired:
            prozess.kill()
            prozess.wait()
    shutil.rmtree(verzeichnis, ignore_errors=True)


def anwendung(db_url: str, instanz: Path, einstellungen, **weitere):
    """Die Anwendung (Testbetrieb) mit diesen Anmelde-Einstellungen."""
    from zielvereinbarung.web import create_app

    return create_app(
        {
            "DATABASE_URL": db_url,
            "TESTING": True,
            "INSTANCE_PFAD": str(instanz),
            "ANMELDUNG": einstellungen,
            **weitere,
        }
    )
