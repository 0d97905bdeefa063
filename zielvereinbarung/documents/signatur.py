"""Signieren des Vereinbarungsdokuments mit pyHanko (ohne Flask, ohne Datenbank).

- PAdES (`ETSI.CAdES.detached`, SHA-256). Mit Vertrauensankern (`anker`) wird das Zertifikat
  vorher geprüft (Kette, Gültigkeit, Sperrstatus online; gesperrt → `SignaturFehler`) und die
  Prüfdaten (Kette, OCSP-Antworten/Sperrlisten) werden in den DSS eingebettet; mit
  Zeitstempeldienst (`tsa_url`) ist das PAdES B-LT, ohne B-B mit Prüfdaten. Erweiterung zu
  B-LTA: `vertrauen.archivzeitstempel`.
- Jede Signatur ist eine inkrementelle Aktualisierung: die Bytes davor bleiben unverändert, die
  erste Signatur bleibt gültig, wenn die zweite hinzukommt.
- Die leeren Signaturfelder (`Unterschrift_Traeger`, `Unterschrift_Land`) legt `lege_felder_an`
  beim Ausstellen an (sichtbar, mit Rahmen, druckbar); `SigFlags` ist dabei schon 3
  (SignaturesExist | AppendOnly), damit die erste Signatur an der Formularstruktur nichts
  ändern muss, was eine Prüfung als verdächtig werten würde.
- Der sichtbare Signaturblock zeigt Organisation, Name, Funktion, Ort und Zeitpunkt in einer
  eingebetteten Schrift (DejaVu Sans; PDF/A verlangt eingebettete Schriften).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs12

from . import objektstroeme
from .nebenlaeufig import synchron

FELD_TRAEGER = "Unterschrift_Traeger"
FELD_LAND = "Unterschrift_Land"
FELD_BUND = "Unterschrift_BMAS"  # Vereinbarung BMAS ↔ Land: das BMAS zeichnet gegen
SCHRIFTEN = (
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
# Lateinisch-1, Satzzeichen (U+2000–206F), €, −: alles, was ein Signaturblock braucht
_ZEICHEN = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2000, 0x2070), 0x20AC, 0x2212]

for _name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class SignaturFehler(Exception):
    """Signieren nicht möglich (deutsche Meldung), z. B. falsche Passphrase."""

    def __init__(self, meldung: str):
        super().__init__(meldung)
        self.meldung = meldung


@dataclass(frozen=True)
class ZertifikatInfo:
    inhaber: str  # Subject (RFC 4514)
    name: str  # Common Name
    organisation: str | None
    organisationskennung: str | None  # organizationIdentifier (2.5.4.97), z. B. „ZV-03157“
    aussteller: str
    seriennummer: str  # hexadezimal
    fingerabdruck: str  # SHA-256 über DER, hexadezimal
    gueltig_von: datetime
    gueltig_bis: datetime


def _attribut(name: x509.Name, oid) -> str | None:
    werte = name.get_attributes_for_oid(oid)
    return str(werte[0].value) if werte else None


def zertifikat_info(zertifikat: x509.Certificate) -> ZertifikatInfo:
    from cryptography.x509.oid import NameOID

    return ZertifikatInfo(
        inhaber=zertifikat.subject.rfc4514_string(),
        name=_attribut(zertifikat.subject, NameOID.COMMON_NAME)
        or zertifikat.subject.rfc4514_string(),
        organisation=_attribut(zertifikat.subject, NameOID.ORGANIZATION_NAME),
        organisationskennung=_attribut(zertifikat.subject, NameOID.ORGANIZATION_IDENTIFIER),
        aussteller=zertifikat.issuer.rfc4514_string(),
        seriennummer=format(zertifikat.serial_number, "x"),
        fingerabdruck=zertifikat.fingerprint(hashes.SHA256()).hex(),
        gueltig_von=zertifikat.not_valid_before_utc,
        gueltig_bis=zertifikat.not_valid_after_utc,
    )


@dataclass(frozen=True)
class Schluessel:
    """Geladenes PKCS#12: Zertifikat mit privatem Schlüssel und Kette."""

    pkcs12: bytes
    passphrase: bytes
    zertifikat: x509.Certificate
    kette: tuple[x509.Certificate, ...]

    @property
    def info(self) -> ZertifikatInfo:
        return zertifikat_info(self.zertifikat)


