"""Anmeldung am echten OpenLDAP (Debians slapd, Fixture `ldap_server`): suchen und binden,
direkt binden, StartTLS/LDAPS, Gruppen → Rolle und Bereich, Bereitstellung der Konten, jede
Abweisung im Audit-Protokoll – und die ehrlichen Wege daneben."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from tests.dienste.slapd import (
    GRUPPEN,
    PERSONEN,
    aendere_mitgliedschaft,
    anmelde_einstellungen,
    freier_port,
    ldap_einstellungen,
)
from zielvereinbarung.config.anmeldung import MODUS_DIREKT
from zielvereinbarung.demo.konten import DEMO_PASSWORT, lege_demo_benutzer
from zielvereinbarung.models import AuditEreignis, Benutzer
from zielvereinbarung.services.konten.anmeldung import FALSCH, AnmeldungAbgelehnt
from zielvereinbarung.services.konten.benutzer import (
    aendere_benutzer,
    deaktiviere,
    lege_benutzer_an,
)
from zielvereinbarung.services.konten.bereitstellung import (
    BEREICH_UNBEKANNT,
    INAKTIV,
    KEINE_ROLLE,
    KONFLIKT,
)
from zielvereinbarung.services.konten.passwortanmeldung import (
    LOKAL_ABGESCHALTET,
    NICHT_ERREICHBAR,
    anmelden_mit_passwort,
)

JETZT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
IP = "198.51.100.7"


@pytest.fixture
def ldap(ldap_server):
    return anmelde_einstellungen(ldap=ldap_einstellungen(ldap_server))


def _anmelden(session, einstellungen, name, passwort):
    benutzer = anmelden_mit_passwort(session, name, passwort, IP, JETZT, einstellungen)
    session.commit()
    return benutzer


def _abgelehnt(session, einstellungen, name, passwort, zaehlt: bool | None = None) -> str:
    """Die Meldung der Ablehnung; `zaehlt`: ob sie als Fehlversuch für die Anmeldedrosselung
    (web.kern.drossel) gelten muss."""
    with pytest.raises(AnmeldungAbgelehnt) as fehler:
        anmelden_mit_passwort(session, name, passwort, IP, JETZT, einstellungen)
    session.commit()  # wie die Anmeldeseite: das Protokoll des Fehlversuchs bleibt
    if zaehlt is not None:
        assert fehler.value.zaehlt is zaehlt
    return fehler.value.meldung


def _letzte(session, n=1) -> list[AuditEreignis]:
    return list(session.exec(select(AuditEreignis).order_by(AuditEreignis.id.desc())).all())[:n]


def test_erste_anmeldung_legt_konto_mit_rolle_und_bereich_an(
    session, stammdaten, ldap_server, ldap
):
    benutzer = _anmelden(session, ldap, "Anna.Land", ldap_server.passwort("anna.land"))
    assert (benutzer.benutzername, benutzer.name, benutzer.email) == (
        "anna.land",
        "Anna Land",
        "anna.land@zv.test",
    )
    assert (benutzer.rolle, benutzer.land_code, benutzer.traeger_ags) == ("land", "NI", None)
    assert benutzer.herkunft == "ldap" and len(benutzer.externe_id) == 36  # entryUUID
    anmeldung, angelegt = _letzte(session, 2)
    assert (angelegt.akteur, angelegt.aktion) == ("verzeichnis", "benutzer_angelegt")
    assert (anmeldung.akteur, anmeldung.aktion) == ("anna.land", "anmeldung")
    assert anmeldung.details["methode"] == "ldap" and anmeldung.details["ip"] == IP
    assert anmeldung.details["gruppe"] == f"cn=ZV-Land-NI,{GRUPPEN}"

    # Zweite Anmeldung: dasselbe Konto, nichts geändert.
    wieder = _anmelden(session, ldap, "anna.land", ldap_server.passwort("anna.land"))
    assert wieder.id == benutzer.id
    assert [e.aktion for e in _letzte(session, 2)] == ["anmeldung", "anmeldung"]


def test_rolle_folgt_bei_jeder_anmeldung_den_gruppen(session, stammdaten, ldap_server, ldap):
    passwort = ldap_server.passwort("max.wechsel")
    assert _anmelden(session, ldap, "max.wechsel", passwort).rolle == "land"
    aendere_mitgliedschaft(ldap_server, "max.wechsel", "ZV-Traeger-03157", True)
    aendere_mitgliedschaft(ldap_server, "max.wechsel", "ZV-Land-NI", False)
    try:
        benutzer = _anmelden(session, ldap, "max.wechsel", passwort)
        assert (benutzer.rolle, benutzer.land_code, benutzer.traeger_ags) == (
            "traeger",
            None,
            "03157",
        )
        geaendert = _letzte(session, 2)[1]
        assert (geaendert.akteur, geaendert.aktion) == ("verzeichnis", "benutzer_geaendert")
        assert geaendert.details["aenderungen"]["rolle"] == ["land", "traeger"]
    finally:
        aendere_mitgliedschaft(ldap_server, "max.wechsel", "ZV-Land-NI", True)
        aendere_mitgliedschaft(ldap_server, "max.wechsel", "ZV-Traeger-03157", False)


def test_erste_passende_regel_gewinnt_admin_vor_land(session, stammdaten, ldap_server, ldap):
    benutzer = _anmelden(session, ldap, "ada.admin", ldap_server.passwort("ada.admin"))
    assert (benutzer.rolle, benutzer.land_code) == ("admin", None)


def test_muster_mit_bereich_aus_der_gruppe(session, stammdaten, ldap_server, ldap):
    traeger = _anmelden(session, ldap, "tom.traeger", ldap_server.passwort("tom.traeger"))
    leser = _anmelden(session, ldap, "lea.leser", ldap_server.passwort("lea.leser"))
    assert (traeger.rolle, traeger.traeger_ags) == ("traeger", "03157")
    assert (leser.rolle, leser.land_code) == ("leser", "NI")


def test_ohne_passende_gruppe_abgewiesen_mit_deutscher_meldung(
    session, stammdaten, ldap_server, ldap
):
    # Das Passwort stimmte: das ist kein Fehlversuch für die Anmeldedrosselung.
    passwort = ldap_server.passwort("otto.ohnerolle")
    meldung = _abgelehnt(session, ldap, "otto.ohnerolle", passwort, zaehlt=False)
    assert meldung == KEINE_ROLLE and "keiner Rolle" in meldung
    assert (
        session.exec(select(Benutzer).where(Benutzer.benutzername == "otto.ohnerolle")).first()
        is None
    )
    (ereignis,) = _letzte(session)
    assert ereignis.aktion == "anmeldung_fehlgeschlagen"
    assert ereignis.details["grund"] == "keine_rolle"
    assert ereignis.details["verzeichnisname"] == "otto.ohnerolle"
    assert ereignis.details["gruppen"] == [f"cn=Alle-Beschaeftigten,{GRUPPEN}"]


def test_unbekannter_bereich_abgewiesen(session, stammdaten, ldap_server, ldap):
    meldung = _abgelehnt(session, ldap, "fritz.fremd", ldap_server.passwort("fritz.fremd"))
    assert meldung == BEREICH_UNBEKANNT.format(bereich="99999")
    assert _letzte(session)[0].details["grund"] == "bereich_unbekannt"


def test_falsches_passwort_und_unbekannter_name_sind_nicht_zu_unterscheiden(
    session, stammdaten, ldap_server, ldap
):
    # Beide zählen als Fehlversuch für die Anmeldedrosselung.
    assert _abgelehnt(session, ldap, "anna.land", "falsches-Passwort-1", zaehlt=True) == FALSCH
    assert _abgelehnt(session, ldap, "niemand.da", "falsches-Passwort-1", zaehlt=True) == FALSCH
    falsch, unbekannt = reversed(_letzte(session, 2))
    assert (falsch.akteur, falsch.details["grund"]) == ("unbekannt", "passwort")
    assert (unbekannt.akteur, unbekannt.details["grund"]) == ("unbekannt", "unbekannt")


@pytest.mark.parametrize(
    "name", ["*", "anna.land)(uid=*", "anna.land*", "uid=anna.land,ou=personen", "a" * 129]
)
def test_filter_und_dn_einschleusung_wird_abgewiesen(session, stammdaten, ldap_server, ldap, name):
    assert _abgelehnt(session, ldap, name, ldap_server.passwort("anna.land")) == FALSCH


def test_leeres_passwort_wird_nie_als_anonymer_bind_gewertet(session, stammdaten, ldap):
    assert _abgelehnt(session, ldap, "anna.land", "") == FALSCH


def test_direkt_binden_mit_gruppensuche(session, stammdaten, ldap_server):
    einstellungen = anmelde_einstellungen(
        ldap=ldap_einstellungen(
            ldap_server,
            modus=MODUS_DIREKT,
            benutzer_dn="uid={benutzername}," + PERSONEN,
            benutzer_basis=None,
            bind_dn=None,
            bind_passwort=None,
            gruppen_basis=GRUPPEN,
        )
    )
    benutzer = _anmelden(session, einstellungen, "tom.traeger", ldap_server.passwort("tom.traeger"))
    assert (benutzer.rolle, benutzer.traeger_ags) == ("traeger", "03157")
    assert _abgelehnt(session, einstellungen, "tom.traeger", "falsch-falsch-falsch") == FALSCH


def test_ldaps_statt_starttls(session, stammdaten, ldap_server):
    einstellungen = anmelde_einstellungen(
        ldap=ldap_einstellungen(ldap_server, urls=(ldap_server.url_ldaps,), starttls=False)
    )
    benutzer = _anmelden(session, einstellungen, "lea.leser", ldap_server.passwort("lea.leser"))
    assert benutzer.rolle == "leser"


def test_zweiter_server_springt_ein(session, stammdaten, ldap_server):
    tot = f"ldap://127.0.0.1:{freier_port()}"
    einstellungen = anmelde_einstellungen(
        ldap=ldap_einstellungen(ldap_server, urls=(tot, ldap_server.url))
    )
    assert _anmelden(session, einstellungen, "anna.land", ldap_server.passwort("anna.land"))


def test_server_nicht_erreichbar_gibt_deutsche_meldung(session, stammdaten, ldap_server):
    einstellungen = anmelde_einstellungen(
        ldap=ldap_einstellungen(ldap_server, urls=(f"ldap://127.0.0.1:{freier_port()}",))
    )
    beginn = time.monotonic()
    # Ein Ausfall des Verzeichnisses zählt nicht als Fehlversuch des Benutzers.
    meldung = _abgelehnt(
        session, einstellungen, "anna.land", ldap_server.passwort("anna.land"), zaehlt=False
    )
    assert meldung == NICHT_ERREICHBAR and time.monotonic() - beginn < 10
    (ereignis,) = _letzte(session)
    assert ereignis.details["grund"] == "verzeichnis_nicht_erreichbar"


def test_fremdes_zertifikat_wird_abgelehnt(session, stammdaten, ldap_server, tmp_path):
    from tests.dienste.tls import erzeuge_pki

    fremde_ca = erzeuge_pki(tmp_path / "fremd", "fremd").ca
    for aenderung in (
        {"ca_datei": str(fremde_ca)},
        {"urls": (ldap_server.url_ldaps,), "starttls": False, "ca_datei": str(fremde_ca)},
    ):
        einstellungen = anmelde_einstellungen(ldap=ldap_einstellungen(ldap_server, **aenderung))
        meldung = _abgelehnt(session, einstellungen, "anna.land", ldap_server.passwort("anna.land"))
        assert meldung == NICHT_ERREICHBAR


def test_falsches_dienstkonto_gibt_deutsche_meldung(session, stammdaten, ldap_server):
    einstellungen = anmelde_einstellungen(
        ldap=ldap_einstellungen(ldap_server, bind_passwort="falsch")
    )
    meldung = _abgelehnt(session, einstellungen, "anna.land", ldap_server.passwort("anna.land"))
    assert meldung == NICHT_ERREICHBAR
    assert _letzte(session)[0].details["fehler"] == "dienstkonto_abgewiesen"


def test_lokales_admin_konto_bleibt_lokal(session, stammdaten, ldap_server, ldap):
    """Das Verzeichnis kennt auch einen „admin“ – er kommt nie an das lokale Konto."""
    lokal = lege_benutzer_an(
        session,
        benutzername="admin",
        name="Lokale Administration",
        rolle="admin",
        passwort=DEMO_PASSWORT,
        jetzt=JETZT,
    )
    session.commit()
    for einstellungen in (ldap, replace(ldap, lokal="admins")):
        assert _abgelehnt(session, einstellungen, "admin", ldap_server.passwort("admin")) == FALSCH
        assert _anmelden(session, einstellungen, "admin", DEMO_PASSWORT).id == lokal.id
    assert session.get(Benutzer, lokal.id).herkunft == "lokal"


def test_lokale_anmeldung_nur_fuer_admins(session, stammdaten):
    lege_demo_benutzer(session, "SH", [], JETZT)
    session.commit()
    einstellungen = anmelde_einstellungen(lokal="admins")
    meldung = _abgelehnt(session, einstellungen, "land-sh", DEMO_PASSWORT)
    assert meldung == LOKAL_ABGESCHALTET
    assert _letzte(session)[0].details["grund"] == "lokal_abgeschaltet"
    # Mit falschem Passwort verrät die Seite nicht, dass es das Konto gibt.
    assert _abgelehnt(session, einstellungen, "land-sh", "falsches-Passwort-1") == FALSCH
    assert _anmelden(session, einstellungen, "admin", DEMO_PASSWORT).rolle == "admin"
    assert _anmelden(session, anmelde_einstellungen(), "land-sh", DEMO_PASSWORT).rolle == "land"


def test_gleichnamiges_lokales_konto_wird_nicht_uebernommen(session, stammdaten, ldap_server, ldap):
    lege_benutzer_an(
        session,
        benutzername="tom.traeger",
        name="Ein anderer Tom",
        rolle="leser",
        land_code="SH",
        passwort=DEMO_PASSWORT,
        jetzt=JETZT,
    )
    session.commit()
    einstellungen = replace(ldap, lokal="admins")
    meldung = _abgelehnt(session, einstellungen, "tom.traeger", ldap_server.passwort("tom.traeger"))
    assert meldung == KONFLIKT.format(name="tom.traeger")
    assert _letzte(session)[0].details["grund"] == "konflikt"


def test_deaktiviertes_verzeichniskonto_bleibt_draussen(session, stammdaten, ldap_server, ldap):
    passwort = ldap_server.passwort("lea.leser")
    benutzer = _anmelden(session, ldap, "lea.leser", passwort)
    lege_benutzer_an(
        session, benutzername="chefin", name="C", rolle="admin", passwort=DEMO_PASSWORT, jetzt=JETZT
    )
    deaktiviere(session, benutzer.id, akteur="chefin", jetzt=JETZT)
    session.commit()
    assert _abgelehnt(session, ldap, "lea.leser", passwort) == INAKTIV
    aendere_benutzer(
        session,
        benutzer.id,
        name="Lea Leser",
        rolle="leser",
        land_code="NI",
        traeger_ags=None,
        aktiv=True,
        akteur="chefin",
        jetzt=JETZT,
    )
    session.commit()
    assert _anmelden(session, ldap, "lea.leser", passwort).aktiv


def test_verzeichniskonto_kann_sich_nicht_lokal_anmelden(session, stammdaten, ldap_server, ldap):
    passwort = ldap_server.passwort("anna.land")
    _anmelden(session, ldap, "anna.land", passwort)
    ohne_ldap = anmelde_einstellungen()
    assert _abgelehnt(session, ohne_ldap, "anna.land", passwort) == FALSCH
