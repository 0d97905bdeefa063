"""Audit-Anker mit RFC-3161-Zeitstempel (ZV_TSA_URL): ein lokaler Zeitstempeldienst auf
127.0.0.1 (pyHankos DummyTimeStamper hinter einem HTTP-Server, eigene kleine CA)."""

from __future__ import annotations

import base64
import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from zielvereinbarung.config import audit_anker_pfad, audit_schluessel
from zielvereinbarung.services.audit.anker import lies_anker, verankere
from zielvereinbarung.services.audit.kette import protokolliere
from zielvereinbarung.services.audit.pruefung import pruefe_kette

JETZT = datetime.now(UTC)


def _zert(name, schluessel, aussteller, aussteller_schluessel, ca: bool):
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(aussteller)
        .public_key(schluessel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(JETZT - timedelta(days=1))
        .not_valid_after(JETZT + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(aussteller_schluessel, hashes.SHA256())


def _der(zert):
    return asn1_x509.Certificate.load(zert.public_bytes(serialization.Encoding.DER))


@pytest.fixture(scope="module")
def tsa():
    """(URL, CA-Zertifikat als asn1crypto) eines lokalen Zeitstempeldienstes."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    ca_schluessel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test-CA Audit")])
    ca = _zert("Test-CA Audit", ca_schluessel, ca_name, ca_schluessel, True)
    tsa_schluessel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_zert = _zert("Test-Zeitstempeldienst", tsa_schluessel, ca_name, ca_schluessel, False)
    stamper = DummyTimeStamper(
        tsa_cert=_der(tsa_zert),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_schluessel.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        certs_to_embed=[_der(ca)],
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            anfrage = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            antwort = stamper.request_tsa_response(anfrage).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(antwort)))
            self.end_headers()
            self.wfile.write(antwort)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/tsa", _der(ca)
    server.shutdown()
    server.server_close()


def _kette(session, n=3):
    for i in range(n):
        protokolliere(session, "admin", "test", None, None, {"i": i}, JETZT)
    session.commit()


def test_anker_mit_zeitstempel_wird_geprueft(session, tsa, monkeypatch):
    url, ca = tsa
    monkeypatch.setenv("ZV_TSA_URL", url)
    _kette(session)
    anker = verankere(session, "unterschrift", JETZT)
    assert anker.zeitstempel and anker.tsa_fehler is None
    ergebnis = pruefe_kette(session, audit_schluessel(), lies_anker(), [ca])
    assert ergebnis.ok, ergebnis.meldung
    assert "1 Anker mit RFC-3161-Zeitstempel, alle intakt." in ergebnis.hinweise
    assert not any("Vertrauensankern" in h for h in ergebnis.hinweise)
    # ohne die CA als Vertrauensanker: intakt, aber der Hinweis sagt es
    ohne = pruefe_kette(session, audit_schluessel(), lies_anker(), [])
    assert ohne.ok and any("nicht zu den Vertrauensankern" in h for h in ohne.hinweise)


def test_angepasste_ankerdatei_faellt_am_zeitstempel_auf(session, tsa, monkeypatch):
    """Ein Insider mit Schlüssel schreibt die Kette neu und passt den HMAC im Anker an – den
    Zeitstempel kann er nicht nachmachen."""
    from sqlalchemy import text

    from zielvereinbarung.services.audit.kette import berechne_hmac

    url, ca = tsa
    monkeypatch.setenv("ZV_TSA_URL", url)
    _kette(session)
    verankere(session, "täglich", JETZT)
    session.execute(text("UPDATE audit_ereignis SET akteur = 'jemand' WHERE id = 3"))
    session.commit()
    session.expire_all()
    from sqlmodel import select

    from zielvereinbarung.models import AuditEreignis

    drittes = session.exec(select(AuditEreignis).where(AuditEreignis.id == 3)).one()
    drittes.hash = berechne_hmac(drittes, audit_schluessel().hmac_schluessel)
    session.commit()
    pfad = audit_anker_pfad()
    zeile = json.loads(pfad.read_text())
    zeile["hmac"] = drittes.hash
    pfad.write_text(json.dumps(zeile) + "\n")
    ergebnis = pruefe_kette(session, audit_schluessel(), lies_anker(), [ca])
    assert (ergebnis.ok, ergebnis.art) == (False, "anker")
    assert "Zeitstempel des Ankers" in ergebnis.meldung and "Ereignis 3" in ergebnis.meldung
    token = base64.b64decode(zeile["zeitstempel"])
    assert len(token) > 100


def test_dienst_nicht_erreichbar_anker_trotzdem(session, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ZV_TSA_URL", f"http://127.0.0.1:{port}/tsa")
    _kette(session)
    anker = verankere(session, "täglich", JETZT)
    assert anker.zeitstempel is None and "nicht erreichbar" in anker.tsa_fehler
    assert pruefe_kette(session, audit_schluessel(), lies_anker()).ok
