"""Kopfzeilen (Issue 8): HSTS im Produktionsbetrieb, `Cache-Control: no-store` auf allem mit
Personen- oder Vereinbarungsdaten, statische Dateien cachebar."""

from __future__ import annotations

import pytest

from zielvereinbarung.web import create_app


@pytest.fixture
def produktion(db_url, tmp_path):
    return create_app(
        {
            "DATABASE_URL": db_url,
            "TESTING": True,
            "INSTANCE_PFAD": str(tmp_path),
            "PRODUKTION": True,
            "HSTS_MAX_AGE": 600,
        }
    )


def test_seiten_mit_daten_werden_nie_gespeichert(client_als, entwuerfe_sh):
    client = client_als("land")
    for adresse in ("/", f"/vereinbarungen/{entwuerfe_sh['01054']}", "/gibt-es-nicht"):
        antwort = client.get(adresse)
        assert antwort.headers["Cache-Control"] == "no-store", adresse
        assert "Expires" not in antwort.headers
    assert client.get("/anmelden").headers["Cache-Control"] == "no-store"


def test_statische_dateien_bleiben_cachebar(client_als):
    client = client_als("land")
    for adresse in ("/static/zv.css", "/dokumente/vereinbarung.css"):
        antwort = client.get(adresse)
        assert antwort.status_code == 200
        assert "no-store" not in antwort.headers["Cache-Control"]
        assert "max-age=3600" in antwort.headers["Cache-Control"], adresse


def test_hsts_nur_im_produktionsbetrieb(app, produktion):
    assert "Strict-Transport-Security" not in app.test_client().get("/anmelden").headers
    antwort = produktion.test_client().get("/anmelden")
    assert antwort.headers["Strict-Transport-Security"] == "max-age=600"
    assert antwort.headers["Cache-Control"] == "no-store"
