"""Zugang zur API: Zugriffstoken prüfen, Nutzung protokollieren, Anfragelimit, Scope.

Ablauf jeder Anfrage an eine API-Operation (vor der View, `before_request` des Blueprints):
1. `Authorization: Bearer zv_…` → `services.konten.tokens.pruefe_token`; fehlt oder gilt das
   Token nicht: 401 (abgewiesene Nutzungen bekannter Tokens bleiben im Audit-Protokoll).
   Die Browsersitzung zählt hier nie: die API ist vom CSRF-Schutz ausgenommen, also darf ein
   Cookie allein nichts auslösen.
2. Anfragelimit je Token (`ZV_API_RATENLIMIT`, Standard „300/minute“, gleitendes Fenster aus
   der Bibliothek `limits`, Speicher `ZV_API_RATENLIMIT_SPEICHER`): sonst 429 mit
   `Retry-After`.
3. Die Nutzung wird am Token und im Audit-Protokoll vermerkt und sofort festgeschrieben – sie
   bleibt, auch wenn die Operation danach abgewiesen wird.
4. Der Benutzer des Tokens wird für diese Anfrage `current_user`: alle Prüfungen aus
   `web.kern.berechtigung` und `domain.berechtigung` gelten unverändert (kein zweites System).
5. Der Scope der Operation (`@scope(…)`) muss im Token stehen, sonst 403.
"""

from __future__ import annotations

import time

from flask import Flask, abort, current_app, g, request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ...services.konten import tokens
from ..kern.datenbank import db, festschreiben
from ..kern.konto import AngemeldeterBenutzer
from ..kern.zeit import jetzt
from .probleme import problem


def scope(name: str):
    """Decorator: die Operation braucht diesen Scope im Token."""

    def markiere(view):
        view.zv_scope = name
        return view

    return markiere


def _abweisen(status: int, detail: str, **kopf) -> None:
    if status == 401:
        kopf["WWW-Authenticate"] = 'Bearer realm="zielvereinbarung"'
    abort(problem(status, detail, headers=kopf or None))


def _limiter(app: Flask) -> tuple[MovingWindowRateLimiter, object]:
    if "zv_api_limiter" not in app.extensions:
        speicher = storage_from_string(app.config["API_RATENLIMIT_SPEICHER"])
        app.extensions["zv_api_limiter"] = (
            MovingWindowRateLimiter(speicher),
            parse(app.config["API_RATENLIMIT"]),
        )
    return app.extensions["zv_api_limiter"]


def _pruefe_limit(token_id: int) -> None:
    limiter, grenze = _limiter(current_app)
    if not limiter.hit(grenze, "token", str(token_id)):
        fenster = limiter.get_window_stats(grenze, "token", str(token_id))
        warten = max(1, int(fenster.reset_time - time.time()) + 1)
        _abweisen(
            429,
            f"Das Anfragelimit dieses Tokens ({grenze.amount} je "
            f"{grenze.get_expiry()} Sekunden) ist erreicht; bitte {warten} Sekunden warten.",
            **{"Retry-After": str(warten)},
        )


def authentifiziere() -> None:
    """`before_request` des API-Blueprints (siehe Moduldoku)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return
    kopf = request.headers.get("Authorization", "")
    art, _, wert = kopf.partition(" ")
    if art.lower() != "bearer" or not wert.strip():
        _abweisen(401, "Bitte ein Zugriffstoken als „Authorization: Bearer …“ senden.")
    zeit = jetzt()
    try:
        token, benutzer = tokens.pruefe_token(db(), wert.strip(), zeit)
    except tokens.TokenAbgewiesen as fehler:
        festschreiben()  # die abgewiesene Nutzung eines bekannten Tokens bleibt protokolliert
        _abweisen(401, fehler.meldung)
    _pruefe_limit(token.id)
    tokens.vermerke_nutzung(db(), token, benutzer.benutzername, request.method, request.path, zeit)
    festschreiben()
    g._login_user = AngemeldeterBenutzer.aus(benutzer)  # nur für diese Anfrage, keine Sitzung
    g.zv_token_scopes = tokens.scopes_von(token)
    benoetigt = getattr(view, "zv_scope", None)
    if benoetigt is None or benoetigt not in g.zv_token_scopes:
        _abweisen(403, f"Dem Zugriffstoken fehlt der Scope „{benoetigt}“ für diese Operation.")
