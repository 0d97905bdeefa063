"""Eine kleine PKI für Demo und Tests: Zertifizierungsstelle und Signaturzertifikate
(RSA 2048, SHA-256), als PKCS#12 verpackt. Nicht für den Produktionsbetrieb.

Zertifikate der Organisationen tragen im Subject `organizationIdentifier` (2.5.4.97) =
„ZV-<Land>“ bzw. „ZV-<AGS>“ (wie bei eIDAS-Siegeln) und als Organisation den Vertragsnamen;
daran erkennt die Anwendung, zu welcher Organisation ein Zertifikat gehört.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KENNUNG_PRAEFIX = "ZV-"


def organisationskennung(land_code: str | None = None, ags: str | None = None) -> str:
    """„ZV-NI“ für ein Land, „ZV-03157“ für einen Träger, „ZV-BMAS“ ohne beides (das BMAS)."""
    return KENNUNG_PRAEFIX + (ags or (land_code or "").upper() or "BMAS")


@dataclass(frozen=True)
class Zertifizierungsstelle:
    schluessel: rsa.RSAPrivateKey
    zertifikat: x509.Certificate

    def pem(self) -> bytes:
        return self.zertifikat.public_bytes(serialization.Encoding.PEM)


def _schluessel() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _key_usage(signatur: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signatur, content_commitment=signatur, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip


def erzeuge_ca(name: str, jetzt: datetime, jahre: int = 10) -> Zertifizierungsstelle:
    schluessel = _schluessel()
    subjekt = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Zielvereinbarung (Demo)"),
    ])  # fmt: skip
    zertifikat = (
        x509.CertificateBuilder()
        .subject_name(subjekt)
        .issuer_name(subjekt)
        .public_key(schluessel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(jetzt - timedelta(days=1))
        .not_valid_after(jetzt + timedelta(days=365 * jahre))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(False, True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(schluessel.public_key()), False)
        .sign(schluessel, hashes.SHA256())
    )
    return Zertifizierungsstelle(schluessel, zertifikat)


def erzeuge_zertifikat(
    ca: Zertifizierungsstelle,
    name: str,
    organisation: str,
    kennung: str | None,
    von: datetime,
    bis: datetime,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """Ein Signaturzertifikat (digitalSignature, nonRepudiation) von `ca`."""
    schluessel = _schluessel()
    attribute = [
        x509.NameAttribute(NameOID.COMMON_NAME, name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if kennung:
        attribute.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, kennung))
    zertifikat = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attribute))
        .issuer_name(ca.zertifikat.subject)
        .public_key(schluessel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(von)
        .not_valid_after(bis)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(True, False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.schluessel.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(schluessel.public_key()), False)
        .sign(ca.schluessel, hashes.SHA256())
    )
    return schluessel, zertifikat


def als_pkcs12(
    schluessel: rsa.RSAPrivateKey,
    zertifikat: x509.Certificate,
    kette: list[x509.Certificate],
    passphrase: str,
) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=b"zielvereinbarung",
        key=schluessel,
        cert=zertifikat,
        cas=kette,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
