"""Eine Datenbanksitzung je Anfrage, eine Transaktion je Anfrage.

Regeln:
- `db()` öffnet die Sitzung beim ersten Gebrauch (in `g`); Anfragen ohne Datenbank kosten nichts.
- Nach einer erfolgreichen Antwort (Status < 400, auch Weiterleitungen) wird festgeschrieben;
  bei Status ≥ 400 (auch `abort(…)`) und bei Ausnahmen wird zurückgerollt; am Ende der Anfrage
  wird die Sitzung geschlossen.
- Schlägt das Festschreiben fehl, wird daraus eine Fehlerseite 500 (die Antwort ist noch nicht
  gesendet).
- `nach_commit(fn)` merkt eine Nebenwirkung (E-Mail, Datei) vor, die nur nach einem
  erfolgreichen Commit läuft; ein Fehler darin wird protokolliert, ändert die Antwort aber nicht.
- `verwerfe()` rollt sofort zurück, z. B. wenn ein Service nach Teiländerungen einen
  `FachlicherFehler` wirft und die Seite trotzdem mit 200 neu angezeigt wird.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, g
from sqlmodel import Session

from ..db import engine_fuer


def db() -> Session:
    """Die Sitzung dieser Anfrage (wird bei Bedarf geöffnet)."""
    if "zv_db" not in g:
        g.zv_db = Session(engine_fuer(current_app.config["DATABASE_URL"]), expire_on_commit=False)
        g.zv_nach_commit = []
    return g.zv_db


def nach_commit(fn: Callable[[], None]) -> None:
    """`fn()` nach dem erfolgreichen Commit dieser Anfrage ausführen (nie nach einem Rollback)."""
    db()
    g.zv_nach_commit.append(fn)


def verwerfe() -> None:
    """Alle Änderungen dieser Anfrage zurückrollen und vorgemerkte Nebenwirkungen verwerfen."""
    if "zv_db" in g:
        g.zv_db.rollback()
        g.zv_nach_commit = []


def _abschliessen(response: Response) -> Response:
    session: Session | None = g.pop("zv_db", None)
    if session is None:
        return response
    rueckrufe = g.pop("zv_nach_commit", [])
    try:
        if response.status_code >= 400:
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
