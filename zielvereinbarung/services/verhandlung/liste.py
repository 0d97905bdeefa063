"""Alle Vereinbarungen als einfache Datensätze (`flask zv vereinbarungen liste`, README):
Art, Land, Träger, Jahr, Zustand, Bezug, Ziele und Budget.

- `art` folgt aus dem Modell (`domain.aenderung.art`): mit Bezug `aenderung`, ohne Träger
  `bund_land` (BMAS ↔ Land, `ags` null, `land` aus der Vereinbarung), sonst `traeger`.
- `ziele`: einer ursprünglichen Vereinbarung die der vereinbarten Revision (wie unterzeichnet;
  vor der Einigung die der neuesten Revision); einer Änderung nur die Ziele, die sie gegenüber
  den vorher geltenden ändert (DOMAIN.md § 8), mit dem neuen Ziel – ein entfallenes
  qualitatives Ziel mit `"typ": null`.
- Zahlen als Text in exakter Dezimalschreibweise („2.5“, „-1.25“, „30.75“) oder null; das
  Zielniveau ungerundet (Basiswert × (1 + v/100) bzw. das Niveau).
- `budget`: der geltende Budgetrahmen des Trägers im Jahr (DOMAIN.md § 10) als
  {"eingliederung", "verwaltung"} in Euro, exakt als Text („1234567.89“); null ohne Budgetrahmen
  und bei Änderungsvereinbarungen (der Budgetrahmen gehört zur ursprünglichen Vereinbarung).
Nur lesend; die Kommandozeile sieht alles.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...domain import aenderung as ae
from ...domain.ziele import ist_qualitativ
from ...domain.zielindikatoren import zielniveau
from ...models import Revision, Traeger, Zielvereinbarung, Zielwert
from ..budget.rahmen import budget_json, geltende_budgets
from .geltende_ziele import geltende_ziele_vor


def _text(wert: Decimal | None) -> str | None:
    return None if wert is None else format(wert, "f")


def _ziel(z: Zielwert | None) -> dict:
    if z is None:
        return dict.fromkeys(("typ", "wert", "untergrenze", "obergrenze", "zielniveau"))
    niveau = None if ist_qualitativ(z.zielindikator) else zielniveau(z.basiswert, z.zieltyp, z.wert)
    return {
        "typ": z.zieltyp,
        "wert": _text(z.wert),
        "untergrenze": _text(z.untere),
        "obergrenze": _text(z.obere),
        "zielniveau": _text(niveau),
    }


def _revision_id(session: Session, v: Zielvereinbarung) -> int | None:
    if v.vereinbarte_revision_id is not None:
        return v.vereinbarte_revision_id
    return session.scalar(
        select(col(Revision.id))
        .where(col(Revision.vereinbarung_id) == v.id)
        .order_by(col(Revision.nummer).desc())
        .limit(1)
    )


def _zielwerte(session: Session, revision_id: int | None) -> list[Zielwert]:
    if revision_id is None:
        return []
    return list(
        session.scalars(
            select(Zielwert)
            .where(col(Zielwert.revision_id) == revision_id)
            .order_by(col(Zielwert.reihenfolge))
        )
    )


def _ziele(session: Session, v: Zielvereinbarung) -> dict[str, dict]:
    werte = _zielwerte(session, _revision_id(session, v))
    if ae.art(v) != ae.ART_AENDERUNG:
        return {z.zielindikator: _ziel(z) for z in werte}
    vorher = geltende_ziele_vor(session, v)
    return {
        a.zielindikator: _ziel(a.neu) for a in ae.geaenderte(vorher.ziele if vorher else (), werte)
    }


def vereinbarungen_liste(
    session: Session, land: str | None = None, jahr: int | None = None
) -> list[dict]:
    """Ein Datensatz je Vereinbarung (Regeln im Modulkopf), nach Jahr, Land, AGS und Nummer."""
    land_code = func.coalesce(col(Traeger.land_code), col(Zielvereinbarung.land_code))
    abfrage = select(Zielvereinbarung, land_code).outerjoin(
        Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags)
    )
    if land:
        abfrage = abfrage.where(land_code == land.upper())
    if jahr:
        abfrage = abfrage.where(col(Zielvereinbarung.jahr) == jahr)
    abfrage = abfrage.order_by(
        col(Zielvereinbarung.jahr),
        land_code,
        col(Zielvereinbarung.ags).is_not(None),  # die Vereinbarung mit dem BMAS zuerst
        col(Zielvereinbarung.ags),
        col(Zielvereinbarung.id),
    )
    zeilen = list(session.execute(abfrage).tuples())
    budgets = {
        (b.ags, jahr_): b
        for jahr_ in {v.jahr for v, _ in zeilen}
        for b in geltende_budgets(
            session, [v.ags for v, _ in zeilen if v.jahr == jahr_ and v.ags], jahr_
        ).values()
    }
    return [
        {
            "id": v.id,
            "art": ae.art(v),
            "land": land_von,
            "ags": v.ags,
            "jahr": v.jahr,
            "zustand": v.zustand,
            "bezug": v.aenderung_von_id,
            "ziele": _ziele(session, v),
            "budget": budget_json(budgets.get((v.ags, v.jahr)))
            if ae.art(v) == ae.ART_TRAEGER
            else None,
        }
        for v, land_von in zeilen
    ]
