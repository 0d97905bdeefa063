"""Orientierungswerte des Landes (DOMAIN.md § 1 Nr. 1) und seine Statusschwellen.

Regeln: Orientierungswerte setzt nur die Rolle `land` für das eigene Land (Admin und Leser
nicht: sie sind keine Vertragspartei). Die Menge je Land und Jahr wird ganz ersetzt. Ein
landesweites `niveau` gibt es nur für Quoten – für LZB (Personen) und LLU (EUR) passte ein
absolutes Niveau nicht zu Trägern verschiedener Größe. Jede Änderung wird protokolliert
(Audit-Aktion 'orientierungswerte').
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur, darf_land_aendern
from ...domain.katalog import PROZENT, zielindikator_definition
from ...domain.texteingabe import texte_bereinigt
from ...domain.ziele import (
    NIVEAU,
    VEREINBARUNGS_INDIKATOREN,
    Feldfehler,
    Zielvorgabe,
    bezeichnung,
    ist_qualitativ,
    normalisiert,
    pruefe_vorgabe,
    pruefe_vorgaben,
)
from ...domain.zielsaetze import kurztext
from ...fehler import FachlicherFehler, KeineBerechtigung
from ...models import Land, LandEinstellung, Orientierungswert
from ..audit.kette import protokolliere
from .schritte import UngueltigeVorgaben


def pruefe_land_akteur(session: Session, land_code: str, akteur: Akteur) -> Land:
    """Das Land, wenn der Akteur Landesbenutzer genau dieses Landes ist; sonst KeineBerechtigung."""
    land = session.get(Land, land_code)
    if land is None:
        raise FachlicherFehler(f"Unbekanntes Land „{land_code}“.")
    if akteur.rolle != vh.LAND or not darf_land_aendern(akteur, land_code):
        raise KeineBerechtigung(f"Nur Landesbenutzer von {land.name} dürfen das.")
    return land


def lade_orientierungswerte(session: Session, land_code: str, jahr: int) -> dict[str, Zielvorgabe]:
    """Die Orientierungswerte des Landes für das Jahr, Zielindikatoren in Vereinbarungsreihenfolge,
    dann qualitative Ziele Q1, Q2, …"""
    zeilen = session.scalars(
        select(Orientierungswert).where(
            col(Orientierungswert.land_code) == land_code, col(Orientierungswert.jahr) == jahr
        )
    )
    werte = {
        o.zielindikator: Zielvorgabe(
            o.zielindikator,
            o.zieltyp,
            o.wert,
            o.untere,
            o.obere,
            o.text,
            o.kommentar,
            o.bezeichnung,
        )
        for o in zeilen
    }

    def rang(code: str) -> tuple[int, int]:
        if ist_qualitativ(code):
            return (1, int(code[1:]))
        return (0, VEREINBARUNGS_INDIKATOREN.index(code))

    return {c: werte[c] for c in sorted(werte, key=rang)}


@texte_bereinigt
def setze_orientierungswerte(
    session: Session,
    land_code: str,
    jahr: int,
    vorgaben: Iterable[Zielvorgabe],
    akteur: Akteur,
    jetzt: datetime,
) -> dict[str, Zielvorgabe]:
    """Ersetzt die Orientierungswerte des Landes für das Jahr (UngueltigeVorgaben bei Fehlern)."""
    land = pruefe_land_akteur(session, land_code, akteur)
    vorgaben = [normalisiert(v) for v in vorgaben]
    fehler = pruefe_vorgaben(vorgaben, vollstaendig=False)
    for v in vorgaben:
        fehler += pruefe_vorgabe(v)
        if (
            v.zieltyp == NIVEAU
            and not ist_qualitativ(v.zielindikator)
            and zielindikator_definition(v.zielindikator).einheit != PROZENT
        ):
            fehler.append(
                Feldfehler(
                    "zieltyp",
                    f"{bezeichnung(v.zielindikator)} – Zieltyp: ein "
                    "landesweites Niveau passt nicht zu Trägern verschiedener "
                    "Größe; bitte Veränderung oder Korridor wählen.",
                )
            )
    if fehler:
        raise UngueltigeVorgaben(
            "Die Orientierungswerte enthalten Fehler; nichts gespeichert.", fehler
        )
    bestand = {
        o.zielindikator: o
        for o in session.scalars(
            select(Orientierungswert).where(
                col(Orientierungswert.land_code) == land_code, col(Orientierungswert.jahr) == jahr
            )
        )
    }
    for code in set(bestand) - {v.zielindikator for v in vorgaben}:
        session.delete(bestand[code])
    for v in vorgaben:
        o = bestand.get(v.zielindikator) or Orientierungswert(
            land_code=land_code,
            jahr=jahr,
            zielindikator=v.zielindikator,
            zieltyp=v.zieltyp,
            geaendert_am=jetzt,
            geaendert_von=akteur.benutzername,
        )
        o.zieltyp, o.wert, o.untere, o.obere = v.zieltyp, v.wert, v.untere, v.obere
        o.text, o.kommentar, o.bezeichnung = v.text, v.kommentar, v.bezeichnung
        o.geaendert_am, o.geaendert_von = jetzt, akteur.benutzername
        session.add(o)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "orientierungswerte",
        "land",
        f"{land_code}/{jahr}",
        {
            "land": land.code,
            "jahr": jahr,
            "werte": {v.zielindikator: f"{v.zieltyp}: {kurztext(v)}" for v in vorgaben},
        },
        jetzt,
    )
    return lade_orientierungswerte(session, land_code, jahr)


def schwellen(session: Session, land_code: str) -> tuple[Decimal, Decimal]:
    """(schwelle_erreicht, schwelle_knapp) des Landes; ohne Einstellung (100, 97)."""
    e = session.get(LandEinstellung, land_code)
    return (e.schwelle_erreicht, e.schwelle_knapp) if e else (Decimal(100), Decimal(97))
