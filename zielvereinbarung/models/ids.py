"""Die id einer gespeicherten Zeile: SQLModel typisiert Primärschlüssel als `int | None` (vor dem
ersten flush gibt es keine); aus der Datenbank gelesen oder nach `flush()` ist sie gesetzt."""

from __future__ import annotations


def gespeicherte_id(id_: int | None) -> int:
    assert id_ is not None, "Zeile ohne id: noch nicht gespeichert"
    return id_
