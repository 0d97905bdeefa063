"""Fixtures für Dokumente und Signaturen: eine Test-PKI, Dokumenteinstellungen in tmp_path und
eine Zielvereinbarung 2027 für 01054 (SH) im Zustand `einigung`.

PKI (einmal je Testlauf, RSA 2048):
- `intern`: CA der Organisationszertifikate (Land SH „ZV-SH“, Träger 01054 „ZV-01054“, Träger
  01059 „ZV-01059“); ihr Zertifikat liegt im Demo-PKI-Verzeichnis der Einstellungen.
- `extern`: eine „qualifizierte“ CA, konfiguriert als Vertrauensanker (`vertrauensanker`), mit
  einem persönlichen Zertifikat, das die Anwendung nie gesehen hat.
- `fremd`: eine CA, der niemand vertraut.

Konten (`zeichnungsberechtigt`, mit jeder Vereinbarung `vid`): `nf` (Träger 01054), `sl` (Träger
01059) und `land.sh` sind zeichnungsberechtigt; ihre Namen (`PERSONEN`) unterscheiden sich von
denen in den Zertifikaten, damit Tests sehen, dass die Signatur die Person nennt.
`unterzeichne` tut, was die Bestätigungsseite tut: ausstellen (falls nötig), SHA-256 bestätigen,
unterzeichnen.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from cryptography.fernet import Fernet

from zielvereinbarung.documents import pki
from zielvereinbarung.documents.nebenlaeufig import synchron
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe, lies_zahl
from zielvereinbarung.models import Benutzer
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.dokumente import dokument as dokumente
from zielvereinbarung.services.dokumente import unterzeichnung, zertifikate
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
from zielvereinbarung.services.konten import zeichnung
from zielvereinbarung.services.konten.passwort import hash_passwort
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe
from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein

JETZT = datetime.now(UTC).replace(microsecond=0)  # Zertifikate gelten relativ zur echten Zeit
LAND = Akteur("land.sh", "land", land_code="SH")
NF = Akteur("nf", "traeger", traeger_ags="01054")
SL = Akteur("sl", "traeger", traeger_ags="01059")
LESER = Akteur("leser.sh", "leser", land_code="SH")
PASSPHRASE = "geheim-und-lang"
ADMIN = Akteur("admin", "admin")
PERSONEN = {  # Konto → (Name, Funktion im Signaturblock)
    "nf": ("Nina Friedrichsen", "Landrätin"),
    "sl": ("Sönke Lorenz", "Landrat"),
    "land.sh": ("Jan Petersen", "Staatssekretär"),
}
KONTO_PASSWORT = "Richtiges-Passwort-1"


@functools.cache
def _passwort_hash() -> str:
    return hash_passwort(KONTO_PASSWORT)


def lege_konto(session, akteur: Akteur, name: str | None = None) -> Benutzer:
    """Ein Konto für den Akteur (Passwort `KONTO_PASSWORT`)."""
    konto = Benutzer(benutzername=akteur.benutzername, name=name or akteur.benutzername,
                     passwort_hash=_passwort_hash(), rolle=akteur.rolle, land_code=akteur.land_code,
                     traeger_ags=akteur.traeger_ags, erstellt_am=JETZT)  # fmt: skip
    session.add(konto)
    session.flush()
    return konto


@pytest.fixture
def zeichnungsberechtigt(session, stammdaten) -> dict[str, int]:
    """Konten `nf`, `sl`, `land.sh` mit Zeichnungsbefugnis; Benutzername → Konto-id."""
    ids = {}
    for akteur in (NF, SL, LAND):
        name, funktion = PERSONEN[akteur.benutzername]
        konto = lege_konto(session, akteur, name)
        zeichnung.erteile(session, konto.id, funktion, ADMIN, JETZT - timedelta(days=1))
        ids[akteur.benutzername] = konto.id
    return ids


def zertifikat_pem(p12: bytes) -> bytes:
    """Das öffentliche Zertifikat aus einem PKCS#12 (wie es eine Person zum Registrieren gibt)."""
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    return pkcs12.load_key_and_certificates(p12, PASSPHRASE.encode())[1].public_bytes(Encoding.PEM)


@pytest.fixture
def qes_nf(session, zeichnungsberechtigt, test_pki) -> None:
    """Das persönliche („qualifizierte“) Zertifikat der externen CA ist für `nf` registriert."""
    from zielvereinbarung.services.konten import personenzertifikate

    personenzertifikate.registriere(session, zeichnungsberechtigt["nf"],
                                    zertifikat_pem(test_pki.extern_p12), ADMIN, JETZT)  # fmt: skip


