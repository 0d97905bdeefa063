"""Eine Signatur oder einen Dokumentzeitstempel prüfen (pyHanko, ohne Flask und Datenbank).

Je Eintrag (`SignaturBefund`):
- **intakt**: der Signaturcontainer lässt sich vollständig lesen (auch die nicht signierten
  Attribute, z. B. der Zeitstempel), hinter der DER-Struktur stehen nur Nullbytes, der SHA-256
  über den signierten Bytebereich stimmt und die Signatur passt zum Zertifikat;
- **vertrauenswürdig**: die Kette endet in einem Vertrauensanker der Installation, das Zertifikat
  war zum Signaturzeitpunkt gültig und – wenn es einen Sperrdienst nennt – laut der im Dokument
  eingebetteten Sperrauskunft nicht gesperrt; ein Zeitstempel der Signatur muss ebenso gültig
  und vertrauenswürdig sein;
- **Änderungsstufe** (`aenderung`): was nach der PDF-Revision der Signatur hinzukam, laut
  pyHankos Änderungsanalyse mit der strengen Politik aus `aenderungen` (0 nichts, 1 nur
  Prüfdaten/Zeitstempel, 2 Formularausfüllen bzw. weitere Signaturen, 3 und mehr: Inhalt
  verändert); ob das zulässig ist, entscheidet
  `signaturpruefung` nach der Stellung der Signatur.

Signaturzeitpunkt (für Gültigkeit und Sperrstatus): der Zeitstempel der Signatur, sonst der
von der Datenbank übergebene Zeitpunkt (`zeitpunkt_db`), sonst jetzt. Die Angabe des
Unterzeichners (/M) wird angezeigt, aber nie zur Prüfung benutzt; ebenso Name und Grund (/Name,
/Reason), die bei internen Signaturen die unterzeichnende Person nennen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..format import datum
from .aenderungen import strenge_politik
from .nebenlaeufig import synchron
from .vertrauen import nennt_sperrdienst, pruefregeln, sperrgrund

ZEITSTEMPEL = "zeitstempel"
SIGNATUR = "signatur"


@dataclass(frozen=True)
class SignaturBefund:
    feld: str
    art: str  # SIGNATUR oder ZEITSTEMPEL (Dokumentzeitstempel, PAdES B-LTA)
    unterzeichner: str  # Common Name
    inhaber: str  # vollständiges Subject, lesbar
    organisation: str | None
    organisationskennung: str | None
    aussteller: str
    zertifikat_sha256: str | None
    zeitpunkt: datetime | None
    zeitquelle: str  # „Zeitstempel“, „laut Datenbank“, „Angabe des Unterzeichners“
    zeitstempel: bool
    intakt: bool
    vertrauenswuerdig: bool
    vertrauen: str  # Klartext für die Tabelle
    gesperrt: bool
    sperrstatus: str
    aenderung: int | None  # ModificationLevel-Wert (None: Analyse nicht möglich)
    byte_range: tuple[int, ...]
    pdf_revision: int  # 0-basiert: die PDF-Revision, die die Signatur abschließt (-1: unlesbar)
    zertifikat_gueltig_bis: datetime | None
    maengel: tuple[str, ...] = ()
    ganzes_dokument: bool = False  # von signaturpruefung nach der Stellung bewertet
    abdeckung: str = ""
    person: str | None = None  # /Name der Signatur (Angabe des Unterzeichners, nicht geprüft)
    grund: str | None = None  # /Reason der Signatur

    @property
    def ende(self) -> int:
        return self.byte_range[2] + self.byte_range[3] if len(self.byte_range) == 4 else 0

    @property
    def gueltig(self) -> bool:
        return self.intakt

    @property
    def hinweise(self) -> tuple[str, ...]:
        return self.maengel

    @property
    def in_ordnung(self) -> bool:
        return self.intakt and self.vertrauenswuerdig and self.ganzes_dokument and not self.maengel


def unlesbar(feld: str, grund: str, byte_range=(), pdf_revision: int = -1) -> SignaturBefund:
    return SignaturBefund(
        feld, SIGNATUR, "unbekannt", "unbekannt", None, None, "unbekannt", None, None, "–",
        False, False, False, "nicht prüfbar", False, "nicht prüfbar", None, tuple(byte_range),
        pdf_revision, None, (grund,), False, "nicht prüfbar",
    )  # fmt: skip


def _vollstaendig_lesbar(container: bytes) -> bool:
    """Der ganze CMS-Container (samt nicht signierter Attribute) parst, danach nur Nullbytes."""
    from asn1crypto import cms

    try:
        inhalt = cms.ContentInfo.load(container)
        laenge = len(inhalt.dump())
        _ = inhalt.native  # erzwingt das Lesen jeder Teilstruktur
        for info in inhalt["content"]["signer_infos"]:
            for attr in info["unsigned_attrs"] or []:
                for wert in attr["values"]:
                    if isinstance(wert, cms.ContentInfo):
                        _ = wert["content"]["encap_content_info"]["content"].parsed.native
    except Exception:
        return False
    return not container[laenge:].strip(b"\x00")


def _signaturzeitstempel(eingebettet) -> datetime | None:
    info = eingebettet.signer_info
    for attr in info["unsigned_attrs"] or []:
        if attr["type"].native == "signature_time_stamp_token":
            token = attr["values"][0]
            return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    return None


_VERTRAUEN = {
    "NO_CERTIFICATE_CHAIN_FOUND": "keine Kette zu einer vertrauenswürdigen Stelle",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": "Zertifikatskette fehlerhaft",
    "EXPIRED": "Zertifikat war zum Signaturzeitpunkt abgelaufen",
    "OUT_OF_BOUNDS_NO_POE": "Zertifikat war zum Signaturzeitpunkt abgelaufen",
    "NOT_YET_VALID": "Zertifikat war zum Signaturzeitpunkt noch nicht gültig",
    "REVOKED": "Zertifikat gesperrt",
    "REVOKED_NO_POE": "Zertifikat gesperrt",
    "REVOKED_CA_NO_POE": "Zertifikat der ausstellenden Stelle gesperrt",
    "TRY_LATER": "Sperrstatus nicht prüfbar (keine Sperrauskunft im Dokument)",
    "REVOCATION_OUT_OF_BOUNDS_NO_POE": "Sperrstatus nicht prüfbar (Sperrauskunft veraltet)",
}


def _vertrauen_text(status, ca_name: str) -> str:
    if status.trusted:
        return f"vertrauenswürdig (ausgestellt von {ca_name})"
    indikator = getattr(status.trust_problem_indic, "name", "")
    return "nicht vertrauenswürdig: " + _VERTRAUEN.get(indikator, "Zertifikatsprüfung gescheitert")


def _sperrstatus(status, zert) -> tuple[bool, str]:
    if status.revoked:
        details = status.revocation_details
        seit = f" seit {datum(details.revocation_date)}" if details else ""
        grund = f" ({sperrgrund(details.revocation_reason)})" if details else ""
        return True, f"gesperrt{seit}{grund}"
    if not nennt_sperrdienst(zert):
        return False, "keine Sperrprüfung vorgesehen (Zertifikat nennt keinen Sperrdienst)"
    if status.trusted:
        return False, "nicht gesperrt (Sperrauskunft im Dokument)"
    indikator = getattr(status.trust_problem_indic, "name", "")
    if indikator in ("TRY_LATER", "REVOCATION_OUT_OF_BOUNDS_NO_POE"):
        return False, "nicht prüfbar (keine gültige Sperrauskunft im Dokument)"
    return False, "nicht geprüft"


def pruefe_eintrag(feld, eingebettet, anker, leser, zeitpunkt_db=None) -> SignaturBefund:
    """Eine Signatur bzw. einen Dokumentzeitstempel prüfen (Regeln im Modulkopf)."""
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.status import DocumentTimestampStatus, PdfSignatureStatus

    art = ZEITSTEMPEL if eingebettet.sig_object_type == "/DocTimeStamp" else SIGNATUR
    byte_range = tuple(int(x) for x in eingebettet.byte_range)
    if not _vollstaendig_lesbar(eingebettet.pkcs7_content):
        return unlesbar(feld, "Der Signaturcontainer ist beschädigt (nicht vollständig lesbar "
                        "oder mit nicht signierten Zusatzdaten).", byte_range,
                        eingebettet.signed_revision)  # fmt: skip
    ts_zeit = None if art == ZEITSTEMPEL else _signaturzeitstempel(eingebettet)
    moment = ts_zeit or zeitpunkt_db
    regeln = pruefregeln(anker, moment, leser)
    status: PdfSignatureStatus | DocumentTimestampStatus
    try:
        if art == ZEITSTEMPEL:
            status = synchron(validate_pdf_timestamp, eingebettet, regeln, strenge_politik())
        else:
            ts_regeln = pruefregeln(anker, ts_zeit, leser)
            status = synchron(validate_pdf_signature, eingebettet, regeln, ts_regeln,
                              strenge_politik())  # fmt: skip
    except Exception as fehler:  # kaputte Struktur, nicht unterstützter SubFilter …
        return unlesbar(feld, f"Die Signatur lässt sich nicht prüfen ({type(fehler).__name__}).",
                        byte_range, eingebettet.signed_revision)  # fmt: skip
    zert = status.signing_cert
    maengel = []
    if not status.intact:
        maengel.append("Die signierten Bytes wurden verändert.")
    elif not status.valid:
        maengel.append("Die Signatur passt nicht zum Zertifikat.")
    ca_name = zert.issuer.native.get("common_name") or zert.issuer.human_friendly
    if not status.trusted:
        maengel.append("Zertifikat " + _vertrauen_text(status, ca_name) + ".")
    gesperrt, sperrstatus = _sperrstatus(status, zert)
    zeitpunkt: datetime | None = None
    quelle = ""
    if isinstance(status, DocumentTimestampStatus):  # art == ZEITSTEMPEL
        zeitpunkt, quelle = status.timestamp, "Zeitstempel"
    else:
        tsv = status.timestamp_validity
        if tsv is not None and not (tsv.intact and tsv.valid and tsv.trusted):
            maengel.append("Der Zeitstempel der Signatur ist ungültig oder nicht vertrauenswürdig.")
        if ts_zeit:
            zeitpunkt, quelle = ts_zeit, "Zeitstempel"
        elif zeitpunkt_db:
            zeitpunkt, quelle = zeitpunkt_db, "laut Datenbank"
        else:
            zeitpunkt, quelle = status.signer_reported_dt, "Angabe des Unterzeichners"
    subjekt = zert.subject.native
    stufe = status.modification_level
    if status.coverage is None or status.coverage.value < 2:  # weniger als ENTIRE_REVISION
        maengel.append("Die Signatur deckt nicht das ganze Dokument ab.")
        stufe = None
    return SignaturBefund(
        feld=feld, art=art,
        unterzeichner=subjekt.get("common_name") or zert.subject.human_friendly,
        inhaber=zert.subject.human_friendly, organisation=subjekt.get("organization_name"),
        organisationskennung=subjekt.get("organization_identifier"), aussteller=ca_name,
        zertifikat_sha256=zert.sha256.hex(), zeitpunkt=zeitpunkt, zeitquelle=quelle,
        zeitstempel=ts_zeit is not None or art == ZEITSTEMPEL,
        intakt=bool(status.intact and status.valid), vertrauenswuerdig=bool(status.trusted),
        vertrauen=_vertrauen_text(status, ca_name), gesperrt=gesperrt, sperrstatus=sperrstatus,
        aenderung=None if stufe is None else int(stufe.value), byte_range=byte_range,
        pdf_revision=eingebettet.signed_revision,
        zertifikat_gueltig_bis=zert["tbs_certificate"]["validity"]["not_after"].native,
        maengel=tuple(maengel), person=_text(eingebettet, "/Name"),
        grund=_text(eingebettet, "/Reason"),
    )  # fmt: skip


def _text(eingebettet, schluessel: str) -> str | None:
    """Ein Textfeld des Signaturverzeichnisses (/Name, /Reason), höchstens 300 Zeichen."""
    try:
        wert = eingebettet.sig_object.get(schluessel)
    except Exception:
        return None
    return str(wert)[:300] if wert is not None else None
