"""Die geltenden Ziele einer Zielvereinbarung zu einem Zeitpunkt (DOMAIN.md § 8) – die eine
Stelle, an der Nachhaltung, Cockpit, Berichte, Jahresabschluss, Dialoge, Dokumente und die
Kommandozeile erfahren, welche Ziele gelten.

- Grundlage sind die Zielwerte der vereinbarten Revision des Originals (unterzeichnet oder
  abgeschlossen). Darüber liegen, nach Nummer, die Änderungsvereinbarungen, die zum
  `zeitpunkt` unterzeichnet waren (None: heute alle unterzeichneten), jede nur mit den Zielen,
  die sie gegenüber den zuvor geltenden ändert (`domain.aenderung`). Eine Änderung in
  Verhandlung ändert nichts.
- Jedes geänderte Ziel nennt seine Änderung: „geändert durch Änderungsvereinbarung Nr. 1 vom
  12.06.2026“ (Datum der Gegenzeichnung).
- `bis_nummer`: nur Änderungen bis zu dieser Nummer (der Ausgangsstand einer Änderung).
Höchstens vier Abfragen für beliebig viele Vereinbarungen (ohne Änderungen zwei); nur lesend.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain import aenderung as ae
from ...domain import verhandlung as vh
from ...fehler import NichtGefunden
from ...format import datum
from ...models import Zielvereinbarung, Zielwert, Zustandswechsel
from ...models.ids import gespeicherte_id

GUELTIG = (vh.UNTERZEICHNET, vh.ABGESCHLOSSEN)


@dataclass(frozen=True)
class Aenderungsbezug:
    vereinbarung_id: int
    nummer: int
    unterzeichnet_am: datetime

    @property
    def text(self) -> str:
        """„Änderungsvereinbarung Nr. 1 vom 12.06.2026“."""
        return ae.bezeichnung(self.nummer, datum(self.unterzeichnet_am))

    @property
    def geaendert_durch(self) -> str:
        return ae.geaendert_durch(self.nummer, datum(self.unterzeichnet_am))


@dataclass(frozen=True)
class GeltendeZiele:
    vereinbarung_id: int
    ziele: tuple[Zielwert, ...]  # in der Reihenfolge des Originals, neue am Ende
    geaendert: dict[str, Aenderungsbezug]  # Zielindikator → letzte Änderung, die ihn änderte
    aenderungen: tuple[Aenderungsbezug, ...]  # berücksichtigte Änderungen, nach Nummer

    def hinweis(self, code: str) -> str | None:
        bezug = self.geaendert.get(code)
        return bezug.geaendert_durch if bezug else None


class _Schritt(NamedTuple):
    """Eine unterzeichnete Änderung eines Originals mit ihrer vereinbarten Revision."""

    id: int
    original_id: int
    nummer: int
    revision_id: int


def _zielwerte(session: Session, revisionen: list[int]) -> dict[int, list[Zielwert]]:
    werte: dict[int, list[Zielwert]] = defaultdict(list)
    if revisionen:
        for z in session.scalars(
            select(Zielwert)
            .where(col(Zielwert.revision_id).in_(revisionen))
            .order_by(col(Zielwert.revision_id), col(Zielwert.reihenfolge))
        ):
            werte[z.revision_id].append(z)
    return werte


def unterzeichnet_am(session: Session, ids: list[int]) -> dict[int, datetime]:
    """Vereinbarung → Zeitpunkt der Gegenzeichnung (Wechsel nach `unterzeichnet`)."""
    if not ids:
        return {}
    zeiten: dict[int, datetime] = {}
    for vid, zeit in session.execute(
        select(col(Zustandswechsel.vereinbarung_id), col(Zustandswechsel.zeitpunkt))
        .where(
            col(Zustandswechsel.vereinbarung_id).in_(ids),
            col(Zustandswechsel.nach) == vh.UNTERZEICHNET,
        )
        .order_by(col(Zustandswechsel.id))
    ).tuples():
        zeiten.setdefault(vid, zeit)
    return zeiten


def _vor_oder_gleich(a: datetime, b: datetime) -> bool:
    if (a.tzinfo is None) != (b.tzinfo is None):  # SQLite liefert ohne Zeitzone (UTC)
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a <= b


def geltende_ziele(
    session: Session,
    originale: list[Zielvereinbarung],
    zeitpunkt: datetime | None = None,
    bis_nummer: int | None = None,
) -> dict[int, GeltendeZiele]:
    """Je unterzeichnetem Original (id) die geltenden Ziele (Regeln im Modulkopf); Originale
    ohne vereinbarte Revision oder nicht in `unterzeichnet`/`abgeschlossen` fehlen."""
    ids = [
        gespeicherte_id(v.id)
        for v in originale
        if v.aenderung_von_id is None and v.zustand in GUELTIG
    ]
    if not ids:
        return {}
    aenderungen = list(
        session.scalars(
            select(Zielvereinbarung).where(col(Zielvereinbarung.aenderung_von_id).in_(ids))
        )
    )
    return geltende_ziele_aus(session, [*originale, *aenderungen], zeitpunkt, bis_nummer)


def geltende_ziele_aus(
    session: Session,
    vereinbarungen: list[Zielvereinbarung],
    zeitpunkt: datetime | None = None,
    bis_nummer: int | None = None,
) -> dict[int, GeltendeZiele]:
    """Wie `geltende_ziele`, wenn der Aufrufer die Änderungen schon geladen hat (z. B. alle
    Vereinbarungen der Träger eines Jahres: Änderungen haben Träger und Jahr des Originals)."""
    basis = [  # (Original, vereinbarte Revision)
        (gespeicherte_id(v.id), v.vereinbarte_revision_id)
        for v in vereinbarungen
        if v.aenderung_von_id is None
        and v.zustand in GUELTIG
        and v.vereinbarte_revision_id is not None
    ]
    ids = {vid for vid, _ in basis}
    aenderungen = sorted(
        (
            _Schritt(
                gespeicherte_id(a.id),
                a.aenderung_von_id,
                a.aenderung_nr or 0,
                a.vereinbarte_revision_id,
            )
            for a in vereinbarungen
            if a.aenderung_von_id in ids
            and a.zustand in GUELTIG
            and a.vereinbarte_revision_id is not None
        ),
        key=lambda a: (a.nummer, a.id),
    )
    zeiten = unterzeichnet_am(session, [a.id for a in aenderungen])
    aenderungen = [
        a
        for a in aenderungen
        if a.id in zeiten
        and (zeitpunkt is None or _vor_oder_gleich(zeiten[a.id], zeitpunkt))
        and (bis_nummer is None or a.nummer <= bis_nummer)
    ]
    werte = _zielwerte(
        session,
        [rev for _, rev in basis] + [a.revision_id for a in aenderungen],
    )
    je_original: dict[int, list[_Schritt]] = defaultdict(list)
    for a in aenderungen:
        je_original[a.original_id].append(a)
    ergebnis: dict[int, GeltendeZiele] = {}
    for vid, rev in basis:
        geltend = {z.zielindikator: z for z in werte[rev]}
        geaendert: dict[str, Aenderungsbezug] = {}
        bezuege = []
        for a in je_original[vid]:
            bezug = Aenderungsbezug(a.id, a.nummer, zeiten[a.id])
            schritte = ae.geaenderte(geltend.values(), werte[a.revision_id])
            geltend = ae.ueberlagere(geltend, schritte)
            for s in schritte:
                if s.neu is None:
                    geaendert.pop(s.zielindikator, None)
                else:
                    geaendert[s.zielindikator] = bezug
            bezuege.append(bezug)
        ergebnis[vid] = GeltendeZiele(
            vid,
            tuple(geltend.values()),
            geaendert,
            tuple(bezuege),
        )
    return ergebnis


def geltende_ziele_von(
    session: Session,
    original: Zielvereinbarung,
    zeitpunkt: datetime | None = None,
    bis_nummer: int | None = None,
) -> GeltendeZiele | None:
    """Die geltenden Ziele eines Originals (None: nicht unterzeichnet)."""
    return geltende_ziele(session, [original], zeitpunkt, bis_nummer).get(
        gespeicherte_id(original.id)
    )


def original_von(session: Session, aenderung: Zielvereinbarung) -> Zielvereinbarung:
    """Die ursprüngliche Zielvereinbarung einer Änderungsvereinbarung."""
    original = (
        None
        if aenderung.aenderung_von_id is None
        else session.get(Zielvereinbarung, aenderung.aenderung_von_id)
    )
    if original is None:
        raise NichtGefunden(
            f"Zur Zielvereinbarung {aenderung.id} gibt es keine ursprüngliche Zielvereinbarung."
        )
    return original


def geltende_ziele_vor(session: Session, aenderung: Zielvereinbarung) -> GeltendeZiele | None:
    """Die Ziele, die vor der Änderung `aenderung` galten: das Original mit den Änderungen
    kleinerer Nummer (None: Original nicht unterzeichnet)."""
    return geltende_ziele_von(
        session, original_von(session, aenderung), bis_nummer=(aenderung.aenderung_nr or 1) - 1
    )
