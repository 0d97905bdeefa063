"""PDF-Dateien lesen und ihre Signaturen prüfen (pyHanko, ohne Flask und Datenbank).

Je Signatur (`SignaturBefund`):
- **intakt**: der SHA-256 über den signierten Bytebereich stimmt mit der Signatur überein;
- **gültig**: intakt, die Signatur selbst ist kryptographisch korrekt, und der
  Signaturcontainer enthält außer der DER-Struktur nur Nullbytes (sonst könnten Bytes in der
  Lücke des Bytebereichs unbemerkt geändert werden);
- **ganzes Dokument**: die Signatur deckt die ganze Datei ab, oder sie deckt ihre ganze
  Revision ab und danach kamen nur Signaturen, Formularwerte oder Prüfdaten hinzu
  (pyHanko-Änderungsanalyse bis „Formular ausfüllen“);
- **vertrauenswürdig**: die Zertifikatskette endet in einem der Vertrauensanker und ist zum
  Prüfzeitpunkt gültig (Sperrinformationen werden nicht abgerufen).

`lies_pdf` wirft `PdfFehler` mit einer deutschen Meldung für Nicht-PDFs, abgeschnittene,
beschädigte und verschlüsselte Dateien.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from asn1crypto import parser as asn1_parser

from .nebenlaeufig import synchron

for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

JSON_NAME = "zielvereinbarung.json"


class PdfFehler(Exception):
    def __init__(self, meldung: str):
        super().__init__(meldung)
        self.meldung = meldung


@dataclass(frozen=True)
class SignaturBefund:
    feld: str
    unterzeichner: str  # Common Name
    inhaber: str  # vollständiges Subject, lesbar
    organisationskennung: str | None
    zeitpunkt: datetime | None  # Zeitstempel, sonst die vom Unterzeichner angegebene Zeit
    zeitstempel: bool
    intakt: bool
    gueltig: bool
    ganzes_dokument: bool
    vertrauenswuerdig: bool
    byte_range: tuple[int, ...]
    revision: int  # 0-basiert: die Revision der Datei, die die Signatur abschließt
    zertifikat_gueltig_bis: datetime | None
    hinweise: tuple[str, ...] = ()

    @property
    def ende(self) -> int:
        """Ende des signierten Bereichs (Byte-Offset)."""
        return self.byte_range[2] + self.byte_range[3] if len(self.byte_range) == 4 else 0

    @property
    def in_ordnung(self) -> bool:
        return self.intakt and self.gueltig and self.ganzes_dokument


@dataclass(frozen=True)
class PdfBefund:
    groesse: int
    sha256: str
    revisionen: int
    signaturen: tuple[SignaturBefund, ...]
    inhalt_json: bytes | None = field(repr=False, default=None)

    @property
    def alle_in_ordnung(self) -> bool:
        """Mindestens eine Signatur und jede gültig, intakt und das ganze Dokument abdeckend."""
        return bool(self.signaturen) and all(s.in_ordnung for s in self.signaturen)


def lies_pdf(daten: bytes):
    """Ein `PdfFileReader` oder `PdfFehler` (kein PDF, abgeschnitten, beschädigt, verschlüsselt)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not daten.lstrip()[:5] == b"%PDF-":
        raise PdfFehler("Die Datei ist kein PDF-Dokument.")
    if b"%%EOF" not in daten[-1024:]:
        raise PdfFehler(
            "Die PDF-Datei ist unvollständig (abgeschnitten): das Dateiende fehlt. Bitte laden "
            "Sie die vollständige Datei hoch."
        )
    try:
        leser = PdfFileReader(io.BytesIO(daten), strict=False)
        verschluesselt = leser.encrypted
        _ = leser.root  # liest Katalog und Querverweise
        _ = leser.xrefs.total_revisions
    except Exception:
        raise PdfFehler("Die PDF-Datei ist beschädigt und lässt sich nicht lesen.") from None
    if verschluesselt:
        raise PdfFehler(
            "Die PDF-Datei ist verschlüsselt oder kennwortgeschützt. Bitte laden Sie sie ohne "
            "Verschlüsselung hoch."
        )
    return leser


def eingebettete_datei(leser, name: str) -> bytes | None:
    """Inhalt der eingebetteten Datei `name` (Namensbaum /EmbeddedFiles), sonst None."""
    try:
        wurzel = leser.root["/Names"]["/EmbeddedFiles"]
    except (KeyError, TypeError):
        return None
    offen = [wurzel]
    while offen:
        knoten = offen.pop()
        knoten = knoten.get_object() if hasattr(knoten, "get_object") else knoten
        for kind in knoten.get("/Kids", []):
            offen.append(kind.get_object())
        paare = list(knoten.get("/Names", []))
        for schluessel, spec in zip(paare[::2], paare[1::2], strict=False):
            if str(schluessel) == name:
                try:
                    return spec.get_object()["/EF"]["/F"].get_object().data
                except (KeyError, TypeError, AttributeError):
                    return None
    return None


def lade_anker(dateien: list[Path]) -> list:
    """Vertrauensanker (asn1crypto-Zertifikate) aus PEM/DER-Dateien; unlesbare übersprungen."""
    from pyhanko.keys import load_certs_from_pemder

    anker = []
    for datei in dateien:
        try:
            anker += list(load_certs_from_pemder([str(datei)]))
        except Exception:
            logging.getLogger(__name__).warning("Vertrauensanker nicht lesbar: %s", datei)
    return anker


