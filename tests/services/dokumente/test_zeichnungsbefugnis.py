"""Wer unterzeichnen darf (DOMAIN.md § 6a): Zeichnungsbefugnis, bestätigter SHA-256, die Person in
der Signatur, Vier-Augen-Prinzip, persönliche Zertifikate für externe Signaturen."""

from __future__ import annotations

import io
import subprocess
from datetime import timedelta

import pytest
from sqlmodel import func, select

from tests.fixtures.dokumente import (
    ADMIN,
    JETZT,
    LAND,
    NF,
    extern_signieren,
    lege_konto,
    unterzeichne,
    zertifikat_pem,
)
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung, Konflikt
from zielvereinbarung.models import AuditEreignis, Benutzer, Dokument, Zielvereinbarung
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente import unterzeichnung
from zielvereinbarung.services.dokumente.freigabe import gebe_frei, setze_vier_augen
from zielvereinbarung.services.dokumente.pruefung import pruefe_datei
from zielvereinbarung.services.dokumente.unterzeichnung import nimm_signiertes_dokument_an
from zielvereinbarung.services.konten import personenzertifikate, zeichnung
from zielvereinbarung.services.konten.benutzer import aendere_benutzer

SACHBEARBEITUNG = Akteur("sb.nf", "traeger", traeger_ags="01054")
LAND2 = Akteur("land2.sh", "land", land_code="SH")


def _zustand(session, vid) -> str:
    session.expire_all()
    return session.get(Zielvereinbarung, vid).zustand


def _anzahl(session, modell, *bedingungen) -> int:
    return session.exec(select(func.count()).select_from(modell).where(*bedingungen)).one()


