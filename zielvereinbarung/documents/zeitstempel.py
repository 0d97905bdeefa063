"""RFC-3161-Zeitstempel über einen beliebigen SHA-256-Wert holen und prüfen (pyHanko).

Für die Anker der Audit-Kette: der Zeitstempeldienst bestätigt mit seiner Signatur, dass es den
Wert zu diesem Zeitpunkt schon gab. Die PDF-Signaturen holen ihre Zeitstempel selbst
(`documents.signatur`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from .nebenlaeufig import synchron


class ZeitstempelFehler(RuntimeError):
    """Der Dienst ist nicht erreichbar oder antwortet nicht korrekt (deutsche Meldung)."""


def stemple(url: str, sha256: bytes, timeout: int = 10) -> bytes:
    """Ein Zeitstempel-Token (DER, `ContentInfo` mit `SignedData`) für den SHA-256-Wert."""
    from pyhanko.sign.timestamps import HTTPTimeStamper

    try:
        token = synchron(
            asyncio.run, HTTPTimeStamper(url, timeout=timeout).async_timestamp(sha256, "sha256")
        )
    except Exception as fehler:  # Netz, HTTP-Status, ungültige Antwort
        raise ZeitstempelFehler(
            f"Zeitstempeldienst {url} nicht erreichbar oder Antwort ungültig "
            f"({type(fehler).__name__})."
        ) from fehler
    return token.dump()


@dataclass(frozen=True)
class Stempelbefund:
    intakt: bool  # Signatur des Dienstes stimmt und der Stempel gilt genau diesem Wert
    vertrauenswuerdig: bool  # der Dienst führt zu einem der Vertrauensanker
    zeit: datetime | None
    aussteller: str


def pruefe_stempel(token: bytes, sha256: bytes, vertrauensanker: list) -> Stempelbefund:
    """Prüft ein Token gegen den erwarteten SHA-256-Wert; `vertrauensanker` wie
    `signaturpruefung.lade_anker`. Unlesbare Token gelten als nicht intakt."""
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    try:
        signiert = cms.ContentInfo.load(token)["content"]
        zeit = signiert["encap_content_info"]["content"].parsed["gen_time"].native
        regeln = ValidationContext(trust_roots=vertrauensanker, allow_fetching=False, moment=zeit)
        status = synchron(
            asyncio.run, validate_tst_signed_data(signiert, regeln, lambda _algo: sha256)
        )
    except Exception:  # kaputtes Token oder unbekanntes Format
        return Stempelbefund(False, False, None, "unbekannt")
    zert = status.get("signing_cert")
    return Stempelbefund(
        bool(status.get("intact")) and bool(status.get("valid")),
        bool(status.get("valid")) and status.get("trust_problem_indic") is None,
        status.get("timestamp"),
        zert.subject.human_friendly if zert is not None else "unbekannt",
    )
