"""Demo: die Fortschrittsberichte der letzten drei Demomonate für das Demo-Land – je Monat die
Landesübersicht und die Berichte der zkT (der Träger mit Zielvereinbarung) – über den echten
Berichtslauf (`jobs.berichtslauf`): planen, rendern, je Bericht festschreiben.

Nach dem Commit der Demodaten aufrufen (der Lauf liest mit eigenen Sitzungen). Wiederholbar:
unveränderte Berichte entstehen nicht neu. Die Monate laufen in zeitlicher Reihenfolge, damit
„neue Datenstände seit dem letzten Bericht“ sich auf den Vormonat bezieht.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from ..db import engine_fuer
from ..domain.basiszahlen import monat_index, monat_text
from ..jobs.berichtslauf import erzeuge_berichte
from ..models import Traeger
from .verhandlung import DEMO_LAND

MONATE = 3


@dataclass(frozen=True)
class DemoBerichte:
    land: str
    von: str
    bis: str
    neu: int
    unveraendert: int


def erzeuge_demo_berichte(
    url: str, bis: str, jetzt: datetime, land_code: str = DEMO_LAND, arbeiter: int = 2
) -> DemoBerichte:
    """Berichte der Monate `bis` − 2 … `bis` (Modulkopf)."""
    with Session(engine_fuer(url)) as session:
        zkt = set(session.execute(
            select(Traeger.ags).where(Traeger.land_code == land_code, Traeger.traegerform == "zkT")
        ).scalars())  # fmt: skip
    monate = [monat_text(i) for i in range(monat_index(bis) - MONATE + 1, monat_index(bis) + 1)]
    neu = unveraendert = 0
    for monat in monate:
        lauf = erzeuge_berichte(url, monat, land_code, None, arbeiter=arbeiter, von="demo",
                                jetzt=jetzt, auswahl=zkt)  # fmt: skip
        neu += len(lauf.neu)
        unveraendert += lauf.unveraendert
    return DemoBerichte(land_code, monate[0], monate[-1], neu, unveraendert)
