"""Vereinbarungsdokument im Browser: Vorschau, Versionen herunterladen, ausstellen, unterzeichnen
(intern mit dem Zertifikat der Organisation oder extern signiert hochladen), Anlage hochladen und
„Dokument prüfen“ für jede angemeldete Person.

Einstellungen (Ablage, Schlüssel, Vertrauensanker) kommen aus der Umgebung bzw. der
App-Konfiguration (`DokumentEinstellungen.aus_konfiguration`) und werden je App einmal gelesen.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app

from ...fehler import KonfigurationsFehler
from ...services.dokumente.einstellungen import DokumentEinstellungen

bp = Blueprint("dokumente", __name__)


def einstellungen() -> DokumentEinstellungen:
    """Die Dokumenteinstellungen dieser App (einmal gelesen); fehlt ZV_SCHLUESSEL im
    Produktionsbetrieb, antworten die Dokumentseiten mit 503 und einer Erklärung."""
    gespeichert = current_app.extensions.get("zv_dokumente")
    if gespeichert is None:
        try:
            gespeichert = DokumentEinstellungen.aus_konfiguration(
                current_app.config, current_app.instance_path
            )
        except KonfigurationsFehler as fehler:
            current_app.logger.error("Dokumente nicht verfügbar: %s", fehler)
            abort(503, description=str(fehler))
        current_app.extensions["zv_dokumente"] = gespeichert
    return gespeichert


from . import pruefen, routes, zeichnen  # noqa: F401  (registriert die Routen)
