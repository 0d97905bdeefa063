"""Hinweise in der Anwendung: Liste mit gelesen/ungelesen, Öffnen (markiert gelesen und führt zum
Anlass), als gelesen markieren; die Zahl der ungelesenen steht im Kopf jeder Seite."""

from flask import Blueprint

bp = Blueprint("hinweise", __name__)

from . import routes  # noqa: E402, F401  (registriert die Routen)
