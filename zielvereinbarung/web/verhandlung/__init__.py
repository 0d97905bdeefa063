"""Verhandlung im Browser (DOMAIN.md § 5): Übersichten, Vereinbarung, Angebot/Gegenvorschlag,
Annahme, Unterschriften, Vergleich zweier Revisionen.

Routen: `uebersichten` (Landesübersicht, eigene Vereinbarungen), `vereinbarung` (Seite und
Vergleich), `bearbeiten` (Formular mit Werten, Konfliktseite), `aktionen` (Annehmen, Schritte
ohne Werte), `aenderung` (Änderungsvereinbarung anlegen oder anregen). Fehler der Services
bildet `fehler` ab.
"""

from flask import Blueprint

bp = Blueprint("verhandlung", __name__)

from . import aenderung, aktionen, bearbeiten, budget, fehler, konflikt, uebersichten, vereinbarung  # noqa: F401  (registriert Routen und Fehlerbehandler)
