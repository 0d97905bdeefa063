"""Wer sieht welchen Ring in welchem Jahr (Regeln: `domain.berechtigung.ring_sicht`).

Ein Ring, den jemand in keinem Jahr sehen darf, gibt es für ihn nicht (`NichtGefunden`, im Web
404) – sein Name verrät nichts. Mitglieder und Länder sehen Werte nur bis zum freigegebenen Monat;
die Koordination sieht alles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain.basiszahlen import monat_index
from ...domain.berechtigung import (
    RING_KOORDINATION,
    RING_MITGLIED,
    Akteur,
    darf_ring_verwalten,
    ring_sicht,
)
from ...fehler import KeineBerechtigung, NichtGefunden
from ...models import Traeger
from ...models.ids import gespeicherte_id
from ...models.ring import Ring, RingMitglied


@dataclass(frozen=True)
class Sicht:
    ring_id: int
    stufe: str  # RING_KOORDINATION, RING_MITGLIED oder RING_LAND
    jahre: tuple[int, ...]  # Jahre, die der Benutzer sehen darf
    eigener: str | None  # AGS des eigenen Trägers (hervorgehoben)
    freigegeben_bis: int | None  # Monatsindex; None: nichts freigegeben
    verwalten: bool

    def sichtbare_monate(self, monate: Iterable[int]) -> list[int]:
        """Die Monate aus `monate` (z. B. `RingDaten.monate_mit_daten()`), die der Benutzer sehen
        darf – für Ringseiten und API."""
        return [m for m in monate if self.monat_sichtbar(m)]

    def monat_sichtbar(self, monat: int) -> bool:
        if monat // 12 not in self.jahre:
            return False
        if self.stufe == RING_KOORDINATION:
            return True
        return self.freigegeben_bis is not None and monat <= self.freigegeben_bis


def _mitglieder_mit_land(session: Session, ring_id: int) -> dict[int, list[tuple[str, str]]]:
    je_jahr: dict[int, list[tuple[str, str]]] = {}
    for jahr, ags, land in session.execute(
        select(col(RingMitglied.jahr), col(RingMitglied.ags), col(Traeger.land_code))
        .join(Traeger, col(Traeger.ags) == col(RingMitglied.ags))
        .where(col(RingMitglied.ring_id) == ring_id)
    ).tuples():
        je_jahr.setdefault(jahr, []).append((ags, land))
    return je_jahr


def sicht_auf(session: Session, akteur: Akteur | None, ring: Ring) -> Sicht | None:
    """Die Sicht des Benutzers auf den Ring (über alle Jahre), None wenn unsichtbar."""
    ring_id = gespeicherte_id(ring.id)
    stufen: dict[int, str] = {}
    for jahr, mitglieder in _mitglieder_mit_land(session, ring_id).items():
        stufe = ring_sicht(akteur, ring_id, mitglieder, ring.laender_sehen)
        if stufe is not None:
            stufen[jahr] = stufe
    verwalten = darf_ring_verwalten(akteur, ring_id)
    if not stufen and not verwalten:
        return None
    stufe = RING_KOORDINATION if verwalten else next(iter(stufen.values()))
    eigener = akteur.traeger_ags if akteur is not None and stufe == RING_MITGLIED else None
    freigabe = monat_index(ring.freigegeben_bis) if ring.freigegeben_bis else None
    return Sicht(ring_id, stufe, tuple(sorted(stufen)), eigener, freigabe, verwalten)


def sichtbarer_ring(session: Session, akteur: Akteur | None, ring_id: int) -> tuple[Ring, Sicht]:
    """Ring und Sicht; `NichtGefunden`, wenn es ihn nicht gibt oder er unsichtbar ist."""
    ring = session.get(Ring, ring_id)
    sicht = sicht_auf(session, akteur, ring) if ring is not None else None
    if ring is None or sicht is None:
        raise NichtGefunden(
            "Diesen Vergleichsring gibt es nicht (oder Sie dürfen ihn nicht sehen)."
        )
    return ring, sicht


def verwaltbarer_ring(session: Session, akteur: Akteur | None, ring_id: int) -> Ring:
    """Ring für Verwaltungsaktionen: unsichtbar → `NichtGefunden`, nur sichtbar → 403."""
    ring, sicht = sichtbarer_ring(session, akteur, ring_id)
    if not sicht.verwalten:
        raise KeineBerechtigung("Nur die Koordination des Rings darf ihn verwalten.")
    return ring


def sichtbare_ringe(session: Session, akteur: Akteur | None) -> list[tuple[Ring, Sicht]]:
    ringe = session.scalars(select(Ring).order_by(Ring.name))
    return [(r, s) for r in ringe if (s := sicht_auf(session, akteur, r)) is not None]
