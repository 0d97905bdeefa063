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

from sqlalchemy import select
from sqlmodel import Session

from ...domain import aenderung as ae
from ...domain import verhandlung as vh
from ...format import datum
from ...models import Zielvereinbarung, Zielwert, Zustandswechsel

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


def _zielwerte(session: Session, revisionen: list[int]) -> dict[int, list[Zielwert]]:
    werte: dict[int, list[Zielwert]] = defaultdict(list)
    if revisionen:
        for z in session.execute(
            select(Zielwert)
            .where(Zielwert.revision_id.in_(revisionen))
            .order_by(Zielwert.revision_id, Zielwert.reihenfolge)
        ).scalars():
            werte[z.revision_id].append(z)
    return werte


def unterzeichnet_am(session: Session, ids: list[int]) -> dict[int, datetime]:
    """Vereinbarung → Zeitpunkt der Gegenzeichnung (Wechsel nach `unterzeichnet`)."""
    if not ids:
        return {}
    zeiten: dict[int, datetime] = {}
    for vid, zeit in session.execute(
        select(Zustandswechsel.vereinbarung_id, Zustandswechsel.zeitpunkt)
        .where(
            Zustandswechsel.vereinbarung_id.in_(ids),
            Zustandswechsel.nach == vh.UNTERZEICHNET,
        )
        .order_by(Zustandswechsel.id)
    ):
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
    ids = [v.id for v in originale if v.aenderung_von_id is None and v.zustand in GUELTIG]
    if not ids:
        return {}
    aenderungen = list(
        session.execute(
            select(Zielvereinbarung).where(Zielvereinbarung.aenderung_von_id.in_(ids))
        ).scalars()
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
    basis = [
        v
        for v in vereinbarungen
        if v.aenderung_von_id is None
        and v.zustand in GUELTIG
        and v.vereinbarte_revision_id is not None
    ]
    ids = {v.id for v in basis}
    aenderungen = sorted(
        (
            a
            for a in vereinbarungen
            if a.aenderung_von_id in ids
            and a.zustand in GUELTIG
            and a.vereinbarte_revision_id is not None
        ),
        key=lambda a: (a.aenderung_nr or 0, a.id),
    )
    zeiten = unterzeichnet_am(session, [a.id for a in aenderungen])
    aenderungen = [
        a
        for a in aenderungen
        if a.id in zeiten
        and (zeitpunkt is None or _vor_oder_gleich(zeiten[a.id], zeitpunkt))
        and (bis_nummer is None or (a.aenderung_nr or 0) <= bis_nummer)
    ]
    werte = _zielwerte(
        session,
        [v.vereinbarte_revision_id for v in basis + aenderungen],
    )
    je_original: dict[int, list[Zielvereinbarung]] = defaultdict(list)
    for a in aenderungen:
        je_original[a.aenderung_von_id].append(a)
    ergebnis = {}
    for v in basis:
        geltend = {z.zielindikator: z for z in werte[v.vereinbarte_revision_id]}
        geaendert: dict[str, Aenderungsbezug] = {}
        bezuege = []
        for a in je_original[v.id]:
            bezug = Aenderungsbezug(a.id, a.aenderung_nr or 0, zeiten[a.id])
            schritte = ae.geaenderte(geltend.values(), werte[a.vereinbarte_revision_id])
            geltend = ae.ueberlagere(geltend, schritte)
            for s in schritte:
                if s.neu is None:
                    geaendert.pop(s.zielindikator, None)
                else:
                    geaendert[s.zielindikator] = bezug
            bezuege.append(bezug)
        ergebnis[v.id] = GeltendeZiele(
            v.id,
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
    return geltende_ziele(session, [original], zeitpunkt, bis_nummer).get(original.id)
