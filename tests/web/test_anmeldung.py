"""Anmelden im Browser: gleiche Antwort für bekannte und unbekannte Namen (Text und Zeit),
Drosselung je Konto und je IP statt Kontosperre, bekannte Geräte, Admin hebt die Drosselung auf,
sichere Weiterleitung. Die Uhr der Anwendung wird vorgestellt (`uhr`), nie geschlafen."""

from __future__ import annotations

import re
import time

from sqlmodel import Session, func, select

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.models import AuditEreignis

ANGREIFER = {"REMOTE_ADDR": "192.0.2.50"}
INHABERIN = {"REMOTE_ADDR": "198.51.100.20"}
GEBREMST = "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie"


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


def _anzahl_ereignisse(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(AuditEreignis)).one()


def _ohne_wechselndes(html: str, name: str) -> str:
    html = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "TOKEN", html)
    html = re.sub(r'<meta name="csrf-token" content="[^"]+"', "TOKEN", html)
    return html.replace(f'value="{name}"', 'value="NAME"')


def test_anmelden_und_abmelden(app, welt, engine, csrf_token):
    client = app.test_client()
    assert client.get("/").headers["Location"].startswith("/anmelden")
    antwort = _anmelden(client, csrf_token(client), "land-sh", DEMO_PASSWORT)
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/"
    seite = client.get("/").get_data(as_text=True)
    assert "Demo Land SH" in seite and "(Land, Land SH)" in seite and "Angemeldet als" in seite

    antwort = client.post("/abmelden", data={"csrf_token": csrf_token(client, "/")})
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/anmelden"
    assert "Sie sind abgemeldet – auf allen Geräten." in client.get("/anmelden").get_data(
        as_text=True
    )
    assert client.get("/").status_code == 302
    assert _aktionen(engine)[-2:] == [("land-sh", "anmeldung"), ("land-sh", "abmeldung")]


def test_unbekannter_und_bekannter_name_gleiche_antwort(app, welt, engine, csrf_token):
    client = app.test_client()
    token = csrf_token(client)
    antworten = {}
    for name in ("land-sh", "niemand", "leser-ni"):
        antwort = _anmelden(client, token, name, "falsches-passwort")
        text = antwort.get_data(as_text=True)
        assert antwort.status_code == 200
        assert "Benutzername oder Passwort falsch." in text
        assert 'class="fehleruebersicht" role="alert"' in text
        assert "falsches-passwort" not in text  # das Passwort wird nie zurückgegeben
        antworten[name] = _ohne_wechselndes(text, name)
    assert antworten["land-sh"] == antworten["niemand"] == antworten["leser-ni"]
    assert client.get("/").status_code == 302
    assert _aktionen(engine)[-3:] == [
        ("land-sh", "anmeldung_fehlgeschlagen"),
        ("unbekannt", "anmeldung_fehlgeschlagen"),
        ("leser-ni", "anmeldung_fehlgeschlagen"),
    ]


def test_unbekannter_name_kostet_dieselbe_zeit(app, welt, engine, csrf_token, monkeypatch):
    """Auch für unbekannte Namen läuft Argon2 (gegen einen Attrappen-Hash): die Antwortzeit
    verrät nicht, ob es das Konto gibt. Ohne Attrappe wäre „niemand“ vielfach schneller. Mit den
    Parametern des Betriebs (nicht den billigen der Testsuite), sonst ginge der Unterschied im
    Rauschen unter."""
    from sqlalchemy import text

    from zielvereinbarung.services.konten.passwort import hash_passwort

    monkeypatch.setenv("ZV_ARGON2_PROFIL", "standard")
    engine.execute(
        text("UPDATE benutzer SET passwort_hash = :h WHERE benutzername = 'land-sh'"),
        {"h": hash_passwort(DEMO_PASSWORT)},
    )
    client = app.test_client()
    token = csrf_token(client)
    dauer: dict[str, list[float]] = {"land-sh": [], "niemand": []}
    for _ in range(4):  # unter der Drosselgrenze je Konto (5)
        for name in dauer:
            beginn = time.perf_counter()
            assert _anmelden(client, token, name, "falsch-falsch").status_code == 200
            dauer[name].append(time.perf_counter() - beginn)
    verhaeltnis = min(dauer["niemand"]) / min(dauer["land-sh"])
    assert 0.5 < verhaeltnis < 2, dauer


