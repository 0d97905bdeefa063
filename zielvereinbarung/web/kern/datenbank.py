"""Die Arbeitseinheit einer Anfrage: eine Datenbanksitzung, eine Transaktion.

Regeln:
- `db()` öffnet die Sitzung beim ersten Gebrauch (in `g`); Anfragen ohne Datenbank kosten nichts.
- Endet die View mit einer Antwort unter 400 (auch Weiterleitungen), wird festgeschrieben; bei
  Status ≥ 400 (auch `abort(…)`) und bei jeder Ausnahme wird zurückgerollt; am Ende der Anfrage
  wird die Sitzung geschlossen.
- **Ein fachlicher Fehler rollt die ganze Anfrage zurück**: `Anwendung.handle_user_exception`
  verwirft alle Änderungen und vorgemerkten Nebenwirkungen, sobald ein `FachlicherFehler` die
  View verlässt – bevor ein Fehlerbehandler (`fehlerseiten`, die Blueprints) die Seite wählt.
  Der Behandler darf danach lesen; festgeschrieben wird in dieser Anfrage nichts mehr, auch wenn
  er weiterleitet. Niemand muss daran denken, zurückzurollen.
- Die eine ausdrückliche Ausnahme: `festschreiben()` schreibt sofort fest, was trotz des
  Fehlers bleiben muss – der gezählte Fehlversuch einer Anmeldung und das Protokoll eines
  abgelehnten Imports.
- Schlägt das Festschreiben fehl, wird daraus eine Fehlerseite 500 (die Antwort ist noch nicht
  gesendet).
- `nach_commit(fn)` merkt eine Nebenwirkung (E-Mail, Datei) vor, die nur nach einem
  erfolgreichen Commit läuft; ein Fehler darin wird protokolliert, ändert die Antwort aber nicht.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, g
from sqlmodel import Session

from ...db import sitzung
from ...fehler import FachlicherFehler


class Anwendung(Flask):
    """Flask mit der Arbeitseinheit: ein fachlicher Fehler verwirft die Anfrage."""

    def handle_user_exception(self, e: Exception):
        if isinstance(e, FachlicherFehler):
            _verwerfe()
        return super().handle_user_exception(e)

    def handle_exception(self, e: Exception):
        """Unerwartete Ausnahme (→ 500): erst zurückrollen, dann die Fehlerseite."""
        _verwerfe()
        return super().handle_exception(e)


def db() -> Session:
    """Die Sitzung dieser Anfrage (wird bei Bedarf geöffnet)."""
    if "zv_db" not in g:
        g.zv_db = sitzung(current_app.config["DATABASE_URL"])
        g.zv_nach_commit = []
    return g.zv_db


def nach_commit(fn: Callable[[], None]) -> None:
    """`fn()` nach dem erfolgreichen Commit dieser Anfrage ausführen (nie nach einem Rollback)."""
    db()
    g.zv_nach_commit.append(fn)


def festschreiben() -> None:
    """Sofort festschreiben, was auch bei einer abgewiesenen Anfrage bleiben muss (gezählter
    Fehlversuch der Anmeldung, Protokoll eines abgelehnten Imports). Sonst nie aufrufen."""
    db().commit()


def _verwerfe() -> None:
    """Alle Änderungen dieser Anfrage zurückrollen, Nebenwirkungen verwerfen; kein Commit mehr."""
    g.zv_verworfen = True
    if "zv_db" in g:
        g.zv_db.rollback()
        g.zv_nach_commit = []


def _abschliessen(response: Response) -> Response:
    session: Session | None = g.pop("zv_db", None)
    if session is None:
        return response
    rueckrufe = g.pop("zv_nach_commit", [])
    try:
        if response.status_code >= 400 or g.pop("zv_verworfen", False):
            session.rollback()
            return response
        session.commit()  # Fehler hier werden von Flask zur Fehlerseite 500
    finally:
        session.close()
    for fn in rueckrufe:
        try:
            fn()
        except Exception:
            current_app.logger.exception("Nebenwirkung nach dem Commit fehlgeschlagen: %r", fn)
    return response


def _aufraeumen(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("zv_db", None)
    g.pop("zv_nach_commit", None)
    if session is not None:
        session.rollback()
        session.close()


def register(app: Flask) -> None:
    app.after_request(_abschliessen)
    app.teardown_appcontext(_aufraeumen)
