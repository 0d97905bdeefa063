"""Nachhaltung im Browser (DOMAIN.md § 7): die Nachhaltungsseite einer unterzeichneten
Vereinbarung, Zielnachhaltedialoge erfassen, Jahresabschluss (Land)."""

from flask import Blueprint

bp = Blueprint("nachhaltung", __name__)

from . import cockpit, dialoge, routes  # noqa: F401  (registriert die Routen)
