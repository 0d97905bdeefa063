"""Das schnellere Lesen aus PDF-Objektströmen (documents/objektstroeme.py) liefert für jedes
Objekt jeder Revision eines zweimal signierten, getaggten PDFs selbst (ohne Rückfall) dasselbe wie
pyHanko; was es nicht findet, beantwortet weiter pyHanko."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from tests.fixtures.dokumente import PASSPHRASE, extern_signieren
from zielvereinbarung.documents import druck, objektstroeme, pki

JETZT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
HTML = (
    "<!doctype html><html lang='de-DE'><title>Test</title><h1>Vereinbarung</h1>"
    + "".join(f"<h2>Abschnitt {i}</h2><p>Absatz {i} mit Text.</p>" for i in range(60))
    + "</html>"
)


@pytest.fixture(scope="module")
def zweimal_signiert() -> bytes:
    ca = pki.erzeuge_ca("Test-CA", JETZT - timedelta(days=1))
    p12 = [
        pki.als_pkcs12(
            *pki.erzeuge_zertifikat(ca, name, "Kreis", None, JETZT, JETZT + timedelta(days=9)),
            [ca.zertifikat],
            PASSPHRASE,
        )
        for name in ("Erste", "Zweite")
    ]
    pdf = druck.pdf(HTML, "bericht")
    return extern_signieren(extern_signieren(pdf, p12[0], "Eins"), p12[1], "Zwei")


def _objekte_in_objektstroemen(leser):
    from pyhanko.pdf_utils.xref import ObjStreamRef

    for revision in range(leser.xrefs.total_revisions):
        for ref in leser.xrefs.explicit_refs_in_revision(revision):
            marke = leser.xrefs.get_historical_ref(ref, revision)
            if isinstance(marke, ObjStreamRef):
                yield ref.idnum, marke.obj_stream_id, marke.ix_in_stream


def test_jedes_objekt_jeder_revision_wie_bei_pyhanko(zweimal_signiert, monkeypatch):
    from pyhanko.pdf_utils.reader import PdfFileReader

    objektstroeme.beschleunige()
    pyhanko = objektstroeme._original

    def kein_rueckfall(*args):
        raise AssertionError(f"Rückfall auf pyHanko für {args[1:]}")

    monkeypatch.setattr(objektstroeme, "_original", kein_rueckfall)
    leser = PdfFileReader(io.BytesIO(zweimal_signiert), strict=False)
    assert leser.xrefs.total_revisions == 3
    orte = list(_objekte_in_objektstroemen(leser))
    assert len(orte) > 100  # WeasyPrint legt die Objekte des Strukturbaums in Objektströme
    for idnum, strom, index in orte:
        schnell = objektstroeme._aus_objektstrom(leser, idnum, strom, index)
        erwartet = pyhanko(leser, idnum, strom, index)
        assert type(schnell) is type(erwartet) and repr(schnell) == repr(erwartet), idnum


def test_ersetzt_wird_nur_in_der_geprueften_pyhanko_version():
    """Eine neue pyHanko-Version scheitert hier, bis der Vergleich oben für sie gelaufen und sie in
    GEPRUEFT eingetragen ist – bis dahin liest pyHanko selbst."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.version import __version__

    objektstroeme.beschleunige()
    assert __version__.startswith(objektstroeme.GEPRUEFT), __version__
    assert PdfFileReader._get_object_from_stream is objektstroeme._aus_objektstrom


def test_nicht_im_strom_antwortet_pyhanko(zweimal_signiert):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.misc import PdfStrictReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    objektstroeme.beschleunige()
    leser = PdfFileReader(io.BytesIO(zweimal_signiert), strict=False)
    idnum, strom, index = next(_objekte_in_objektstroemen(leser))
    fremd = max(r.idnum for r in leser.xrefs.explicit_refs_in_revision(0)) + 1000
    assert isinstance(objektstroeme._aus_objektstrom(leser, fremd, strom, 0), generic.NullObject)
    assert isinstance(
        objektstroeme._aus_objektstrom(leser, idnum, strom, 10**6), generic.NullObject
    )
    streng = PdfFileReader(io.BytesIO(zweimal_signiert), strict=True)
    with pytest.raises(PdfStrictReadError):
        objektstroeme._aus_objektstrom(streng, fremd, strom, 0)
