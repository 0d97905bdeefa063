"""Anmeldung über OpenID Connect gegen einen echten Provider (npm-Paket oidc-provider auf
127.0.0.1, HTTPS mit Wegwerf-CA). Die Anwendung läuft im Flask-Testclient; den Browser beim
Anbieter spielt `requests` (Formular des Anbieters ausfüllen, Weiterleitungen folgen).

Geprüft wird der ehrliche Weg und jeder Angriff auf den Ablauf: fremdes/verändertes `state`,
untergeschobenes `nonce`, veränderte PKCE-Challenge, wiederverwendeter Code, abgebrochene
Anmeldung, Anbieter nicht erreichbar, Gruppe ohne Rolle, Namensgleichheit mit einem lokalen
Konto; dazu das Abmelden (lokal immer, beim Anbieter, wenn er erreichbar ist)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from sqlmodel import Session, select

from tests.dienste.gemeinsam import anwendung
from tests.dienste.oidc import oidc_einstellungen, starte_oidc_provider
from tests.dienste.slapd import anmelde_einstellungen, freier_port
from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.models import AuditEreignis, Benutzer
from zielvereinbarung.services.konten import oidc as dienst
from zielvereinbarung.services.konten.bereitstellung import KEINE_ROLLE, KONFLIKT

APP = "http://localhost"
DIENST = "Test-Anmeldedienst"
GEHEIM = "oidc-web-test-" + "s" * 50


@pytest.fixture(scope="module")
def provider():
    p = starte_oidc_provider([f"{APP}/anmelden/oidc/rueckkehr"], [f"{APP}/abgemeldet"])
    yield p
    p.stoppe()


def _app(db_url, tmp_path, einstellungen):
    return anwendung(db_url, tmp_path, einstellungen, SECRET_KEY=GEHEIM)


@pytest.fixture
def oidc_app(db_url, tmp_path, provider):
    return _app(db_url, tmp_path, anmelde_einstellungen(oidc=oidc_einstellungen(provider)))


class Browser:
    """Der Teil des Browsers, der beim Anbieter spielt (eigene Cookies, vertraut der Test-CA)."""

    def __init__(self, provider):
        self.s = requests.Session()
        self.s.trust_env = False  # sonst gälte REQUESTS_CA_BUNDLE statt der Test-CA
        self.s.verify = str(provider.pki.ca)

    def anmelden(self, url: str, login: str, passwort: str) -> str:
        """Folgt ab der Autorisierungsadresse bis zur Rückkehr in die Anwendung; füllt dabei
        das Anmeldeformular des Anbieters aus. Ergebnis: Pfad mit Abfrage in der Anwendung."""
        for _ in range(10):
            if url.startswith(APP + "/"):
                teile = urlsplit(url)
                return urlunsplit(("", "", teile.path, teile.query, ""))
            antwort = self.s.get(url, allow_redirects=False, timeout=10)
            if antwort.status_code == 200 and 'name="login"' in antwort.text:
                aktion = re.search(r'action="([^"]+)"', antwort.text).group(1)
                antwort = self.s.post(
                    urljoin(url, aktion),
                    data={"login": login, "passwort": passwort},
                    allow_redirects=False,
                    timeout=10,
                )
            assert antwort.status_code in (302, 303), (antwort.status_code, antwort.text[:500])
            url = urljoin(url, antwort.headers["Location"])
        raise AssertionError("zu viele Weiterleitungen")


def _starten(client, csrf_token) -> str:
    antwort = client.post("/anmelden/oidc", data={"csrf_token": csrf_token(client)})
    assert antwort.status_code == 302, antwort.get_data(as_text=True)[:500]
    return antwort.headers["Location"]


def _anmelden(client, provider, csrf_token, login: str):
    rueckkehr = Browser(provider).anmelden(
        _starten(client, csrf_token), login, provider.passwort(login)
    )
    return client.get(rueckkehr)


def _letztes(engine) -> AuditEreignis:
    with Session(engine) as session:
        return session.exec(select(AuditEreignis).order_by(AuditEreignis.id.desc())).first()


def _ist_angemeldet(client) -> bool:
    return client.get("/").status_code == 200


def test_anmeldeseite_bietet_den_anbieter_an(oidc_app, welt):
    seite = oidc_app.test_client().get("/anmelden").get_data(as_text=True)
    assert f"Weiter zu {DIENST}" in seite and 'action="/anmelden/oidc"' in seite
    assert "Mit Zugangsdaten dieser Anwendung" in seite  # lokal bleibt (Voreinstellung)


def test_anmeldung_mit_pkce_state_und_nonce(oidc_app, welt, provider, csrf_token, engine):
    client = oidc_app.test_client()
    adresse = _starten(client, csrf_token)
    parameter = parse_qs(urlsplit(adresse).query)
    assert adresse.startswith(provider.issuer + "/auth?")
    assert (
        parameter["code_challenge_method"] == ["S256"] and len(parameter["code_challenge"][0]) == 43
    )
    assert parameter["state"][0] and parameter["nonce"][0]
    assert parameter["redirect_uri"] == [f"{APP}/anmelden/oidc/rueckkehr"]

    rueckkehr = Browser(provider).anmelden(adresse, "anna.land", provider.passwort("anna.land"))
    antwort = client.get(rueckkehr)
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/"
    start = client.get("/").get_data(as_text=True)
    assert "Anna Land" in start and "(Land, Land Niedersachsen)" in start
    with Session(engine) as session:
        anna = session.exec(select(Benutzer).where(Benutzer.benutzername == "anna.land")).one()
    assert (anna.herkunft, anna.externe_id) == ("oidc", f"{provider.issuer} anna.land")
    assert anna.email == "anna.land@oidc.test"
    ereignis = _letztes(engine)
    assert (ereignis.akteur, ereignis.aktion) == ("anna.land", "anmeldung")
    assert ereignis.details["methode"] == "oidc" and ereignis.details["gruppe"] == "ZV-Land-NI"


def test_weiterleitung_nach_der_anmeldung_nur_auf_eigene_seiten(
    oidc_app, welt, provider, csrf_token
):
    for ziel, erwartet in (("/kennzahlen", "/kennzahlen"), ("https://boese.example/", "/")):
        client = oidc_app.test_client()
        antwort = client.post(
            "/anmelden/oidc?" + urlencode({"next": ziel}), data={"csrf_token": csrf_token(client)}
        )
        rueckkehr = Browser(provider).anmelden(
            antwort.headers["Location"], "tom.traeger", provider.passwort("tom.traeger")
        )
        assert client.get(rueckkehr).headers["Location"] == erwartet


def test_ohne_passende_gruppe_abgewiesen(oidc_app, welt, provider, csrf_token, engine):
    client = oidc_app.test_client()
    antwort = _anmelden(client, provider, csrf_token, "otto.ohnerolle")
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200 and KEINE_ROLLE in text and "Anmeldung nicht möglich" in text
    assert not _ist_angemeldet(client)
    ereignis = _letztes(engine)
    assert ereignis.details["grund"] == "keine_rolle" and ereignis.details["gruppen"] == ["Alle"]


def test_verzeichnis_admin_uebernimmt_nicht_das_lokale_admin_konto(
    oidc_app, welt, provider, csrf_token
):
    client = oidc_app.test_client()
    antwort = _anmelden(client, provider, csrf_token, "admin")
    assert KONFLIKT.format(name="admin") in antwort.get_data(as_text=True)
    assert not _ist_angemeldet(client)


def test_post_zum_start_braucht_csrf_token(oidc_app, welt):
    antwort = oidc_app.test_client().post("/anmelden/oidc")
    assert antwort.status_code in (302, 400) and "/auth?" not in antwort.headers.get("Location", "")


def _fehlschlag(antwort, engine, grund: str):
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200, text[:300]
    assert dienst.FEHLGESCHLAGEN.format(dienst=DIENST) in text and "Traceback" not in text
    assert _letztes(engine).details["grund"] == grund


def test_rueckkehr_in_fremder_sitzung_wird_abgewiesen(oidc_app, welt, provider, csrf_token, engine):
    """Login-CSRF: ein Angreifer meldet sich selbst an und schiebt dem Opfer seine
    Rückkehradresse unter – das `state` gehört nicht zur Sitzung des Opfers."""
    angreifer, opfer = oidc_app.test_client(), oidc_app.test_client()
    rueckkehr = Browser(provider).anmelden(
        _starten(angreifer, csrf_token), "anna.land", provider.passwort("anna.land")
    )
    opfer.get("/anmelden")
    _fehlschlag(opfer.get(rueckkehr), engine, "oidc_ungueltig")
    assert not _ist_angemeldet(opfer)
    # Der ehrliche Weg geht weiter: der Angreifer selbst kommt mit seiner Adresse hinein.
    assert angreifer.get(rueckkehr).status_code == 302 and _ist_angemeldet(angreifer)


def test_veraendertes_state_und_wiederverwendeter_code(
    oidc_app, welt, provider, csrf_token, engine
):
    client = oidc_app.test_client()
    rueckkehr = Browser(provider).anmelden(
        _starten(client, csrf_token), "anna.land", provider.passwort("anna.land")
    )
    _fehlschlag(
        client.get(re.sub(r"state=[^&]+", "state=gefaelscht", rueckkehr)), engine, "oidc_ungueltig"
    )
    assert not _ist_angemeldet(client)

    ehrlich = oidc_app.test_client()
    rueckkehr = Browser(provider).anmelden(
        _starten(ehrlich, csrf_token), "anna.land", provider.passwort("anna.land")
    )
    assert ehrlich.get(rueckkehr).status_code == 302 and _ist_angemeldet(ehrlich)
    # Derselbe Code noch einmal (neue Sitzung mit neuem state): abgewiesen.
    zweiter = oidc_app.test_client()
    _starten(zweiter, csrf_token)
    _fehlschlag(zweiter.get(rueckkehr), engine, "oidc_ungueltig")


@pytest.mark.parametrize(
    ("parameter", "wert", "grund"),
    [("nonce", "untergeschoben", "nonce"), ("code_challenge", "A" * 43, "invalid_grant")],
    ids=["nonce", "pkce"],
)
def test_veraendertes_nonce_oder_pkce_wird_abgewiesen(
    oidc_app, welt, provider, csrf_token, engine, parameter, wert, grund
):
    """Ein Angreifer auf dem Weg zum Anbieter ersetzt nonce bzw. code_challenge: das ID-Token
    trägt dann das fremde nonce, bzw. der Code passt nicht mehr zum code_verifier der Sitzung."""
    client = oidc_app.test_client()
    adresse = re.sub(rf"([?&]{parameter}=)[^&]+", rf"\g<1>{wert}", _starten(client, csrf_token))
    rueckkehr = Browser(provider).anmelden(adresse, "anna.land", provider.passwort("anna.land"))
    _fehlschlag(client.get(rueckkehr), engine, "oidc_ungueltig")
    assert grund in _letztes(engine).details["fehler"]
    assert not _ist_angemeldet(client)


def test_abbruch_beim_anbieter(oidc_app, welt, csrf_token, engine):
    client = oidc_app.test_client()
    adresse = _starten(client, csrf_token)
    state = parse_qs(urlsplit(adresse).query)["state"][0]
    antwort = client.get(f"/anmelden/oidc/rueckkehr?error=access_denied&state={state}")
    assert dienst.ABGEBROCHEN.format(dienst=DIENST) in antwort.get_data(as_text=True)
    assert _letztes(engine).details["grund"] == "oidc_access_denied"


def test_anbieter_nicht_erreichbar(db_url, tmp_path, welt, provider, csrf_token, engine):
    tot = oidc_einstellungen(provider, issuer=f"https://127.0.0.1:{freier_port()}", timeout=2.0)
    client = _app(db_url, tmp_path, anmelde_einstellungen(oidc=tot)).test_client()
    antwort = client.post("/anmelden/oidc", data={"csrf_token": csrf_token(client)})
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200 and dienst.NICHT_ERREICHBAR.format(dienst=DIENST) in text
    assert "Traceback" not in text and "ConnectionError" not in text
    assert _letztes(engine).details["grund"] == "oidc_nicht_erreichbar"


def test_abmelden_beim_anbieter(oidc_app, welt, provider, csrf_token):
    client = oidc_app.test_client()
    browser = Browser(provider)
    rueckkehr = browser.anmelden(
        _starten(client, csrf_token), "tom.traeger", provider.passwort("tom.traeger")
    )
    assert client.get(rueckkehr).status_code == 302
    antwort = client.post("/abmelden", data={"csrf_token": csrf_token(client, "/")})
    ziel = antwort.headers["Location"]
    parameter = parse_qs(urlsplit(ziel).query)
    assert ziel.startswith(provider.issuer + "/session/end?")
    assert parameter["post_logout_redirect_uri"] == [f"{APP}/abgemeldet"]
    assert parameter["id_token_hint"][0].count(".") == 2
    assert not _ist_angemeldet(client)  # lokal schon vorher beendet

    bestaetigung = browser.s.get(ziel, timeout=10)
    formular = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', bestaetigung.text))
    aktion = re.search(r'action="([^"]+)"', bestaetigung.text).group(1)
    antwort = browser.s.post(
        urljoin(ziel, aktion), data={**formular, "logout": "yes"}, allow_redirects=False
    )
    assert antwort.headers["Location"].startswith(f"{APP}/abgemeldet")
    seite = client.get("/abgemeldet", follow_redirects=True).get_data(as_text=True)
    assert "Sie sind abgemeldet – auch beim Anmeldedienst." in seite
    # Beim Anbieter ist die Sitzung beendet: eine neue Anmeldung verlangt wieder das Kennwort.
    neu = browser.s.get(_starten(client, csrf_token), allow_redirects=True, timeout=10)
    assert 'name="login"' in neu.text


def test_abmelden_ohne_erreichbaren_anbieter_endet_lokal(
    oidc_app, db_url, tmp_path, welt, provider, csrf_token
):
    client = oidc_app.test_client()
    assert _anmelden(client, provider, csrf_token, "tom.traeger").status_code == 302
    tot = oidc_einstellungen(provider, issuer=f"https://127.0.0.1:{freier_port()}", timeout=2.0)
    andere = _app(db_url, tmp_path, anmelde_einstellungen(oidc=tot)).test_client()
    andere.set_cookie("zv_sitzung", client.get_cookie("zv_sitzung").value)
    assert _ist_angemeldet(andere)
    antwort = andere.post("/abmelden", data={"csrf_token": csrf_token(andere, "/")})
    assert antwort.headers["Location"] == "/anmelden"
    assert "Sie sind abgemeldet – auf allen Geräten." in andere.get("/anmelden").get_data(
        as_text=True
    )
    assert not _ist_angemeldet(andere)


def test_nur_admins_lokal_und_anbieter_daneben(db_url, tmp_path, welt, provider, csrf_token):
    einstellungen = anmelde_einstellungen(oidc=oidc_einstellungen(provider), lokal="admins")
    client = _app(db_url, tmp_path, einstellungen).test_client()
    seite = client.get("/anmelden").get_data(as_text=True)
    assert f"Weiter zu {DIENST}" in seite and "Nur für die Administration" in seite
    antwort = client.post(
        "/anmelden",
        data={"benutzername": "admin", "passwort": DEMO_PASSWORT, "csrf_token": csrf_token(client)},
    )
    assert antwort.status_code == 302


def test_ohne_oidc_gibt_es_die_routen_nicht(app, welt, csrf_token):
    client = app.test_client()
    assert client.post("/anmelden/oidc", data={"csrf_token": csrf_token(client)}).status_code == 404
    assert client.get("/anmelden/oidc/rueckkehr?code=x&state=y").status_code == 404
