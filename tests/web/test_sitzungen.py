"""Sitzungen: Abmelden, Passwortwechsel, Deaktivieren und „Sitzungen beenden“ beenden jede
Sitzung des Kontos auf dem Server (auch ein vorher kopiertes Cookie); Leerlauf und Höchstdauer;
gerettete Eingaben nur für den Benutzer, dessen Sitzung ablief, mit Obergrenze.
Die Uhr der Anwendung wird vorgestellt (`uhr`), nie geschlafen."""

from __future__ import annotations

from sqlmodel import Session, func, select

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.models import AuditEreignis, Benutzer

NEUES_PASSWORT = "ein-neues-langes-passwort"


def _anzahl(engine, modell) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(modell)).one()


def _cookie(client) -> str:
    return client.get_cookie("zv_sitzung").value


def _mit_cookie(app, wert: str):
    """Ein anderer Browser, der ein kopiertes Sitzungscookie vorzeigt."""
    kopie = app.test_client()
    kopie.set_cookie("zv_sitzung", wert)
    return kopie


def _neuer_benutzer(client, token) -> object:
    return client.post(
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
    )


def _ist_angemeldet(client) -> bool:
    antwort = client.get("/")
    return antwort.status_code == 200 and "Abmelden" in antwort.get_data(as_text=True)


# ---------------------------------------------------------------- serverseitig beendet


def test_kopiertes_cookie_nach_abmelden_ist_wertlos(app, welt, engine, client_als, csrf_token):
    client = client_als("admin")
    token = csrf_token(client, "/admin/benutzer/neu")
    gespeichert = _cookie(client)
    assert _ist_angemeldet(_mit_cookie(app, gespeichert))  # ehrlich: vorher gilt es
    client.post("/abmelden", data={"csrf_token": csrf_token(client, "/")})

    angreifer = _mit_cookie(app, gespeichert)
    lesen = angreifer.get("/admin/benutzer")
    assert lesen.status_code == 302 and lesen.headers["Location"].startswith("/anmelden")
    vorher = (_anzahl(engine, Benutzer), _anzahl(engine, AuditEreignis))
    schreiben = _neuer_benutzer(angreifer, token)
    assert schreiben.status_code == 302 and schreiben.headers["Location"].startswith("/anmelden")
    assert (_anzahl(engine, Benutzer), _anzahl(engine, AuditEreignis)) == vorher


def test_abmelden_beendet_auch_die_sitzung_auf_dem_anderen_geraet(
    app, welt, client_als, csrf_token
):
    buero, zuhause = client_als("land"), client_als("land")
    buero.post("/abmelden", data={"csrf_token": csrf_token(buero, "/")})
    assert not _ist_angemeldet(zuhause)
    assert _ist_angemeldet(client_als("land"))  # neu anmelden geht


def test_eigenes_passwort_aendern_beendet_die_anderen_sitzungen(
    app, welt, engine, client_als, csrf_token
):
    hier, dort = client_als("land"), client_als("land")
    altes_cookie = _cookie(dort)
    falsch = hier.post(
        "/konto/passwort",
        data={
            "csrf_token": csrf_token(hier, "/konto/passwort"),
            "bisheriges_passwort": "falsch",
            "passwort": NEUES_PASSWORT,
            "passwort_wiederholung": NEUES_PASSWORT,
        },
    )
    assert falsch.status_code == 200
    assert "Das bisherige Passwort stimmt nicht." in falsch.get_data(as_text=True)
    assert _ist_angemeldet(dort)  # ehrlich: nichts geändert, nichts beendet
    antwort = hier.post(
        "/konto/passwort",
        data={
            "csrf_token": csrf_token(hier, "/konto/passwort"),
            "bisheriges_passwort": DEMO_PASSWORT,
            "passwort": NEUES_PASSWORT,
            "passwort_wiederholung": NEUES_PASSWORT,
        },
    )
    assert antwort.status_code == 302
    assert "Alle anderen Sitzungen sind beendet" in hier.get("/").get_data(as_text=True)
    assert _ist_angemeldet(hier)
    assert not _ist_angemeldet(dort) and not _ist_angemeldet(_mit_cookie(app, altes_cookie))
    with Session(engine) as session:
        ereignis = session.exec(select(AuditEreignis).order_by(AuditEreignis.id.desc())).first()
    assert (ereignis.akteur, ereignis.aktion) == ("land-sh", "passwort_geaendert")


