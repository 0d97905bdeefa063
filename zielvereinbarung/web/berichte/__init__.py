"""Berichtsarchiv: Fortschrittsberichte finden (Land, Träger, Monat), herunterladen,
abonnieren. Sichtbarkeit wie die Daten (`services.berichte.planung.darf_bericht_sehen`)."""

from flask import Blueprint

bp = Blueprint("berichte", __name__, url_prefix="/berichte")

from . import routes  # noqa: F401  (registriert die Routen)