def _nur_nullen_nach_der(container: bytes) -> bool:
    try:
        _, _, _, kopf, inhalt, ende = asn1_parser.parse(container)
    except ValueError:
        return False
    rest = container[len(kopf) + len(inhalt) + len(ende) :]
    return not rest.strip(b"\x00")


def pruefe_signaturen(daten: bytes, anker: list, zeitpunkt: datetime | None = None) -> PdfBefund:
    """Alle Signaturen der Datei prüfen (Regeln im Modulkopf)."""
    leser = lies_pdf(daten)
    befunde = []
    for feldname, eingebettet in _signaturen(leser):
        befunde.append(_pruefe(feldname, eingebettet, anker, zeitpunkt))
    befunde.sort(key=lambda b: b.revision if b.revision >= 0 else 1 << 30)  # Signierreihenfolge
    return PdfBefund(
        groesse=len(daten),
        sha256=hashlib.sha256(daten).hexdigest(),
        revisionen=leser.xrefs.total_revisions,
        signaturen=tuple(befunde),
        inhalt_json=eingebettete_datei(leser, JSON_NAME),
    )


def _signaturen(leser):
    """(Feldname, EmbeddedPdfSignature oder Fehlertext) je ausgefülltem Signaturfeld."""
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    for name, _wert, feld_ref in enumerate_sig_fields(leser, filled_status=True):
        try:
            yield name, EmbeddedPdfSignature(leser, feld_ref, name)
        except Exception as fehler:  # kaputter Container, fehlender /ByteRange …
            yield name, f"Signatur nicht lesbar ({type(fehler).__name__})"


def _pruefe(feldname, eingebettet, anker, zeitpunkt) -> SignaturBefund:
    if isinstance(eingebettet, str):
        return SignaturBefund(feldname, "unbekannt", "unbekannt", None, None, False, False,
                              False, False, False, (), -1, None, (eingebettet,))  # fmt: skip
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    hinweise = []
    kontext = ValidationContext(trust_roots=anker, allow_fetching=False, moment=zeitpunkt)
    try:
        status = synchron(validate_pdf_signature, eingebettet, kontext)
    except Exception as fehler:
        return SignaturBefund(feldname, "unbekannt", "unbekannt", None, None, False, False,
                              False, False, False, tuple(eingebettet.byte_range),
                              eingebettet.signed_revision, None,
                              (f"Prüfung fehlgeschlagen ({type(fehler).__name__})",))  # fmt: skip
    zert = status.signing_cert
    sauber = _nur_nullen_nach_der(eingebettet.pkcs7_content)
    if not sauber:
        hinweise.append("Der Signaturcontainer enthält nicht signierte Zusatzdaten.")
    if not status.intact:
        hinweise.append("Die signierten Bytes wurden verändert.")
    elif not status.valid:
        hinweise.append("Die Signatur passt nicht zum Zertifikat.")
    abdeckung = status.coverage
    if abdeckung == SignatureCoverageLevel.ENTIRE_FILE:
        ganz = True
    elif abdeckung == SignatureCoverageLevel.ENTIRE_REVISION:
        stufe = status.modification_level
        ganz = bool(stufe is not None and stufe <= ModificationLevel.FORM_FILLING
                    and status.docmdp_ok is not False)  # fmt: skip
        if not ganz:
            hinweise.append("Nach der Signatur wurde der Inhalt des Dokuments verändert.")
    else:
        ganz = False
        hinweise.append("Die Signatur deckt nicht das ganze Dokument ab.")
    gueltig_bis = zert["tbs_certificate"]["validity"]["not_after"].native
    if not status.trusted:
        if zeitpunkt and gueltig_bis and zeitpunkt > gueltig_bis:
            hinweise.append(f"Das Zertifikat ist abgelaufen (gültig bis {gueltig_bis:%d.%m.%Y}).")
        else:
            hinweise.append("Das Zertifikat stammt nicht von einer vertrauenswürdigen Stelle.")
    zeitstempel = status.timestamp_validity
    subjekt = zert.subject.native
    return SignaturBefund(
        feld=feldname,
        unterzeichner=subjekt.get("common_name") or zert.subject.human_friendly,
        inhaber=zert.subject.human_friendly,
        organisationskennung=subjekt.get("organization_identifier"),
        zeitpunkt=zeitstempel.timestamp if zeitstempel else status.signer_reported_dt,
        zeitstempel=zeitstempel is not None,
        intakt=bool(status.intact),
        gueltig=bool(status.intact and status.valid and sauber),
        ganzes_dokument=ganz,
        vertrauenswuerdig=bool(status.trusted),
        byte_range=tuple(int(x) for x in eingebettet.byte_range),
        revision=eingebettet.signed_revision,
        zertifikat_gueltig_bis=gueltig_bis,
        hinweise=tuple(hinweise),
    )


def nur_signaturen_hinzugefuegt(daten: bytes, basis_revisionen: int) -> tuple[bool, set[str]]:
    """Hat alles nach den ersten `basis_revisionen` Revisionen nur Signaturen (und
    Formularwerte, Prüfdaten) hinzugefügt? (ja/nein, geänderte Formularfelder)"""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, DiffResult, ModificationLevel

    leser = lies_pdf(daten)
    try:
        ergebnis = DEFAULT_DIFF_POLICY.review_file(leser, basis_revisionen - 1)
    except Exception:
        return False, set()
    if not isinstance(ergebnis, DiffResult):
        return False, set()
    return ergebnis.modification_level <= ModificationLevel.FORM_FILLING, set(
        ergebnis.changed_form_fields
    )


def anzahl_revisionen(daten: bytes) -> int:
    return lies_pdf(daten).xrefs.total_revisions
