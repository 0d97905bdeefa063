"""Langzeitprüfbarkeit gegen eine echte lokale PKI (certomancer: OCSP, CRL, Zeitstempeldienst
auf 127.0.0.1): PAdES B-LT beim Unterzeichnen, B-LTA mit Archivzeitstempel, gesperrte
Zertifikate beim Unterzeichnen und bei der Prüfung."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from tests.fixtures.dokumente import LAND, NF, PASSPHRASE, pdfsig, unterzeichne
from tests.services.dokumente import angriffe
from zielvereinbarung.documents import signatur
from zielvereinbarung.documents.signaturpruefung import lade_anker, pruefe_signaturen
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.models import AuditEreignis, Dokument, Zielvereinbarung
from zielvereinbarung.services.dokumente import archivzeitstempel as archiv
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente import zertifikate
from zielvereinbarung.services.dokumente.pruefung import pruefe_datei


def _jetzt() -> datetime:  # certomancer antwortet mit der echten Uhrzeit
    return datetime.now(UTC).replace(microsecond=0)


def _dss(daten: bytes) -> dict:
    from pyhanko.pdf_utils.reader import PdfFileReader

    dss = PdfFileReader(io.BytesIO(daten), strict=False).root["/DSS"]
    return {k: len(dss.get(k, [])) for k in ("/Certs", "/OCSPs", "/CRLs")}


@pytest.fixture
def ehrlich_lt(session, einst_lt, vid, zertifikate_lt) -> bytes:
    unterzeichne(session, einst_lt, vid, NF, _jetzt())
    unterzeichne(session, einst_lt, vid, LAND, _jetzt())
    return dienst.lies_version(session, einst_lt, vid, 3, NF)[1]


def test_pades_b_lt_mit_ocsp_und_zeitstempel(session, einst_lt, ehrlich_lt, tmp_path):
    eingebettet = _dss(ehrlich_lt)
    assert eingebettet["/OCSPs"] >= 2 and eingebettet["/Certs"] >= 2, eingebettet
    bericht = pruefe_datei(session, einst_lt, ehrlich_lt, _jetzt())
    assert bericht.gueltig, bericht.maengel
    for zeile in bericht.zeilen:
        s = zeile.befund
        assert s.zeitquelle == "Zeitstempel" and s.zeitstempel
        assert s.sperrstatus == "nicht gesperrt (Sperrauskunft im Dokument)"
        assert s.vertrauen == "vertrauenswürdig (ausgestellt von Test-Wurzel-CA (certomancer))"
    pfad = tmp_path / "lt.pdf"
    pfad.write_bytes(ehrlich_lt)
    assert [s["gueltig"] for s in pdfsig(pfad)] == [True, True]


def test_gesperrtes_zertifikat_wird_beim_unterzeichnen_abgewiesen(
    session, einst_lt, vid, certomancer
):
    org = zertifikate.organisation(session, ags="01054")
    zertifikate.importiere(session, einst_lt, org, certomancer.p12["gesperrt"], PASSPHRASE, None,
                           None, None, "admin", _jetzt())  # fmt: skip
    with pytest.raises(FachlicherFehler, match=r"ist gesperrt \(widerrufen am .*Schlüssel "):
        unterzeichne(session, einst_lt, vid, NF, _jetzt())
    session.expire_all()
    assert session.get(Zielvereinbarung, vid).zustand == "einigung"
    assert session.exec(select(func.count()).select_from(Dokument)).one() <= 1  # nur ausgestellt
    # ehrlicher Weg: gültiges Zertifikat einrichten, dann geht es
    zertifikate.importiere(session, einst_lt, org, certomancer.p12["traeger"], PASSPHRASE, None,
                           None, None, "admin", _jetzt())  # fmt: skip
    assert unterzeichne(session, einst_lt, vid, NF, _jetzt()).zustand == "unterzeichnet_traeger"


def test_gesperrtes_zertifikat_wird_bei_der_pruefung_gemeldet(
    session, einst_lt, vid, certomancer, zertifikate_lt
):
    """Am Signieren der Anwendung vorbei (externes Werkzeug, Prüfdaten eingebettet)."""
    import asyncio

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko_certvalidator import CertificateValidator, errors

    from zielvereinbarung.documents.vertrauen import pruefregeln

    dienst.ausstellen(session, einst_lt, vid, NF, _jetzt())
    ausgestellt = dienst.lies_version(session, einst_lt, vid, 1, NF)[1]
    schluessel = signatur.lade_pkcs12(certomancer.p12["gesperrt"], PASSPHRASE)
    unterschrift = signatur.Unterschrift("für den Kreis Nordfriesland", "Max Mustermann",
                                         "Landrat", None, "heute", "Test")  # fmt: skip
    signiert = signatur.signiere(ausgestellt, signatur.FELD_TRAEGER, schluessel, unterschrift,
                                 certomancer.tsa_url)  # fmt: skip
    anker = lade_anker(einst_lt.anker_dateien())
    sig = PdfFileReader(io.BytesIO(signiert), strict=False).embedded_regular_signatures[0]
    regeln = pruefregeln(anker, abrufen=True)  # holt die OCSP-Antwort „gesperrt“
    with pytest.raises(errors.RevokedError):
        asyncio.run(CertificateValidator(sig.signer_cert, [], regeln).async_validate_usage(
            {"non_repudiation"}))  # fmt: skip
    schreiber = IncrementalPdfFileWriter(io.BytesIO(signiert))
    DocumentSecurityStore.supply_dss_in_writer(
        schreiber, sig.pkcs7_content, ocsps=regeln.ocsps, crls=regeln.crls
    )
    ausgabe = io.BytesIO()
    schreiber.write(ausgabe)
    mit_pruefdaten = ausgabe.getvalue()
    (befund,) = pruefe_signaturen(mit_pruefdaten, anker).signaturen
    assert befund.gesperrt and befund.sperrstatus.startswith("gesperrt seit ")
    assert "Schlüssel kompromittiert" in befund.sperrstatus
    assert befund.vertrauen == "nicht vertrauenswürdig: Zertifikat gesperrt"
    bericht = pruefe_datei(session, einst_lt, mit_pruefdaten, _jetzt())
    assert not bericht.gueltig and "Zertifikat gesperrt" in " ".join(bericht.maengel)


def test_archivzeitstempel_b_lta_und_danach_keine_aenderung(session, einst_lt, ehrlich_lt, vid):
    d = archiv.archiviere(session, einst_lt, vid, "admin", _jetzt())
    assert (d.version, d.herkunft, d.status, d.signaturen) == (4, "archiv", "unterzeichnet", 2)
    daten = dienst.lies_version(session, einst_lt, vid, 4, NF)[1]
    assert daten.startswith(ehrlich_lt)
    bericht = pruefe_datei(session, einst_lt, daten, _jetzt())
    assert bericht.gueltig, bericht.maengel
    assert [z.partei for z in bericht.zeilen] == ["Träger", "Land", "Archivzeitstempel"]
    assert bericht.zeilen[2].befund.vertrauenswuerdig
    assert "archivzeitstempel" in session.exec(select(AuditEreignis.aktion)).all()
    # erneuert, bevor das Zeitstempelzertifikat abläuft; vorher nichts fällig
    assert vid not in archiv.faellige(session, einst_lt, _jetzt())
    assert vid in archiv.faellige(session, einst_lt, _jetzt() + timedelta(days=380))
    # nach dem Archivzeitstempel ist eine Änderung genauso ungültig
    bericht = pruefe_datei(session, einst_lt, angriffe.info_aendern(daten), _jetzt())
    assert not bericht.gueltig and "verändert" in " ".join(bericht.maengel)


def test_gekipptes_byte_im_zeitstempel_der_zweiten_signatur(session, einst_lt, ehrlich_lt):
    kaputt = angriffe.kippe_im_container(ehrlich_lt, 1, "zeitstempel")
    bericht = pruefe_datei(session, einst_lt, kaputt, _jetzt())
    assert not bericht.gueltig and "Signaturcontainer ist beschädigt" in " ".join(bericht.maengel)
    assert pruefe_datei(session, einst_lt, ehrlich_lt, _jetzt()).gueltig
