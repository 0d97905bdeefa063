"""Eine Transaktion je Anfrage: Commit nach Erfolg, Rollback bei Fehlern, `nach_commit` nur nach Commit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import abort
from sqlmodel import Session, select

from zielvereinbarung.models import AuditEreignis
from zielvereinbarung.services.audit.kette import protokolliere
from zielvereinbarung.web.datenbank import db, nach_commit, verwerfe

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def testapp(app, engine):
    """Die App mit Test-Routen, die ein Audit-Ereignis schreiben und dann verschieden enden."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    nebenwirkungen: list[str] = []

    def schreibe(ausgang: str):
        protokolliere(db(), "test", ausgang, None, None, {}, JETZT)
        nach_commit(lambda: nebenwirkungen.append(ausgang))
        if ausgang == "abbruch":
            abort(409)
        if ausgang == "ausnahme":
            raise RuntimeError("kaputt")
        if ausgang == "verworfen":
            verwerfe()
            protokolliere(db(), "test", "nach-verwerfen", None, None, {}, JETZT)
        return "ok"

    schreibe.zv_oeffentlich = True
    app.add_url_rule("/test-schreiben/<ausgang>", "test_schreiben", schreibe, methods=["GET"])
    app.extensions["nebenwirkungen"] = nebenwirkungen
    return app


def _aktionen(engine) -> list[str]:
    with Session(engine) as session:
        return [e.aktion for e in session.exec(select(AuditEreignis).order_by(AuditEreignis.id))]


def test_erfolg_wird_festgeschrieben_und_nebenwirkung_laeuft(testapp, engine):
    assert testapp.test_client().get("/test-schreiben/erfolg").status_code == 200
    assert _aktionen(engine) == ["erfolg"]
    assert testapp.extensions["nebenwirkungen"] == ["erfolg"]


@pytest.mark.parametrize(("ausgang", "status"), [("abbruch", 409), ("ausnahme", 500)])
def test_fehler_rollt_zurueck_ohne_nebenwirkung(testapp, engine, ausgang, status):
    assert testapp.test_client().get(f"/test-schreiben/{ausgang}").status_code == status
    assert _aktionen(engine) == []
    assert testapp.extensions["nebenwirkungen"] == []


def test_verwerfen_rollt_sofort_zurueck(testapp, engine):
    assert testapp.test_client().get("/test-schreiben/verworfen").status_code == 200
    assert _aktionen(engine) == ["nach-verwerfen"]
    assert testapp.extensions["nebenwirkungen"] == []


def test_fehler_in_nebenwirkung_aendert_die_antwort_nicht(app, engine):
    def view():
        protokolliere(db(), "test", "gespeichert", None, None, {}, JETZT)
        nach_commit(lambda: 1 / 0)
        return "ok"

    view.zv_oeffentlich = True
    app.add_url_rule("/test-nebenwirkung", "test_nebenwirkung", view)
    assert app.test_client().get("/test-nebenwirkung").status_code == 200
    assert _aktionen(engine) == ["gespeichert"]
