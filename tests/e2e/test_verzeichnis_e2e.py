"""Anmeldung über das Verzeichnis im echten Browser: LDAP (Debians slapd) und OpenID Connect
(npm-Paket oidc-provider) – mit Konto, ohne passende Gruppe (deutsche Meldung), Abmelden (bei
OIDC auch beim Anbieter) – und die Anmeldeseite mit beiden Wegen mit axe geprüft.

Die Anwendung läuft hier mit eigener Konfiguration (LDAP und OIDC) in einem eigenen Server auf
127.0.0.1 (freier Port) neben dem der übrigen E2E-Tests, auf derselben E2E-Datenbank. Der
Anbieter spricht HTTPS mit einer Wegwerf-CA; der Browserkontext nimmt dessen Zertifikat hin
(die Anwendung selbst prüft es gegen die CA-Datei).
"""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect

from tests.dienste.oidc import oidc_einstellungen, starte_oidc_provider
from tests.dienste.slapd import anmelde_einstellungen, ldap_einstellungen
from zielvereinbarung.services.konten.bereitstellung import KEINE_ROLLE

from .conftest import TIMEOUT_MS, Probleme
from .test_barrierefreiheit import pruefe_axe

pytestmark = pytest.mark.e2e
DIENST = "Test-Anmeldedienst"


@pytest.fixture(scope="module")
def sso_url(e2e_welt, ldap_server, tmp_path_factory):
    """Server zuerst (freier Port), dann der Anbieter mit dessen Rückkehradressen, dann die
    Anwendung mit LDAP und OIDC."""
    from werkzeug.serving import make_server

    from zielvereinbarung.web import create_app

    anwendung = []
    server = make_server(
        "127.0.0.1", 0, lambda environ, antwort: anwendung[0](environ, antwort), threaded=True
    )
    url = f"http://127.0.0.1:{server.server_port}"
    provider = starte_oidc_provider([f"{url}/anmelden/oidc/rueckkehr"], [f"{url}/abgemeldet"])
    anwendung.append(
        create_app(
            {
                "DATABASE_URL": e2e_welt.url,
                "SECRET_KEY": "e2e-sso-" + "x" * 56,
                "INSTANCE_PFAD": str(tmp_path_factory.mktemp("e2e-sso")),
                "ANMELDUNG": anmelde_einstellungen(
                    ldap=ldap_einstellungen(ldap_server), oidc=oidc_einstellungen(provider)
                ),
            }
        )
    )
    thread = threading.Thread(target=server.serve_forever, name="e2e-sso", daemon=True)
    thread.start()
    try:
        yield url, provider
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        provider.stoppe()


@pytest.fixture
def seite(browser, sso_url):
    """Eine Seite in frischem Kontext, der das Zertifikat des Test-Anbieters hinnimmt; am Ende
    wie in conftest: keine 5xx-Antwort, kein JavaScript-Fehler, keine CSP-Verletzung."""
    probleme = Probleme([], [], [])
    kontext = browser.new_context(base_url=sso_url[0], locale="de-DE", ignore_https_errors=True)
    kontext.set_default_timeout(TIMEOUT_MS)
    neu = kontext.new_page()
    neu.on(
        "response",
        lambda r: r.status >= 500 and probleme.serverfehler.append(f"{r.status} {r.url}"),
    )
    neu.on("pageerror", lambda e: probleme.js_fehler.append(f"JavaScript: {e}"))
    neu.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Content Security Policy" in m.text
            and probleme.csp.append(m.text)
        ),
    )
    yield neu
    kontext.close()
    assert not probleme.alle(), "Probleme im Browser:\n" + "\n".join(probleme.alle())


def _formular(seite, url: str, name: str, passwort: str) -> None:
    seite.goto("/anmelden")
    seite.get_by_label("Benutzername").fill(name)
    seite.get_by_label("Passwort").fill(passwort)
    seite.get_by_role("button", name="Anmelden", exact=True).click()


