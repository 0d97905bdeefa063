"""Dokument und Unterschriften der Vereinbarung BMAS ↔ Land (DOMAIN.md §§ 6, 6a, 9) über dieselbe
Maschinerie wie Land ↔ zkT: das Land unterzeichnet zuerst (Feld `Unterschrift_Land`, Zertifikat
des Landes), das BMAS zeichnet gegen (`Unterschrift_BMAS`, Zertifikat „ZV-BMAS“); `pdfsig` und
`flask zv verify` bestätigen beide Signaturen; die Reihenfolge und die Zugehörigkeit der
Zertifikate werden geprüft."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.fixtures.dokumente import (
    ADMIN,
    JETZT,
    LAND,
    NF,
    PASSPHRASE,
    lege_konto,
    pdfsig,
    unterzeichne,
)
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente import zertifikate
from zielvereinbarung.services.dokumente.pruefung import pruefe_datei
from zielvereinbarung.services.konten import zeichnung
from zielvereinbarung.services.verhandlung import bund_land as bl
from zielvereinbarung.services.verhandlung.lesen import letzte_revision
from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein

BUND_Z = Akteur("bund.z", "bund")


@pytest.fixture
def bund_einigung(session, stammdaten, zeichnungsberechtigt, app_einst, test_pki) -> int:
    """BMAS ↔ SH 2027 in `einigung`; Zertifikate für SH und das BMAS, `bund.z` und `land.sh`
    zeichnungsberechtigt."""
    konto = lege_konto(session, BUND_Z, "Dr. Bea Bund")
    zeichnung.erteile(session, konto.id, "Abteilungsleiterin", ADMIN, JETZT - timedelta(days=1))
    von, bis = JETZT - timedelta(days=10), JETZT + timedelta(days=365)
    bmas_p12 = test_pki.p12_fuer(test_pki.intern, "Hubert Demo", zertifikate.BMAS_NAME, "ZV-BMAS",
                                 von, bis)  # fmt: skip
    for org, p12 in ((zertifikate.organisation(session, land_code="SH"), test_pki.p12["ZV-SH"]),
                     (zertifikate.BMAS, bmas_p12)):  # fmt: skip
        zertifikate.importiere(session, app_einst, org, p12, PASSPHRASE, None, None, None,
                               "admin", JETZT)  # fmt: skip
    e = bl.lege_entwurf_an(session, "SH", 2027, [], Akteur("bund", "bund"), JETZT)
    from zielvereinbarung.models import Zielvereinbarung

    entwurf = letzte_revision(session, session.get(Zielvereinbarung, e.vereinbarung_id))
    reiche_angebot_ein(session, e.vereinbarung_id, 1, entwurf.vorgaben(), None, LAND, JETZT)
    nimm_an(session, e.vereinbarung_id, 2, BUND_Z, JETZT)
    return e.vereinbarung_id


def test_land_dann_bmas_pdfsig_und_verify(session, app_einst, bund_einigung, cli, tmp_path):
    vid = bund_einigung
    # das BMAS zeichnet erst gegen, wenn das Land unterzeichnet hat – nichts geschrieben
    with pytest.raises(FachlicherFehler, match="Zuerst unterzeichnet das Land"):
        unterzeichne(session, app_einst, vid, BUND_Z, JETZT)
    # ein anderes Land unterzeichnet nicht
    with pytest.raises(KeineBerechtigung):
        unterzeichne(session, app_einst, vid, Akteur("land.ni", "land", land_code="NI"), JETZT)
    erste = unterzeichne(session, app_einst, vid, LAND, JETZT)
    assert erste.zustand == "unterzeichnet_traeger" and "Das Land hat unterzeichnet" in (
        erste.meldung
    )
    zweite = unterzeichne(session, app_einst, vid, BUND_Z, JETZT + timedelta(minutes=1))
    assert zweite.zustand == "unterzeichnet" and "Das BMAS hat gegengezeichnet" in zweite.meldung
    session.commit()

    _, daten = dienst.lies_version(session, app_einst, vid, 3, LAND)
    pfad = tmp_path / "bmas-sh.pdf"
    pfad.write_bytes(daten)
    assert [(s["feld"], s["gueltig"]) for s in pdfsig(pfad)] == [
        ("Unterschrift_Land", True),
        ("Unterschrift_BMAS", True),
    ]
    bericht = pruefe_datei(session, app_einst, daten, JETZT + timedelta(minutes=2))
    assert bericht.gueltig, bericht.maengel
    assert [z.partei for z in bericht.zeilen if z.befund.art == "signatur"] == ["Land", "BMAS"]
    assert [z.registrierung for z in bericht.zeilen if z.befund.art == "signatur"] == [
        "Organisationszertifikat des Landes",
        "Organisationszertifikat des BMAS",
    ]
    geprueft = cli("zv", "verify", str(pfad))
    assert geprueft.exit_code == 0, geprueft.output

    # das eingebettete JSON nennt die Art; der Titel die Parteien und § 48b Abs. 1 Satz 1 Nr. 3
    from zielvereinbarung.documents.signaturpruefung import eingebettete_datei, lies_pdf

    inhalt = json.loads(eingebettete_datei(lies_pdf(daten), "zielvereinbarung.json", 10**6))
    assert (inhalt["art"], inhalt["ags"], inhalt["land"]) == ("bund_land", None, "SH")


def test_export_der_vereinbarung_bmas_land(session, app_einst, bund_einigung, cli, tmp_path):
    """`flask zv dokument export --bund-land SH` schreibt die neueste Version (sie hat keinen AGS);
    --ags und --bund-land zugleich oder keines von beiden ist ein Bedienfehler."""
    unterzeichne(session, app_einst, bund_einigung, LAND, JETZT)
    unterzeichne(session, app_einst, bund_einigung, BUND_Z, JETZT + timedelta(minutes=1))
    session.commit()
    _, erwartet = dienst.lies_version(session, app_einst, bund_einigung, 3, LAND)
    ziel = tmp_path / "bmas-sh.pdf"
    ergebnis = cli("zv", "dokument", "export", "--bund-land", "sh", "--jahr", "2027",
                   "--out", str(ziel))  # fmt: skip
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "Version 3" in ergebnis.output and "2 Signatur(en)" in ergebnis.output
    assert ziel.read_bytes() == erwartet

    fehlt = cli("zv", "dokument", "export", "--bund-land", "HH", "--jahr", "2027",
                "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    assert fehlt.exit_code != 0
    assert "Für die Vereinbarung BMAS ↔ HH gibt es keine Zielvereinbarung 2027." in fehlt.output
    for argumente in (["--ags", "01054", "--bund-land", "SH"], []):
        falsch = cli("zv", "dokument", "export", *argumente, "--jahr", "2027",
                     "--out", str(tmp_path / "y.pdf"))  # fmt: skip
        assert falsch.exit_code == 2 and "genau eines" in falsch.output
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_nur_vom_land_unterzeichnet_ist_nicht_gueltig(session, app_einst, bund_einigung, cli,
                                                      tmp_path):  # fmt: skip
    unterzeichne(session, app_einst, bund_einigung, LAND, JETZT)
    session.commit()
    _, daten = dienst.lies_version(session, app_einst, bund_einigung, 2, LAND)
    pfad = tmp_path / "halb.pdf"
    pfad.write_bytes(daten)
    geprueft = cli("zv", "verify", str(pfad))
    assert geprueft.exit_code == 1 and "die Gegenzeichnung des BMAS fehlt" in geprueft.output


def test_zertifikat_des_landes_gilt_nicht_fuer_das_bmas(session, app_einst, bund_einigung,
                                                        test_pki):  # fmt: skip
    """Die Zugehörigkeit prüft schon der Import: ein Zertifikat „ZV-SH“ ist keines des BMAS."""
    with pytest.raises(zertifikate.ZertifikatFehler, match="anderen Organisation"):
        zertifikate.importiere(session, app_einst, zertifikate.BMAS, test_pki.p12["ZV-SH"],
                               PASSPHRASE, None, None, None, "admin", JETZT)  # fmt: skip


def test_ohne_ags_steht_das_land_statt_none(session, app_einst, bund_einigung, vid):
    """Die Vereinbarung BMAS ↔ Land hat keinen AGS: Dateiname, Ablehnung als fremdes Dokument und
    Prüfbericht einer unbekannten Vereinbarung nennen das Land, nie „None“; die Vereinbarung des
    Trägers heißt weiter nach ihrem AGS."""
    from sqlmodel import delete, update

    from zielvereinbarung.models import Dokument, Zielvereinbarung
    from zielvereinbarung.services.dokumente.unterzeichnung import nimm_signiertes_dokument_an

    bund = dienst.ausstellen(session, app_einst, bund_einigung, LAND, JETZT)
    traeger = dienst.ausstellen(session, app_einst, vid, NF, JETZT)
    assert (bund.dateiname, traeger.dateiname) == (
        "zielvereinbarung-bmas-SH-2027-v1.pdf",
        "zielvereinbarung-01054-2027-v1.pdf",
    )
    _, daten = dienst.lies_version(session, app_einst, bund_einigung, 1, LAND)
    with pytest.raises(
        FachlicherFehler, match=rf"anderen Zielvereinbarung \(SH/2027 \(Nr\. {bund_einigung}\)\)"
    ):
        nimm_signiertes_dokument_an(session, app_einst, vid, daten, NF, JETZT)
    anders = daten + b"\n"  # eine Datei, die die Ablage nicht kennt: Angaben aus dem JSON
    with pytest.raises(
        FachlicherFehler, match=rf"\(Schleswig-Holstein, Jahr 2027, Nr\. {bund_einigung}\)"
    ):
        nimm_signiertes_dokument_an(session, app_einst, vid, anders, NF, JETZT)
    # die Datenbank kennt sie nicht (nur in dieser Transaktion): Prüfbericht ohne „None“
    session.execute(delete(Dokument).where(Dokument.vereinbarung_id == bund_einigung))
    session.execute(update(Zielvereinbarung).where(Zielvereinbarung.id == bund_einigung)
                    .values(jahr=2099))  # fmt: skip
    zuordnung = pruefe_datei(session, app_einst, daten, JETZT).zuordnung
    assert zuordnung and not zuordnung.bekannt
    assert (zuordnung.ags, zuordnung.traeger, zuordnung.jahr) == ("–", "Schleswig-Holstein", 2027)