def test_fremder_sperrt_das_konto_nicht_aus(app, welt, engine, csrf_token, uhr):
    """Fünf falsche Passwörter eines Fremden: danach wird für diesen Namen kurz gar nicht
    geprüft (429, für bekannte und unbekannte Namen gleich) – nach der Wartezeit gelingt der
    Inhaberin die Anmeldung mit dem richtigen Passwort, ohne Admin."""
    angreifer = app.test_client()
    token = csrf_token(angreifer)
    for _ in range(5):
        antwort = _anmelden(angreifer, token, "land-sh", "rate-mal", environ_base=ANGREIFER)
        assert antwort.status_code == 200
    vorher = _anzahl_ereignisse(engine)
    gebremst = _anmelden(angreifer, token, "land-sh", "rate-weiter", environ_base=ANGREIFER)
    assert gebremst.status_code == 429
    assert GEBREMST in gebremst.get_data(as_text=True)
    assert "etwa 5 Minuten" in gebremst.get_data(as_text=True), re.findall(
        "Bitte warten[^<]*", gebremst.get_data(as_text=True)
    )
    assert gebremst.headers["Retry-After"] == "300"
    assert _anzahl_ereignisse(engine) == vorher  # nicht geprüft, nichts geschrieben

    inhaberin = app.test_client()  # anderer Rechner, neuer Browser
    zu_frueh = _anmelden(
        inhaberin, csrf_token(inhaberin), "land-sh", DEMO_PASSWORT, environ_base=INHABERIN
    )
    assert zu_frueh.status_code == 429  # das Passwort wird während der Wartezeit nicht geprüft
    uhr.vor(minutes=5, seconds=1)
    danach = _anmelden(
        inhaberin, csrf_token(inhaberin), "land-sh", DEMO_PASSWORT, environ_base=INHABERIN
    )
    assert danach.status_code == 302 and danach.headers["Location"] == "/"

    # unbekannte Namen werden genauso gebremst, mit derselben Seite (die Drosselung verrät nichts)
    seiten = {}
    for name in ("gibt-es-nicht", "land-sh"):
        for _ in range(5):
            _anmelden(angreifer, token, name, "rate-mal", environ_base=ANGREIFER)
        antwort = _anmelden(angreifer, token, name, "x", environ_base=ANGREIFER)
        assert antwort.status_code == 429
        seiten[name] = _ohne_wechselndes(antwort.get_data(as_text=True), name)
    assert seiten["gibt-es-nicht"] == seiten["land-sh"] and GEBREMST in seiten["land-sh"]


def test_fremder_kann_admin_nicht_aussperren(app, welt, engine, csrf_token, uhr):
    """Der Angriff aus Issue 8: früher sperrten fünf Anfragen eines Fremden `admin` aus. Jetzt
    bremsen 30 falsche Passwörter nur den Fremden (429, sein richtiges Raten würde gar nicht
    geprüft); `admin` meldet sich am eigenen Rechner sofort an, an einem neuen Rechner nach der
    Wartezeit – ohne dass jemand eine Sperre aufheben muss."""
    admin = app.test_client()
    ok = _anmelden(admin, csrf_token(admin), "admin", DEMO_PASSWORT, environ_base=INHABERIN)
    assert ok.status_code == 302
    admin.post("/abmelden", data={"csrf_token": csrf_token(admin, "/")})

    angreifer = app.test_client()
    token = csrf_token(angreifer)
    status = [
        _anmelden(angreifer, token, "admin", f"rate-{i}", environ_base=ANGREIFER).status_code
        for i in range(30)
    ]
    assert status[:5] == [200] * 5 and set(status[5:]) == {429}
    # selbst das richtige Passwort hilft dem Fremden während der Drosselung nicht
    geraten = _anmelden(angreifer, token, "admin", DEMO_PASSWORT, environ_base=ANGREIFER)
    assert geraten.status_code == 429 and "Abmelden" not in geraten.get_data(as_text=True)
    with Session(engine) as session:
        aktionen = session.exec(select(AuditEreignis.aktion)).all()
    assert aktionen.count("anmeldung_fehlgeschlagen") == 5  # nur geprüfte Versuche

    # die Inhaberin am eigenen Rechner: sofort angemeldet
    antwort = _anmelden(admin, csrf_token(admin), "admin", DEMO_PASSWORT, environ_base=INHABERIN)
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/"
    # an einem neuen Rechner nach der Wartezeit ebenso
    neu = app.test_client()
    uhr.vor(minutes=5, seconds=1)
    antwort = _anmelden(neu, csrf_token(neu), "admin", DEMO_PASSWORT, environ_base=INHABERIN)
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/"


