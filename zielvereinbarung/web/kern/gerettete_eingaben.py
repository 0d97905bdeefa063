"""Eingaben über eine abgelaufene Sitzung retten – nur für den Benutzer, dessen Sitzung ablief.

Läuft die Sitzung ab (`web.kern.sitzungsdauer`), während jemand ein Formular ausfüllt, scheitert das
Absenden an der CSRF-Prüfung. Dann merkt `merke()` die Eingaben (ohne Passwortfelder) für die
Seite, von der das Formular kam – aber nur, wenn die Sitzung einem Benutzer gehörte, der noch
aktiv ist und dessen Sitzung nicht beendet wurde (Abmelden, Passwortwechsel …). Anonyme
Anfragen und beendete Sitzungen speichern nichts.

Ablage: `<instance>/gerettete_eingaben/<benutzer-id>/<token>.json`, je Eintrag höchstens
`RETTUNG_MAX_KB` (256 KB), je Benutzer höchstens `RETTUNG_MAX_ANZAHL` Einträge (5) und
zusammen `RETTUNG_GESAMT_KB` (512 KB) – der älteste weicht; nach einem Tag verworfen. Im
signierten Sitzungscookie steht nur ein zufälliger Schlüssel dazu. Nach der erneuten Anmeldung
desselben Benutzers geht es zur Seite zurück, und eine View, die `uebernimm(form)` bei GET
aufruft, füllt das Formular wieder; meldet sich jemand anderes an, wird der Eintrag gelöscht.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path

from flask import current_app, flash, request, session
from werkzeug.datastructures import MultiDict

SCHLUESSEL = "zv_gerettete_eingaben"
HALTEDAUER_S = 24 * 3600
MAX_KB = 256  # je Eintrag


def _basis() -> Path:
    basis = current_app.config.get("INSTANCE_PFAD") or current_app.instance_path
    return Path(basis) / "gerettete_eingaben"


def _ablage(benutzer_id: int) -> Path:
    return _basis() / str(int(benutzer_id))


def _datei(benutzer_id: int, token: str) -> Path | None:
    return _ablage(benutzer_id) / f"{token}.json" if token.isalnum() else None


def _raeume_auf(ablage: Path, platz_fuer: int) -> None:
    """Abgelaufene Einträge löschen, dann die ältesten, bis Anzahl und Größe Platz lassen."""
    grenze = time.time() - HALTEDAUER_S
    eintraege = []
    for datei in ablage.glob("*.json"):
        st = datei.stat()
        if st.st_mtime < grenze:
            datei.unlink(missing_ok=True)
        else:
            eintraege.append((st.st_mtime, st.st_size, datei))
    eintraege.sort()
    anzahl = current_app.config["RETTUNG_MAX_ANZAHL"]
    gesamt = current_app.config["RETTUNG_GESAMT_KB"] * 1024
    while eintraege and (
        len(eintraege) + 1 > anzahl or sum(e[1] for e in eintraege) + platz_fuer > gesamt
    ):
        eintraege.pop(0)[2].unlink(missing_ok=True)


def merke(benutzer_id: int | None, pfad: str | None, formdaten: MultiDict) -> bool:
    """Eingaben für `benutzer_id` sichern; False, wenn sie zu groß waren oder niemand
    angemeldet war (der Aufrufer sagt es dem Benutzer)."""
    if benutzer_id is None:
        return False
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
    inhalt = json.dumps(daten, ensure_ascii=False).encode("utf-8")
    if len(inhalt) > current_app.config["RETTUNG_MAX_KB"] * 1024:
        return False
    ablage = _ablage(benutzer_id)
    ablage.mkdir(parents=True, exist_ok=True)
    _raeume_auf(ablage, len(inhalt))
    token = secrets.token_hex(16)
    (ablage / f"{token}.json").write_bytes(inhalt)
    session[SCHLUESSEL] = {"pfad": pfad, "token": token, "benutzer": int(benutzer_id)}
    return True


def sichern() -> dict | None:
    """Vor `session.clear()` (Anmeldung) aufrufen, danach `wiederherstellen()`."""
    return session.get(SCHLUESSEL)


def wiederherstellen(gerettet: dict | None, benutzer_id: int) -> None:
    """Nur für denselben Benutzer; sonst wird der Eintrag gelöscht."""
    if not gerettet:
        return
    if gerettet.get("benutzer") == benutzer_id:
        session[SCHLUESSEL] = gerettet
        return
    datei = _datei(int(gerettet.get("benutzer") or 0), str(gerettet.get("token", "")))
    if datei is not None:
        datei.unlink(missing_ok=True)


def verwerfe_alle(benutzer_id: int) -> None:
    """Alle geretteten Eingaben eines Benutzers löschen (z. B. bei Deaktivierung)."""
    shutil.rmtree(_ablage(benutzer_id), ignore_errors=True)


def uebernimm(form) -> bool:
    """In einer View bei GET aufrufen: füllt `form` mit geretteten Eingaben für diese Seite."""
    from flask_login import current_user

    gerettet = session.get(SCHLUESSEL)
    if request.method != "GET" or not gerettet or gerettet["pfad"].split("?")[0] != request.path:
        return False
    session.pop(SCHLUESSEL)
    if not current_user.is_authenticated or gerettet.get("benutzer") != current_user.id:
        return False
    datei = _datei(current_user.id, str(gerettet.get("token", "")))
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