def unterzeichne(session, einst, vid: int, akteur: Akteur, jetzt: datetime):
    """Wie die Bestätigungsseite: ausstellen (falls noch keine Version), SHA-256 bestätigen,
    unterzeichnen."""
    version = dokumente.neueste(session, vid) or dokumente.ausstellen(
        session, einst, vid, akteur, jetzt
    )
    return unterzeichnung.unterzeichne(session, einst, vid, akteur, jetzt, version.sha256)


@dataclass
class TestPki:
    intern: pki.Zertifizierungsstelle
    extern: pki.Zertifizierungsstelle
    fremd: pki.Zertifizierungsstelle
    p12: dict[str, bytes]  # Organisationskennung → PKCS#12 (Passphrase PASSPHRASE)
    extern_p12: bytes  # persönliches Zertifikat der externen CA, ohne ZV-Kennung
    fremd_p12: bytes  # von der nicht vertrauten CA
    abgelaufen_p12: bytes  # ZV-01054, abgelaufen

    def p12_fuer(self, ca, name, organisation, kennung, von, bis) -> bytes:
        schluessel, zert = pki.erzeuge_zertifikat(ca, name, organisation, kennung, von, bis)
        return pki.als_pkcs12(schluessel, zert, [ca.zertifikat], PASSPHRASE)


@pytest.fixture(scope="session")
def test_pki() -> TestPki:
    von, bis = JETZT - timedelta(days=10), JETZT + timedelta(days=365)
    intern = pki.erzeuge_ca("Test-CA intern", JETZT - timedelta(days=30))
    extern = pki.erzeuge_ca("Test-CA qualifiziert", JETZT - timedelta(days=30))
    fremd = pki.erzeuge_ca("Unbekannte CA", JETZT - timedelta(days=30))
    leer = TestPki(intern, extern, fremd, {}, b"", b"", b"")
    p12 = {
        "ZV-SH": leer.p12_fuer(
            intern, "Dr. Erika Muster", "Land Schleswig-Holstein", "ZV-SH", von, bis
        ),
        "ZV-01054": leer.p12_fuer(
            intern, "Max Mustermann", "Kreis Nordfriesland", "ZV-01054", von, bis
        ),
        "ZV-01059": leer.p12_fuer(
            intern, "Lea Beispiel", "Kreis Schleswig-Flensburg", "ZV-01059", von, bis
        ),
    }
    return TestPki(
        intern, extern, fremd, p12,
        leer.p12_fuer(extern, "Landrat Florian Lorenzen", "Kreis Nordfriesland", None, von, bis),
        leer.p12_fuer(fremd, "Mallory", "Kreis Nordfriesland", None, von, bis),
        leer.p12_fuer(intern, "Alt", "Kreis Nordfriesland", "ZV-01054", JETZT - timedelta(days=400),
                      JETZT - timedelta(days=1)),
    )  # fmt: skip


@pytest.fixture
def einst(tmp_path, test_pki) -> DokumentEinstellungen:
    e = DokumentEinstellungen(
        ablage=tmp_path / "ablage",
        schluessel=Fernet.generate_key(),
        vertrauensanker=tmp_path / "anker",
        demo_pki=tmp_path / "pki",
    )
    e.vertrauensanker.mkdir()
    e.demo_pki.mkdir()
    (e.demo_pki / "intern.pem").write_bytes(test_pki.intern.pem())
    (e.vertrauensanker / "qualifiziert.pem").write_bytes(test_pki.extern.pem())
    return e


def vorgaben(iq: str = "2,0") -> list[Zielvorgabe]:
    return [
        Zielvorgabe("LLU", "monitoring"),
        Zielvorgabe("IQ", "veraenderung", lies_zahl(iq)),
        Zielvorgabe("IQ_F", "monitoring"),
        Zielvorgabe("IQ_M", "monitoring"),
        Zielvorgabe("IQ_AE", "monitoring"),
        Zielvorgabe("LZB", "veraenderung", lies_zahl("-1,5")),
        Zielvorgabe("IQ_LZB", "korridor", untere=D(1), obere=D(3)),
        Zielvorgabe("Q1", "qualitativ", text="Mehr Frauen in Arbeit", bezeichnung="Gleichstellung"),
    ]


def zur_einigung(session, vid: int, iq: str = "2,0") -> None:
    reiche_angebot_ein(session, vid, 1, vorgaben(iq), "Angebot", NF, JETZT)
    nimm_an(session, vid, 2, LAND, JETZT + timedelta(seconds=1))