def lade_pkcs12(daten: bytes, passphrase: str | bytes | None) -> Schluessel:
    """PKCS#12 öffnen; SignaturFehler bei falscher Passphrase oder unbrauchbarer Datei."""
    kennwort = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
    try:
        schluessel, zertifikat, kette = pkcs12.load_key_and_certificates(daten, kennwort or None)
    except ValueError:
        raise SignaturFehler(
            "Die PKCS#12-Datei lässt sich nicht öffnen: die Passphrase ist falsch oder die "
            "Datei ist beschädigt."
        ) from None
    if schluessel is None or zertifikat is None:
        raise SignaturFehler("Die PKCS#12-Datei enthält keinen privaten Schlüssel mit Zertifikat.")
    return Schluessel(daten, kennwort or b"", zertifikat, tuple(kette or ()))


@dataclass(frozen=True)
class Unterschrift:
    """Was der sichtbare Signaturblock zeigt."""

    organisation: str  # „für das Land Niedersachsen“
    name: str  # die unterzeichnende Person (/Name der Signatur)
    funktion: str | None  # „Landrätin“
    ort: str | None
    zeitpunkt: str  # formatiert, z. B. „24.11.2026, 10:15 Uhr“
    grund: str  # /Reason der Signatur


def lege_felder_an(
    pdf: bytes, felder: list[tuple[str, int, tuple[float, float, float, float]]]
) -> bytes:
    """Leere, sichtbare Signaturfelder (Name, Seite 0-basiert, Box in Punkt) anlegen."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    objektstroeme.beschleunige()

    schreiber = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, seite, box in felder:
        append_signature_field(
            schreiber,
            SigFieldSpec(
                name,
                on_page=seite,
                box=(round(box[0]), round(box[1]), round(box[2]), round(box[3])),
                empty_field_appearance=True,
            ),
        )
    schreiber.root["/AcroForm"]["/SigFlags"] = generic.NumberObject(3)
    _einheitlicher_hersteller(schreiber)
    ausgabe = io.BytesIO()
    schreiber.write(ausgabe)
    return ausgabe.getvalue()


def _einheitlicher_hersteller(schreiber) -> None:
    """PDF/A verlangt gleiche Angaben im Info-Verzeichnis und in den XMP-Metadaten. pyHanko setzt
    bei jeder Aktualisierung XMP `pdf:Producer` auf „pyHanko x.y“, hängt im Info-Verzeichnis aber
    an den vorhandenen Hersteller an; mit genau „pyHanko x.y“ bleiben beide gleich."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    try:
        verweis = schreiber.trailer.raw_get("/Info")
    except KeyError:
        return
    verweis.get_object()["/Producer"] = generic.TextStringObject(VENDOR)
    schreiber.mark_update(verweis)


@lru_cache(maxsize=1)
def _schriftdatei() -> str:
    """Die Schrift des Signaturblocks, auf Lateinisch-1 reduziert und auf 1000 Einheiten je Geviert
    skaliert: pyHanko schreibt Glyphenbreiten in Schrifteinheiten, PDF erwartet 1/1000 Geviert
    (bei DejaVu/Liberation mit 2048 Einheiten liefe die Schrift sonst auseinander). Einmal je
    Rechner im temporären Verzeichnis zwischengespeichert."""
    import hashlib
    import os
    import tempfile
    from pathlib import Path

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    quelle = next((Path(p) for p in SCHRIFTEN if Path(p).is_file()), None)
    if quelle is None:
        raise SignaturFehler("Keine Schrift für den Signaturblock gefunden (fonts-liberation2).")
    kennung = hashlib.sha256(f"{quelle}:{quelle.stat().st_size}:1000:v1".encode()).hexdigest()[:16]
    ziel = Path(tempfile.gettempdir()) / f"zielvereinbarung-signaturschrift-{kennung}.ttf"
    if not ziel.is_file():
        schrift = TTFont(str(quelle))
        optionen = subset.Options()
        optionen.layout_features = ["kern", "liga"]
        teil = subset.Subsetter(optionen)
        teil.populate(unicodes=_ZEICHEN)
        teil.subset(schrift)
        scale_upem(schrift, 1000)
        fd, temporaer = tempfile.mkstemp(dir=ziel.parent, suffix=".ttf")
        with os.fdopen(fd, "wb") as datei:
            schrift.save(datei)
        os.replace(temporaer, ziel)
    return str(ziel)


