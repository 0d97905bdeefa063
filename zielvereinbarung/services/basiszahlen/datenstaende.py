"""Welche Basiszahlen eines Trägers seit einem Zeitpunkt einen neuen Datenstand bekommen haben,
und was sich dabei geändert hat.

Ein neuer Datenstand ist ein gespeicherter Stand einer schon vorhandenen (ags, monat,
geschlecht)-Zeile, importiert nach `seit`. Je solchem Stand werden die Felder genannt, die sich
gegenüber dem vorherigen Stand geändert haben, z. B.
„2026-03 (gesamt), Datenstand 15.07.2026: integrationen 120 → 125, llu 10.000,00 € → 10.100,00 €“.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from itertools import pairwise

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain.basiszahlen import FELDNAMEN, GELDFELDER
from ...format import LEER, datum, euro, zahl
from ...models import Basiszahl, ImportProtokoll

MAX_EINTRAEGE = 30


def _text(feld: str, wert: int | None) -> str:
    if wert is None:
        return LEER
    return euro(Decimal(wert) / 100) if feld in GELDFELDER else zahl(wert)


def neue_datenstaende_seit(session: Session, ags: str, seit: datetime) -> list[str]:
    """Die seit `seit` importierten neuen Datenstände des Trägers `ags`, neueste Monate zuerst."""
    neu = list(
        session.execute(
            select(col(Basiszahl.monat), col(Basiszahl.geschlecht))
            .join(ImportProtokoll, col(ImportProtokoll.id) == col(Basiszahl.import_id))
            .where(col(Basiszahl.ags) == ags, col(ImportProtokoll.zeitpunkt) > seit)
            .distinct()
        ).tuples()
    )
    if not neu:
        return []
    monate = sorted({m for m, _ in neu})
    staende: dict[tuple[str, str], list] = defaultdict(list)
    for zeile, zeitpunkt in session.execute(
        select(Basiszahl, col(ImportProtokoll.zeitpunkt))
        .join(ImportProtokoll, col(ImportProtokoll.id) == col(Basiszahl.import_id))
        .where(col(Basiszahl.ags) == ags, col(Basiszahl.monat).in_(monate))
        .order_by(
            col(Basiszahl.monat),
            col(Basiszahl.geschlecht),
            col(Basiszahl.datenstand),
            col(Basiszahl.import_id),
        )
    ).tuples():
        staende[(zeile.monat, zeile.geschlecht)].append((zeile, zeitpunkt))
    eintraege = []
    for (monat, geschlecht), liste in sorted(staende.items(), reverse=True):
        for (alt, _), (neue, zeitpunkt) in pairwise(liste):
            if zeitpunkt <= seit:
                continue
            aenderungen = [
                f"{f} {_text(f, getattr(alt, f))} → {_text(f, getattr(neue, f))}"
                for f in FELDNAMEN
                if getattr(alt, f) != getattr(neue, f)
            ]
            if aenderungen:
                eintraege.append(
                    f"{monat} ({geschlecht}), Datenstand {datum(neue.datenstand)}: "
                    + ", ".join(aenderungen)
                )
    if len(eintraege) > MAX_EINTRAEGE:
        rest = len(eintraege) - MAX_EINTRAEGE
        eintraege = eintraege[:MAX_EINTRAEGE] + [
            f"… und {rest} weitere Zeilen mit neuem Datenstand."
        ]
    return eintraege
