"""Zeilen als JSON: jeder Wert nach dem Typ seiner Spalte kodiert und zurückgewandelt.

Exakt und umkehrbar: Zeitpunkte als ISO 8601 mit Zeitzone und Mikrosekunden (die Audit-Kette
rechnet mit ihnen), Dezimalzahlen als Text, Bytes als Base64, JSON-Spalten unverändert.
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.types import JSON, LargeBinary, TypeDecorator

from ...models.typen import DezimalText

# Tabellen, die nicht gesichert werden: Laufzeitzustand, den die Anwendung selbst neu anlegt.
NICHT_GESICHERT = frozenset({"apscheduler_jobs", "job_sperre"})


def _art(spalte: Column) -> str:
    typ = spalte.type
    if isinstance(typ, DezimalText):
        return "dezimal"
    basis = typ.impl_instance if isinstance(typ, TypeDecorator) else typ
    if isinstance(basis, JSON):
        return "json"
    if isinstance(basis, LargeBinary):
        return "bytes"
    try:
        python_typ = basis.python_type
    except NotImplementedError:
        return "roh"
    if issubclass(python_typ, datetime):
        return "zeitpunkt"
    if issubclass(python_typ, date):
        return "datum"
    if issubclass(python_typ, Decimal):
        return "dezimal"
    return "roh"


def _roh(wert: Any) -> Any:
    return wert.value if isinstance(wert, enum.Enum) else wert


_KODIERE: dict[str, Callable[[Any], Any]] = {
    "zeitpunkt": lambda w: w.isoformat(),
    "datum": lambda w: w.isoformat(),
    "dezimal": lambda w: format(w, "f"),
    "bytes": lambda w: base64.b64encode(w).decode("ascii"),
    "json": lambda w: w,
    "roh": _roh,
}

_DEKODIERE: dict[str, Callable[[Any], Any]] = {
    "zeitpunkt": datetime.fromisoformat,
    "datum": date.fromisoformat,
    "dezimal": Decimal,
    "bytes": lambda w: base64.b64decode(w.encode("ascii"), validate=True),
    "json": lambda w: w,
    "roh": lambda w: w,
}


class Zeilenformat:
    """Kodierung der Zeilen einer Tabelle (Spaltennamen und -arten aus den Modellen)."""

    def __init__(self, tabelle: Table):
        self.tabelle = tabelle
        self.arten = {spalte.name: _art(spalte) for spalte in tabelle.columns}

    def kodiere(self, zeile: dict[str, Any]) -> dict[str, Any]:
        return {
            name: None if wert is None else _KODIERE[self.arten[name]](wert)
            for name, wert in zeile.items()
        }

    def dekodiere(self, daten: dict[str, Any]) -> dict[str, Any]:
        """Eine Zeile zurück; unbekannte oder fehlende Spalten sind ein `ValueError`."""
        if not isinstance(daten, dict) or set(daten) != set(self.arten):
            raise ValueError("Spalten passen nicht zum Schema")
        return {
            name: None if wert is None else _DEKODIERE[self.arten[name]](wert)
            for name, wert in daten.items()
        }