def _schrift():
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    return GlyphAccumulatorFactory(_schriftdatei())


def _stempelstil(u: Unterschrift):
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    zeilen = [f"Elektronisch signiert {u.organisation}"]
    zeilen.append(f"durch {u.name}, {u.funktion}" if u.funktion else f"durch {u.name}")
    zeilen.append(f"{u.ort}, {u.zeitpunkt}" if u.ort else u.zeitpunkt)
    return TextStampStyle(
        stamp_text="\n".join(z.replace("%", "%%") for z in zeilen),
        text_box_style=TextBoxStyle(font=_schrift(), font_size=8, leading=11),
        border_width=1,
    )


def signiere(
    pdf: bytes,
    feld: str,
    schluessel: Schluessel,
    unterschrift: Unterschrift,
    tsa_url: str | None = None,
    anker: list | None = None,
) -> bytes:
    """Eine PAdES-Signatur in das vorhandene Feld `feld` setzen (inkrementell; Modulkopf)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    objektstroeme.beschleunige()

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            schluessel.pkcs12, [], schluessel.passphrase or None
        )
    except ValueError:
        raise SignaturFehler("Der Signaturschlüssel lässt sich nicht laden.") from None
    zeitstempel = None
    if tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        zeitstempel = HTTPTimeStamper(tsa_url, timeout=10)
    regeln = None
    if anker is not None:
        from .vertrauen import VertrauensFehler, pruefe_signierzertifikat

        try:
            regeln = pruefe_signierzertifikat(
                signer.signing_cert, list(signer.cert_registry), anker
            ).regeln
        except VertrauensFehler as fehler:
            raise SignaturFehler(fehler.meldung) from None
    metadaten = signers.PdfSignatureMetadata(
        field_name=feld,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=unterschrift.grund,
        location=unterschrift.ort,
        name=unterschrift.name,
        validation_context=regeln,
        embed_validation_info=regeln is not None,
    )
    try:
        schreiber = IncrementalPdfFileWriter(io.BytesIO(pdf))
        unterzeichner = signers.PdfSigner(
            metadaten,
            signer=signer,
            timestamper=zeitstempel,
            stamp_style=_stempelstil(unterschrift),
        )
        ausgabe = synchron(unterzeichner.sign_pdf, schreiber)
    except Exception as fehler:  # pyHanko meldet vieles (Netz, Feld, Format) unspezifisch
        if tsa_url and "timestamp" in f"{type(fehler).__name__} {fehler}".lower():
            raise SignaturFehler(
                f"Der Zeitstempeldienst ({tsa_url}) ist nicht erreichbar oder antwortet nicht "
                "korrekt; es wurde nichts unterzeichnet."
            ) from fehler
        raise
    return ausgabe.getvalue()


def inhaber_lesbar(inhaber: str | None) -> str | None:
    """„Demo-Vertretung Landkreis Peine (Landkreis Peine)“ statt des Subjects in RFC-4514-Form."""
    from cryptography.x509.oid import NameOID

    if not inhaber:
        return inhaber
    try:
        name = x509.Name.from_rfc4514_string(inhaber)
    except ValueError:
        return inhaber
    cn = [str(a.value) for a in name.get_attributes_for_oid(NameOID.COMMON_NAME)]
    org = [str(a.value) for a in name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    if not cn:
        return inhaber
    return cn[0] + (f" ({org[0]})" if org and org[0] not in cn[0] else "")


def asn1_zertifikat(zertifikat: x509.Certificate) -> asn1_x509.Certificate:
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(zertifikat.public_bytes(Encoding.DER))
