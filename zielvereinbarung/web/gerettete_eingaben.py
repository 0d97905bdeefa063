"""Eingaben über eine abgelaufene Sitzung retten.

Läuft die Sitzung ab, während jemand ein Formular ausfüllt, scheitert das Absenden am
CSRF-Token. Dann merkt `merke()` die Eingaben (ohne Passwortfelder, höchstens ~2 KB, im
signierten Sitzungscookie) für die Seite, von der das Formular kam; nach der erneuten Anmeldung
geht es dorthin zurück, und eine View, die `uebernimm(form)` bei GET aufruft, füllt das Formular
wieder. Der Benutzer muss es nur noch einmal senden.
"""

from __future__ import annotations

import json

from flask import flash, request, session
from werkzeug.datastructures import MultiDict

SCHLUESSEL = "zv_gerettete_eingaben"
MAX_ZEICHEN = 2000


def merke(pfad: str | None, formdaten: MultiDict) -> None:
    if not pfad:
        return
    daten = {
        name: formdaten.getlist(name)
        for name in formdaten
        if name != "csrf_token" and "passwort" not in name.lower() and "password" not in name.lower()
    }
    if daten and len(json.dumps(daten)) <= MAX_ZEICHEN:
        session[SCHLUESSEL] = {"pfad": pfad, "daten": daten}


def sichern() -> dict | None:
    """Vor `session.clear()` (Anmeldung) aufrufen, danach `wiederherstellen()`."""
    return session.get(SCHLUESSEL)


def wiederherstellen(gerettet: dict | None) -> None:
    if gerettet:
        session[SCHLUESSEL] = gerettet


def uebernimm(form) -> bool:
    """In einer View bei GET aufrufen: füllt `form` mit geretteten Eingaben für diese Seite."""
    gerettet = session.get(SCHLUESSEL)
    if request.method != "GET" or not gerettet or gerettet["pfad"].split("?")[0] != request.path:
        return False
    session.pop(SCHLUESSEL)
    form.process(MultiDict([(k, v) for k, werte in gerettet["daten"].items() for v in werte]))
    flash("Ihre Eingaben wurden wiederhergestellt. Bitte prüfen Sie sie und senden Sie das "
          "Formular noch einmal.", "info")
    return True
