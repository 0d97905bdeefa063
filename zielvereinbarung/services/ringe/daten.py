"""Die Daten eines Vergleichsrings laden: Definitionen, Mitglieder je Jahr, die geltenden
gesetzlichen Basiszahlen der Mitglieder (`kennzahlen.berechnung.lade_datenbasis`) und die
geltenden Werte der eigenen Basiszahlen (neuester Datenstand, dann späterer Import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain.basiszahlen import monat_index
from ...domain.formel import Formel, lies_formel
from ...domain.kennzahlen import Zeitreihe
from ...domain.ringe import skalen
from ...fehler import NichtGefunden
from ...models import ImportProtokoll, Traeger
from ...models.ids import gespeicherte_id
from ...models.ring import Ring, RingBasiszahl, RingKennzahl, RingMitglied, RingWert
from ..kennzahlen.berechnung import Datenbasis, lade_datenbasis


def lade_ring(session: Session, ring_id: int) -> Ring:
    ring = session.get(Ring, ring_id)
    if ring is None:
        raise NichtGefunden("Diesen Vergleichsring gibt es nicht.")
    return ring


def mitglieder_je_jahr(session: Session, ring_id: int) -> dict[int, list[str]]:
    """Jahr → AGS der Mitglieder (sortiert)."""
    je_jahr: dict[int, list[str]] = {}
    for jahr, ags in session.execute(
        select(col(RingMitglied.jahr), col(RingMitglied.ags))
        .where(col(RingMitglied.ring_id) == ring_id)
        .order_by(col(RingMitglied.jahr), col(RingMitglied.ags))
    ).tuples():
        je_jahr.setdefault(jahr, []).append(ags)
    return je_jahr


def basiszahlen(session: Session, ring_id: int) -> list[RingBasiszahl]:
    abfrage = select(RingBasiszahl).where(col(RingBasiszahl.ring_id) == ring_id)
    return list(session.scalars(abfrage.order_by(RingBasiszahl.code)))


def kennzahlen(session: Session, ring_id: int) -> list[RingKennzahl]:
    """Alle Versionen aller Kennzahlen: nach Kategorie, Code und Version."""
    abfrage = select(RingKennzahl).where(col(RingKennzahl.ring_id) == ring_id)
    reihenfolge = {"basis": 0, "struktur": 1, "qualitaet": 2, "kosten": 3}
    alle = session.scalars(abfrage)
    return sorted(alle, key=lambda k: (reihenfolge.get(k.kategorie, 9), k.code, k.version))


def namensraum(eigene: list[RingBasiszahl]) -> dict[str, int]:
    return skalen({b.code: b.einheit for b in eigene})


@lru_cache(maxsize=512)
def _formel(text: str, namen: tuple[tuple[str, int], ...]) -> Formel:
    return lies_formel(text, dict(namen))


def formel(kennzahl: RingKennzahl, namen: dict[str, int]) -> Formel:
    """Die geprüfte Formel einer gespeicherten Kennzahl (zwischengespeichert)."""
    return _formel(kennzahl.formel, tuple(sorted(namen.items())))


def gilt_im_monat(kennzahl: RingKennzahl, monat: int) -> bool:
    """Eine Version gilt für den Berichtsmonat, wenn sie am Ersten des Monats gilt."""
    stichtag = date(monat // 12, monat % 12 + 1, 1)
    return kennzahl.gueltig_ab <= stichtag and (
        kennzahl.gueltig_bis is None or stichtag <= kennzahl.gueltig_bis
    )


@dataclass
class RingDaten:
    ring: Ring
    basiszahlen: list[RingBasiszahl]
    kennzahlen: list[RingKennzahl]
    mitglieder: dict[int, list[str]]  # Jahr → AGS
    traeger: dict[str, Traeger]
    basis: Datenbasis  # gesetzliche Basiszahlen (gesamt) aller Mitglieder aller Jahre
    zusatz: dict[str, dict[int, dict[str, int | None]]] = field(default_factory=dict)
    zusatz_hinweise: dict[tuple[str, int], list[dict]] = field(default_factory=dict)
    demodaten: bool = False

    @property
    def namen(self) -> dict[str, int]:
        return namensraum(self.basiszahlen)

    def mitglieder_im(self, monat: int) -> list[str]:
        return self.mitglieder.get(monat // 12, [])

    def reihe(self, ags: str) -> Zeitreihe:
        return self.basis.reihen.get(ags, {})

    def zusatzreihe(self, ags: str) -> Zeitreihe:
        return self.zusatz.get(ags, {})

    def hinweise(self, ags: str, monat: int) -> list[dict]:
        """Plausibilitätshinweise der gesetzlichen und der eigenen Basiszahlen eines Monats."""
        return self.basis.hinweise.get((ags, monat), []) + self.zusatz_hinweise.get(
            (ags, monat), []
        )

    def monate_mit_daten(self) -> list[int]:
        """Monate, in denen mindestens ein Mitglied dieses Jahres Daten hat."""
        monate: set[int] = set()
        for jahr, liste in self.mitglieder.items():
            for ags in liste:
                for quelle in (self.reihe(ags), self.zusatzreihe(ags)):
                    monate.update(m for m in quelle if m // 12 == jahr)
        return sorted(monate)


def lade_ringdaten(session: Session, ring_id: int) -> RingDaten:
    """Alles, was Vergleichsseiten, Export, Bericht und CLI eines Rings brauchen."""
    ring = lade_ring(session, ring_id)
    eigene = basiszahlen(session, ring_id)
    mitglieder = mitglieder_je_jahr(session, ring_id)
    alle_ags = sorted({a for liste in mitglieder.values() for a in liste})
    traeger = {
        t.ags: t for t in session.scalars(select(Traeger).where(col(Traeger.ags).in_(alle_ags)))
    }
    daten = RingDaten(
        ring=ring,
        basiszahlen=eigene,
        kennzahlen=kennzahlen(session, ring_id),
        mitglieder=mitglieder,
        traeger=traeger,
        basis=lade_datenbasis(session, alle_ags, "gesamt"),
    )
    _lade_zusatz(session, daten, alle_ags, {gespeicherte_id(b.id): b.code for b in eigene})
    daten.demodaten = daten.basis.demodaten or daten.demodaten
    return daten


def _lade_zusatz(session: Session, daten: RingDaten, ags: list[str], codes: dict[int, str]):
    if not ags or not codes:
        return
    abfrage = (
        select(
            col(RingWert.ags),
            col(RingWert.monat),
            col(RingWert.basiszahl_id),
            col(RingWert.wert),
            col(RingWert.hinweise),
            col(ImportProtokoll.demodaten),
        )
        .join(ImportProtokoll, col(ImportProtokoll.id) == col(RingWert.import_id))
        .where(
            col(RingWert.basiszahl_id).in_(list(codes)),
            col(RingWert.ags).in_(ags),
            col(RingWert.geschlecht) == "gesamt",
        )
        .order_by(col(RingWert.datenstand), col(RingWert.import_id), col(RingWert.id))
    )
    geltend: dict[tuple[str, int, str], tuple[int | None, list]] = {}
    demo = False
    for a, monat, basiszahl_id, wert, hinweise, ist_demo in session.execute(abfrage).tuples():
        # aufsteigend sortiert: die letzte Fassung je Zelle gilt
        geltend[(a, monat_index(monat), codes[basiszahl_id])] = (wert, hinweise or [])
        demo = demo or ist_demo
    for (a, m, code), (wert, hinweise) in geltend.items():
        daten.zusatz.setdefault(a, {}).setdefault(m, {})[code] = wert
        if hinweise:
            daten.zusatz_hinweise.setdefault((a, m), []).extend(hinweise)
    daten.demodaten = demo
