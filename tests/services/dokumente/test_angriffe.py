"""Angriffe auf ein unterzeichnetes Dokument (Issue 8, Punkt 1): jede Fälschung und jede
Änderung nach der letzten Signatur wird als „nicht gültig“ mit deutschem Grund gemeldet; das
ehrliche Dokument bleibt gültig (Kontrolle in jedem Test)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.fixtures.dokumente import (
    JETZT,
    LAND,
    NF,
    PASSPHRASE,
    extern_signieren,
    pdfsig,
    unterzeichne,
)
from tests.services.dokumente import angriffe
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente.pruefung import pruefe_datei


@pytest.fixture
def ehrlich(session, einst, vid, zertifikate_sh) -> bytes:
    """Das von Träger und Land unterzeichnete Dokument (Version 3)."""
    unterzeichne(session, einst, vid, NF, JETZT)
    unterzeichne(session, einst, vid, LAND, JETZT + timedelta(minutes=5))
    return dienst.lies_version(session, einst, vid, 3, NF)[1]


@pytest.fixture
def ausgestellt(session, einst, ehrlich, vid) -> bytes:
    return dienst.lies_version(session, einst, vid, 1, NF)[1]


def _bericht(session, einst, daten):
    return pruefe_datei(session, einst, daten, JETZT + timedelta(hours=1))


def _ungueltig(session, einst, daten, *erwartet: str):
    bericht = _bericht(session, einst, daten)
    assert not bericht.gueltig and bericht.fehler is None
    text = " ".join(bericht.maengel)
    for teil in erwartet:
        assert teil in text, (teil, bericht.maengel)
    return bericht


def test_ehrliches_dokument_ist_gueltig_und_pdfsig_stimmt_zu(session, einst, ehrlich, tmp_path):
    bericht = _bericht(session, einst, ehrlich)
    assert bericht.gueltig, bericht.maengel
    assert [(z.partei, z.registriert, z.in_ordnung) for z in bericht.zeilen] == [
        ("Träger", True, True),
        ("Land", True, True),
    ]
    assert bericht.zuordnung.bestaetigt and bericht.zuordnung.version == 3
    pfad = tmp_path / "ehrlich.pdf"
    pfad.write_bytes(ehrlich)
    assert [(s["gueltig"], s["name"]) for s in pdfsig(pfad)] == [
        (True, "Max Mustermann"),
        (True, "Dr. Erika Muster"),
    ]


def test_faelschung_mit_selbst_erzeugten_zertifikaten_gleicher_namen(
    session, einst, ehrlich, ausgestellt, test_pki
):
    von, bis = JETZT - timedelta(days=1), JETZT + timedelta(days=30)
    traeger = test_pki.p12_fuer(test_pki.fremd, "Max Mustermann", "Kreis Nordfriesland",
                                "ZV-01054", von, bis)  # fmt: skip
    land = test_pki.p12_fuer(test_pki.fremd, "Dr. Erika Muster", "Land Schleswig-Holstein",
                             "ZV-SH", von, bis)  # fmt: skip
    gefaelscht = extern_signieren(extern_signieren(ausgestellt, traeger), land, "Unterschrift_Land")
    bericht = _ungueltig(
        session, einst, gefaelscht,
        "nicht vertrauenswürdig: keine Kette zu einer vertrauenswürdigen Stelle",
        "stammt nicht von einem für den Träger registrierten Zertifikat",
        "stammt nicht von einem für das Land registrierten Zertifikat",
    )  # fmt: skip
    assert [z.registriert for z in bericht.zeilen] == [False, False]
    # dieselbe Fälschung mit einem Stempel vor den Signaturen: auch das ausgestellte Dokument
    # ist nicht mehr das ausgestellte
    mit_stempel = extern_signieren(
        extern_signieren(angriffe.stempel(ausgestellt), traeger), land, "Unterschrift_Land"
    )
    _ungueltig(session, einst, mit_stempel, "nicht nur unterzeichnet, sondern auch verändert")
    assert _bericht(session, einst, ehrlich).gueltig


def test_vertrauenswuerdiges_zertifikat_einer_anderen_organisation(
    session, einst, ehrlich, ausgestellt, test_pki
):
    """Schleswig-Flensburg (ZV-01059, gleiche vertrauenswürdige CA) im Feld von Nordfriesland."""
    falsch = extern_signieren(
        extern_signieren(ausgestellt, test_pki.p12["ZV-01059"]),
        test_pki.p12["ZV-SH"],
        "Unterschrift_Land",
    )
    erwartet = (
        "(Lea Beispiel, Kreis Schleswig-Flensburg) stammt nicht von einem für den Träger "
        "registrierten Zertifikat"
    )
    bericht = _ungueltig(session, einst, falsch, erwartet)
    assert [(z.befund.vertrauenswuerdig, z.registriert) for z in bericht.zeilen] == [
        (True, False),
        (True, True),
    ]
    assert _bericht(session, einst, ehrlich).gueltig


@pytest.mark.parametrize(
    "angriff",
    ["info", "xmp", "objekt", "angehaengt", "stempel_und_dritte_signatur"],
)
def test_aenderung_nach_der_letzten_signatur(session, einst, ehrlich, test_pki, angriff):
    if angriff == "info":
        daten = angriffe.info_aendern(ehrlich)
    elif angriff == "xmp":
        daten = angriffe.xmp_tauschen(ehrlich)
    elif angriff == "objekt":
        daten = angriffe.objekt_anhaengen(ehrlich)
    elif angriff == "angehaengt":
        daten = ehrlich + b"Alle Ziele gelten als erreicht.\n"
    else:
        falsch = test_pki.p12_fuer(
            test_pki.fremd, "Dr. Erika Muster", "Land Schleswig-Holstein", "ZV-SH",
            JETZT - timedelta(days=1), JETZT + timedelta(days=9),
        )  # fmt: skip
        daten = angriffe.signiere_neues_feld(angriffe.stempel(ehrlich), falsch, PASSPHRASE)
    erwartet = {
        "angehaengt": "nach der letzten Signatur verändert: hinter dem Ende",
        "stempel_und_dritte_signatur": "Erwartet werden genau zwei Signaturen",
    }.get(angriff, "Nach dieser Signatur wurde das Dokument verändert (mehr als Prüfdaten")
    bericht = _ungueltig(session, einst, daten, erwartet)
    if angriff == "stempel_und_dritte_signatur":
        assert "Nach dieser Signatur wurde das Dokument verändert (mehr als weitere Signaturen" in (
            " ".join(bericht.maengel)
        )
        assert bericht.zeilen[-1].partei == "keine Vertragspartei"
    assert _bericht(session, einst, ehrlich).gueltig


def test_gekipptes_byte_im_container_der_zweiten_signatur(session, einst, ehrlich):
    kaputt = angriffe.kippe_im_container(ehrlich, 1, "zertifikate")
    assert len(kaputt) == len(ehrlich) and kaputt != ehrlich
    bericht = _ungueltig(session, einst, kaputt, "Signaturcontainer ist beschädigt")
    assert not bericht.zeilen[1].befund.intakt and bericht.zeilen[0].befund.intakt
    assert _bericht(session, einst, ehrlich).gueltig


def test_nur_vom_traeger_unterzeichnet_ist_nicht_gueltig(session, einst, vid, zertifikate_sh):
    unterzeichne(session, einst, vid, NF, JETZT)
    daten = dienst.lies_version(session, einst, vid, 2, NF)[1]
    bericht = _ungueltig(session, einst, daten, "die Gegenzeichnung des Landes fehlt")
    assert bericht.zeilen[0].in_ordnung


def test_unbekannte_vereinbarung_stimmt_nie_ueberein(session, einst, ehrlich, vid):
    """Dieselbe Datei gegen eine Datenbank, die die Vereinbarung nicht kennt (hier: Versionen
    gelöscht und das Jahr geändert, nur in dieser Transaktion)."""
    from sqlmodel import delete, update

    from zielvereinbarung.models import Dokument, Zielvereinbarung

    session.execute(delete(Dokument))
    session.execute(update(Zielvereinbarung).where(Zielvereinbarung.id == vid).values(jahr=2099))
    bericht = _ungueltig(session, einst, ehrlich, "in der Datenbank nicht bekannt")
    assert bericht.zuordnung and not bericht.zuordnung.bestaetigt
    assert not bericht.zuordnung.bekannt and bericht.zuordnung.jahr == 2027
    assert [z.registriert for z in bericht.zeilen] == [None, None]


def test_unendliches_jahr_in_der_eingebetteten_json(session, einst, ehrlich):
    """JSON erlaubt „1e400“, Python liest daraus eine unendliche Zahl: die Prüfung meldet die
    Vereinbarung als unbekannt (Jahr 0) statt mit einem Traceback abzubrechen; das ehrliche
    Dokument bleibt gültig."""
    falsch = angriffe.json_ersetzen(
        ehrlich, b'{"ags": "01054", "jahr": 1e400, "aenderung_von_id": 1, "aenderung_nr": -1e400}'
    )
    bericht = _ungueltig(session, einst, falsch, "in der Datenbank nicht bekannt")
    assert bericht.zuordnung and not bericht.zuordnung.bekannt
    assert (bericht.zuordnung.jahr, bericht.zuordnung.art) == (0, "Änderungsvereinbarung Nr. 0")
    assert _bericht(session, einst, ehrlich).gueltig


def test_pdf_bombe_in_der_eingebetteten_json(session, einst, ehrlich):
    """Die zielvereinbarung.json entpackt auf 300 MB: abgewiesen mit deutscher Meldung, bei
    begrenztem Speicher, im Audit-Protokoll vermerkt; das ehrliche Dokument bleibt gültig."""
    import tracemalloc

    from sqlmodel import select

    from zielvereinbarung.models import AuditEreignis

    bombe = angriffe.json_bombe(ehrlich, 300)
    assert len(bombe) < len(ehrlich) + 400_000
    tracemalloc.start()
    bericht = _bericht(session, einst, bombe)
    _, spitze = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert bericht.fehler and "entpackt größer als erlaubt" in bericht.fehler
    assert not bericht.gueltig and spitze < 160 * 2**20, spitze
    ereignis = session.exec(
        select(AuditEreignis).where(AuditEreignis.aktion == "pdf_abgewiesen")
    ).one()
    assert ereignis.details["groesse"] == len(bombe)
    assert _bericht(session, einst, ehrlich).gueltig
