"""Die Core-Tabelle einer Tabellenklasse, für Abfragen ohne ORM (SQLModel deklariert `__table__`
nicht in seinen Typangaben)."""

from __future__ import annotations

from sqlalchemy import Table, inspect
from sqlmodel import SQLModel


def tabelle(modell: type[SQLModel]) -> Table:
    tabelle = inspect(modell).local_table
    assert isinstance(tabelle, Table), modell
    return tabelle