def test_bekanntes_geraet_wird_nicht_ausgebremst(app, welt, csrf_token, uhr):
    """Wer sich an diesem Browser schon angemeldet hat, zählt in einem eigenen Topf: ein Fremder
    mit falschen Passwörtern bremst die Inhaberin am eigenen Rechner gar nicht."""
    inhaberin = app.test_client()
    assert (
        _anmelden(
            inhaberin, csrf_token(inhaberin), "land-sh", DEMO_PASSWORT, environ_base=INHABERIN
        ).status_code
        == 302
    )
    inhaberin.post("/abmelden", data={"csrf_token": csrf_token(inhaberin, "/")})
    angreifer = app.test_client()
    token = csrf_token(angreifer)
    for _ in range(6):
        _anmelden(angreifer, token, "land-sh", "rate-mal", environ_base=ANGREIFER)
    assert (
        _anmelden(angreifer, token, "land-sh", DEMO_PASSWORT, environ_base=ANGREIFER).status_code
        == 429
    )
    antwort = _anmelden(
        inhaberin, csrf_token(inhaberin), "land-sh", DEMO_PASSWORT, environ_base=INHABERIN
    )
    assert antwort.status_code == 302
    # das Gerät-Cookie gilt nur für dieses Konto: für einen anderen Namen zählt der Kontotopf
    cookie = inhaberin.get_cookie("zv_geraet")
    assert cookie is not None and cookie.http_only


def test_admin_hebt_die_drosselung_auf(app, welt, client_als, csrf_token, uhr):
    angreifer = app.test_client()
    token = csrf_token(angreifer)
    for _ in range(5):
        _anmelden(angreifer, token, "land-sh", "rate-mal", environ_base=ANGREIFER)
    inhaberin = app.test_client()
    assert (
        _anmelden(
            inhaberin, csrf_token(inhaberin), "land-sh", DEMO_PASSWORT, environ_base=INHABERIN
        ).status_code
        == 429
    )
    admin = client_als("admin")
    seite = f"/admin/benutzer/{welt.benutzer_ids['land-sh']}"
    text = admin.get(seite).get_data(as_text=True)
    assert "5 gezählte Fehlversuche" in text and "gesperrt wird das Konto nicht" in text
    assert "<title>Benutzer land-sh – Zielvereinbarung</title>" in text
    antwort = admin.post(
        f"{seite}/drosselung-aufheben", data={"csrf_token": csrf_token(admin, seite)}
    )
    assert antwort.status_code == 302
    assert "Anmeldedrosselung für „land-sh“ aufgehoben (5 gezählte Fehlversuche gelöscht)" in (
        admin.get(seite).get_data(as_text=True)
    )
    assert (
        _anmelden(
            inhaberin, csrf_token(inhaberin), "land-sh", DEMO_PASSWORT, environ_base=INHABERIN
        ).status_code
        == 302
    )


def test_drosselung_je_ip_mit_429_und_wartezeit(app, welt, csrf_token, uhr):
    """Viele Namen von einem Rechner: nach 20 Fehlversuchen in 15 Minuten wird dieser Rechner
    gebremst – auch mit richtigem Passwort –, andere Rechner nicht; nach der Wartezeit geht es."""
    client = app.test_client()
    token = csrf_token(client)
    for i in range(20):
        assert (
            _anmelden(
                client, token, f"rate-{i}", "falsch-falsch", environ_base=ANGREIFER
            ).status_code
            == 200
        )
    antwort = _anmelden(client, token, "land-sh", DEMO_PASSWORT, environ_base=ANGREIFER)
    assert antwort.status_code == 429
    assert GEBREMST in antwort.get_data(as_text=True)
    anderer = app.test_client()
    assert _anmelden(anderer, csrf_token(anderer), "land-sh", DEMO_PASSWORT).status_code == 302
    uhr.vor(minutes=15, seconds=1)
    assert (
        _anmelden(client, token, "land-sh", DEMO_PASSWORT, environ_base=ANGREIFER).status_code
        == 302
    )


def test_grenzen_sind_einstellungen(db_url, welt, csrf_token):
    from zielvereinbarung.web import create_app

    streng = create_app(
        {"DATABASE_URL": db_url, "TESTING": True, "ANMELDUNG_LIMIT_KONTO": "2 per hour"}
    )
    client = streng.test_client()
    token = csrf_token(client)
    assert [_anmelden(client, token, "land-sh", "falsch").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert "etwa 60 Minuten" in _anmelden(client, token, "land-sh", "x").get_data(as_text=True)


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
    Angreifer hinter dem Proxy bremst nicht alle anderen Benutzer aus. Ohne die Einstellung wird
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
    # Gefälschte, wechselnde X-Forwarded-For-Angaben helfen nicht: gebremst ist die Verbindung.
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
