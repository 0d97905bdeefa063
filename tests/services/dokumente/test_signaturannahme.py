"""Extern signierte Dokumente: angenommen wird nur das ausgestellte Dokument plus eine gültige,
vertrauenswürdige Signatur; alles andere wird mit deutschem Grund abgelehnt, ohne Änderung."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlmodel import func, select

from tests.fixtures.dokumente import (
    JETZT,
    LAND,
    NF,
    PASSPHRASE,
    extern_signieren,
    pdfsig,
    unterzeichne,
)
from zielvereinbarung.documents.nebenlaeufig import synchron
from zielvereinbarung.documents.signaturpruefung import lade_anker, pruefe_signaturen
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.models import Dokument, Zielvereinbarung
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente.unterzeichnung import nimm_signiertes_dokument_an


@pytest.fixture
def ausgestellt(session, einst, vid, zertifikate_sh, qes_nf) -> bytes:
    dienst.ausstellen(session, einst, vid, NF, JETZT)
    return dienst.lies_version(session, einst, vid, 1, NF)[1]


def _unveraendert(session, vid, versionen: int = 1) -> None:
    session.expire_all()
    assert session.get(Zielvereinbarung, vid).zustand == "einigung"
    assert session.exec(select(func.count()).select_from(Dokument)).one() == versionen


def test_extern_signiert_wird_angenommen(session, einst, vid, ausgestellt, test_pki, tmp_path):
    signiert = extern_signieren(ausgestellt, test_pki.extern_p12)
    ergebnis = nimm_signiertes_dokument_an(session, einst, vid, signiert, NF, JETZT)
    assert ergebnis.zustand == "unterzeichnet_traeger"
    assert (ergebnis.dokument.version, ergebnis.dokument.herkunft) == (
        2,
        "extern signiert, hochgeladen",
    )
    assert "Landrat Florian Lorenzen" in ergebnis.dokument.unterzeichner
    # die Person, für die das Zertifikat registriert ist, steht an der Version
    assert session.get(Dokument, ergebnis.dokument.id).person == "Nina Friedrichsen, Landrätin"
    assert dienst.lies_version(session, einst, vid, 2, NF)[1] == signiert
    # danach zeichnet das Land intern gegen; beide Signaturen bleiben gültig
    unterzeichne(session, einst, vid, LAND, JETZT)
    endversion = dienst.lies_version(session, einst, vid, 3, NF)[1]
    pfad = tmp_path / "gemischt.pdf"
    pfad.write_bytes(endversion)
    assert [s["gueltig"] for s in pdfsig(pfad)] == [True, True]
    assert pruefe_signaturen(endversion, lade_anker(einst.anker_dateien()), JETZT).alle_in_ordnung


def test_anderes_dokument_wird_abgelehnt(session, einst, entwuerfe, vid, ausgestellt, test_pki):
    anderes = entwuerfe["01059"]
    zur_einigung_fremd(session, anderes)
    dienst.ausstellen(session, einst, anderes, LAND, JETZT)
    fremd = dienst.lies_version(session, einst, anderes, 1, LAND)[1]
    signiert = extern_signieren(fremd, test_pki.extern_p12)
    with pytest.raises(FachlicherFehler, match="gehört zu einer anderen Zielvereinbarung"):
        nimm_signiertes_dokument_an(session, einst, vid, signiert, NF, JETZT)
    _unveraendert(session, vid, versionen=2)


def zur_einigung_fremd(session, vid):
    from tests.fixtures.dokumente import vorgaben
    from zielvereinbarung.domain.berechtigung import Akteur
    from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein

    sl = Akteur("sl", "traeger", traeger_ags="01059")
    reiche_angebot_ein(session, vid, 1, vorgaben(), None, sl, JETZT)
    nimm_an(session, vid, 2, LAND, JETZT)


@pytest.mark.parametrize(
    "fall",
    [
        "fremde_ca",
        "prefix_geaendert",
        "inhalt_geaendert",
        "feld_des_landes",
        "unveraendert",
        "abgelaufen",
        "zwei_signaturen",
    ],
)
def test_ablehnungen(session, einst, vid, ausgestellt, test_pki, fall):
    meldungen = {
        "fremde_ca": "nicht vertrauenswürdig: keine Kette zu einer vertrauenswürdigen Stelle",
        "prefix_geaendert": "beginnt nicht Byte für Byte",
        "inhalt_geaendert": "weitere Änderungen",
        "feld_des_landes": "Unterschriftsfeld des Landes",
        "unveraendert": "keine neue Signatur",
        "abgelaufen": "abgelaufen",
        "zwei_signaturen": "genau eine neue Signatur",
    }
    if fall == "fremde_ca":
        daten = extern_signieren(ausgestellt, test_pki.fremd_p12)
    elif fall == "prefix_geaendert":
        geaendert = bytearray(ausgestellt)
        stelle = geaendert.index(b"/Title")
        geaendert[stelle + 1] = ord("t")
        daten = extern_signieren(bytes(geaendert), test_pki.extern_p12)
    elif fall == "inhalt_geaendert":
        daten = _mit_geaenderter_seite_signiert(ausgestellt, test_pki.extern_p12)
    elif fall == "feld_des_landes":
        daten = extern_signieren(ausgestellt, test_pki.extern_p12, "Unterschrift_Land")
    elif fall == "unveraendert":
        daten = ausgestellt
    elif fall == "abgelaufen":
        gueltig = (JETZT - timedelta(days=30), JETZT + timedelta(hours=1))
        spaeter = test_pki.p12_fuer(test_pki.extern, "Alt", "Kreis Nordfriesland", None, *gueltig)
        daten = extern_signieren(ausgestellt, spaeter)
    else:
        einmal = extern_signieren(ausgestellt, test_pki.extern_p12)
        daten = extern_signieren(einmal, test_pki.extern_p12, "Unterschrift_Land")
    jetzt = JETZT + timedelta(days=1) if fall == "abgelaufen" else JETZT
    with pytest.raises(FachlicherFehler, match=meldungen[fall]):
        nimm_signiertes_dokument_an(session, einst, vid, daten, NF, jetzt)
    _unveraendert(session, vid)


@pytest.mark.parametrize("fall, meldung", [
    ("kein_pdf", "kein PDF-Dokument"),
    ("abgeschnitten", "unvollständig"),
    ("verschluesselt", "verschlüsselt"),
    ("leer", "kein PDF-Dokument"),
])  # fmt: skip
def test_kaputte_dateien(session, einst, vid, ausgestellt, test_pki, fall, meldung):
    signiert = extern_signieren(ausgestellt, test_pki.extern_p12)
    daten = {
        "kein_pdf": b"PK\x03\x04 eine Word-Datei",
        "abgeschnitten": signiert[: len(signiert) - 2000],
        "verschluesselt": _verschluesselt(signiert),
        "leer": b"",
    }[fall]
    with pytest.raises(FachlicherFehler, match=meldung):
        nimm_signiertes_dokument_an(session, einst, vid, daten, NF, JETZT)
    _unveraendert(session, vid)


def test_land_kann_nicht_zuerst_hochladen(session, einst, vid, ausgestellt, test_pki):
    daten = extern_signieren(ausgestellt, test_pki.extern_p12, "Unterschrift_Land")
    with pytest.raises(FachlicherFehler, match="Zuerst unterzeichnet der Träger"):
        nimm_signiertes_dokument_an(session, einst, vid, daten, LAND, JETZT)
    _unveraendert(session, vid)


def test_ohne_ausgestelltes_dokument(session, einst, vid, test_pki):
    with pytest.raises(FachlicherFehler, match="noch kein Dokument ausgestellt"):
        nimm_signiertes_dokument_an(session, einst, vid, b"%PDF-1.7", NF, JETZT)


def _mit_geaenderter_seite_signiert(pdf: bytes, p12: bytes) -> bytes:
    """Ein Angreifer ändert in derselben Aktualisierung den Seiteninhalt und signiert dann."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    schreiber = IncrementalPdfFileWriter(io.BytesIO(pdf))
    seite = schreiber.root["/Pages"]["/Kids"][0].get_object()
    zusatz = schreiber.add_object(
        generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 500 Td (99 %) Tj ET")
    )
    inhalt = seite["/Contents"]
    seite["/Contents"] = generic.ArrayObject(
        [*(inhalt if isinstance(inhalt, generic.ArrayObject) else [inhalt]), zusatz]
    )
    schreiber.update_container(seite)
    signer = signers.SimpleSigner.load_pkcs12_data(p12, [], PASSPHRASE.encode())
    meta = signers.PdfSignatureMetadata(field_name="Unterschrift_Traeger",
                                        subfilter=SigSeedSubFilter.PADES)  # fmt: skip
    return synchron(signers.PdfSigner(meta, signer=signer).sign_pdf, schreiber).getvalue()


def _verschluesselt(pdf: bytes) -> bytes:
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as verzeichnis:
        ein, aus = Path(verzeichnis) / "ein.pdf", Path(verzeichnis) / "aus.pdf"
        ein.write_bytes(pdf)
        subprocess.run(["qpdf", "--encrypt", "nutzer", "besitzer", "256", "--", str(ein), str(aus)],
                       check=True)  # fmt: skip
        return aus.read_bytes()
