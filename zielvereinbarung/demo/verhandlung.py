"""Etwas zum Verhandeln für die Demo: Demokonten für Niedersachsen (Land, Leser, die Träger Peine
und Göttingen, Admin, je eine zeichnungsberechtigte Person für Land und Träger),
Orientierungswerte des Landes für das kommende Jahr und die Entwürfe für alle zkT Niedersachsens
– alles über die echten Services und wiederholbar:

- vorhandene Demokonten bleiben unverändert (`lege_demo_benutzer`),
- Orientierungswerte werden nur gesetzt, wenn das Land für das Jahr noch keine hat (was Demo-
  Benutzer geändert haben, bleibt),
- Entwürfe entstehen nur für zkT ohne Vereinbarung (`erzeuge_entwuerfe`).
Flush, nie Commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from ..domain.berechtigung import LAND, Akteur
from ..domain.ziele import Zielvorgabe
from ..services.verhandlung.orientierungswerte import (
    lade_orientierungswerte,
    setze_orientierungswerte,
)
from ..services.verhandlung.planung import erzeuge_entwuerfe
from .konten import DEMO_PASSWORT, DemoZugang, lege_demo_benutzer
from .zeichnung import lege_demo_zeichnende

DEMO_LAND = "NI"
DEMO_TRAEGER = ("03157", "03159")  # Landkreis Peine, Landkreis Göttingen
DEMO_ORIENTIERUNG = (
    Zielvorgabe("LLU", "monitoring"),
    Zielvorgabe("IQ", "veraenderung", Decimal("2.0")),
    Zielvorgabe("IQ_F", "veraenderung", Decimal("2.0")),
    Zielvorgabe("IQ_M", "veraenderung", Decimal("2.0")),
    Zielvorgabe("IQ_AE", "veraenderung", Decimal("1.5")),
    Zielvorgabe("LZB", "veraenderung", Decimal("-2.0")),
    Zielvorgabe("IQ_LZB", "veraenderung", Decimal("1.0")),
)


@dataclass(frozen=True)
class DemoVerhandlung:
    land: str
    jahr: int
    zugaenge: list[DemoZugang]
    passwort: str
    orientierungswerte_gesetzt: bool  # False: waren schon da und blieben unverändert
    entwuerfe_meldung: str
    entwuerfe_neu: int


def lade_demo_verhandlung(session: Session, heute: date, jetzt: datetime) -> DemoVerhandlung:
    """Demokonten, Orientierungswerte für `heute.year + 1` und Entwürfe für alle zkT des Landes."""
    zugaenge = lege_demo_benutzer(session, DEMO_LAND, list(DEMO_TRAEGER), jetzt)
    zugaenge += lege_demo_zeichnende(session, DEMO_LAND, list(DEMO_TRAEGER), jetzt)
    jahr = heute.year + 1
    land = Akteur(f"land-{DEMO_LAND.lower()}", LAND, land_code=DEMO_LAND)
    gesetzt = not lade_orientierungswerte(session, DEMO_LAND, jahr)
    if gesetzt:
        setze_orientierungswerte(session, DEMO_LAND, jahr, DEMO_ORIENTIERUNG, land, jetzt)
    entwuerfe = erzeuge_entwuerfe(session, DEMO_LAND, jahr, land, jetzt)
    return DemoVerhandlung(
        DEMO_LAND, jahr, zugaenge, DEMO_PASSWORT, gesetzt, entwuerfe.meldung, len(entwuerfe.erzeugt)
    )
