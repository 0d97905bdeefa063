"""Vertrauen und Langzeitprüfbarkeit (pyHanko, ohne Flask und Datenbank).

- **Prüfregeln** (`pruefregeln`): vertraut wird nur den Vertrauensankern der Installation;
  Sperrinformationen (OCSP, CRL) werden nie aus dem Netz geholt, sondern aus dem Dokument
  (Document Security Store, PAdES B-LT). Ein Zertifikat, das einen Sperrdienst nennt, gilt nur
  mit passender Sperrauskunft als geprüft (`hard-fail`). Kein Abruf beim Prüfen heißt auch:
  ein hochgeladenes PDF kann den Server nicht zu Anfragen an fremde Adressen bringen.
- **Vor dem Signieren** (`pruefe_signierzertifikat`): Kette zu einem Anker, Gültigkeit und
  Sperrstatus, diesmal online bei den im Zertifikat genannten Diensten. Ein gesperrtes
  Zertifikat wird mit deutscher Meldung abgewiesen; die Prüfregeln samt den abgerufenen Auskünften
  werden beim Signieren in das Dokument eingebettet (B-LT).
- **Dekodiergrenzen** (`GRENZEN`): kein Datenstrom eines hochgeladenen PDFs darf beim Entpacken
  mehr als 64 MB, alle zusammen nicht mehr als 256 MB ergeben (pyHanko bricht ab, bevor der
  Speicher voll ist).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..format import datum
from . import objektstroeme
from .nebenlaeufig import synchron

if TYPE_CHECKING:  # pyHanko erst bei Bedarf laden (Start der Befehle)
    from pyhanko_certvalidator import ValidationContext

MIB = 1024 * 1024
MAX_STROM = 64 * MIB
MAX_GESAMT = 256 * MIB
SPERRGRUND = {
    "key_compromise": "Schlüssel kompromittiert",
    "ca_compromise": "Zertifizierungsstelle kompromittiert",
    "affiliation_changed": "Zugehörigkeit geändert",
    "superseded": "ersetzt",
    "cessation_of_operation": "Betrieb eingestellt",
    "certificate_hold": "vorläufig gesperrt",
    "privilege_withdrawn": "Berechtigung entzogen",
}


class VertrauensFehler(Exception):
    """Das Signaturzertifikat darf nicht benutzt werden (deutsche Meldung)."""

    def __init__(self, meldung: str):
        super().__init__(meldung)
        self.meldung = meldung


def grenzen():
    from pyhanko.pdf_utils.decode_limits import (
        DecodeLimits,
        DocumentDecodeBudget,
        StreamDecodeLimits,
    )

    return DecodeLimits(
        per_stream=StreamDecodeLimits(max_output_size=MAX_STROM),
        document_budget=DocumentDecodeBudget(base_allowance=MAX_GESAMT, max_ratio=100),
    )


def pruefregeln(anker: list, moment: datetime | None = None, leser=None, abrufen=False):
    """Ein `ValidationContext`: Anker, Zeitpunkt, Sperrdaten aus dem DSS von `leser`."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
    from pyhanko_certvalidator import ValidationContext

    argumente = dict(
        trust_roots=list(anker), allow_fetching=abrufen, revocation_mode="hard-fail",
        moment=moment, retroactive_revinfo=True,
    )  # fmt: skip
    if leser is not None:
        try:
            return DocumentSecurityStore.read_dss(leser).as_validation_context(argumente)
        except NoDSSFoundError:
            pass
    if not abrufen:
        argumente.update(crls=[], ocsps=[])
    return ValidationContext(**argumente)


def sperrgrund(grund) -> str:
    name = getattr(grund, "native", None) or str(grund or "")
    return SPERRGRUND.get(name, "ohne Angabe")


def nennt_sperrdienst(zertifikat) -> bool:
    """Nennt das Zertifikat (asn1crypto) einen OCSP-Dienst oder eine Sperrliste?"""
    return bool(zertifikat.ocsp_urls or zertifikat.crl_distribution_points)


@dataclass(frozen=True)
class SignierPruefung:
    regeln: ValidationContext  # mit den abgerufenen Sperrauskünften
    sperrdienst: bool  # das Zertifikat nennt OCSP/CRL


def pruefe_signierzertifikat(zertifikat, kette: list, anker: list) -> SignierPruefung:
    """Vor dem Signieren: Kette, Gültigkeit, Sperrstatus (online); sonst VertrauensFehler."""
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator import errors as fehler

    regeln = ValidationContext(
        trust_roots=list(anker), other_certs=list(kette), allow_fetching=True,
        revocation_mode="hard-fail",
    )  # fmt: skip
    name = zertifikat.subject.native.get("common_name") or zertifikat.subject.human_friendly
    validator = CertificateValidator(zertifikat, list(kette), regeln)
    try:
        synchron(lambda: asyncio.run(validator.async_validate_usage({"non_repudiation"})))
    except fehler.RevokedError as e:
        raise VertrauensFehler(
            f"Das Signaturzertifikat „{name}“ ist gesperrt (widerrufen am "
            f"{datum(e.revocation_dt)}, Grund: {sperrgrund(e.reason)}). Es wurde nichts "
            "unterzeichnet; bitte ein neues Zertifikat einrichten."
        ) from None
    except fehler.ExpiredError:
        raise VertrauensFehler(f"Das Signaturzertifikat „{name}“ ist abgelaufen.") from None
    except fehler.NotYetValidError:
        raise VertrauensFehler(f"Das Signaturzertifikat „{name}“ ist noch nicht gültig.") from None
    except fehler.InsufficientRevinfoError:
        raise VertrauensFehler(
            f"Der Sperrstatus des Signaturzertifikats „{name}“ ließ sich nicht abrufen (OCSP-"
            "Dienst oder Sperrliste nicht erreichbar). Es wurde nichts unterzeichnet; bitte "
            "später erneut versuchen."
        ) from None
    except fehler.PathBuildingError:
        raise VertrauensFehler(
            f"Das Signaturzertifikat „{name}“ stammt nicht von einer vertrauenswürdigen Stelle "
            "dieser Installation (ZV_VERTRAUENSANKER); so signierte Dokumente wären nicht "
            "gültig."
        ) from None
    except (fehler.PathValidationError, fehler.InvalidCertificateError) as e:
        raise VertrauensFehler(
            f"Das Signaturzertifikat „{name}“ lässt sich nicht verwenden ({e})."
        ) from None
    return SignierPruefung(regeln, nennt_sperrdienst(zertifikat))


def archivzeitstempel(pdf: bytes, tsa_url: str, anker: list) -> bytes:
    """PAdES B-LTA: Prüfdaten aller Signaturen und Zeitstempel (online geholt) in den DSS,
    dann ein neuer Dokumentzeitstempel über alles (inkrementell)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.sign.validation import add_validation_info

    objektstroeme.beschleunige()

    regeln = pruefregeln(anker, abrufen=True)
    daten = pdf
    leser = PdfFileReader(io.BytesIO(daten), strict=False)
    for eingebettet in leser.embedded_regular_signatures:
        daten = synchron(add_validation_info, eingebettet, regeln).getvalue()
        leser = PdfFileReader(io.BytesIO(daten), strict=False)
    stempel = PdfTimeStamper(HTTPTimeStamper(tsa_url, timeout=10))
    ausgabe = synchron(
        stempel.update_archival_timestamp_chain,
        PdfFileReader(io.BytesIO(daten), strict=False),
        regeln,
        in_place=False,
    )
    return ausgabe.getvalue()
