"""Demo: der Zeitplan des Demo-Landes für das Verhandlungsjahr – Frist für Angebote in zwei
Wochen, Ziel der Einigung in zwei Monaten, Unterzeichnung in vier Monaten (gerechnet ab heute,
innerhalb der erlaubten Spanne), gesetzt über den echten Service (mit Hinweisen an die Träger).
Nur, wenn das Land für das Jahr noch keinen Zeitplan hat. Flush, nie Commit."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from ..domain.berechtigung import LAND, Akteur
from ..models import LandZeitplan
from ..services.verhandlung.zeitplan import setze_zeitplan
from .verhandlung import DEMO_LAND


def setze_demo_zeitplan(
    session: Session, jahr: int, heute: date, jetzt: datetime, land_code: str = DEMO_LAND
) -> bool:
    """True, wenn der Zeitplan neu gesetzt wurde."""
    if session.get(LandZeitplan, (land_code, jahr)) is not None:
        return False
    grenze = date(jahr, 12, 31)
    termine = {
        "frist_angebote": min(heute + timedelta(days=14), grenze),
        "ziel_einigung": min(heute + timedelta(days=60), grenze),
        "unterzeichnung": min(heute + timedelta(days=120), grenze),
    }
    land = Akteur(f"land-{land_code.lower()}", LAND, land_code=land_code)
    return setze_zeitplan(session, land_code, jahr, termine, land, jetzt).geaendert