def _signaturfelder(daten: bytes) -> list[tuple[str, str]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return [(str(s.sig_object["/Name"]), str(s.sig_object["/Reason"]))
            for s in PdfFileReader(io.BytesIO(daten)).embedded_signatures]  # fmt: skip


def test_ohne_befugnis_kein_unterzeichnen_mit_befugnis_die_person_in_der_signatur(
    session, einst, vid, zertifikate_sh, tmp_path
):
    lege_konto(session, SACHBEARBEITUNG, "Sachbearbeiter Nordfriesland")
    version = dienst.ausstellen(session, einst, vid, SACHBEARBEITUNG, JETZT)
    with pytest.raises(KeineBerechtigung, match="nicht zeichnungsberechtigt"):
        unterzeichnung.unterzeichne(session, einst, vid, SACHBEARBEITUNG, JETZT, version.sha256)
    assert _zustand(session, vid) == "einigung" and _anzahl(session, Dokument) == 1
    assert _anzahl(session, AuditEreignis, AuditEreignis.aktion == "dokument_unterzeichnet") == 0

    ergebnis = unterzeichnung.unterzeichne(session, einst, vid, NF, JETZT, version.sha256)
    assert ergebnis.zustand == "unterzeichnet_traeger"
    assert "Nina Friedrichsen, Landrätin" in ergebnis.meldung
    daten = dienst.lies_version(session, einst, vid, 2, NF)[1]
    name, grund = _signaturfelder(daten)[0]
    assert name == "Nina Friedrichsen"
    assert "Unterzeichnung durch Nina Friedrichsen, Landrätin für Kreis Nordfriesland" in grund
    # der sichtbare Signaturblock nennt Organisation und Person (nicht nur das Zertifikat)
    (tmp_path / "v2.pdf").write_bytes(daten)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "v2.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    zeilen = [z.strip() for z in text.splitlines()]
    assert "Elektronisch signiert für den Kreis Nordfriesland" in zeilen
    assert "durch Nina Friedrichsen, Landrätin" in zeilen
    ereignis = session.exec(
        select(AuditEreignis).where(AuditEreignis.aktion == "dokument_unterzeichnet")
    ).one()
    assert ereignis.akteur == "nf" and ereignis.details["person"] == "Nina Friedrichsen, Landrätin"
    assert session.get(Dokument, ergebnis.dokument.id).person == "Nina Friedrichsen, Landrätin"


def test_entzogene_befugnis_beendet_das_unterzeichnen(
    session, einst, vid, zertifikate_sh, zeichnungsberechtigt
):
    zeichnung.entziehe(session, zeichnungsberechtigt["nf"], ADMIN, JETZT)
    with pytest.raises(KeineBerechtigung):
        unterzeichne(session, einst, vid, NF, JETZT)
    assert _zustand(session, vid) == "einigung"
    aktionen = session.exec(select(AuditEreignis.aktion)).all()
    assert "zeichnungsbefugnis_entzogen" in aktionen and "dokument_unterzeichnet" not in aktionen
    # neu erteilt: geht wieder
    zeichnung.erteile(session, zeichnungsberechtigt["nf"], "Landrätin", ADMIN, JETZT)
    assert unterzeichne(session, einst, vid, NF, JETZT).zustand == "unterzeichnet_traeger"


def test_anderer_sha256_als_bestaetigt_unterzeichnet_nichts(session, einst, vid, zertifikate_sh):
    dienst.ausstellen(session, einst, vid, NF, JETZT)
    with pytest.raises(Konflikt, match="seit Ihrer Bestätigung geändert"):
        unterzeichnung.unterzeichne(session, einst, vid, NF, JETZT, "0" * 64)
    assert _zustand(session, vid) == "einigung" and _anzahl(session, Dokument) == 1


def test_rollen_oder_bereichswechsel_beendet_die_befugnis(session, zeichnungsberechtigt):
    nf = session.get(Benutzer, zeichnungsberechtigt["nf"])
    aendere_benutzer(session, nf.id, name=nf.name, rolle="traeger", land_code=None,
                     traeger_ags="01059", aktiv=True, akteur="admin", jetzt=JETZT)  # fmt: skip
    assert zeichnung.offene_befugnis(session, nf) is None


def test_wer_befugnisse_vergeben_darf(session, zeichnungsberechtigt):
    kollegin = lege_konto(session, LAND2, "Kollegin im Ministerium")
    sb = lege_konto(session, SACHBEARBEITUNG)
    # das Land (selbst zeichnungsberechtigt) für die eigenen Leute
    zeichnung.erteile(session, kollegin.id, "Referatsleiterin", LAND, JETZT)
    # nicht für Träger, nicht für sich selbst
    with pytest.raises(KeineBerechtigung, match="nur an die eigenen Leute"):
        zeichnung.erteile(session, sb.id, None, LAND, JETZT)
    with pytest.raises(KeineBerechtigung, match="eigene Zeichnungsbefugnis"):
        zeichnung.entziehe(session, zeichnungsberechtigt["land.sh"], LAND, JETZT)
    # ein Träger nie, auch nicht zeichnungsberechtigt
    with pytest.raises(KeineBerechtigung, match="vergibt die Administration"):
        zeichnung.erteile(session, sb.id, None, NF, JETZT)
    # ein Land-Konto ohne eigene Befugnis nicht
    zeichnung.entziehe(session, zeichnungsberechtigt["land.sh"], LAND2, JETZT)
    with pytest.raises(KeineBerechtigung, match="selbst zeichnungsberechtigt"):
        zeichnung.entziehe(session, kollegin.id, LAND, JETZT)
    # die Administration für Träger
    zeichnung.erteile(session, sb.id, None, ADMIN, JETZT)
    with pytest.raises(FachlicherFehler, match="bereits zeichnungsberechtigt"):
        zeichnung.erteile(session, sb.id, None, ADMIN, JETZT)
    erteilt = session.exec(
        select(AuditEreignis)
        .where(AuditEreignis.aktion == "zeichnungsbefugnis_erteilt")
        .order_by(AuditEreignis.id)
    ).all()
    assert [(e.akteur, e.details["benutzername"]) for e in erteilt][-2:] == [
        ("land.sh", "land2.sh"), ("admin", "sb.nf")
    ]  # fmt: skip


def test_vier_augen_freigabe_vor_der_gegenzeichnung(session, einst, vid, zertifikate_sh):
    kollegin = lege_konto(session, LAND2, "Kollegin im Ministerium")
    zeichnung.erteile(session, kollegin.id, "Referatsleiterin", ADMIN, JETZT)
    setze_vier_augen(session, "SH", True, LAND, JETZT)
    unterzeichne(session, einst, vid, NF, JETZT)
    with pytest.raises(FachlicherFehler, match="Vier-Augen-Prinzip"):
        unterzeichne(session, einst, vid, LAND, JETZT)
    assert _zustand(session, vid) == "unterzeichnet_traeger"
    version = dienst.neueste(session, vid)
    gebe_frei(session, vid, LAND, JETZT, version.sha256)
    with pytest.raises(FachlicherFehler, match="bereits freigegeben"):
        gebe_frei(session, vid, LAND2, JETZT, version.sha256)
    # wer freigegeben hat, zeichnet nicht gegen
    with pytest.raises(FachlicherFehler, match="Sie haben diese Version freigegeben"):
        unterzeichne(session, einst, vid, LAND, JETZT)
    assert _zustand(session, vid) == "unterzeichnet_traeger"
    ergebnis = unterzeichne(session, einst, vid, LAND2, JETZT + timedelta(minutes=1))
    assert ergebnis.zustand == "unterzeichnet"
    aktionen = session.exec(select(AuditEreignis.aktion)).all()
    assert "gegenzeichnung_freigegeben" in aktionen and "vier_augen_geaendert" in aktionen


def test_freigabe_nur_bei_vier_augen_und_nur_zeichnungsberechtigt(
    session, einst, vid, zertifikate_sh
):
    unterzeichne(session, einst, vid, NF, JETZT)
    sha = dienst.neueste(session, vid).sha256
    with pytest.raises(FachlicherFehler, match="kein Vier-Augen-Prinzip"):
        gebe_frei(session, vid, LAND, JETZT, sha)
    setze_vier_augen(session, "SH", True, ADMIN, JETZT)
    lege_konto(session, LAND2)
    with pytest.raises(KeineBerechtigung):
        gebe_frei(session, vid, LAND2, JETZT, sha)
    with pytest.raises(KeineBerechtigung):
        setze_vier_augen(session, "SH", False, LAND2, JETZT)
    with pytest.raises(KeineBerechtigung):
        gebe_frei(session, vid, NF, JETZT, sha)


@pytest.fixture
def ausgestellt(session, einst, vid, zertifikate_sh) -> bytes:
    dienst.ausstellen(session, einst, vid, NF, JETZT)
    return dienst.lies_version(session, einst, vid, 1, NF)[1]


def test_externe_signatur_nur_mit_registriertem_zertifikat_einer_berechtigten_person(
    session, einst, vid, ausgestellt, test_pki, zeichnungsberechtigt
):
    signiert = extern_signieren(ausgestellt, test_pki.extern_p12)
    with pytest.raises(FachlicherFehler, match="weder das Organisationszertifikat"):
        nimm_signiertes_dokument_an(session, einst, vid, signiert, NF, JETZT)
    # für eine Person eines anderen Trägers registriert: zählt nicht für 01054
    pem = zertifikat_pem(test_pki.extern_p12)
    personenzertifikate.registriere(session, zeichnungsberechtigt["sl"], pem, ADMIN, JETZT)
    with pytest.raises(FachlicherFehler, match="weder das Organisationszertifikat"):
        nimm_signiertes_dokument_an(session, einst, vid, signiert, NF, JETZT)
    # für nf registriert, aber die Befugnis ist entzogen
    personenzertifikate.registriere(session, zeichnungsberechtigt["nf"], pem, ADMIN, JETZT)
    zeichnung.entziehe(session, zeichnungsberechtigt["nf"], ADMIN, JETZT)
    with pytest.raises(FachlicherFehler, match="weder das Organisationszertifikat"):
        nimm_signiertes_dokument_an(session, einst, vid, signiert, NF, JETZT)
    assert _zustand(session, vid) == "einigung"
    # wieder erteilt: angenommen; hochladen darf auch, wer selbst nicht zeichnet
    zeichnung.erteile(session, zeichnungsberechtigt["nf"], "Landrätin", ADMIN, JETZT)
    lege_konto(session, SACHBEARBEITUNG)
    ergebnis = nimm_signiertes_dokument_an(session, einst, vid, signiert, SACHBEARBEITUNG, JETZT)
    assert ergebnis.zustand == "unterzeichnet_traeger"
    assert session.get(Dokument, ergebnis.dokument.id).person == "Nina Friedrichsen, Landrätin"


def test_pruefung_zaehlt_die_befugnis_zum_signaturzeitpunkt(
    session, einst, vid, ausgestellt, test_pki, qes_nf, zeichnungsberechtigt
):
    signiert = extern_signieren(ausgestellt, test_pki.extern_p12)
    nimm_signiertes_dokument_an(session, einst, vid, signiert, NF, JETZT)
    unterzeichne(session, einst, vid, LAND, JETZT + timedelta(minutes=1))
    endversion = dienst.lies_version(session, einst, vid, 3, NF)[1]
    # später entzogen: die damals gültige Signatur bleibt gültig
    zeichnung.entziehe(session, zeichnungsberechtigt["nf"], ADMIN, JETZT + timedelta(days=1))
    bericht = pruefe_datei(session, einst, endversion, JETZT + timedelta(days=2))
    assert bericht.gueltig, bericht.maengel
    traeger, land = bericht.zeilen
    assert traeger.registriert_fuer == "Nina Friedrichsen, Landrätin"
    assert land.registriert_fuer == "Organisationszertifikat"
    assert land.befund.person == "Jan Petersen"


def test_persoenliches_zertifikat_registrieren_abweisungen(session, zeichnungsberechtigt, test_pki):
    nf = zeichnungsberechtigt["nf"]
    with pytest.raises(FachlicherFehler, match="kein lesbares Zertifikat"):
        personenzertifikate.registriere(session, nf, b"kein zertifikat", ADMIN, JETZT)
    with pytest.raises(FachlicherFehler, match="Organisationszertifikat"):
        personenzertifikate.registriere(session, nf, zertifikat_pem(test_pki.p12["ZV-01054"]),
                                        ADMIN, JETZT)  # fmt: skip
    with pytest.raises(KeineBerechtigung):
        personenzertifikate.registriere(session, nf, zertifikat_pem(test_pki.extern_p12), NF,
                                        JETZT)  # fmt: skip
    personenzertifikate.registriere(session, nf, zertifikat_pem(test_pki.extern_p12), ADMIN, JETZT)
    with pytest.raises(FachlicherFehler, match="bereits registriert"):
        personenzertifikate.registriere(session, nf, zertifikat_pem(test_pki.extern_p12), ADMIN,
                                        JETZT)  # fmt: skip
