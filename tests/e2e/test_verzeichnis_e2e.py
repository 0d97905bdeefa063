"""Anmeldung über das Verzeichnis im echten Browser: LDAP (Debians slapd) – mit Konto, ohne
passende Gruppe (deutsche Meldung), Abmelden – und die Anmeldeseite mit axe geprüft.

Die Anwendung läuft hier mit eigener Konfiguration (LDAP) in einem eigenen Server auf
127.0.0.1 (freier Port) neben dem der übrigen E2E-Tests, auf derselben E2E-Datenbank.
"""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect

from zielvereinbarung.services.konten.bereitstellung import KEINE_ROLLE

from ..dienste.slapd import anmelde_einstellungen, ldap_einstellungen
from .test_barrierefreiheit import pruefe_axe

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sso_url(e2e_welt, ldap_server, tmp_path_factory):
    from werkzeug.serving import make_server

    from zielvereinbarung.web import create_app

    app = create_app(
        {
            "DATABASE_URL": e2e_welt.url,
            "SECRET_KEY": "e2e-sso-" + "x" * 56,
            "INSTANCE_PFAD": str(tmp_path_factory.mktemp("e2e-sso")),
            "ANMELDUNG": anmelde_einstellungen(ldap=ldap_einstellungen(ldap_server)),
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-sso", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def _formular(seite, url: str, name: str, passwort: str) -> None:
    seite.goto(f"{url}/anmelden")
    seite.get_by_label("Benutzername").fill(name)
    seite.get_by_label("Passwort").fill(passwort)
    seite.get_by_role("button", name="Anmelden", exact=True).click()


def test_ldap_anmeldung_und_abmeldung(seite, sso_url, ldap_server):
    _formular(seite, sso_url, "anna.land", ldap_server.passwort("anna.land"))
    expect(seite).to_have_url(f"{sso_url}/")
    expect(seite.locator(".konto")).to_contain_text("Anna Land")
    expect(seite.locator(".konto")).to_contain_text("(Land, Land NI)")
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
    seite.goto(f"{sso_url}/anmelden")
    expect(seite.get_by_role("heading", level=1)).to_have_text("Anmelden")
    pruefe_axe(seite, "Anmeldung (Verzeichnis)")
