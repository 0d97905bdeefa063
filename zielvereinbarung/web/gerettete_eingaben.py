"""Eingaben über eine abgelaufene Sitzung retten.

Läuft die Sitzung ab, während jemand ein Formular ausfüllt, scheitert das Absenden am
CSRF-Token. Dann merkt `merke()` die Eingaben (ohne Passwortfelder) für die Seite, von der das
Formular kam: in einer Datei unter `<instance>/gerettete_eingaben/` (höchstens 256 KB, nach einem
Tag verworfen), im signierten Sitzungscookie steht nur ein zufälliger Schlüssel dazu – so gehen
auch lange Kommentare nicht verloren. Nach der erneuten Anmeldung geht es dorthin zurück, und eine
View, die `uebernimm(form)` bei GET aufruft, füllt das Formular wieder. Der Benutzer muss es nur
noch einmal senden. Sind die Eingaben zu groß, sagt die Anmeldeseite das ausdrücklich.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

from flask import current_app, flash, request, session
from werkzeug.datastructures import MultiDict

SCHLUESSEL = "zv_gerettete_eingaben"
MAX_ZEICHEN = 256 * 1024
HALTEDAUER_S = 24 * 3600


def _ablage() -> Path:
    basis = current_app.config.get("INSTANCE_PFAD") or current_app.instance_path
    return Path(basis) / "gerettete_eingaben"


def _datei(token: str) -> Path | None:
    return _ablage() / f"{token}.json" if token.isalnum() else None


def merke(pfad: str | None, formdaten: MultiDict) -> bool:
    """Eingaben sichern; False, wenn sie zu groß waren (der Aufrufer sagt es dem Benutzer)."""
    if not pfad:
        return True
    daten = {
        name: formdaten.getlist(name)
        for name in formdaten
        if name != "csrf_token"
        and "passwort" not in name.lower()
        and "password" not in name.lower()
    }
    if not daten:
        return True
    text = json.dumps(daten, ensure_ascii=False)
    if len(text) > MAX_ZEICHEN:
        return False
    ablage = _ablage()
    ablage.mkdir(parents=True, exist_ok=True)
    grenze = time.time() - HALTEDAUER_S
    for alt in ablage.glob("*.json"):
        if alt.stat().st_mtime < grenze:
            alt.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (ablage / f"{token}.json").write_text(text, encoding="utf-8")
    session[SCHLUESSEL] = {"pfad": pfad, "token": token}
    return True


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
    datei = _datei(str(gerettet.get("token", "")))
    if datei is None or not datei.is_file():
        return False
    daten = json.loads(datei.read_text(encoding="utf-8"))
    datei.unlink(missing_ok=True)
    form.process(MultiDict([(k, v) for k, werte in daten.items() for v in werte]))
    flash(
        "Ihre Eingaben wurden wiederhergestellt. Bitte prüfen Sie sie und senden Sie das "
        "Formular noch einmal.",
        "info",
    )
    return True
