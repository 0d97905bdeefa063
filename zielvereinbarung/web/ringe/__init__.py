"""Vergleichsringe im Browser (DOMAIN.md § 11): Übersicht, Kennzahlvergleich mit Rang, Median,
Quartilen und Ringwert, XLSX-Export, Jahresberichte und die Verwaltung durch die Koordination.

Sichtbarkeit: `services.ringe.sicht` (Regeln `domain.berechtigung.ring_sicht`); ein Ring, den
jemand nicht sehen darf, ist für ihn 404, Verwaltung ohne Recht 403."""

from flask import Blueprint

bp = Blueprint("ringe", __name__, url_prefix="/ringe")

from . import routes, verwaltung  # noqa: F401  (registriert die Routen)
