"""PAdES B-T: mit `ZV_TSA_URL` holt die Signatur einen RFC-3161-Zeitstempel. Der Dienst läuft
im Test lokal auf 127.0.0.1 (pyHankos DummyTimeStamper hinter einem kleinen HTTP-Server)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.fixtures.dokumente import JETZT, NF, unterzeichne
from zielvereinbarung.documents.signaturpruefung import lade_anker, pruefe_signaturen
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.services.dokumente import dokument as dienst


def _tsa(ca):
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    schluessel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    zert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test-Zeitstempeldienst")])
        )
        .issuer_name(ca.zertifikat.subject)
        .public_key(schluessel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(JETZT - timedelta(days=1))
        .not_valid_after(JETZT + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca.schluessel, hashes.SHA256())
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(zert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(schluessel.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
    )  # fmt: skip


@pytest.fixture
def tsa_url(test_pki):
    stamper = _tsa(test_pki.intern)
    anfragen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            anfrage = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            anfragen.append(anfrage)
            antwort = stamper.request_tsa_response(anfrage).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(antwort)))
            self.end_headers()
            self.wfile.write(antwort)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    faden = threading.Thread(target=server.serve_forever, daemon=True)
    faden.start()
    yield f"http://127.0.0.1:{server.server_port}/tsa", anfragen
    server.shutdown()
    server.server_close()


def test_pades_b_t_mit_zeitstempel(session, einst, vid, zertifikate_sh, tsa_url):
    url, anfragen = tsa_url
    mit_tsa = replace(einst, tsa_url=url)
    unterzeichne(session, mit_tsa, vid, NF, JETZT)
    assert anfragen  # pyHanko fragt zuerst zur Größenschätzung, dann für die Signatur
    daten = dienst.lies_version(session, einst, vid, 2, NF)[1]
    (signatur,) = pruefe_signaturen(daten, lade_anker(einst.anker_dateien()), JETZT).signaturen
    assert signatur.zeitstempel and signatur.in_ordnung and signatur.vertrauenswuerdig


def test_tsa_nicht_erreichbar(session, einst, vid, zertifikate_sh):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ohne = replace(einst, tsa_url=f"http://127.0.0.1:{port}/tsa")
    with pytest.raises(FachlicherFehler, match="Zeitstempeldienst"):
        unterzeichne(session, ohne, vid, NF, JETZT)
