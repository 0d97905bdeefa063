"""Anmelden und Abmelden im Browser: Meldungen, Sperre, Drosselung, sichere Weiterleitung,
abgelaufene Sitzung."""

from __future__ import annotations

from sqlmodel import Session, select

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.models import AuditEreignis


def _anmelden(client, token, benutzername, passwort, url="/anmelden", **kwargs):
    return client.post(
        url,
        data={"benutzername": benutzername, "passwort": passwort, "csrf_token": token},
        **kwargs,
    )


def _aktionen(engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        return [
            (e.akteur, e.aktion)
            for e in session.exec(select(AuditEreignis).order_by(AuditEreignis.id))
        ]


def test_anmelden_und_abmelden(app, welt, engine, csrf_token):
    client = app.test_client()
    assert client.get("/").headers["Location"].startswith("/anmelden")
    antwort = _anmelden(client, csrf_token(client), "land-sh", DEMO_PASSWORT)
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/"
    seite = client.get("/").get_data(as_text=True)
    assert "Demo Land SH" in seite and "(Land, Land SH)" in seite and "Angemeldet als" in seite

    antwort = client.post("/abmelden", data={"csrf_token": csrf_token(client, "/")})
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/anmelden"
    assert "Sie sind abgemeldet." in client.get("/anmelden").get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert _aktionen(engine)[-2:] == [("land-sh", "anmeldung"), ("land-sh", "abmeldung")]


def test_falsches_passwort_zeigt_allgemeine_meldung(app, welt, engine, csrf_token):
    client = app.test_client()
    for name in ("land-sh", "niemand"):
        antwort = _anmelden(client, csrf_token(client), name, "falsches-passwort")
        text = antwort.get_data(as_text=True)
        assert antwort.status_code == 200
        assert "Benutzername oder Passwort falsch." in text
        assert 'class="fehleruebersicht" role="alert"' in text
        assert "falsches-passwort" not in text  # das Passwort wird nie zurückgegeben
    assert client.get("/").status_code == 302
    assert _aktionen(engine)[-2:] == [
        ("land-sh", "anmeldung_fehlgeschlagen"),
        ("unbekannt", "anmeldung_fehlgeschlagen"),
    ]


def test_sperre_nach_fuenf_fehlversuchen(app, welt, csrf_token):
    client = app.test_client()
    token = csrf_token(client)
    texte = [
        _anmelden(client, token, "land-sh", "falsch-falsch-falsch").get_data(as_text=True)
        for _ in range(5)
    ]
    assert "Benutzername oder Passwort falsch." in texte[3]
    gesperrt = "Zu viele Fehlversuche – Anmeldung für 15 Minuten gesperrt."
    assert gesperrt in texte[4]
    antwort = _anmelden(client, token, "land-sh", DEMO_PASSWORT)
    assert antwort.status_code == 200 and gesperrt in antwort.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_drosselung_je_ip_mit_429(app, welt, csrf_token):
    client = app.test_client()
    token = csrf_token(client)
    angreifer = {"environ_base": {"REMOTE_ADDR": "192.0.2.50"}}
    for i in range(20):
        assert (
            _anmelden(client, token, f"rate-{i}", "falsch-falsch", **angreifer).status_code == 200
        )
    antwort = _anmelden(client, token, "land-sh", DEMO_PASSWORT, **angreifer)
    assert antwort.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in antwort.get_data(as_text=True)
    # Ein anderer Rechner ist nicht betroffen.
    anderer = app.test_client()
    assert _anmelden(anderer, csrf_token(anderer), "land-sh", DEMO_PASSWORT).status_code == 302


def test_weiterleitung_nur_auf_eigene_seiten(app, welt, csrf_token):
    for ziel, erwartet in [
        ("/admin/benutzer", "/admin/benutzer"),
        ("https://boese.example/", "/"),
        ("//boese.example/pfad", "/"),
        ("/\\boese.example", "/"),
        ("javascript:alert(1)", "/"),
    ]:
        client = app.test_client()
        antwort = _anmelden(
            client, csrf_token(client), "admin", DEMO_PASSWORT, url=f"/anmelden?next={ziel}"
        )
        assert antwort.headers["Location"] == erwartet, ziel


def test_geschuetzte_seite_fuehrt_ueber_anmeldung_zurueck(app, welt, csrf_token):
    client = app.test_client()
    antwort = client.get("/admin/benutzer")
    assert antwort.status_code == 302 and "/anmelden?next=" in antwort.headers["Location"]
    seite = client.get(antwort.headers["Location"]).get_data(as_text=True)
    assert "Bitte melden Sie sich an" in seite
    weiter = _anmelden(
        client,
        csrf_token(client, antwort.headers["Location"]),
        "admin",
        DEMO_PASSWORT,
        url=antwort.headers["Location"],
    )
    assert weiter.headers["Location"] == "/admin/benutzer"


def test_abgelaufene_sitzung_fuehrt_zur_anmeldung_und_behaelt_eingaben(
    app, welt, client_als, csrf_token
):
    client = client_als("admin")
    token = csrf_token(client, "/admin/benutzer/neu")
    client.delete_cookie("zv_sitzung")  # die Sitzung ist inzwischen abgelaufen
    antwort = client.post(
        "/admin/benutzer/neu",
        data={
            "csrf_token": token,
            "benutzername": "neu-ni",
            "name": "Herr Neu",
            "rolle": "land",
            "land_code": "NI",
            "passwort": "geheim-geheim-1",
            "passwort_wiederholung": "geheim-geheim-1",
        },
        headers={"Referer": "http://localhost/admin/benutzer/neu"},
    )
    assert antwort.status_code == 302
    assert antwort.headers["Location"] == "/anmelden?next=/admin/benutzer/neu"
    anmeldeseite = client.get(antwort.headers["Location"]).get_data(as_text=True)
    assert "Ihre Sitzung ist abgelaufen" in anmeldeseite
    assert "senden Sie das Formular danach noch einmal" in anmeldeseite

    weiter = _anmelden(
        client,
        csrf_token(client, antwort.headers["Location"]),
        "admin",
        DEMO_PASSWORT,
        url=antwort.headers["Location"],
    )
    assert weiter.headers["Location"] == "/admin/benutzer/neu"
    formular = client.get("/admin/benutzer/neu").get_data(as_text=True)
    assert 'value="neu-ni"' in formular and 'value="Herr Neu"' in formular
    assert "Ihre Eingaben wurden wiederhergestellt" in formular
    assert "geheim-geheim-1" not in formular


def test_abgelaufenes_anmeldeformular(app, welt, csrf_token):
    client = app.test_client()
    token = csrf_token(client)
    client.delete_cookie("zv_sitzung")
    antwort = _anmelden(client, token, "admin", DEMO_PASSWORT)
    assert antwort.status_code == 302 and antwort.headers["Location"].startswith("/anmelden")
    assert "Das Anmeldeformular war abgelaufen" in client.get(antwort.headers["Location"]).get_data(
        as_text=True
    )


def test_drosselung_hinter_proxy_nach_browseradresse(db_url, welt, csrf_token):
    """Mit ZV_PROXY_HOPS=1 (ein Reverse-Proxy) zählt die Adresse aus X-Forwarded-For: ein
    Angreifer hinter dem Proxy sperrt nicht alle anderen Benutzer aus. Ohne die Einstellung wird
    der Header ignoriert (sonst könnte jeder seine Adresse fälschen)."""
    from zielvereinbarung.web import create_app

    hinter_proxy = create_app({"DATABASE_URL": db_url, "TESTING": True, "PROXY_HOPS": 1})
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    angreifer = hinter_proxy.test_client()
    token = csrf_token(angreifer)
    kopf = {"X-Forwarded-For": "198.51.100.7"}
    for i in range(20):
        _anmelden(angreifer, token, f"rate-{i}", "falsch-falsch", headers=kopf, environ_base=proxy)
    assert (
        _anmelden(
            angreifer, token, "land-sh", DEMO_PASSWORT, headers=kopf, environ_base=proxy
        ).status_code
        == 429
    )
    kollegin = hinter_proxy.test_client()
    assert (
        _anmelden(
            kollegin,
            csrf_token(kollegin),
            "land-sh",
            DEMO_PASSWORT,
            headers={"X-Forwarded-For": "198.51.100.8"},
            environ_base=proxy,
        ).status_code
        == 302
    )


def test_ohne_proxy_einstellung_zaehlt_die_verbindungsadresse(app, welt, csrf_token):
    client = app.test_client()
    token = csrf_token(client)
    verbindung = {"REMOTE_ADDR": "192.0.2.60"}
    for i in range(20):
        _anmelden(
            client,
            token,
            f"rate-{i}",
            "falsch-falsch",
            headers={"X-Forwarded-For": f"203.0.113.{i}"},
            environ_base=verbindung,
        )
    # Gefälschte, wechselnde X-Forwarded-For-Angaben helfen nicht: gesperrt ist die Verbindung.
    assert (
        _anmelden(
            client,
            token,
            "land-sh",
            DEMO_PASSWORT,
            headers={"X-Forwarded-For": "203.0.113.99"},
            environ_base=verbindung,
        ).status_code
        == 429
    )