def test_ldap_anmeldung_und_abmeldung(seite, sso_url, ldap_server):
    _formular(seite, sso_url, "anna.land", ldap_server.passwort("anna.land"))
    expect(seite).to_have_url(f"{sso_url[0]}/")
    expect(seite.locator(".konto")).to_contain_text("Anna Land")
    expect(seite.locator(".konto")).to_contain_text("(Land, Land Niedersachsen)")
    seite.get_by_role("button", name="Abmelden").click()
    expect(seite).to_have_url(re.compile(r"/anmelden"))
    expect(seite.get_by_role("status")).to_contain_text("abgemeldet")


def test_ldap_ohne_passende_gruppe_abgewiesen(seite, sso_url, ldap_server):
    _formular(seite, sso_url, "otto.ohnerolle", ldap_server.passwort("otto.ohnerolle"))
    meldung = seite.get_by_role("alert")
    expect(meldung).to_contain_text("Anmeldung nicht möglich")
    expect(meldung).to_contain_text(KEINE_ROLLE)
    expect(seite).to_have_url(re.compile(r"/anmelden"))
    expect(seite.get_by_role("button", name="Abmelden")).to_have_count(0)
    pruefe_axe(seite, "Anmeldung (abgewiesen)")


def test_anmeldeseite_barrierefrei(seite, sso_url):
    seite.goto("/anmelden")
    expect(seite.get_by_role("heading", level=1)).to_have_text("Anmelden")
    expect(seite.get_by_role("button", name=f"Weiter zu {DIENST}")).to_be_visible()
    expect(
        seite.get_by_role("heading", name="Mit den Zugangsdaten aus dem Verzeichnis")
    ).to_be_visible()
    pruefe_axe(seite, "Anmeldung (Verzeichnis und OIDC)")


def _beim_anbieter(seite, provider, login: str) -> None:
    seite.goto("/anmelden")
    seite.get_by_role("button", name=f"Weiter zu {DIENST}").click()
    expect(seite).to_have_url(re.compile(re.escape(provider.issuer) + "/interaction/"))
    seite.get_by_label("Kennung").fill(login)
    seite.get_by_label("Kennwort").fill(provider.passwort(login))
    seite.get_by_role("button", name="Beim Anmeldedienst anmelden").click()


def test_oidc_anmeldung_und_abmeldung_beim_anbieter(seite, sso_url):
    url, provider = sso_url
    _beim_anbieter(seite, provider, "tom.traeger")
    expect(seite).to_have_url(f"{url}/")
    expect(seite.get_by_role("status")).to_contain_text("Angemeldet als Tom Träger")
    expect(seite.locator(".konto")).to_contain_text("(Träger, Landkreis Peine)")

    seite.get_by_role("button", name="Abmelden").click()
    expect(seite).to_have_url(re.compile(re.escape(provider.issuer) + "/session/end"))
    seite.get_by_role("button", name="Ja, abmelden").click()
    expect(seite).to_have_url(f"{url}/anmelden")
    expect(seite.get_by_role("status")).to_contain_text("auch beim Anmeldedienst")
    # Beim Anbieter ist die Sitzung beendet: die nächste Anmeldung fragt wieder nach dem Kennwort.
    seite.get_by_role("button", name=f"Weiter zu {DIENST}").click()
    expect(seite.get_by_label("Kennwort")).to_be_visible()


def test_oidc_ohne_passende_gruppe_abgewiesen(seite, sso_url):
    url, provider = sso_url
    _beim_anbieter(seite, provider, "otto.ohnerolle")
    meldung = seite.get_by_role("alert")
    expect(meldung).to_contain_text("Anmeldung nicht möglich")
    expect(meldung).to_contain_text(KEINE_ROLLE)
    expect(seite.get_by_role("button", name="Abmelden")).to_have_count(0)
    pruefe_axe(seite, "Anmeldung über OIDC (abgewiesen)")
