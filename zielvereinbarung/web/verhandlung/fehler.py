"""Fehler der Verhandlungs-Services auf Seiten abbilden und Erfolge abschließen.

Ruft Flask einen Behandler auf, ist die Anfrage schon zurückgerollt (`web.kern.datenbank`).
- `KeineBerechtigung` → 403, `NichtGefunden` → 404 (für alle Blueprints, `web.kern.fehlerseiten`).
- `Konflikt` → die Konfliktseite (409) mit der aktuellen Revision und der Eingabe (`konflikt`).
- `UngueltigeVorgaben` → das Formular mit den Fehlern (422, `bearbeiten`).
- jeder andere fachliche Fehler einer Aktion (auch `UnzulaessigerUebergang`) → Meldung und zurück
  zur Vereinbarung (`zurueck`).
- Erfolg → Meldung, E-Mails erst nach dem Commit (`nach_commit`), zurück zur Vereinbarung.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from ...fehler import FachlicherFehler
from ...mail import sende_nachrichten
from ...services.verhandlung.zustaende import Aktionsergebnis
from ..kern.datenbank import nach_commit
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite
from . import bp


def zurueck(vereinbarung_id: int, meldung: str, kategorie: str = "fehler"):
    """Meldung zeigen, zurück zur Vereinbarung."""
    flash(meldung, kategorie)
    return redirect(url_for("verhandlung.vereinbarung", id=vereinbarung_id))


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    """Eine Aktion an einer Vereinbarung (POST): Meldung und zurück; sonst die Fehlerseite."""
    vereinbarung_id = (request.view_args or {}).get("id")
    if request.method == "POST" and vereinbarung_id is not None:
        return zurueck(vereinbarung_id, fehler.meldung)
    return fachliche_fehlerseite(fehler)


def erfolg(ergebnis: Aktionsergebnis):
    """Meldung des Services (neutral bei einer Wiederholung), Benachrichtigungen nach dem Commit."""
    nachrichten = list(ergebnis.benachrichtigungen)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(ergebnis.meldung, "erfolg" if ergebnis.neu else "info")
    return redirect(url_for("verhandlung.vereinbarung", id=ergebnis.vereinbarung_id))
