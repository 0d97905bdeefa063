"""Zugriffstokens für die API im Browser anlegen und widerrufen: jeder Benutzer für sich,
Administratoren auch für andere Konten (Dienstkonten)."""

from flask import Blueprint

bp = Blueprint("tokens", __name__, url_prefix="/konto/tokens")

from . import routes  # noqa: F401  (registriert die Routen)
