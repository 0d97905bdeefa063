"""Gemeinsame Abbildung fachlicher Service-Fehler auf HTTP für alle Blueprints.

- `KeineBerechtigung` → 403, `NichtGefunden` → 404; was der Service bis dahin geschrieben hat,
  wird vorher verworfen.
- `jetzt()`: die Uhr liest nur die Web-Schicht; Services bekommen die Zeit übergeben.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime

from flask import abort

from ..fehler import KeineBerechtigung, NichtGefunden
from .datenbank import verwerfe


def jetzt() -> datetime:
    return datetime.now(UTC)


@contextmanager
def http_fehler():
    """KeineBerechtigung → 403, NichtGefunden → 404 (nach dem Zurückrollen)."""
    try:
        yield
    except KeineBerechtigung:
        verwerfe()
        abort(403)
    except NichtGefunden:
        verwerfe()
        abort(404)
