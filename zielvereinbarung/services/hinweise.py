"""Hinweise in der Anwendung: dieselben Benachrichtigungen wie per E-Mail, aber als Liste mit
gelesen/ungelesen auf der Seite „Hinweise“ und als Zahl im Kopf jeder Seite.

Regeln:
- Ein Hinweis entsteht in derselben Transaktion wie der Anlass (Schritt der Verhandlung,
  Erinnerung, neuer Bericht, Zeitplan des Landes) – rollt der Anlass zurück, gibt es auch keinen
  Hinweis; die E-Mail dagegen geht erst nach dem Commit hinaus.
- Empfänger sind alle aktiven Konten des Empfängerkreises, auch ohne E-Mail-Adresse.
- Lesen und als gelesen markieren darf nur der Empfänger selbst; ein fremder oder unbekannter
  Hinweis ist `NichtGefunden` (man erfährt nicht, ob es ihn gibt).
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from ..fehler import NichtGefunden
from ..models import Hinweis

GRENZE = 200  # so viele Hinweise zeigt die Liste höchstens


@dataclass(frozen=True)
class Inhalt:
    art: str
    titel: str
    text: str
    pfad: str | None = None


def hinterlege(
    session: Session, benutzer_ids: Iterable[int], inhalt: Inhalt, jetzt: datetime
) -> int:
    """Je Benutzer ein ungelesener Hinweis; die Zahl der angelegten."""
    ids = sorted(set(benutzer_ids))
    for benutzer_id in ids:
        session.add(
            Hinweis(
                benutzer_id=benutzer_id,
                art=inhalt.art[:20],
                titel=inhalt.titel[:200],
                text=inhalt.text,
                pfad=(inhalt.pfad or None) and inhalt.pfad[:300],
                erstellt_am=jetzt,
            )
        )
    if ids:
        session.flush()
    return len(ids)


def ungelesen(session: Session, benutzer_id: int) -> int:
    return session.execute(
        select(func.count())
        .select_from(Hinweis)
        .where(col(Hinweis.benutzer_id) == benutzer_id, col(Hinweis.gelesen_am).is_(None))
    ).scalar_one()


def liste(session: Session, benutzer_id: int, nur_ungelesene: bool = False) -> list[Hinweis]:
    """Die Hinweise des Benutzers, neueste zuerst (höchstens `GRENZE`)."""
    abfrage = select(Hinweis).where(col(Hinweis.benutzer_id) == benutzer_id)
    if nur_ungelesene:
        abfrage = abfrage.where(col(Hinweis.gelesen_am).is_(None))
    abfrage = abfrage.order_by(col(Hinweis.erstellt_am).desc(), col(Hinweis.id).desc()).limit(
        GRENZE
    )
    return list(session.execute(abfrage).scalars())


def markiere_gelesen(
    session: Session, benutzer_id: int, hinweis_id: int | None, jetzt: datetime
) -> int:
    """Einen eigenen Hinweis (oder mit None alle eigenen) als gelesen markieren; die Zahl der
    geänderten. Ein fremder oder unbekannter Hinweis ist `NichtGefunden`."""
    bedingung = [col(Hinweis.benutzer_id) == benutzer_id, col(Hinweis.gelesen_am).is_(None)]
    if hinweis_id is not None:
        eigener = session.get(Hinweis, hinweis_id)
        if eigener is None or eigener.benutzer_id != benutzer_id:
            raise NichtGefunden("Diesen Hinweis gibt es nicht.")
        bedingung.append(col(Hinweis.id) == hinweis_id)
    geaendert = session.exec(
        update(Hinweis)
        .where(*bedingung)
        .values(gelesen_am=jetzt)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    session.flush()
    return geaendert or 0
