"""Kennzahlen im Browser: Trägerseite, Landes- und Vergleichstyp-Übersicht, Einstieg."""

from flask import Blueprint

bp = Blueprint("kennzahlen", __name__, url_prefix="/kennzahlen")

from . import routes  # noqa: F401  (registriert die Routen)
