"""Vereinbarungen BMAS ↔ Land (DOMAIN.md § 9): BMAS-Cockpit, Seite eines Landes, Orientierungswerte
des BMAS, bottom-up-Angebot und Übernahme als Orientierungswerte des Landes."""

from flask import Blueprint

bp = Blueprint("bund", __name__, url_prefix="/bund")

from . import routes  # noqa: E402, F401  (registriert die Routen)
