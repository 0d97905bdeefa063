"""Berechtigungen in Views: Rollen-Decorators und Objektprüfungen (Regeln: `domain.berechtigung`).

Verwendung in einer View::

    @bp.get("/traeger/<ags>")
    @rolle_erforderlich(LAND, TRAEGER, LESER)      # Admin ist immer zugelassen
    def traeger_seite(ags):
        traeger = sichtbarer_traeger(ags)           # 404 wenn unbekannt, 403 wenn fremd
        ...

    @bp.post("/traeger/<ags>/angebot")
    @schreibrecht_erforderlich                      # Leser → 403
    def angebot(ags):
        traeger = aenderbarer_traeger(ags)          # vor jeder Formularprüfung!
        ...

Die Prüfung kommt immer vor dem Lesen des Formulars: ein fremder Benutzer bekommt 403/404,
nie eine Validierungsmeldung.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from ...domain import berechtigung as regeln
from ...domain.berechtigung import BUND, LAND, TRAEGER, Akteur
from ...models import Land, Traeger
from .datenbank import db


def aktueller_akteur() -> Akteur | None:
    """Der `Akteur` des angemeldeten Benutzers (None für Anonyme)."""
    return getattr(current_user, "akteur", None)


def erlaube(bedingung: bool) -> None:
    """403, wenn die Bedingung nicht erfüllt ist."""
    if not bedingung:
        abort(403)


def rolle_erforderlich(*rollen: str):
    """Decorator: nur diese Rollen (Admin immer); sonst 403. Anmeldung erzwingt schon `konto`."""

    def decorator(view):
        @wraps(view)
        def geprueft(*args, **kwargs):
            akteur = aktueller_akteur()
            if akteur is None:
                abort(401)
            erlaube(regeln.ist_admin(akteur) or akteur.rolle in rollen)
            return view(*args, **kwargs)

        return geprueft

    return decorator


admin_erforderlich = rolle_erforderlich()
admin_erforderlich.__doc__ = "Decorator: nur Administratoren; sonst 403."
schreibrecht_erforderlich = rolle_erforderlich(LAND, TRAEGER, BUND)  # BUND: nur BMAS ↔ Land


def sichtbarer_traeger(ags: str) -> Traeger:
    """Den Träger laden: 404 wenn unbekannt, 403 wenn der Benutzer ihn nicht sehen darf."""
    traeger = db().get(Traeger, ags) or abort(404)
    erlaube(regeln.darf_traeger_sehen(aktueller_akteur(), traeger.ags, traeger.land_code))
    return traeger


def aenderbarer_traeger(ags: str) -> Traeger:
    """Wie `sichtbarer_traeger`, aber mit Schreibrecht (Leser und Fremde → 403)."""
    traeger = db().get(Traeger, ags) or abort(404)
    erlaube(regeln.darf_traeger_aendern(aktueller_akteur(), traeger.ags, traeger.land_code))
    return traeger


def sichtbares_land(code: str) -> Land:
    land = db().get(Land, code.upper()) or abort(404)
    erlaube(regeln.darf_land_sehen(aktueller_akteur(), land.code))
    return land


def aenderbares_land(code: str) -> Land:
    land = db().get(Land, code.upper()) or abort(404)
    erlaube(regeln.darf_land_aendern(aktueller_akteur(), land.code))
    return land
