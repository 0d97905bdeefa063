"""Unterzeichnen mit den Zertifikaten der Organisationen: Reihenfolge Träger → Land, pdfsig und
pyHanko bestätigen beide Signaturen, Zertifikatsfehler ändern nichts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlmodel import func, select

from tests.fixtures.dokumente import (
    JETZT,
    LAND,
    LESER,
    NF,
    PASSPHRASE,
    SL,
    pdfsig,
    qpdf_check,
    unterzeichne,
)
from zielvereinbarung.documents.signaturpruefung import lade_anker, pruefe_signaturen
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung
from zielvereinbarung.models import AuditEreignis, Dokument, Zertifikat, Zielvereinbarung
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente import zertifikate


def _zustand(session, vid) -> str:
    session.expire_all()
    return session.get(Zielvereinbarung, vid).zustand


def _anzahl(session, modell) -> int:
    return session.exec(select(func.count()).select_from(modell)).one()


def test_traeger_dann_land_beide_signaturen_gueltig(
    session, einst, vid, zertifikate_sh, tmp_path, pdf_struktur
):
    erste = unterzeichne(session, einst, vid, NF, JETZT)
    assert (erste.zustand, erste.dokument.version, erste.dokument.signaturen) == (
        "unterzeichnet_traeger",
        2,
        1,
    )
    zweite = unterzeichne(session, einst, vid, LAND, JETZT + timedelta(minutes=5))
    assert (zweite.zustand, zweite.dokument.version, zweite.dokument.signaturen) == (
        "unterzeichnet",
        3,
        2,
    )
    assert "gegengezeichnet" in zweite.meldung

    versionen = session.exec(select(Dokument).order_by(Dokument.version)).all()
    assert [(d.version, d.status, d.signaturen, d.herkunft) for d in versionen] == [
        (1, "ausgestellt", 0, "erzeugt"),
        (2, "unterzeichnet_traeger", 1, "intern"),
        (3, "unterzeichnet", 2, "intern"),
    ]
    assert [d.vorgaenger_id for d in versionen] == [None, versionen[0].id, versionen[1].id]
    # inkrementell: jede Version beginnt mit den Bytes der vorigen
    inhalte = [dienst.lies_version(session, einst, vid, d.version, LESER)[1] for d in versionen]
    assert inhalte[2].startswith(inhalte[1]) and inhalte[1].startswith(inhalte[0])

    pfad = tmp_path / "unterzeichnet.pdf"
    pfad.write_bytes(inhalte[2])
    signaturen = pdfsig(pfad)
    assert [(s["feld"], s["gueltig"]) for s in signaturen] == [
        ("Unterschrift_Traeger", True),
        ("Unterschrift_Land", True),
    ]
    # PAdES B-LT: hinter der letzten Signatur folgen nur noch die Prüfdaten (DSS), pdfsig meldet
    # deshalb „not total document signed“; die Änderungsanalyse erlaubt genau das
    assert not signaturen[-1]["ganz"] and b"/DSS" in inhalte[2][-20000:]
    assert signaturen[0]["name"] == "Max Mustermann" and signaturen[1]["name"] == "Dr. Erika Muster"
    code, ausgabe = qpdf_check(pfad)
    assert code == 0, ausgabe
    # das unterzeichnete Dokument bleibt getaggt und PDF/A-3a
    struktur = pdf_struktur.pruefe(pfad)
    assert struktur.sprache == "de-DE" and len(struktur.formulare) == 2

    befund = pruefe_signaturen(inhalte[2], lade_anker(einst.anker_dateien()), JETZT)
    assert befund.alle_in_ordnung
    assert all(s.vertrauenswuerdig and s.intakt and s.ganzes_dokument for s in befund.signaturen)
    assert [s.organisationskennung for s in befund.signaturen] == ["ZV-01054", "ZV-SH"]

    aktionen = session.exec(select(AuditEreignis.aktion)).all()
    assert aktionen.count("dokument_unterzeichnet") == 2 and "dokument_ausgestellt" in aktionen


def test_land_vor_dem_traeger_wird_abgelehnt(session, einst, vid, zertifikate_sh):
    with pytest.raises(FachlicherFehler, match="Zuerst unterzeichnet der Träger"):
        unterzeichne(session, einst, vid, LAND, JETZT)
    # nur ausgestellt (Version 1), nicht unterzeichnet
    assert _zustand(session, vid) == "einigung" and _anzahl(session, Dokument) == 1
    unterzeichne(session, einst, vid, NF, JETZT)
    with pytest.raises(FachlicherFehler, match="bereits unterzeichnet"):
        unterzeichne(session, einst, vid, NF, JETZT)
    assert _anzahl(session, Dokument) == 2


def test_nur_die_parteien_unterzeichnen(session, einst, vid, zertifikate_sh):
    for akteur in (LESER, SL):
        with pytest.raises(KeineBerechtigung):
            unterzeichne(session, einst, vid, akteur, JETZT)
    assert _zustand(session, vid) == "einigung"


def test_ohne_zertifikat_verstaendliche_meldung(session, einst, vid):
    with pytest.raises(FachlicherFehler, match="kein Signaturzertifikat eingerichtet"):
        unterzeichne(session, einst, vid, NF, JETZT)
    assert _zustand(session, vid) == "einigung" and _anzahl(session, Dokument) == 1


def test_abgelaufenes_zertifikat_beim_unterzeichnen(session, einst, vid, zertifikate_sh):
    spaeter = JETZT + timedelta(days=400)
    with pytest.raises(FachlicherFehler, match="abgelaufen"):
        unterzeichne(session, einst, vid, NF, spaeter)
    assert _zustand(session, vid) == "einigung" and _anzahl(session, Dokument) == 1


def test_anderer_schluessel_kann_nicht_entschluesseln(session, einst, vid, zertifikate_sh):
    from dataclasses import replace

    anders = replace(einst, schluessel=Fernet.generate_key())
    with pytest.raises(FachlicherFehler, match="ZV_SCHLUESSEL"):
        unterzeichne(session, anders, vid, NF, JETZT)
    assert _zustand(session, vid) == "einigung"


def test_import_falsche_passphrase_abgelaufen_fremd(session, einst, stammdaten, test_pki):
    org = zertifikate.organisation(session, ags="01054")
    faelle = [
        (test_pki.p12["ZV-01054"], "falsch", "Passphrase ist falsch"),
        (test_pki.abgelaufen_p12, PASSPHRASE, "abgelaufen"),
        (test_pki.p12["ZV-01059"], PASSPHRASE, "anderen Organisation \\(ZV-01059\\)"),
        (b"kein pkcs12", PASSPHRASE, "lässt sich nicht öffnen"),
    ]
    for daten, passphrase, meldung in faelle:
        with pytest.raises(zertifikate.ZertifikatFehler, match=meldung):
            zertifikate.importiere(session, einst, org, daten, passphrase, None, None, None,
                                   "admin", JETZT)  # fmt: skip
    assert _anzahl(session, Zertifikat) == 0
    # ohne Organisationskennung zählt der Organisationsname
    land = zertifikate.organisation(session, land_code="SH")
    with pytest.raises(zertifikate.ZertifikatFehler, match="nicht zu Land Schleswig-Holstein"):
        zertifikate.importiere(session, einst, land, test_pki.extern_p12, PASSPHRASE, None, None,
                               None, "admin", JETZT)  # fmt: skip


def test_schluessel_und_passphrase_nie_im_klartext(session, einst, stammdaten, test_pki):
    org = zertifikate.organisation(session, ags="01054")
    p12 = test_pki.p12["ZV-01054"]
    vertretung = ("Florian Lorenzen", "Landrat", "Husum")
    neu = zertifikate.importiere(session, einst, org, p12, PASSPHRASE, *vertretung, "admin", JETZT)
    zeile = session.exec(select(Zertifikat)).one()
    assert PASSPHRASE not in zeile.passphrase_verschluesselt
    assert (
        Fernet(einst.schluessel).decrypt(zeile.pkcs12_verschluesselt.encode())
        == test_pki.p12["ZV-01054"]
    )
    assert "PRIVATE" not in zeile.zertifikat_pem and neu.aktiv
    # ein zweiter Import löst das alte Zertifikat ab
    zertifikate.importiere(session, einst, org, test_pki.p12["ZV-01054"], PASSPHRASE, None, None,
                           None, "admin", JETZT)  # fmt: skip
    assert [z.aktiv for z in session.exec(select(Zertifikat).order_by(Zertifikat.id))] == [
        False,
        True,
    ]


def test_rollback_laesst_keine_zeile_zurueck(engine, einst, vid, zertifikate_sh, session):
    """Die Datei wird vor dem Commit geschrieben; rollt die Transaktion zurück, bleibt nur eine
    unbenutzte Datei, und ein neuer Versuch gelingt mit derselben Ablage."""
    session.commit()
    unterzeichne(session, einst, vid, NF, JETZT)
    session.rollback()
    assert _anzahl(session, Dokument) == 0 and _zustand(session, vid) == "einigung"
    ergebnis = unterzeichne(session, einst, vid, NF, JETZT)
    assert ergebnis.zustand == "unterzeichnet_traeger"
    session.commit()
    assert _anzahl(session, Dokument) == 2


def test_demo_pki(session, tmp_path, stammdaten):
    from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen

    einst = DokumentEinstellungen.aus_umgebung(tmp_path, False, umgebung={})
    erstes = zertifikate.richte_demo_pki_ein(session, einst, JETZT)
    assert (
        erstes.neu == ["ZV-NI", "ZV-03157", "ZV-03159"]
        and (tmp_path / "zv_schluessel.key").exists()
    )
    assert len(einst.anker_dateien()) == 1
    zweites = zertifikate.richte_demo_pki_ein(session, einst, JETZT)
    assert zweites.neu == [] and zweites.vorhanden == erstes.neu
    produktion = DokumentEinstellungen.aus_umgebung(
        tmp_path, True, umgebung={"ZV_SCHLUESSEL": "x" * 40}
    )
    with pytest.raises(zertifikate.ZertifikatFehler, match="Produktionsbetrieb"):
        zertifikate.richte_demo_pki_ein(session, produktion, JETZT)


def test_unterzeichnen_und_pruefen_in_laufender_asyncio_schleife(
    session, einst, vid, zertifikate_sh
):
    """pyHanko ruft intern asyncio.run auf; in einer laufenden Schleife (asynchroner Server,
    Playwright im selben Thread) muss es trotzdem gehen."""
    import asyncio

    async def innen():
        ergebnis = unterzeichne(session, einst, vid, NF, JETZT)
        daten = dienst.lies_version(session, einst, vid, 2, NF)[1]
        return ergebnis, pruefe_signaturen(daten, lade_anker(einst.anker_dateien()), JETZT)

    ergebnis, befund = asyncio.run(innen())
    assert ergebnis.zustand == "unterzeichnet_traeger" and befund.alle_in_ordnung
