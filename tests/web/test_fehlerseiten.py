"""Deutsche Fehlerseiten, nie ein Traceback."""

from __future__ import annotations

from flask import abort, flash


def test_404_deutsch(app, welt, client_als):
    for client in (app.test_client(), client_als("land")):
        antwort = client.get("/gibt-es-nicht")
        text = antwort.get_data(as_text=True)
        assert antwort.status_code == 404
        assert 'lang="de"' in text and "Seite nicht gefunden" in text and "Zur Startseite" in text


def test_403_deutsch(welt, client_als):
    antwort = client_als("traeger").get("/admin/audit")
    assert antwort.status_code == 403 and "Kein Zugriff" in antwort.get_data(as_text=True)


def test_405_deutsch(app):
    antwort = app.test_client().get("/abmelden")
    assert antwort.status_code == 405 and "Aktion nicht möglich" in antwort.get_data(as_text=True)


def test_500_ohne_traceback(app, welt):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # wie im Betrieb

    @app.get("/test-absturz")
    def absturz():
        flash("Änderungen gespeichert.", "erfolg")
        raise RuntimeError("geheimes Detail aus dem Inneren")

    absturz.zv_oeffentlich = True
    antwort = app.test_client().get("/test-absturz")
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 500
    assert "Interner Fehler" in text and "nicht gespeichert" in text
    for verboten in (
        "Traceback",
        "RuntimeError",
        "geheimes Detail",
        'File "',
        "Änderungen gespeichert.",
    ):
        assert verboten not in text
    assert antwort.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_andere_http_fehler_deutsch(app):
    @app.get("/test-429")
    def zu_viel():
        abort(429)

    zu_viel.zv_oeffentlich = True
    antwort = app.test_client().get("/test-429")
    assert antwort.status_code == 429 and "Zu viele Anfragen" in antwort.get_data(as_text=True)


def test_fehlende_datei_nebenher_laesst_die_meldung_stehen(app, welt, client_als):
    """Nach dem Absenden zeigt die nächste Seite die Bestätigung – auch wenn der Browser
    zwischendurch etwas Fehlendes anfragt (früher: /favicon.ico → 404-Seite holte die Meldung ab
    und sie fehlte; so in einem Browsertest unter Last gesehen)."""

    @app.get("/test-meldung")
    def meldung():
        flash("Revision 3 gespeichert.", "erfolg")
        return "", 303, {"Location": "/"}

    client = client_als("land")
    assert client.get("/test-meldung").status_code == 303
    assert client.get("/favicon.ico").status_code == 404
    assert client.post("/vereinbarungen").status_code in (404, 405)
    startseite = client.get("/").get_data(as_text=True)
    assert "Revision 3 gespeichert." in startseite
    assert "Revision 3 gespeichert." not in client.get("/").get_data(as_text=True)  # einmal


def test_seiten_nennen_ein_eigenes_symbol(app, welt, client_als):
    """Mit eigenem Symbol fragt der Browser nicht nach /favicon.ico (und lädt nichts von fremden
    Hosts)."""
    html = client_als("land").get("/").get_data(as_text=True)
    assert '<link rel="icon" type="image/svg+xml" href="/static/symbol.svg">' in html
    symbol = app.test_client().get("/static/symbol.svg")
    assert symbol.status_code == 200 and symbol.mimetype == "image/svg+xml"
