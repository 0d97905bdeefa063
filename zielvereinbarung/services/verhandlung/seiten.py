"""Lesende Anwendungsfälle für die Seiten der Verhandlung und Planung: je Seite ein Aufruf, der
die Berechtigung prüft und alles liefert, was die Seite zeigt (Formatierung: `web`).

Berechtigung wie in `verhandlung.lesen`: lesen dürfen Admin, Land und Land-Leser des Landes,
Träger und Träger-Leser des Trägers; Landessichten (Planung, Übersicht) nur Admin, Land und
Land-Leser des Landes. Orientierungswerte ändern und Entwürfe erzeugen darf nur die Rolle `land`
für das eigene Land (`services.verhandlung.orientierungswerte`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.berechtigung import darf_land_aendern, darf_land_sehen, darf_traeger_aendern
from ...domain.verhandlung import LAND, am_zug_bezeichnung, zustand_bezeichnung
from ...domain.ziele import Zielvorgabe
from ...fehler import KeineBerechtigung, NichtGefunden
from ...models import Land, Traeger, Zielvereinbarung
from ...models.ids import gespeicherte_id
from .aenderung import aenderungen_von, geaenderte_ziele
from .geltende_ziele import unterzeichnet_am
from .lesen import (
    Akteur,
    RevisionAnsicht,
    VereinbarungAnsicht,
    pruefe_lesen,
    revisionen,
    vereinbarung_lesen,
)
from .orientierungswerte import lade_orientierungswerte
from .vergleiche import VergleichZeile, vergleiche


@dataclass(frozen=True)
class VereinbarungSeite:
    ansicht: VereinbarungAnsicht
    land_name: str
    revisionen: list[RevisionAnsicht]  # älteste zuerst


def vereinbarung_seite(session: Session, vereinbarung_id: int, akteur: Akteur) -> VereinbarungSeite:
    """Die Vereinbarung (mit den Aktionen des Akteurs), der Name des Landes und alle Revisionen."""
    ansicht = vereinbarung_lesen(session, vereinbarung_id, akteur)
    land = session.get(Land, ansicht.land_code)
    return VereinbarungSeite(
        ansicht, land.name if land else ansicht.land_code, revisionen(session, vereinbarung_id)
    )


@dataclass(frozen=True)
class VergleichSeite:
    seite: VereinbarungSeite
    a: RevisionAnsicht
    b: RevisionAnsicht
    zeilen: list[VergleichZeile]


def vergleich_seite(
    session: Session,
    vereinbarung_id: int,
    nummer_a: int | None,
    nummer_b: int | None,
    akteur: Akteur,
) -> VergleichSeite:
    """Zwei Revisionen Seite an Seite. Ohne Angabe: b = die neueste, a = die davor (bei nur einer
    Revision beide dieselbe). Unbekannte Nummern → NichtGefunden."""
    seite = vereinbarung_seite(session, vereinbarung_id, akteur)
    nummern = [r.nummer for r in seite.revisionen]
    b = nummer_b if nummer_b is not None else nummern[-1]
    a = nummer_a if nummer_a is not None else (nummern[-2] if len(nummern) > 1 else nummern[-1])
    zeilen = vergleiche(session, vereinbarung_id, a, b)
    je_nummer = {r.nummer: r for r in seite.revisionen}
    return VergleichSeite(seite, je_nummer[a], je_nummer[b], zeilen)


@dataclass(frozen=True)
class VereinbarungZeile:
    id: int
    jahr: int
    zustand: str
    zustand_bezeichnung: str
    am_zug: str | None
    am_zug_bezeichnung: str
    geaendert_am: datetime
    aenderung_von_id: int | None


def vereinbarungen_des_traegers(
    session: Session, ags: str, akteur: Akteur
) -> tuple[Traeger, list[VereinbarungZeile]]:
    """Alle Zielvereinbarungen eines Trägers, neuestes Jahr zuerst (Änderungsvereinbarungen nach
    dem Original ihres Jahres)."""
    traeger = session.get(Traeger, ags)
    if traeger is None:
        raise NichtGefunden(f"Den Träger „{ags}“ gibt es nicht.")
    pruefe_lesen(akteur, traeger)
    zeilen = [
        VereinbarungZeile(
            gespeicherte_id(v.id),
            v.jahr,
            v.zustand,
            zustand_bezeichnung(v.zustand),
            v.am_zug,
            am_zug_bezeichnung(v.zustand),
            v.geaendert_am,
            v.aenderung_von_id,
        )
        for v in session.scalars(
            select(Zielvereinbarung)
            .where(col(Zielvereinbarung.ags) == ags)
            .order_by(col(Zielvereinbarung.jahr).desc(), col(Zielvereinbarung.id))
        )
    ]
    return traeger, zeilen


@dataclass(frozen=True)
class PlanungSeite:
    land: Land
    jahr: int
    orientierungswerte: dict[str, Zielvorgabe]
    darf_aendern: bool  # Orientierungswerte setzen und Entwürfe erzeugen
    anzahl_zkt: int
    anzahl_vereinbarungen: int  # zkT mit einer Zielvereinbarung für das Jahr


def planung_seite(session: Session, land_code: str, jahr: int, akteur: Akteur) -> PlanungSeite:
    """Orientierungswerte des Landes für das Jahr und wie viele zkT schon eine Vereinbarung
    haben."""
    land = session.get(Land, land_code)
    if land is None:
        raise NichtGefunden(f"Das Land „{land_code}“ gibt es nicht.")
    if not darf_land_sehen(akteur, land.code):
        raise KeineBerechtigung(f"Sie dürfen die Planung von {land.name} nicht sehen.")
    zkt = select(col(Traeger.ags)).where(
        col(Traeger.land_code) == land.code, col(Traeger.traegerform) == "zkT"
    )
    anzahl_zkt: int = session.execute(select(func.count()).select_from(zkt.subquery())).scalar_one()
    anzahl: int = session.execute(
        select(func.count(func.distinct(col(Zielvereinbarung.ags)))).where(
            col(Zielvereinbarung.ags).in_(zkt), col(Zielvereinbarung.jahr) == jahr
        )
    ).scalar_one()
    return PlanungSeite(
        land,
        jahr,
        lade_orientierungswerte(session, land.code, jahr),
        akteur.rolle == LAND and darf_land_aendern(akteur, land.code),
        anzahl_zkt,
        anzahl,
    )


def laender_mit_zkt(session: Session) -> list[tuple[str, str, int]]:
    """(Kürzel, Name, Zahl der zkT) der Länder mit zugelassenen kommunalen Trägern, nach Namen."""
    return [
        (code, name, anzahl)
        for code, name, anzahl in session.execute(
            select(col(Land.code), col(Land.name), func.count(col(Traeger.ags)))
            .join(Traeger, col(Traeger.land_code) == col(Land.code))
            .where(col(Traeger.traegerform) == "zkT")
            .group_by(col(Land.code), col(Land.name))
            .order_by(col(Land.name))
        ).tuples()
    ]


# -------------------------------------------------- Änderungsvereinbarungen (DOMAIN.md § 8)


@dataclass(frozen=True)
class AenderungEintrag:
    vereinbarung_id: int
    nummer: int
    zustand: str  # Bezeichnung
    unterzeichnet_am: datetime | None


@dataclass(frozen=True)
class AenderungsTeil:
    """Was die Seite einer Vereinbarung über Änderungen zeigt."""

    aenderungen: tuple[AenderungEintrag, ...]  # des Originals (auf der Seite des Originals)
    darf_anlegen: bool  # Land, Original unterzeichnet, keine offene Änderung
    darf_anregen: bool  # Träger, Original unterzeichnet, keine offene Änderung
    # auf der Seite einer Änderung: (Bezeichnung, bisher, neu) der geänderten Ziele
    geaendert: tuple[tuple[str, str, str], ...] = ()


def aenderungs_teil(session: Session, a: VereinbarungAnsicht, akteur: Akteur) -> AenderungsTeil:
    """Änderungen einer Vereinbarung für ihre Seite (Berechtigung prüfte `vereinbarung_lesen`)."""
    v = session.get(Zielvereinbarung, a.id)
    if v is None:
        raise NichtGefunden(f"Die Zielvereinbarung {a.id} gibt es nicht.")
    if v.ags is None:  # BMAS ↔ Land: (noch) keine Änderungsvereinbarungen
        return AenderungsTeil((), False, False)
    if v.aenderung_von_id is not None:
        geaendert = tuple(
            (
                x.ziel.bezeichnung,
                x.alt.kurztext if x.alt else "– (neu)",
                x.neu.kurztext if x.neu else "entfällt",
            )
            for x in geaenderte_ziele(session, v, a.aktuelle_revision)
        )
        return AenderungsTeil((), False, False, geaendert)
    liste = aenderungen_von(session, a.id)
    zeiten = unterzeichnet_am(
        session, [gespeicherte_id(x.id) for x in liste if x.zustand == vh.UNTERZEICHNET]
    )
    offen = any(x.zustand != vh.UNTERZEICHNET for x in liste)
    moeglich = v.zustand == vh.UNTERZEICHNET and not offen
    partei = akteur.rolle in vh.PARTEIEN and darf_traeger_aendern(akteur, v.ags, a.land_code)
    return AenderungsTeil(
        tuple(
            AenderungEintrag(
                gespeicherte_id(x.id),
                x.aenderung_nr or 0,
                vh.zustand_bezeichnung(x.zustand),
                zeiten.get(gespeicherte_id(x.id)),
            )
            for x in liste
        ),  # fmt: skip
        moeglich and partei and akteur.rolle == vh.LAND,
        moeglich and partei and akteur.rolle == vh.TRAEGER,
    )
