"""Deutsche Fehlerseiten (nie ein Traceback) und der Umgang mit abgelaufenen CSRF-Tokens.

- 400, 403, 404, 405, 413, 429, 500 und jeder andere HTTP-Fehler: `fehler.html` mit Titel und
  Erklärung; unerwartete Ausnahmen werden protokolliert und als 500 angezeigt.
- Fachliche Fehler (die Anfrage ist dann schon zurückgerollt, `datenbank`): `KeineBerechtigung`
  → 403, `NichtGefunden` → 404, jeder andere → 409 mit seiner Meldung – sofern der Blueprint
  keine eigene Seite dafür hat (z. B. Meldung und zurück zur Vereinbarung).
- Unter `/api/` ist jede Fehlerantwort ein Problem-Objekt (`api.probleme`, RFC 9457).
- CSRF-Fehler: ist niemand angemeldet → Weiterleitung zur Anmeldung mit Hinweis, danach zurück
  zur Seite mit dem Formular. War es die abgelaufene Sitzung eines Benutzers (`sitzungsdauer`),
  dessen Konto noch aktiv und dessen Sitzung nicht beendet ist, werden die Eingaben für genau ihn
  gerettet (`gerettete_eingaben`); anonyme Anfragen speichern nichts. Auf der Anmeldeseite selbst
  → Anmeldeseite neu mit Hinweis; sonst 400 „Sicherheitsprüfung fehlgeschlagen“.
- Eine HTTP-Ausnahme, die ihre Antwort schon mitbringt (429 der Anmeldedrosselung), behält sie.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from ..api import probleme
from . import gerettete_eingaben, sitzungsdauer
from .konto import gueltiger_benutzer, login_manager

TEXTE = {
    400: (
        "Ungültige Anfrage",
        (
            "Die Anfrage konnte nicht verarbeitet werden. Bitte laden Sie die Seite neu und "
            "versuchen Sie es noch einmal."
        ),
    ),
    401: ("Anmeldung erforderlich", "Bitte melden Sie sich an."),
    403: (
        "Kein Zugriff",
        (
            "Für diese Seite oder dieses Objekt haben Sie keine Berechtigung. Wenn Sie das für "
            "einen Irrtum halten, wenden Sie sich an die Administration."
        ),
    ),
    404: (
        "Seite nicht gefunden",
        (
            "Diese Seite oder dieses Objekt gibt es nicht (mehr). Bitte prüfen Sie die Adresse "
            "oder gehen Sie zur Startseite."
        ),
    ),
    405: (
        "Aktion nicht möglich",
        "Diese Adresse kann auf diese Weise nicht aufgerufen werden (Methode nicht erlaubt).",
    ),
    413: (
        "Datei zu groß",
        "Die gesendeten Daten sind zu groß. Erlaubt sind höchstens 100 MB je Sendung.",
    ),
    429: ("Zu viele Anfragen", "Bitte warten Sie einige Minuten und versuchen Sie es dann erneut."),
    500: (
        "Interner Fehler",
        (
            "Es ist ein unerwarteter Fehler aufgetreten. Ihre letzte Änderung wurde nicht "
            "gespeichert. Bitte versuchen Sie es später noch einmal; bleibt der Fehler, melden Sie "
            "ihn bitte mit Datum und Uhrzeit der Administration."
        ),
    ),
}
CSRF_TEXT = (
    "Sicherheitsprüfung fehlgeschlagen",
    (
        "Das Formular konnte nicht sicher zugeordnet werden (Sicherheitstoken fehlt oder ist "
        "ungültig). Bitte laden Sie die Seite neu und senden Sie das Formular noch einmal."
    ),
)
SITZUNG_ABGELAUFEN = (
    "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an und senden Sie "
    "das Formular danach noch einmal."
)
ANMELDUNG_ABGELAUFEN = "Das Anmeldeformular war abgelaufen. Bitte senden Sie es noch einmal."
ANMELDUNG_ERFORDERLICH = (
    "Sie sind nicht (mehr) angemeldet; das Formular wurde nicht gespeichert. Bitte melden Sie "
    "sich an."
)

_NOTFALL = (
    "<!doctype html><html lang='de'><head><meta charset='utf-8'><title>Interner Fehler"
    "</title></head><body><main><h1>Interner Fehler</h1><p>Es ist ein unerwarteter Fehler "
    "aufgetreten. Bitte versuchen Sie es später noch einmal.</p></main></body></html>"
)


# Diese Seiten holen die Meldungen der Sitzung nicht ab: ein nebenher angefragtes fehlendes
# Objekt (Symbol, Quelltextkarte eines Browsers, veralteter Link in einem zweiten Tab) ließe sonst
# die Bestätigung verschwinden, die die Seite nach einem Absenden zeigen soll.
OHNE_MELDUNGEN = (404, 405)


def fehlerseite(code: int, titel: str | None = None, text: str | None = None):
    standard = TEXTE.get(code, ("Fehler", "Die Anfrage konnte nicht bearbeitet werden."))
    return render_template(
        "fehler.html",
        code=code,
        titel=titel or standard[0],
        text=text or standard[1],
        meldungen_abholen=code not in OHNE_MELDUNGEN,
    ), code


def _http_fehler(fehler: HTTPException):
    if probleme.ist_api_anfrage():
        return probleme.aus_http_fehler(fehler)
    if fehler.response is not None:  # z. B. die Anmeldeseite mit Wartezeit (web.kern.drossel)
        return fehler.response
    if fehler.code == 401:
        return login_manager.unauthorized()
    if fehler.code and fehler.code >= 500:
        return _interner_fehler(fehler)
    return fehlerseite(fehler.code or 500)


def _interner_fehler(fehler: HTTPException):
    if probleme.ist_api_anfrage():
        return probleme.aus_http_fehler(fehler)
    original = getattr(fehler, "original_exception", None)
    if original is not None:
        current_app.logger.error(
            "Unerwarteter Fehler bei %s %s", request.method, request.path, exc_info=original
        )
    try:
        session.pop("_flashes", None)  # „Gespeichert“-Meldungen gelten nicht mehr
        return fehlerseite(500)
    except Exception:  # noqa: BLE001 – die Fehlerseite selbst darf nie scheitern
        return _NOTFALL, 500, {"Content-Type": "text/html; charset=utf-8"}


def _sichere_herkunft() -> str | None:
    """Pfad der verweisenden Seite, nur wenn sie auf diesem Server liegt."""
    if not request.referrer:
        return None
    teile = urlsplit(request.referrer)
    if teile.netloc != request.host or not teile.path.startswith("/"):
        return None
    return teile.path + (f"?{teile.query}" if teile.query else "")


def _csrf_fehler(_fehler: CSRFError):
    if request.endpoint == "auth.anmelden":
        flash(ANMELDUNG_ABGELAUFEN, "warnung")
        return redirect(url_for("auth.anmelden", next=request.args.get("next")))
    if not current_user.is_authenticated:
        herkunft = _sichere_herkunft()
        abgelaufen = gueltiger_benutzer(sitzungsdauer.abgelaufene_sitzung())
        if abgelaufen is None:
            flash(ANMELDUNG_ERFORDERLICH, "warnung")  # nichts gespeichert
        elif not gerettete_eingaben.merke(abgelaufen.id, herkunft, request.form):
            flash(
                "Ihre Eingaben waren zu umfangreich, um sie zu sichern: Holen Sie sie nach der "
                "Anmeldung mit „Zurück“ im Browser zurück.",
                "warnung",
            )
            flash(SITZUNG_ABGELAUFEN, "warnung")
        else:
            flash(SITZUNG_ABGELAUFEN, "warnung")
        return redirect(url_for("auth.anmelden", next=herkunft))
    return fehlerseite(400, *CSRF_TEXT)


def fachliche_fehlerseite(fehler: FachlicherFehler):
    """Die Seite eines fachlichen Fehlers ohne eigene Abbildung: 403, 404 oder 409 mit Meldung
    (unter `/api/` als Problem-Objekt)."""
    if probleme.ist_api_anfrage():
        return probleme.aus_fachlichem_fehler(fehler)
    if isinstance(fehler, KeineBerechtigung):
        return fehlerseite(403)
    if isinstance(fehler, NichtGefunden):
        return fehlerseite(404)
    return fehlerseite(409, "Nicht möglich", fehler.meldung)


def fachliche_fehler(bp: Blueprint):
    """Registriert `fn(fehler)` als Abbildung der fachlichen Fehler eines Blueprints.

    Flask fragt die Behandler des Blueprints vor denen der App; `KeineBerechtigung` und
    `NichtGefunden` bleiben deshalb hier ausdrücklich 403/404."""

    def registriere(fn):
        def behandler(fehler: FachlicherFehler):
            if isinstance(fehler, (KeineBerechtigung, NichtGefunden)):
                return fachliche_fehlerseite(fehler)
            return fn(fehler)

        bp.register_error_handler(FachlicherFehler, behandler)
        return fn

    return registriere


def register(app: Flask) -> None:
    app.register_error_handler(FachlicherFehler, fachliche_fehlerseite)
    app.register_error_handler(CSRFError, _csrf_fehler)
    app.register_error_handler(HTTPException, _http_fehler)
    app.register_error_handler(InternalServerError, _interner_fehler)
    app.register_error_handler(probleme.UngueltigeEingabe, probleme.aus_ungueltiger_eingabe)
