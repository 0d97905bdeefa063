"""Zahlen in Adressen und Parametern: nur, was eine id in der Datenbank sein kann.

Jede `<int:…>`-Variable einer Route ist eine id oder Nummer in einer INTEGER-Spalte (auf
PostgreSQL 32 Bit). Ohne Grenze wurde `/vereinbarungen/99999999999999999999` an die Datenbank
gereicht und lief über (500); mehr als 4.300 Ziffern kann Python nicht einmal umwandeln. Der
Umwandler `int` (für alle Routen, registriert vor den Blueprints) lässt nur 1–10 ASCII-Ziffern
bis MAX_ID zu; alles andere findet keine Route → 404.

`id_zahl` tut dasselbe für Abfrage- und Formularparameter:
`request.args.get("seite", 1, type=id_zahl)` liefert bei Unsinn die Voreinstellung.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdUmwandler(IntegerConverter):
    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed=False)


def id_zahl(text: str) -> int:
    """Eine id aus einem Parameter; ValueError für alles andere (auch zu große Zahlen)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 10) or int(text) > MAX_ID:
        raise ValueError(text)
    return int(text)


def register(app: Flask) -> None:
    app.url_map.converters["int"] = IdUmwandler