def test_admin_passwort_sperre_und_sitzungen_beenden(app, welt, client_als, csrf_token):
    admin = client_als("admin")
    seite = f"/admin/benutzer/{welt.benutzer_ids['land-sh']}"

    opfer = client_als("land")
    admin.post(f"{seite}/sitzungen-beenden", data={"csrf_token": csrf_token(admin, seite)})
    assert not _ist_angemeldet(opfer)
    assert _ist_angemeldet(client_als("land"))  # das Konto bleibt nutzbar

    opfer = client_als("land")
    admin.post(
        f"{seite}/passwort",
        data={
            "csrf_token": csrf_token(admin, seite),
            "passwort": NEUES_PASSWORT,
            "passwort_wiederholung": NEUES_PASSWORT,
        },
    )
    assert not _ist_angemeldet(opfer)

    ehrlich = client_als("leser")  # andere Konten sind nicht betroffen
    anmelden = app.test_client()
    anmelden.post(
        "/anmelden",
        data={
            "benutzername": "land-sh",
            "passwort": NEUES_PASSWORT,
            "csrf_token": csrf_token(anmelden),
        },
    )
    assert _ist_angemeldet(anmelden)
    admin.post(
        seite,
        data={
            "csrf_token": csrf_token(admin, seite),
            "name": "Demo Land SH",
            "rolle": "land",
            "land_code": "SH",
            "traeger_ags": "",
            "email": "",
        },
    )
    assert not _ist_angemeldet(anmelden)  # aktiv nicht angekreuzt: deaktiviert
    assert _ist_angemeldet(ehrlich)


# ---------------------------------------------------------------- Leerlauf und Höchstdauer


def test_leerlauf_60_minuten(app, welt, client_als, uhr):
    client = client_als("land")
    uhr.vor(minutes=59)
    assert _ist_angemeldet(client)  # ehrlich: knapp darunter, und jede Anfrage zählt neu
    uhr.vor(minutes=59)
    assert _ist_angemeldet(client)
    uhr.vor(minutes=60, seconds=1)
    antwort = client.get("/kennzahlen")
    assert antwort.status_code == 302 and antwort.headers["Location"].startswith("/anmelden")
    seite = client.get(antwort.headers["Location"]).get_data(as_text=True)
    assert "Ihre Sitzung ist abgelaufen (60 Minuten ohne Aktivität)." in seite


def test_leerlauf_ist_einstellbar(app, welt, client_als, uhr):
    from datetime import timedelta

    app.config["SITZUNG_LEERLAUF"] = timedelta(minutes=15)
    client = client_als("land")
    uhr.vor(minutes=14)
    assert _ist_angemeldet(client)
    uhr.vor(minutes=16)
    assert not _ist_angemeldet(client)


def test_hoechstdauer_10_stunden_auch_bei_aktivitaet(app, welt, client_als, uhr):
    client = client_als("land")
    for _ in range(10):  # alle 55 Minuten aktiv …
        uhr.vor(minutes=55)
        assert _ist_angemeldet(client)
    uhr.vor(minutes=49)  # … bis 9 h 59 min nach der Anmeldung
    assert _ist_angemeldet(client)
    uhr.vor(minutes=2)  # 10 h 1 min
    antwort = client.get("/")
    assert antwort.status_code == 302 or "Abmelden" not in antwort.get_data(as_text=True)
    seite = client.get("/anmelden").get_data(as_text=True)
    assert "Ihre Sitzung ist abgelaufen (Ihre Anmeldung gilt höchstens 10 Stunden)." in seite
