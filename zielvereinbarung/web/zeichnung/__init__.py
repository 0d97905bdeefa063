"""Zeichnungsbefugnisse (DOMAIN.md § 6a): die Seite des Landes bzw. der Administration, Erteilen,
Entziehen, persönliche Zertifikate, Vier-Augen-Prinzip; dazu „neu anmelden“ für Konten aus dem
Verzeichnis vor einem verbindlichen Schritt."""

from flask import Blueprint

bp = Blueprint("zeichnung", __name__)

from . import routes  # noqa: E402,F401  (registriert die Routen)