@pytest.fixture
def entwuerfe(session, stammdaten) -> dict[str, int]:
    """Entwürfe 2027 für die zkT in SH; 01054 mit Basiswert IQ 30 % (300 Integrationen bei
    1.000 eLb) und LZB 400."""
    zeilen = ["ags,monat,elb,integrationen,lzb"] + [
        f"01054,{m},1000,25,400" for m in ["2025-12"] + [f"2026-{i:02d}" for i in range(1, 13)]
    ]
    importiere_basiszahlen(session, "nf.csv", ("\n".join(zeilen) + "\n").encode(), "t",
                           datetime(2027, 1, 5, tzinfo=UTC))  # fmt: skip
    setze_orientierungswerte(session, "SH", 2027, [Zielvorgabe("IQ", "veraenderung", D("2.5"))],
                             LAND, JETZT)  # fmt: skip
    return dict(erzeuge_entwuerfe(session, "SH", 2027, LAND, JETZT).erzeugt)


@pytest.fixture
def vid(session, entwuerfe, zeichnungsberechtigt) -> int:
    """Die Vereinbarung 2027 von 01054 im Zustand `einigung` (Revision 2, IQ +2,0 %)."""
    v = entwuerfe["01054"]
    zur_einigung(session, v)
    return v


@pytest.fixture
def zertifikate_sh(session, einst, test_pki) -> None:
    """Aktive Zertifikate für Land SH und Träger 01054 (verschlüsselt gespeichert)."""
    for kennung, land, ags, vertreter, funktion in (
        ("ZV-SH", "SH", None, "Dr. Erika Muster", "Staatssekretärin"),
        ("ZV-01054", None, "01054", "Florian Lorenzen", "Landrat"),
    ):
        org = zertifikate.organisation(session, land_code=land, ags=ags)
        zertifikate.importiere(session, einst, org, test_pki.p12[kennung], PASSPHRASE, vertreter,
                               funktion, None, "admin", JETZT)  # fmt: skip


def extern_signieren(pdf: bytes, p12: bytes, feld: str = "Unterschrift_Traeger") -> bytes:
    """So signiert ein externes Werkzeug: pyHanko direkt, eigener Schlüssel, vorhandenes Feld."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    signer = signers.SimpleSigner.load_pkcs12_data(p12, [], PASSPHRASE.encode())
    meta = signers.PdfSignatureMetadata(field_name=feld, subfilter=SigSeedSubFilter.PADES,
                                        reason="Qualifiziert signiert")  # fmt: skip
    return synchron(
        signers.PdfSigner(meta, signer=signer).sign_pdf, IncrementalPdfFileWriter(io.BytesIO(pdf))
    ).getvalue()


def pdfsig(pfad) -> list[dict[str, str | bool]]:
    """Die Signaturen laut poppler `pdfsig`: Feld, Name, gültig, ganzes Dokument."""
    import re
    import subprocess

    ausgabe = subprocess.run(["pdfsig", str(pfad)], capture_output=True, text=True).stdout
    signaturen = []
    for block in re.split(r"^Signature #\d+:$", ausgabe, flags=re.MULTILINE)[1:]:
        feld = re.search(r"Signature Field Name: (.*)", block)
        name = re.search(r"Signer Certificate Common Name: (.*)", block)
        signaturen.append(
            {
                "feld": feld.group(1).strip() if feld else "",
                "name": name.group(1).strip() if name else "",
                "gueltig": "Signature Validation: Signature is Valid." in block,
                "ganz": "- Total document signed" in block,
            }
        )
    return signaturen


def qpdf_check(pfad) -> tuple[int, str]:
    import subprocess

    ergebnis = subprocess.run(["qpdf", "--check", str(pfad)], capture_output=True, text=True)
    return ergebnis.returncode, ergebnis.stdout + ergebnis.stderr


@pytest.fixture(scope="session")
def certomancer(tmp_path_factory):
    """certomancer mit OCSP, CRL und Zeitstempeldienst auf 127.0.0.1 (einmal je Testlauf)."""
    import logging

    from .certomancer_pki import starte

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    pki_server = starte(tmp_path_factory.mktemp("certomancer"))
    yield pki_server
    pki_server.stop()


@pytest.fixture
def einst_lt(einst, certomancer) -> DokumentEinstellungen:
    """Einstellungen mit der certomancer-Wurzel als Vertrauensanker und ihrem Zeitstempeldienst."""
    from dataclasses import replace

    (einst.vertrauensanker / "certomancer-wurzel.crt").write_bytes(certomancer.wurzel_der)
    return replace(einst, tsa_url=certomancer.tsa_url)


@pytest.fixture
def zertifikate_lt(session, einst_lt, certomancer) -> None:
    """Organisationszertifikate aus certomancer (mit OCSP/CRL) für Land SH und Träger 01054."""
    for name, land, ags in (("land", "SH", None), ("traeger", None, "01054")):
        org = zertifikate.organisation(session, land_code=land, ags=ags)
        zertifikate.importiere(session, einst_lt, org, certomancer.p12[name], PASSPHRASE, None,
                               None, None, "admin", JETZT)  # fmt: skip
