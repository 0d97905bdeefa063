"""Eigene Spaltentypen."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


class DezimalText(TypeDecorator):
    """Decimal exakt als Text (z. B. "2.5", "-0.25", "4850"): SQLite kennt keine exakten
    Dezimalzahlen, und so kommt auf jeder Datenbank genau der gespeicherte Wert zurück.

    Nur Decimal und int werden angenommen (float ist nie exakt → TypeError); die Darstellung ist
    ohne Exponent (`format(wert, "f")`). Nicht numerisch sortier- oder vergleichbar in SQL.
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            raise TypeError(f"DezimalText erwartet Decimal oder int, nicht {type(value).__name__}")
        wert = Decimal(value)
        if not wert.is_finite():
            raise ValueError(f"DezimalText: keine endliche Zahl: {wert}")
        return format(wert, "f")

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)
