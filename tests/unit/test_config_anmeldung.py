"""Einstellungen der Anmeldung aus Umgebungsvariablen: Voreinstellungen, vollständige LDAP- und
OIDC-Angaben, und jede fehlerhafte Angabe als Startfehler mit deutscher Meldung."""

from __future__ import annotations

from pathlib import Path

import pytest

from zielvereinbarung.config.anmeldung import (
    AnmeldeEinstellungen,
    KonfigurationsFehler,
)

ZUORDNUNG = str(Path(__file__).parents[1] / "dienste" / "zuordnung.toml")
LDAP = {
    "ZV_LDAP_URL": "ldaps://dc1.land.example ldaps://dc2.land.example",
    "ZV_LDAP_BIND_DN": "CN=svc-zv,OU=Dienste,DC=land,DC=example",
    "ZV_LDAP_BIND_PASSWORT": "geheim",
    "ZV_LDAP_BENUTZER_BASIS": "OU=Personen,DC=land,DC=example",
    "ZV_LDAP_BENUTZER_FILTER": "(&(objectClass=user)(sAMAccountName={benutzername}))",
    "ZV_LDAP_ATTR_BENUTZERNAME": "sAMAccountName",
    "ZV_LDAP_ATTR_ID": "objectGUID",
    "ZV_GRUPPEN_ZUORDNUNG": ZUORDNUNG,
}


def test_ohne_angaben_nur_lokal():
    e = AnmeldeEinstellungen.aus_umgebung({})
    assert (e.lokal, e.ldap, e.oidc, e.zuordnung) == ("alle", None, None, None)
    assert e.lokal_erlaubt("leser")


def test_active_directory_mit_zwei_servern():
    e = AnmeldeEinstellungen.aus_umgebung({**LDAP, "ZV_LOKALE_ANMELDUNG": "admins"})
    assert e.ldap.urls == ("ldaps://dc1.land.example", "ldaps://dc2.land.example")
    assert (e.ldap.modus, e.ldap.attr_id, e.ldap.tls) == ("suchen", "objectGUID", True)
    assert e.zuordnung.regeln and not e.lokal_erlaubt("land") and e.lokal_erlaubt("admin")


def test_oidc():
    e = AnmeldeEinstellungen.aus_umgebung(
        {
            "ZV_OIDC_ISSUER": "https://login.land.example/realms/zv/",
            "ZV_OIDC_CLIENT_ID": "zielvereinbarung",
            "ZV_OIDC_ABMELDEN": "nein",
            "ZV_GRUPPEN_ZUORDNUNG": ZUORDNUNG,
        }
    )
    assert e.oidc.metadaten_url == (
        "https://login.land.example/realms/zv/.well-known/openid-configuration"
    )
    assert (e.oidc.client_secret, e.oidc.abmelden_beim_anbieter) == (None, False)


@pytest.mark.parametrize(
    ("aenderung", "meldung"),
    [
        ({"ZV_LOKALE_ANMELDUNG": "keiner"}, "ZV_LOKALE_ANMELDUNG"),
        ({"ZV_GRUPPEN_ZUORDNUNG": ""}, "fehlt ZV_GRUPPEN_ZUORDNUNG"),
        ({"ZV_GRUPPEN_ZUORDNUNG": "/gibt/es/nicht.toml"}, "nicht lesbar"),
        ({"ZV_LDAP_URL": "dc1.land.example"}, "ldap:// oder ldaps://"),
        ({"ZV_LDAP_MODUS": "raten"}, "ZV_LDAP_MODUS"),
        ({"ZV_LDAP_STARTTLS": "vielleicht"}, "ja“ oder „nein"),
        ({"ZV_LDAP_BENUTZER_BASIS": ""}, "ZV_LDAP_BENUTZER_BASIS fehlt"),
        ({"ZV_LDAP_BENUTZER_FILTER": "(uid=x)"}, "{benutzername}"),
        ({"ZV_LDAP_BIND_PASSWORT": ""}, "zusammen setzen"),
        ({"ZV_LDAP_MODUS": "direkt"}, "ZV_LDAP_BENUTZER_DN"),
        ({"ZV_LDAP_CA_DATEI": "/gibt/es/nicht.pem"}, "gibt es nicht"),
        ({"ZV_LDAP_TIMEOUT": "ewig"}, "Sekunden"),
        ({"ZV_LDAP_GRUPPEN_BASIS": "OU=G", "ZV_LDAP_GRUPPEN_FILTER": "(member=x)"}, "{dn}"),
    ],
)
def test_fehlerhafte_angaben_sind_startfehler(aenderung, meldung):
    with pytest.raises(KonfigurationsFehler, match=meldung):
        AnmeldeEinstellungen.aus_umgebung({**LDAP, **aenderung})


@pytest.mark.parametrize(
    ("umgebung", "meldung"),
    [
        ({"ZV_OIDC_ISSUER": "http://login.land.example"}, "https://"),
        ({"ZV_OIDC_ISSUER": "https://login.land.example"}, "ZV_OIDC_CLIENT_ID fehlt"),
        (
            {"ZV_OIDC_ISSUER": "https://x.example", "ZV_OIDC_CLIENT_ID": "a", "ZV_OIDC_SCOPE": "a"},
            "openid",
        ),
    ],
)
def test_fehlerhafte_oidc_angaben(umgebung, meldung):
    with pytest.raises(KonfigurationsFehler, match=meldung):
        AnmeldeEinstellungen.aus_umgebung({**umgebung, "ZV_GRUPPEN_ZUORDNUNG": ZUORDNUNG})


def test_fehlerhafte_zuordnungsdatei(tmp_path):
    datei = tmp_path / "zuordnung.toml"
    datei.write_text('[[regel]]\ngruppe = "X"\nrolle = "chef"\n', encoding="utf-8")
    with pytest.raises(KonfigurationsFehler, match="Rolle „chef“ gibt es nicht"):
        AnmeldeEinstellungen.aus_umgebung({**LDAP, "ZV_GRUPPEN_ZUORDNUNG": str(datei)})
    datei.write_text("[[regel]\n", encoding="utf-8")
    with pytest.raises(KonfigurationsFehler, match="kein TOML"):
        AnmeldeEinstellungen.aus_umgebung({**LDAP, "ZV_GRUPPEN_ZUORDNUNG": str(datei)})


def test_app_startet_nicht_mit_fehlerhafter_angabe(monkeypatch):
    from zielvereinbarung.web import create_app

    monkeypatch.setenv("ZV_LDAP_URL", "ldap://127.0.0.1:1")
    monkeypatch.delenv("ZV_GRUPPEN_ZUORDNUNG", raising=False)
    with pytest.raises(KonfigurationsFehler, match="ZV_LDAP_BENUTZER_BASIS"):
        create_app({"TESTING": True})
