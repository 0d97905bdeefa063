"""Erneut beweisen, wer man ist, bevor etwas Verbindliches geschieht (Unterzeichnen, Freigeben,
Annehmen; DOMAIN.md § 6a).

- Jede Anmeldung – gleich auf welchem Weg (Passwort, LDAP, OpenID Connect), solange sie über
  `flask_login.login_user` läuft – merkt sich den Zeitpunkt in der Sitzung (`angemeldet_um`,
  über das Signal `user_logged_in`). Die Sitzung ist signiert; der Wert lässt sich nicht
  fälschen.
- `bestaetige(passwort)`: eine Anmeldung vor höchstens 5 Minuten (`ZV_BESTAETIGUNG_MINUTEN`, 0 =
  immer Passwort) genügt; sonst muss das Passwort dieses Kontos stimmen. Konten aus dem
  Verzeichnis (LDAP/OIDC) haben hier kein Passwort: sie melden sich neu an
  (`zeichnung.neu_anmelden`) und haben dann 5 Minuten.
- Ein richtiges Passwort zählt wie eine frische Anmeldung. Falsche Eingaben stehen im
  Audit-Protokoll; nach `MAX_FEHLVERSUCHE` in einer Sitzung oder in 15 Minuten (gezählt auf dem
  Server, ein zurückgespieltes Cookie setzt nichts zurück) endet jede Sitzung des Kontos, auch
  eine kopierte (`sitzungs_generation`) – wer eine fremde Sitzung übernommen hat, kann das
  Passwort hier nicht durchprobieren.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user, user_logged_in

from ...models import Benutzer
from ...services.audit.kette import protokolliere
from ...services.konten.anmeldung import beende_sitzungen
from ...services.konten.erneute_anmeldung import fehlversuche, passwort_bestaetigt
from .datenbank import db

MAX_FEHLVERSUCHE = 5
ANGEMELDET_UM = "zv_angemeldet_um"
_FEHLVERSUCHE = "zv_bestaetigung_fehlversuche"


class Abgemeldet(Exception):
    """Zu viele falsche Passwörter: die Sitzung ist beendet (die View leitet zur Anmeldung)."""


def merke_anmeldung(_app=None, **_kwargs) -> None:
    """Jetzt angemeldet bzw. Identität bestätigt (Empfänger des Signals `user_logged_in`)."""
    session[ANGEMELDET_UM] = time.time()
    session.pop(_FEHLVERSUCHE, None)


def angemeldet_um() -> datetime | None:
    wert = session.get(ANGEMELDET_UM)
    return datetime.fromtimestamp(wert, UTC) if isinstance(wert, int | float) else None


def fenster() -> timedelta:
    return timedelta(minutes=current_app.config.get("BESTAETIGUNG_MINUTEN", 5))


def frisch(jetzt: datetime) -> bool:
    """Liegt die letzte Anmeldung (oder Bestätigung) höchstens `fenster()` zurück?"""
    um = angemeldet_um()
    return um is not None and timedelta(0) <= jetzt - um <= fenster() and fenster() > timedelta(0)


def bestaetige(passwort: str | None, jetzt: datetime, zweck: str) -> str | None:
    """None, wenn die Identität bestätigt ist; sonst die deutsche Meldung für das Formular.
    `Abgemeldet` nach zu vielen Fehlversuchen. `zweck` steht im Audit-Protokoll."""
    if frisch(jetzt):
        return None
    if not passwort:
        return "Bitte geben Sie zur Bestätigung Ihr Passwort ein."
    ergebnis = passwort_bestaetigt(db(), current_user.benutzername, passwort)
    if ergebnis.bestaetigt:
        merke_anmeldung()
        return None
    versuche = int(session.get(_FEHLVERSUCHE, 0)) + 1
    session[_FEHLVERSUCHE] = versuche
    protokolliere(db(), current_user.benutzername, "bestaetigung_fehlgeschlagen", "benutzer",
                  current_user.id, {"zweck": zweck, "versuch": versuche}, jetzt)  # fmt: skip
    if max(versuche, fehlversuche(db(), current_user.benutzername, jetzt)) >= MAX_FEHLVERSUCHE:
        beende_sitzungen(db(), db().get(Benutzer, current_user.id))
        logout_user()
        session.clear()
        raise Abgemeldet
    return ergebnis.meldung


def _abgemeldet(_fehler: Abgemeldet):
    flash(
        f"Das Passwort war {MAX_FEHLVERSUCHE}-mal falsch; zu Ihrer Sicherheit wurden Sie "
        "abgemeldet. Es wurde nichts unterzeichnet oder angenommen.",
        "warnung",
    )
    return redirect(url_for("auth.anmelden", next=request.path))


def register(app: Flask) -> None:
    user_logged_in.connect(merke_anmeldung, app)
    app.register_error_handler(Abgemeldet, _abgemeldet)
