"""Basiszahlen im Browser hochladen: Vorschau (nichts wird geschrieben), dann Bestätigung."""

from flask import Blueprint

bp = Blueprint("import_", __name__, url_prefix="/import")

from . import routes  # noqa: F401  (registriert die Routen)
