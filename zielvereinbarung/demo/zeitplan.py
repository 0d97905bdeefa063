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
    # Termine ab heute, aber im erlaubten Fenster (1. Juli des Vorjahres bis Jahresende): im
    # ersten Halbjahr beginnt der Zeitplan am 1. Juli
    beginn, grenze = max(heute, date(jahr - 1, 7, 1)), date(jahr, 12, 31)
    termine = {
        "frist_angebote": min(beginn + timedelta(days=14), grenze),
        "ziel_einigung": min(beginn + timedelta(days=60), grenze),
        "unterzeichnung": min(beginn + timedelta(days=120), grenze),
    }
    land = Akteur(f"land-{land_code.lower()}", LAND, land_code=land_code)
    return setze_zeitplan(session, land_code, jahr, termine, land, jetzt).geaendert
