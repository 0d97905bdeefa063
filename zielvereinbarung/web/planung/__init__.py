"""Planung (DOMAIN.md § 1 Nr. 1): Orientierungswerte des Landes setzen und Entwürfe erzeugen."""

from flask import Blueprint

bp = Blueprint("planung", __name__, url_prefix="/planung")

from . import routes  # noqa: F401  (registriert die Routen)
