"""Vergleiche in der Verhandlung: zwei Revisionen Seite an Seite, und die Übersicht eines Landes
(alle zkT eines Jahres gegen die Orientierungswerte, in einer festen Zahl Abfragen)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...domain.verhandlung import am_zug_bezeichnung, zustand_bezeichnung
from ...domain.ziele import Zielvorgabe
from ...domain.zielsaetze import Abweichung, abweichung
from ...fehler import NichtGefunden
from ...format import sortierschluessel
from ...models import Orientierungswert, Revision, Traeger, Zielvereinbarung, Zielwert
from ...models.ids import gespeicherte_id
from .lesen import ZielwertAnsicht, lade_vereinbarung, revisions_ansichten

VERGLICHENE_FELDER = ("zieltyp", "wert", "untere", "obere", "text", "kommentar", "bezeichnung")


@dataclass(frozen=True)
class VergleichZeile:
    zielindikator: str
    bezeichnung: str
    a: ZielwertAnsicht | None  # None: in Revision a nicht enthalten
    b: ZielwertAnsicht | None
    geaendert: dict[str, bool] = field(default_factory=dict)  # je Feld aus VERGLICHENE_FELDER

    @property
    def irgendwas_geaendert(self) -> bool:
        return any(self.geaendert.values())


def vergleiche(
    session: Session, vereinbarung_id: int, nummer_a: int, nummer_b: int
) -> list[VergleichZeile]:
    """Zwei Revisionen Seite an Seite: je Zielindikator eine Zeile (Reihenfolge von b, dann nur in
    a Enthaltenes) mit „geändert“ je Feld; ein fehlender Zielwert gilt in allen Feldern als
    geändert."""
    v, _ = lade_vereinbarung(session, vereinbarung_id)
    revs = list(
        session.scalars(
            select(Revision).where(
                col(Revision.vereinbarung_id) == v.id,
                col(Revision.nummer).in_([nummer_a, nummer_b]),
            )
        )
    )
    gefunden = {r.nummer: r for r in revs}
    for n in (nummer_a, nummer_b):
        if n not in gefunden:
            raise NichtGefunden(f"Die Zielvereinbarung {v.id} hat keine Revision {n}.")
    ansichten = {r.nummer: r for r in revisions_ansichten(session, list(gefunden.values()), v.jahr)}
    a = {z.zielindikator: z for z in ansichten[nummer_a].zielwerte}
    b = {z.zielindikator: z for z in ansichten[nummer_b].zielwerte}
    codes = list(b) + [c for c in a if c not in b]
    zeilen = []
    for code in codes:
        za, zb = a.get(code), b.get(code)
        geaendert = {
            f: za is None or zb is None or getattr(za, f) != getattr(zb, f)
            for f in VERGLICHENE_FELDER
        }
        bezeichnung = (zb or a[code]).bezeichnung  # ohne zb stammt code aus a
        zeilen.append(VergleichZeile(code, bezeichnung, za, zb, geaendert))
    return zeilen


@dataclass(frozen=True)
class UebersichtZeile:
    ags: str
    name: str
    vereinbarung_id: int | None
    zustand: str | None
    zustand_bezeichnung: str
    am_zug: str | None
    am_zug_bezeichnung: str
    letzte_aenderung: datetime | None
    letzte_revision: int | None
    letzte_revision_art: str | None
    abweichungen: dict[str, Abweichung]  # je Zielindikator mit Orientierungswert
    anzahl_abweichungen: int


def land_uebersicht(session: Session, land_code: str, jahr: int) -> list[UebersichtZeile]:
    """Jeder zkT des Landes mit Zustand, wer am Zug ist, letzter Änderung und der Abweichung der
    neuesten Werte von den Orientierungswerten. Fünf Abfragen, gleich wie viele Träger.
    Je Träger zählt die neueste Vereinbarung des Jahres (eine Änderungsvereinbarung vor dem
    Original). Berechtigung prüft der Aufrufer (`domain.berechtigung.darf_land_sehen`)."""
    traeger = sorted(
        session.scalars(
            select(Traeger).where(
                col(Traeger.land_code) == land_code, col(Traeger.traegerform) == "zkT"
            )
        ),
        key=lambda t: sortierschluessel(t.name),
    )
    vereinbarungen: dict[str, Zielvereinbarung] = {}
    for zv in session.scalars(
        select(Zielvereinbarung)
        .where(
            col(Zielvereinbarung.ags).in_([t.ags for t in traeger]),
            col(Zielvereinbarung.jahr) == jahr,
        )
        .order_by(col(Zielvereinbarung.id))
    ):
        assert zv.ags is not None  # nach den AGS der Träger ausgewählt
        vereinbarungen[zv.ags] = zv
    neueste = (
        select(col(Revision.vereinbarung_id), func.max(col(Revision.nummer)).label("n"))
        .where(col(Revision.vereinbarung_id).in_([v.id for v in vereinbarungen.values()]))
        .group_by(col(Revision.vereinbarung_id))
        .subquery()
    )
    revs = {
        r.vereinbarung_id: r
        for r in session.scalars(
            select(Revision).join(
                neueste,
                (col(Revision.vereinbarung_id) == neueste.c.vereinbarung_id)
                & (col(Revision.nummer) == neueste.c.n),
            )
        )
    }
    werte: dict[int, list[Zielwert]] = defaultdict(list)
    for z in session.scalars(
        select(Zielwert).where(col(Zielwert.revision_id).in_([r.id for r in revs.values()]))
    ):
        werte[z.revision_id].append(z)
    orientierung = {
        o.zielindikator: Zielvorgabe(o.zielindikator, o.zieltyp, o.wert, o.untere, o.obere, o.text)
        for o in session.scalars(
            select(Orientierungswert).where(
                col(Orientierungswert.land_code) == land_code, col(Orientierungswert.jahr) == jahr
            )
        )
    }
    zeilen = []
    for t in traeger:
        v = vereinbarungen.get(t.ags)
        rev = revs.get(gespeicherte_id(v.id)) if v else None
        abw = {}
        for z in werte[gespeicherte_id(rev.id)] if rev else []:
            if z.zielindikator in orientierung:
                vg = Zielvorgabe(z.zielindikator, z.zieltyp, z.wert, z.untere, z.obere, z.text)
                abw[z.zielindikator] = abweichung(vg, orientierung[z.zielindikator])
        zeilen.append(
            UebersichtZeile(
                t.ags,
                t.name,
                v.id if v else None,
                v.zustand if v else None,
                zustand_bezeichnung(v.zustand if v else None),
                v.am_zug if v else None,
                am_zug_bezeichnung(v.zustand if v else None),
                v.geaendert_am if v else None,
                rev.nummer if rev else None,
                rev.art if rev else None,
                abw,
                sum(1 for a in abw.values() if a.abweichend),
            )
        )
    return zeilen
