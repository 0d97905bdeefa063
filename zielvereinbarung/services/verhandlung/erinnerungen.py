"""Erinnerungen an Vereinbarungen, die länger als N Tage auf eine Partei warten (Regeln in
`domain.erinnerung`). Je (Vereinbarung, Wartebeginn, Stufe) entsteht höchstens eine
`Erinnerung`; ein zweiter Prozess scheitert am UNIQUE-Schlüssel und sendet nichts.
Die Hinweise in der Anwendung entstehen mit der Erinnerung oder gar nicht.
Nur `flush()`; die Nachrichten versendet der Aufrufer nach dem Commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.erinnerung import ERINNERUNGS_ZUSTAENDE, faellige_stufe
from ...mail import Nachricht
from ...models import Erinnerung, Traeger, Zielvereinbarung, Zustandswechsel
from .benachrichtigung import nachrichten_an


def erinnere(session: Session, jetzt: datetime, tage: int) -> list[Nachricht]:
    """Fällige Erinnerungen anlegen (Frist `tage`, `ZV_ERINNERUNG_TAGE`); die Nachrichten an die
    Partei am Zug."""
    letzte = (
        select(col(Zustandswechsel.vereinbarung_id), func.max(col(Zustandswechsel.id)).label("wid"))
        .group_by(col(Zustandswechsel.vereinbarung_id))
        .subquery()
    )
    zeilen = (
        session.execute(
            select(Zielvereinbarung, Traeger, Zustandswechsel)
            .join(Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags))
            .join(letzte, letzte.c.vereinbarung_id == col(Zielvereinbarung.id))
            .join(Zustandswechsel, col(Zustandswechsel.id) == letzte.c.wid)
            .where(col(Zielvereinbarung.zustand).in_(ERINNERUNGS_ZUSTAENDE))
            .order_by(col(Zielvereinbarung.id))
        )
        .tuples()
        .all()
    )
    nachrichten: list[Nachricht] = []
    for v, traeger, wechsel in zeilen:
        stufe = faellige_stufe(v.zustand, wechsel.zeitpunkt, jetzt, tage)
        if stufe == 0 or not v.am_zug:
            continue
        tage_gewartet = (jetzt - wechsel.zeitpunkt).days
        betreff = (
            f"Erinnerung: Zielvereinbarung {v.jahr} {traeger.kurzname} wartet seit "
            f"{tage_gewartet} Tagen"
        )
        text = (
            f"Die Zielvereinbarung {v.jahr} mit {traeger.name} steht seit "
            f"{tage_gewartet} Tagen im Stand „{vh.zustand_bezeichnung(v.zustand)}“. "
            f"Am Zug: {vh.PARTEI_BEZEICHNUNG[v.am_zug]}."
        )
        try:
            with session.begin_nested():  # Hinweise und Erinnerung gemeinsam oder gar nicht
                neue = nachrichten_an(
                    session,
                    v.am_zug,
                    [(traeger, betreff, text, f"/vereinbarungen/{v.id}")],
                    jetzt,
                    "erinnerung",
                )
                session.add(
                    Erinnerung(
                        vereinbarung_id=v.id,
                        wechsel_id=wechsel.id,
                        stufe=stufe,
                        partei=v.am_zug,
                        an=sorted({a for n in neue for a in n.an}),
                        gesendet_am=jetzt,
                    )
                )
        except IntegrityError:
            continue  # diese Stufe ist schon erinnert (auch durch einen anderen Prozess)
        nachrichten.extend(neue)
    return nachrichten
