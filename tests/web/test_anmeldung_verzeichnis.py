"""Anmeldeseite mit LDAP (echter slapd) und mit abgeschalteter lokaler Anmeldung: was der
Benutzer sieht – Meldungen auf Deutsch, kein Traceback, keine Auskunft über fremde Konten."""

from __future__ import annotations

import re

import pytest

from tests.dienste.gemeinsam import anwendung
from tests.dienste.slapd import anmelde_einstellungen, freier_port, ldap_einstellungen
from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.services.konten.anmeldung import FALSCH
from zielvereinbarung.services.konten.bereitstellung import KEINE_ROLLE
from zielvereinbarung.services.konten.passwortanmeldung import (
    LOKAL_ABGESCHALTET,
    NICHT_ERREICHBAR,
)

_app = anwendung


@pytest.fixture
def ldap_app(db_url, tmp_path, ldap_server):
    return _app(db_url, tmp_path, anmelde_einstellungen(ldap=ldap_einstellungen(ldap_server)))


def _senden(client, csrf_token, name, passwort):
    return client.post(
        "/anmelden",
        data={"benutzername": name, "passwort": passwort, "csrf_token": csrf_token(client)},
    )


def test_anmeldung_mit_verzeichniskonto(ldap_app, welt, ldap_server, csrf_token):
    client = ldap_app.test_client()
    seite = client.get("/anmelden").get_data(as_text=True)
    assert "Benutzername und Passwort prüft das Verzeichnis Ihres Landes" in seite
    antwort = _senden(client, csrf_token, "tom.traeger", ldap_server.passwort("tom.traeger"))
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/"
    start = client.get("/").get_data(as_text=True)
    assert "Tom Träger" in start and "(Träger, Landkreis Peine)" in start


def test_ohne_rolle_abgewiesen_mit_deutscher_meldung(ldap_app, welt, ldap_server, csrf_token):
    client = ldap_app.test_client()
    antwort = _senden(client, csrf_token, "otto.ohnerolle", ldap_server.passwort("otto.ohnerolle"))
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200
    assert "Anmeldung nicht möglich" in text and KEINE_ROLLE in text
    assert client.get("/").status_code == 302  # nicht angemeldet


def test_falsches_passwort_und_unbekannter_name_gleich(ldap_app, welt, csrf_token):
    client = ldap_app.test_client()
    texte = [
        _senden(client, csrf_token, name, "falsches-Passwort-1").get_data(as_text=True)
        for name in ("anna.land", "gibt.es.nicht")
    ]
    for text in texte:
        assert FALSCH in text and "falsches-Passwort-1" not in text
    # Bis auf das Formular-Token und den eingegebenen Namen dieselbe Seite.
    entfernt = [
        re.sub(
            r'(value|content)="[^"]*"', "", t.replace("anna.land", "").replace("gibt.es.nicht", "")
        )
        for t in texte
    ]
    assert entfernt[0] == entfernt[1]


def test_verzeichnis_aus_gibt_deutsche_meldung_ohne_traceback(db_url, tmp_path, welt, csrf_token):
    tot = anmelde_einstellungen(
        ldap=ldap_einstellungen_ohne_server(f"ldap://127.0.0.1:{freier_port()}")
    )
    client = _app(db_url, tmp_path, tot).test_client()
    antwort = _senden(client, csrf_token, "anna.land", "irgendein-Passwort-1")
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200 and NICHT_ERREICHBAR in text
    assert "Traceback" not in text and "LDAPSocketOpenError" not in text
    # Der lokale Administrator kommt trotzdem hinein.
    assert _senden(client, csrf_token, "admin", DEMO_PASSWORT).status_code == 302


def ldap_einstellungen_ohne_server(url: str):
    from zielvereinbarung.config.anmeldung import LdapEinstellungen

    return LdapEinstellungen(urls=(url,), benutzer_basis="dc=zv,dc=test", timeout=2.0)


def test_lokale_anmeldung_nur_fuer_admins(db_url, tmp_path, welt, csrf_token):
    client = _app(db_url, tmp_path, anmelde_einstellungen(lokal="admins")).test_client()
    seite = client.get("/anmelden").get_data(as_text=True)
    assert "den lokalen Konten der Administration vorbehalten" in seite
    antwort = _senden(client, csrf_token, "land-sh", DEMO_PASSWORT)
    assert antwort.status_code == 200 and LOKAL_ABGESCHALTET in antwort.get_data(as_text=True)
    assert FALSCH in _senden(client, csrf_token, "land-sh", "falsch-falsch-1").get_data(
        as_text=True
    )
    assert _senden(client, csrf_token, "admin", DEMO_PASSWORT).status_code == 302


def test_admin_sieht_herkunft_und_setzt_kein_passwort(
    ldap_app, welt, ldap_server, csrf_token, engine
):
    from sqlmodel import Session, select

    from zielvereinbarung.models import Benutzer

    client = ldap_app.test_client()
    assert (
        _senden(client, csrf_token, "tom.traeger", ldap_server.passwort("tom.traeger")).status_code
        == 302
    )
    with Session(engine) as session:
        tom = session.exec(select(Benutzer).where(Benutzer.benutzername == "tom.traeger")).one()
    admin = ldap_app.test_client()
    assert _senden(admin, csrf_token, "admin", DEMO_PASSWORT).status_code == 302
    liste = admin.get("/admin/benutzer").get_data(as_text=True)
    zeile = liste[liste.index("tom.traeger") :].split("</tr>")[0]
    assert "LDAP-Verzeichnis" in zeile
    seite = admin.get(f"/admin/benutzer/{tom.id}").get_data(as_text=True)
    assert "setzt die Gruppenzuordnung bei jeder Anmeldung neu" in seite
    assert "Passwort neu setzen" not in seite
    antwort = admin.post(
        f"/admin/benutzer/{tom.id}/passwort",
        data={
            "passwort": "Neues-Passwort-2026",
            "passwort_wiederholung": "Neues-Passwort-2026",
            "csrf_token": csrf_token(admin, f"/admin/benutzer/{tom.id}"),
        },
    )
    assert "hat hier kein Passwort" in antwort.get_data(as_text=True)
    # Das Verzeichniskonto meldet sich weiter nur über das Verzeichnis an.
    assert FALSCH in _senden(
        ldap_app.test_client(), csrf_token, "tom.traeger", "Neues-Passwort-2026"
    ).get_data(as_text=True)
