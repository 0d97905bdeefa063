"""Eine echte kleine PKI für die Tests: certomancer (pyHankos Test-PKI-Werkzeug) erzeugt
Wurzel-CA, OCSP-Responder, Sperrliste, Zeitstempeldienst und Signaturzertifikate und bedient
OCSP, CRL und TSA über HTTP (werkzeug auf 127.0.0.1, freier Port). Einmal je Testlauf.

Zertifikate (alle mit OCSP-Adresse und Sperrlisten-Verteilpunkt):
- `traeger` „Max Mustermann“, Kreis Nordfriesland, ZV-01054
- `land` „Dr. Erika Muster“, Land Schleswig-Holstein, ZV-SH
- `gesperrt` „Max Mustermann“, ZV-01054, seit gestern gesperrt (key_compromise)
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

PASSPHRASE = "geheim-und-lang"
ARCH = "zv-test"
SIGNIERER = {
    "traeger": ("Max Mustermann", "Kreis Nordfriesland", "ZV-01054"),
    "land": ("Dr. Erika Muster", "Land Schleswig-Holstein", "ZV-SH"),
    "gesperrt": ("Max Mustermann", "Kreis Nordfriesland", "ZV-01054"),
}


@dataclass
class CertomancerPki:
    url: str  # http://127.0.0.1:PORT
    tsa_url: str
    wurzel_der: bytes
    p12: dict[str, bytes]  # Zertifikatsname → PKCS#12 (PASSPHRASE)
    server: object

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _schluessel(verzeichnis: Path, name: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    schluessel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (verzeichnis / f"{name}.key.pem").write_bytes(
        schluessel.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )  # fmt: skip
    )


def _zeit(wert: datetime) -> str:
    return wert.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _konfiguration(url: str, jetzt: datetime) -> dict:
    von, bis = _zeit(jetzt - timedelta(days=30)), _zeit(jetzt + timedelta(days=400))
    ku = lambda *p: {"id": "key_usage", "critical": True,  # noqa: E731
                     "smart-value": {"schema": "key-usage", "params": list(p)}}  # fmt: skip
    dienste = [
        {"id": "authority_information_access", "smart-value": {
            "schema": "aia-urls", "params": {"ocsp-responder-names": ["wurzel"]}}},
        {"id": "crl_distribution_points", "smart-value": {
            "schema": "crl-dist-url", "params": {"crl-repo-names": ["wurzel"]}}},
    ]  # fmt: skip
    zertifikate = {
        "wurzel": {"subject": "wurzel", "issuer": "wurzel", "validity": {
            "valid-from": _zeit(jetzt - timedelta(days=60)),
            "valid-to": _zeit(jetzt + timedelta(days=3650))},
            "extensions": [{"id": "basic_constraints", "critical": True,
                            "value": {"ca": True}}, ku("digital_signature", "key_cert_sign",
                                                        "crl_sign")]},
        "ocsp": {"subject": "ocsp", "issuer": "wurzel", "validity": {"valid-from": von,
                                                                      "valid-to": bis},
                 "extensions": [ku("digital_signature"),
                                {"id": "extended_key_usage", "critical": True,
                                 "value": ["ocsp_signing"]},
                                {"id": "ocsp_no_check"}]},
        "tsa": {"subject": "tsa", "issuer": "wurzel", "validity": {"valid-from": von,
                                                                    "valid-to": bis},
                "extensions": [ku("digital_signature", "non_repudiation"),
                               {"id": "extended_key_usage", "critical": True,
                                "value": ["time_stamping"]}]},
    }  # fmt: skip
    for name in SIGNIERER:
        zertifikate[name] = {
            "subject": name, "issuer": "wurzel", "validity": {"valid-from": von, "valid-to": bis},
            "extensions": [ku("digital_signature", "non_repudiation"), *dienste],
        }  # fmt: skip
    zertifikate["gesperrt"]["revocation"] = {
        "revoked-since": _zeit(jetzt - timedelta(days=1)), "reason": "key_compromise"}  # fmt: skip
    entitaeten = {
        "wurzel": {"common-name": "Test-Wurzel-CA (certomancer)", "organization-name": "Test"},
        "ocsp": {"common-name": "Test-OCSP-Dienst", "organization-name": "Test"},
        "tsa": {"common-name": "Test-Zeitstempeldienst", "organization-name": "Test"},
    }
    for name, (cn, org, kennung) in SIGNIERER.items():
        entitaeten[name] = {"common-name": cn, "organization-name": org,
                            "organization-identifier": kennung}  # fmt: skip
    schluessel = {n: {"path": f"{n}.key.pem"} for n in [*entitaeten]}
    return {
        "external-url-prefix": url,
        "keysets": {"zv": {"keys": schluessel}},
        "pki-architectures": {ARCH: {
            "keyset": "zv", "entities": entitaeten, "certs": zertifikate,
            "services": {
                "ocsp": {"wurzel": {"for-issuer": "wurzel", "responder-cert": "ocsp",
                                    "signing-key": "ocsp"}},
                "crl-repo": {"wurzel": {"for-issuer": "wurzel", "signing-key": "wurzel",
                                        "simulated-update-schedule": "P7D"}},
                "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
            },
        }},
    }  # fmt: skip


def starte(verzeichnis: Path) -> CertomancerPki:
    """Schlüssel erzeugen, Konfiguration schreiben, Animator auf 127.0.0.1 starten."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig
    from werkzeug.serving import make_server

    jetzt = datetime.now(UTC).replace(microsecond=0)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}"
    konfiguration = _konfiguration(url, jetzt)
    for name in konfiguration["keysets"]["zv"]["keys"]:
        _schluessel(verzeichnis, name)
    cfg = CertomancerConfig(konfiguration, key_search_dir=str(verzeichnis))
    arch = cfg.get_pki_arch(ArchLabel(ARCH))
    animator = Animator(AnimatorArchStore(cfg.pki_archs), with_web_ui=False)
    server = make_server("127.0.0.1", port, animator, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    p12 = {
        name: arch.package_pkcs12(
            CertLabel(name), certs_to_embed=[CertLabel("wurzel")], password=PASSPHRASE.encode()
        )  # fmt: skip
        for name in SIGNIERER
    }
    return CertomancerPki(
        url=url,
        tsa_url=f"{url}/{ARCH}/tsa/tsa",
        wurzel_der=arch.get_cert(CertLabel("wurzel")).dump(),
        p12=p12,
        server=server,
    )
