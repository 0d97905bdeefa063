"""Eine Transaktion je Anfrage: Commit nach Erfolg, Rollback bei Fehlern (auch bei jedem fachlichen
Fehler, gleich welche Seite ein Behandler daraus macht), `nach_commit` nur nach Commit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import abort, redirect
from sqlmodel import Session, select

from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.models import AuditEreignis
from zielvereinbarung.services.audit.kette import protokolliere
from zielvereinbarung.web.kern.datenbank import db, festschreiben, nach_commit

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Umweg(FachlicherFehler):
    """Ein fachlicher Fehler, den ein Behandler in eine Weiterleitung (302) verwandelt."""


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
        if ausgang == "fachlich":
            raise FachlicherFehler("geht nicht")
        if ausgang == "umweg":
            raise Umweg("geht nicht, zurück zur Startseite")
        if ausgang == "festgeschrieben":
            festschreiben()
            protokolliere(db(), "test", "danach", None, None, {}, JETZT)
            raise FachlicherFehler("bleibt trotzdem")
        return "ok"

    schreibe.zv_oeffentlich = True
    app.add_url_rule("/test-schreiben/<ausgang>", "test_schreiben", schreibe, methods=["GET"])
    app.register_error_handler(Umweg, lambda fehler: redirect("/"))
    app.extensions["nebenwirkungen"] = nebenwirkungen
    return app


def _aktionen(engine) -> list[str]:
    with Session(engine) as session:
        return [e.aktion for e in session.exec(select(AuditEreignis).order_by(AuditEreignis.id))]


def test_erfolg_wird_festgeschrieben_und_nebenwirkung_laeuft(testapp, engine):
    assert testapp.test_client().get("/test-schreiben/erfolg").status_code == 200
    assert _aktionen(engine) == ["erfolg"]
    assert testapp.extensions["nebenwirkungen"] == ["erfolg"]


@pytest.mark.parametrize(
    ("ausgang", "status"),
    [("abbruch", 409), ("ausnahme", 500), ("fachlich", 409), ("umweg", 302)],
)
def test_fehler_rollt_zurueck_ohne_nebenwirkung(testapp, engine, ausgang, status):
    assert testapp.test_client().get(f"/test-schreiben/{ausgang}").status_code == status
    assert _aktionen(engine) == []
    assert testapp.extensions["nebenwirkungen"] == []


def test_fachlicher_fehler_zeigt_seine_meldung(testapp):
    antwort = testapp.test_client().get("/test-schreiben/fachlich")
    assert "geht nicht" in antwort.get_data(as_text=True)


def test_festschreiben_ist_die_ausdrueckliche_ausnahme(testapp, engine):
    """Was vor `festschreiben()` geschrieben wurde, bleibt; was danach kommt, nicht."""
    assert testapp.test_client().get("/test-schreiben/festgeschrieben").status_code == 409
    assert _aktionen(engine) == ["festgeschrieben"]
    assert testapp.extensions["nebenwirkungen"] == []


def test_views_fangen_keine_fachlichen_fehler():
    """Nur die Anmeldungen (Passwort, OpenID Connect) fangen fachliche Fehler selbst (der
    vermerkte Fehlversuch bleibt); überall sonst bilden Fehlerbehandler sie ab – nach dem
    Zurückrollen."""
    import ast
    import importlib
    from pathlib import Path

    import zielvereinbarung.web as web

    wurzel = Path(web.__file__).parent
    gefangen = []
    for pfad in sorted(wurzel.rglob("*.py")):
        teile = ("zielvereinbarung", "web", *pfad.relative_to(wurzel).with_suffix("").parts)
        modul = importlib.import_module(".".join(teile).removesuffix(".__init__"))
        for knoten in ast.walk(ast.parse(pfad.read_text())):
            if isinstance(knoten, ast.ExceptHandler) and knoten.type is not None:
                namen = knoten.type.elts if isinstance(knoten.type, ast.Tuple) else [knoten.type]
                klassen = []
                for name in namen:
                    wert = eval(ast.unparse(getattr(name, "value", name)), vars(modul))
                    klassen += list(wert) if isinstance(name, ast.Starred) else [wert]
                for klasse in klassen:
                    if isinstance(klasse, type) and issubclass(klasse, FachlicherFehler):
                        gefangen.append(f"{pfad.relative_to(wurzel)}: {klasse.__name__}")
    assert sorted(gefangen) == [
        "auth/oidc.py: AnmeldungAbgelehnt",
        "auth/routes.py: AnmeldungAbgelehnt",
    ]  # die Drosselung der Anmeldung bricht mit 429 ab (web.kern.drossel), kein fachlicher Fehler


def test_fehler_in_nebenwirkung_aendert_die_antwort_nicht(app, engine):
    def view():
        protokolliere(db(), "test", "gespeichert", None, None, {}, JETZT)
        nach_commit(lambda: 1 / 0)
        return "ok"

    view.zv_oeffentlich = True
    app.add_url_rule("/test-nebenwirkung", "test_nebenwirkung", view)
    assert app.test_client().get("/test-nebenwirkung").status_code == 200
    assert _aktionen(engine) == ["gespeichert"]
