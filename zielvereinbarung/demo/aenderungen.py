"""Demo: Änderungsvereinbarungen im laufenden Jahr (DOMAIN.md § 8). Für zwei unterzeichnete
Zielvereinbarungen des Demo-Landes (die Träger mit Demokonto, `DEMO_TRAEGER`):

- der erste bekommt die Änderungsvereinbarung Nr. 1 – der Arbeitsmarkt hat sich eingetrübt, das
  IQ-Ziel sinkt um zwei Prozentpunkte der Veränderung –, verhandelt, als Dokument ausgestellt und
  von beiden Seiten über den Signaturdienst unterzeichnet: Nachhaltung, Cockpit und Berichte
  zeigen das geänderte Ziel mit „geändert durch Änderungsvereinbarung Nr. 1 vom …“;
- der zweite hat eine Änderungsvereinbarung in Verhandlung: das Land hat sie angelegt, der Träger
  ein Angebot (LZB-Ziel um einen Prozentpunkt weniger ehrgeizig) eingereicht; das Land kann sie
  im Browser annehmen oder einen Gegenvorschlag senden.
Über die echten Services, wiederholbar (vorhandene Änderungen bleiben). Flush, nie Commit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ..domain import verhandlung as vh
from ..domain.berechtigung import LAND, TRAEGER, Akteur
from ..domain.ziele import Zielvorgabe
from ..models import Zielvereinbarung
from ..services.dokumente.einstellungen import DokumentEinstellungen
from ..services.verhandlung.aenderung import aenderungen_von, lege_aenderung_an
from ..services.verhandlung.lesen import revisionen
from ..services.verhandlung.schritte import reiche_angebot_ein
from .unterzeichnung import bringe_in_zustand
from .verhandlung import DEMO_LAND, DEMO_TRAEGER


@dataclass(frozen=True)
class DemoAenderungen:
    jahr: int
    zustaende: dict[str, str]  # ags → Zustand der Änderungsvereinbarung Nr. 1


def _verschoben(vorgaben: list[Zielvorgabe], code: str, um: Decimal) -> list[Zielvorgabe]:
    return [
        replace(x, wert=max(min(x.wert + um, Decimal(50)), Decimal(-50)), kommentar=None)
        if x.zielindikator == code and x.zieltyp == "veraenderung" and x.wert is not None
        else replace(x, kommentar=None)
        for x in vorgaben
    ]


def lade_demo_aenderungen(
    session: Session,
    einst: DokumentEinstellungen,
    jahr: int,
    jetzt: datetime,
    unterschriften: bool = True,
    land_code: str = DEMO_LAND,
) -> DemoAenderungen:
    """Die beiden Änderungsvereinbarungen des Modulkopfs (sofern die Originale unterzeichnet
    sind); `unterschriften=False`: ohne Demo-PKI nur bis zur Einigung."""
    land = Akteur(f"land-{land_code.lower()}", LAND, land_code=land_code)
    plan = (
        (DEMO_TRAEGER[0], "IQ", Decimal(-2), vh.UNTERZEICHNET,
         "Der regionale Arbeitsmarkt hat sich eingetrübt (Demo)."),
        (DEMO_TRAEGER[1], "LZB", Decimal(1), vh.ANGEBOT,
         "Zuzug von Geflüchteten erhöht den Bestand (Demo)."),
    )  # fmt: skip
    zustaende = {}
    for i, (ags, code, um, ziel, anlass) in enumerate(plan):
        original = session.execute(
            select(Zielvereinbarung).where(
                Zielvereinbarung.ags == ags, Zielvereinbarung.jahr == jahr,
                Zielvereinbarung.aenderung_von_id.is_(None))
        ).scalar()  # fmt: skip
        if (
            original is None
            or original.zustand != vh.UNTERZEICHNET
            and not aenderungen_von(session, original.id)
        ):
            continue
        traeger = Akteur(f"traeger-{ags}", TRAEGER, traeger_ags=ags)
        zeit = jetzt + timedelta(minutes=10 + i)
        vorhanden = aenderungen_von(session, original.id)
        if vorhanden:
            a = vorhanden[0]
        else:
            a = session.get(
                Zielvereinbarung,
                lege_aenderung_an(session, original.id, land, zeit, anlass).vereinbarung_id,
            )
            entwurf = revisionen(session, a.id)[-1]
            reiche_angebot_ein(session, a.id, entwurf.nummer,
                               _verschoben(entwurf.vorgaben(), code, um), anlass, traeger,
                               zeit + timedelta(seconds=1))  # fmt: skip
            session.expire(a)
        if ziel == vh.UNTERZEICHNET:
            bringe_in_zustand(session, einst, a.id, vh.UNTERZEICHNET, land, traeger,
                              zeit + timedelta(seconds=2), unterschriften)  # fmt: skip
            session.expire(a)
        zustaende[ags] = a.zustand
    return DemoAenderungen(jahr, zustaende)
