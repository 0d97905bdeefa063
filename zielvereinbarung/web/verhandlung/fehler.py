"""Fehler der Verhandlungs-Services auf HTTP abbilden und Erfolge abschließen.

- `KeineBerechtigung` → 403, `NichtGefunden` → 404 (`http_fehler`).
- `UnzulaessigerUebergang` und andere fachliche Fehler → Meldung und zurück zur Vereinbarung
  (`zurueck`); was der Service bis dahin geschrieben hat, wird verworfen.
- Erfolg → Meldung, E-Mails erst nach dem Commit (`nach_commit`), zurück zur Vereinbarung.
"""

from __future__ import annotations

from flask import flash, redirect, url_for

from ...mail import sende_nachrichten
from ...services.verhandlung.zustaende import Aktionsergebnis
from ..datenbank import nach_commit, verwerfe
from ..dienstfehler import http_fehler, jetzt  # noqa: F401  (von den Routen dieses Blueprints genutzt)


def zurueck(vereinbarung_id: int, meldung: str, kategorie: str = "fehler"):
    """Änderungen verwerfen, Meldung zeigen, zurück zur Vereinbarung."""
    verwerfe()
    flash(meldung, kategorie)
    return redirect(url_for("verhandlung.vereinbarung", id=vereinbarung_id))


def erfolg(ergebnis: Aktionsergebnis):
    """Meldung des Services (neutral bei einer Wiederholung), Benachrichtigungen nach dem Commit."""
    nachrichten = list(ergebnis.benachrichtigungen)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(ergebnis.meldung, "erfolg" if ergebnis.neu else "info")
    return redirect(url_for("verhandlung.vereinbarung", id=ergebnis.vereinbarung_id))
