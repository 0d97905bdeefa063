"""Eine Wegwerf-CA und ein Serverzertifikat für 127.0.0.1/localhost (für LDAPS/StartTLS und HTTPS
der Testserver). Erzeugt mit `cryptography`, gilt einen Tag."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class TestPki:
    ca: Path  # PEM der CA (dem vertrauen die Clients)
    zertifikat: Path  # PEM des Serverzertifikats
    schluessel: Path  # PEM des Serverschlüssels (unverschlüsselt)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def erzeuge_pki(verzeichnis: Path, name: str = "zv-test") -> TestPki:
    jetzt = datetime.now(UTC) - timedelta(minutes=5)
    ca_schluessel = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name} CA"))
        .issuer_name(_name(f"{name} CA"))
        .public_key(ca_schluessel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(jetzt)
        .not_valid_after(jetzt + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_schluessel.public_key()), critical=False
        )
        .sign(ca_schluessel, hashes.SHA256())
    )
    schluessel = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(schluessel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(jetzt)
        .not_valid_after(jetzt + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_schluessel.public_key()),
            critical=False,
        )
        .sign(ca_schluessel, hashes.SHA256())
    )
    verzeichnis.mkdir(parents=True, exist_ok=True)
    pki = TestPki(verzeichnis / "ca.pem", verzeichnis / "server.pem", verzeichnis / "server.key")
    pki.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.zertifikat.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    pki.schluessel.write_bytes(
        schluessel.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pki
