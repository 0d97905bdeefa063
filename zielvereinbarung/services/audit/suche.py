"""Ereignisse suchen und blättern (Verwaltungsseite des Audit-Protokolls)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from ...models import AuditEreignis


@dataclass(frozen=True)
class Ereignisfilter:
    akteur: str | None = None
    aktion: str | None = None
    objekt_typ: str | None = None
    objekt_id: str | None = None
    von: date | None = None  # einschließlich (UTC-Tag)
    bis: date | None = None  # einschließlich (UTC-Tag)


@dataclass(frozen=True)
class Ereignisseite:
    ereignisse: list[AuditEreignis]
    gesamt: int
    seite: int
    seiten: int


def suche_ereignisse(
    session: Session, filter_: Ereignisfilter, seite: int = 1, pro_seite: int = 50
) -> Ereignisseite:
    """Ereignisse, neueste zuerst, gefiltert und seitenweise (Seite 1 = neueste)."""
    bedingungen = []
    if filter_.akteur:
        bedingungen.append(AuditEreignis.akteur == filter_.akteur)
    if filter_.aktion:
        bedingungen.append(AuditEreignis.aktion == filter_.aktion)
    if filter_.objekt_typ:
        bedingungen.append(AuditEreignis.objekt_typ == filter_.objekt_typ)
    if filter_.objekt_id:
        bedingungen.append(AuditEreignis.objekt_id == filter_.objekt_id)
    if filter_.von:
        bedingungen.append(AuditEreignis.zeitpunkt >= datetime.combine(filter_.von, time(), UTC))
    if filter_.bis:
        ende = datetime.combine(filter_.bis, time(), UTC) + timedelta(days=1)
        bedingungen.append(AuditEreignis.zeitpunkt < ende)
    gesamt = session.exec(select(func.count()).select_from(AuditEreignis).where(*bedingungen)).one()
    seiten = max(1, -(-gesamt // pro_seite))
    seite = min(max(1, seite), seiten)
    ereignisse = list(
        session.exec(
            select(AuditEreignis)
            .where(*bedingungen)
            .order_by(col(AuditEreignis.id).desc())
            .offset((seite - 1) * pro_seite)
            .limit(pro_seite)
        )
    )
    return Ereignisseite(ereignisse, gesamt, seite, seiten)


def aktionen(session: Session) -> list[str]:
    """Alle vorkommenden Aktionen (für die Filterauswahl)."""
    return list(
        session.exec(select(AuditEreignis.aktion).distinct().order_by(AuditEreignis.aktion))
    )
