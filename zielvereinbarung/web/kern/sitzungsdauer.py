"""Wie lange eine Anmeldung gilt: höchstens `SITZUNG_HOECHSTDAUER` (Standard 10 Stunden) ab der
Anmeldung und höchstens `SITZUNG_LEERLAUF` (Standard 60 Minuten) ohne Anfrage.

Das signierte Sitzungscookie trägt Anmelde- und letzten Anfragezeitpunkt (nach `app.config
["UHR"]`); geprüft wird vor jeder Anfrage – vor der CSRF-Prüfung, damit ein abgelaufenes Formular
als „Sitzung abgelaufen“ ankommt und die Eingaben gerettet werden können
(`web.kern.gerettete_eingaben`). Abgelaufen heißt: die Sitzung wird geleert; übrig bleibt nur der
Vermerk, wessen Sitzung (Benutzer-id und Sitzungsgeneration) wann abgelaufen ist – nur für
diesen Benutzer dürfen Eingaben gerettet werden.

Beendet (nicht abgelaufen) wird eine Sitzung serverseitig über die Sitzungsgeneration am
Benutzer (`web.kern.konto`): Abmelden, Passwortwechsel, Deaktivieren und „Sitzungen beenden“ erhöhen
sie, jedes Cookie mit der alten Generation gilt sofort als abgemeldet – auch ein kopiertes.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, flash, session

ANMELDUNG = "zv_anmeldung"  # Zeitpunkt der Anmeldung (Unix-Sekunden)
ZULETZT = "zv_zuletzt"  # Zeitpunkt der letzten Anfrage
ABGELAUFEN = "zv_abgelaufen"  # {"benutzer": "<id>:<generation>", "grund": …}
BENUTZER = "_user_id"  # Flask-Login


def jetzt_s() -> float:
    return current_app.config["UHR"]().timestamp()


def beginne() -> None:
    """Nach `login_user`: Anmeldezeitpunkt setzen."""
    session[ANMELDUNG] = session[ZULETZT] = jetzt_s()
    session.pop(ABGELAUFEN, None)


def _dauer_text(dauer: timedelta) -> str:
    minuten = int(dauer.total_seconds() // 60)
    if minuten % 60 == 0 and minuten >= 120:
        return f"{minuten // 60} Stunden"
    return f"{minuten} Minuten"


def _pruefe() -> None:
    if BENUTZER not in session:
        return
    jetzt = jetzt_s()
    hoechst = current_app.config["SITZUNG_HOECHSTDAUER"]
    leerlauf = current_app.config["SITZUNG_LEERLAUF"]
    anmeldung, zuletzt = session.get(ANMELDUNG), session.get(ZULETZT)
    if anmeldung is None or jetzt - anmeldung > hoechst.total_seconds():
        grund = f"Ihre Anmeldung gilt höchstens {_dauer_text(hoechst)}"
    elif zuletzt is None or jetzt - zuletzt > leerlauf.total_seconds():
        grund = f"{_dauer_text(leerlauf)} ohne Aktivität"
    else:
        session[ZULETZT] = jetzt
        return
    benutzer = session[BENUTZER]
    session.clear()
    session[ABGELAUFEN] = {"benutzer": benutzer, "zeit": jetzt}
    flash(f"Ihre Sitzung ist abgelaufen ({grund}).", "warnung")


def abgelaufene_sitzung() -> str | None:
    """`"<id>:<generation>"` der zuletzt abgelaufenen Sitzung dieses Browsers, sonst None."""
    vermerk = session.get(ABGELAUFEN)
    return vermerk.get("benutzer") if isinstance(vermerk, dict) else None


def konfiguration() -> dict:
    return {
        "SITZUNG_HOECHSTDAUER": timedelta(hours=10),
        "SITZUNG_LEERLAUF": timedelta(minutes=60),
    }


def register(app: Flask) -> None:
    """Vor `sicherheit.register` (CSRF) aufrufen: before_request-Funktionen laufen in der
    Reihenfolge ihrer Registrierung."""
    app.before_request(_pruefe)
