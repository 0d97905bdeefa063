"""Im Browser: Vorschau, Träger und Land unterzeichnen nacheinander, das heruntergeladene PDF
besteht pdfsig; extern signiert hochladen; „Dokument prüfen“; Leser nur lesend."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.documents import pki
from zielvereinbarung.documents.nebenlaeufig import synchron
from zielvereinbarung.models import Zielvereinbarung

from .conftest import bestaetige

JETZT = datetime.now(UTC)


def _zustand(engine, vid) -> str:
    with Session(engine) as session:
        return session.get(Zielvereinbarung, vid).zustand


def _post(client, csrf_token, url, seite, **daten):
    return client.post(url, data={"csrf_token": csrf_token(client, seite), **daten},
                       content_type="multipart/form-data" if any(
                           isinstance(w, tuple) for w in daten.values()) else None,
                       follow_redirects=True)  # fmt: skip


def test_traeger_und_land_unterzeichnen_nacheinander(
    app, engine, einigung, client_als, csrf_token, tmp_path
):
    seite = f"/vereinbarungen/{einigung}/dokument"
    land, traeger = client_als("zeichnung-sh"), client_als("zeichnung-01054")

    vorschau = traeger.get(f"{seite}/vorschau")
    text = vorschau.get_data(as_text=True)
    assert vorschau.status_code == 200 and "für das Jahr 2027" in text
    assert traeger.get("/dokumente/vereinbarung.css").mimetype == "text/css"

    html = land.get(seite).get_data(as_text=True)
    assert "Zuerst unterzeichnet der Träger" in html and "Als Land gegenzeichnen" not in html
    antwort = land.get(f"{seite}/unterzeichnen", follow_redirects=True)
    assert "Zuerst unterzeichnet der Träger" in antwort.get_data(as_text=True)
    assert _zustand(engine, einigung) == "einigung"

    # erst ausstellen, dann zeigt die Bestätigungsseite genau diese Version
    html = traeger.get(seite).get_data(as_text=True)
    assert "bitte stellen Sie das Dokument zuerst aus" in html
    _post(traeger, csrf_token, f"{seite}/ausstellen", seite)
    assert "Als Träger unterzeichnen …" in traeger.get(seite).get_data(as_text=True)
    antwort = bestaetige(traeger, f"{seite}/unterzeichnen", DEMO_PASSWORT)
    assert "Der Träger hat unterzeichnet" in antwort.get_data(as_text=True)
    assert _zustand(engine, einigung) == "unterzeichnet_traeger"

    antwort = bestaetige(land, f"{seite}/unterzeichnen", DEMO_PASSWORT)
    assert "Das Land hat gegengezeichnet" in antwort.get_data(as_text=True)
    assert _zustand(engine, einigung) == "unterzeichnet"

    pdf = land.get(f"{seite}/v3.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert pdf.headers["Cache-Control"] == "no-store, no-transform"  # nie im Cache
    pfad = tmp_path / "unterzeichnet.pdf"
    pfad.write_bytes(pdf.data)
    ausgabe = subprocess.run(["pdfsig", str(pfad)], capture_output=True, text=True).stdout
    assert ausgabe.count("Signature Validation: Signature is Valid.") == 2, ausgabe
    assert re.search(r"Signature #2:.*?Signature is Valid", ausgabe, re.DOTALL), ausgabe

    geprueft = _post(client_als("leser"), csrf_token, "/pruefen", "/pruefen",
                     datei=(io.BytesIO(pdf.data), "vertrag.pdf"))  # fmt: skip
    text = geprueft.get_data(as_text=True)
    assert (
        "Gültig:</strong> Dies ist die von Träger und Land unterzeichnete" in text
        and "Kreis Nordfriesland (01054), Jahr 2027" in text
    )


def test_leser_sieht_nur(app, engine, einigung, client_als, csrf_token):
    seite = f"/vereinbarungen/{einigung}/dokument"
    leser = client_als("leser")
    html = leser.get(seite).get_data(as_text=True)
    assert "Vereinbarungsdokument" in html and "unterzeichnen" not in html.lower().replace(
        "unterzeichnet", ""
    )
    token = csrf_token(leser, seite)
    for aktion in ("ausstellen", "unterzeichnen", "hochladen", "anlage"):
        assert leser.post(f"{seite}/{aktion}", data={"csrf_token": token}).status_code == 403


def test_extern_signiert_hochladen(app, engine, einigung, client_als, csrf_token, tmp_path, welt):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    seite = f"/vereinbarungen/{einigung}/dokument"
    traeger = client_als("traeger")
    _post(traeger, csrf_token, f"{seite}/ausstellen", seite)
    ausgestellt = traeger.get(f"{seite}/v1.pdf").data

    ca = pki.erzeuge_ca("Qualifizierte Test-CA", JETZT - timedelta(days=1))
    (tmp_path / "pki" / "qualifiziert.pem").write_bytes(ca.pem())  # Vertrauensanker der App
    gueltig = (JETZT - timedelta(days=1), JETZT + timedelta(days=30))
    schluessel, zert = pki.erzeuge_zertifikat(
        ca, "Landrat Florian Lorenzen", "Kreis Nordfriesland", None, *gueltig
    )
    signer = signers.SimpleSigner.load_pkcs12_data(
        pki.als_pkcs12(schluessel, zert, [ca.zertifikat], "x"), [], b"x"
    )
    meta = signers.PdfSignatureMetadata(
        field_name="Unterschrift_Traeger", subfilter=SigSeedSubFilter.PADES
    )
    signiert = synchron(
        signers.PdfSigner(meta, signer=signer).sign_pdf,
        IncrementalPdfFileWriter(io.BytesIO(ausgestellt)),
    ).getvalue()

    abgelehnt = _post(traeger, csrf_token, f"{seite}/hochladen", seite,
                      **{"signiert-datei": (io.BytesIO(b"kein pdf"), "x.pdf")})  # fmt: skip
    assert "Signiertes Dokument abgelehnt: Die Datei ist kein PDF-Dokument." in abgelehnt.get_data(
        as_text=True
    )
    # ein persönliches Zertifikat zählt erst, wenn es für eine zeichnungsberechtigte Person
    # registriert ist
    abgelehnt = _post(traeger, csrf_token, f"{seite}/hochladen", seite,
                      **{"signiert-datei": (io.BytesIO(signiert), "signiert.pdf")})  # fmt: skip
    assert "weder das Organisationszertifikat" in abgelehnt.get_data(as_text=True)
    assert _zustand(engine, einigung) == "einigung"
    from cryptography.hazmat.primitives.serialization import Encoding

    admin = client_als("admin")
    konto = f"/admin/benutzer/{welt.benutzer_ids['zeichnung-01054']}"
    pem = io.BytesIO(zert.public_bytes(Encoding.PEM))
    ziel = f"/zeichnungsbefugnisse/konten/{welt.benutzer_ids['zeichnung-01054']}/zertifikat"
    registriert = _post(admin, csrf_token, ziel, konto, weiter=konto, datei=(pem, "lorenzen.pem"))
    text = registriert.get_data(as_text=True)
    assert "Persönliches Zertifikat" in text and "Landrat Florian Lorenzen" in text

    angenommen = _post(traeger, csrf_token, f"{seite}/hochladen", seite,
                       **{"signiert-datei": (io.BytesIO(signiert), "signiert.pdf")})  # fmt: skip
    text = angenommen.get_data(as_text=True)
    assert "extern signiertes Dokument angenommen" in text
    assert "Erika Demo (Nordfriesland), Landrätin (Demo)" in text
    assert _zustand(engine, einigung) == "unterzeichnet_traeger"
    assert traeger.get(f"{seite}/v2.pdf").data == signiert
