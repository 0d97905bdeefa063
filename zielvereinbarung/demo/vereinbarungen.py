"""Unterzeichnete Zielvereinbarungen für Tests und Benchmark der Nachhaltung – über die echten
Verhandlungsschritte: Orientierungswerte (falls keine), Entwürfe, Angebot des Trägers mit den
Werten des Entwurfs, Annahme durch das Land, „unterzeichnen“ (Träger) und „gegenzeichnen“
(Land) als Zustandswechsel (ohne PDF-Dokument). Flush, nie Commit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from ..domain.berechtigung import Akteur
from ..domain.ziele import Zielvorgabe
from ..services.verhandlung.lesen import lade_vereinbarung, letzte_revision
from ..services.verhandlung.orientierungswerte import (
    lade_orientierungswerte,
    setze_orientierungswerte,
)
from ..services.verhandlung.planung import erzeuge_entwuerfe
from ..services.verhandlung.schritte import nimm_an, reiche_angebot_ein
from ..services.verhandlung.zustaende import wechsle_zustand

STANDARD_ORIENTIERUNG = (
    Zielvorgabe("IQ", "veraenderung", Decimal("2.5")),
    Zielvorgabe("LZB", "veraenderung", Decimal(-2)),
    Zielvorgabe("IQ_LZB", "korridor", untere=Decimal(1), obere=Decimal(4)),
)


def unterzeichne(
    session: Session,
    vereinbarung_id: int,
    jetzt: datetime,
    vorgaben: list[Zielvorgabe] | None = None,
) -> None:
    """Eine Vereinbarung im Entwurf bis `unterzeichnet` führen; `vorgaben` ersetzen die Werte
    des Entwurfs (gleiche Zielindikatoren), sonst wird der Entwurf angeboten."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    land = Akteur(f"land-{traeger.land_code.lower()}", "land", land_code=traeger.land_code)
    partei = Akteur(f"traeger-{traeger.ags}", "traeger", traeger_ags=traeger.ags)
    entwurf = letzte_revision(session, v)
    angebot = vorgaben or [replace(x, kommentar=None) for x in entwurf.vorgaben()]
    schritt = iter(range(1, 100))

    def t() -> datetime:
        return jetzt + timedelta(seconds=next(schritt))

    reiche_angebot_ein(session, v.id, entwurf.nummer, angebot, None, partei, t())
    nimm_an(session, v.id, entwurf.nummer + 1, land, t())
    wechsle_zustand(session, v.id, "unterzeichnen", partei, t())
    wechsle_zustand(session, v.id, "gegenzeichnen", land, t())


def unterzeichne_land(
    session: Session,
    land_code: str,
    jahr: int,
    jetzt: datetime,
    orientierung: tuple[Zielvorgabe, ...] = STANDARD_ORIENTIERUNG,
) -> list[tuple[str, int]]:
    """Entwürfe für alle zkT des Landes und ihre Unterzeichnung; (ags, vereinbarung_id)."""
    land = Akteur(f"land-{land_code.lower()}", "land", land_code=land_code)
    if not lade_orientierungswerte(session, land_code, jahr):
        setze_orientierungswerte(session, land_code, jahr, list(orientierung), land, jetzt)
    erzeugt = erzeuge_entwuerfe(session, land_code, jahr, land, jetzt).erzeugt
    for _, vid in erzeugt:
        unterzeichne(session, vid, jetzt)
    return erzeugt
