"""Audit-Kette: Ereignisse anhängen (HMAC-SHA-256, lückenlose ids) und den Kopf lesen.

Kette: `hash = HMAC-SHA-256(K, kanonisches JSON von {id, zeitpunkt (ISO, UTC), akteur, aktion,
objekt_typ, objekt_id, details, vorgaenger_hash})`; `vorgaenger_hash` ist der `hash` des
Ereignisses mit id − 1, beim ersten Ereignis `NULL_HASH`. Kanonisch heißt: Schlüssel sortiert,
keine Leerzeichen, UTF-8. K kommt aus `config.audit_schluessel()` und steht nie in der
Datenbank: wer nur die Datenbank ändern kann, kann keinen passenden `hash` berechnen.

Lückenlose ids: gleichzeitige Schreiber werden serialisiert – auf PostgreSQL mit
`pg_advisory_xact_lock` (bis zum Ende der Transaktion), danach wird die id als Kopf + 1 vergeben
(eine Sequenz würde bei jedem Rollback eine Lücke hinterlassen); auf SQLite nimmt das INSERT die
Schreibsperre, und SQLite vergibt ohne AUTOINCREMENT selbst max(id) + 1 – deshalb wird dort
zuerst eingefügt und erst danach der Vorgänger gelesen (in derselben Schreibtransaktion).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import text
from sqlmodel import Session, col, select

from ...config import audit_schluessel
from ...models import AuditEreignis
from ...models.audit import HMAC_SHA256

NULL_HASH = "0" * 64
SYSTEM = "system"
KOPF_ZEICHEN = 16  # so viele Hex-Zeichen des HMAC nennen Berichte und Ausgaben
_SPERRSCHLUESSEL = 48_482_001  # fester Schlüssel für pg_advisory_xact_lock („Audit-Kette“)


def _iso(zeitpunkt: datetime) -> str:
    if zeitpunkt.tzinfo is None:
        zeitpunkt = zeitpunkt.replace(tzinfo=UTC)
    return zeitpunkt.astimezone(UTC).isoformat(timespec="microseconds")


def kanonisch(wert) -> str:
    return json.dumps(wert, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _inhalt(ereignis: AuditEreignis) -> bytes:
    return kanonisch(
        {
            "id": ereignis.id,
            "zeitpunkt": _iso(ereignis.zeitpunkt),
            "akteur": ereignis.akteur,
            "aktion": ereignis.aktion,
            "objekt_typ": ereignis.objekt_typ,
            "objekt_id": ereignis.objekt_id,
            "details": ereignis.details,
            "vorgaenger_hash": ereignis.vorgaenger_hash,
        }
    ).encode("utf-8")


def berechne_hmac(ereignis: AuditEreignis, schluessel: bytes) -> str:
    """HMAC-SHA-256 (hex) über das kanonische JSON des Ereignisses samt Vorgängerhash."""
    return hmac.new(schluessel, _inhalt(ereignis), hashlib.sha256).hexdigest()


def berechne_sha256(ereignis: AuditEreignis) -> str:
    """Das alte, ungeschlüsselte Verfahren (nur zum Prüfen und Umstellen alter Ketten)."""
    return hashlib.sha256(_inhalt(ereignis)).hexdigest()


def sperre_kette(session: Session) -> None:
    """Auf PostgreSQL die Kette bis zum Transaktionsende für andere Schreiber sperren."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SPERRSCHLUESSEL})


def protokolliere(
    session: Session,
    akteur: str,
    aktion: str,
    objekt_typ: str | None,
    objekt_id: str | int | None,
    details: dict | None,
    jetzt: datetime,
) -> AuditEreignis:
    """Ein Ereignis an die Kette anhängen (flush, kein Commit; es gilt mit der Transaktion).

    `details` muss JSON-fähig sein (andere Werte werden als Text gespeichert); es wird so
    normalisiert gespeichert, wie es später aus der Datenbank zurückkommt.
    """
    schluessel = audit_schluessel().hmac_schluessel
    ereignis = AuditEreignis(
        zeitpunkt=jetzt if jetzt.tzinfo else jetzt.replace(tzinfo=UTC),
        akteur=akteur,
        aktion=aktion,
        objekt_typ=objekt_typ,
        objekt_id=None if objekt_id is None else str(objekt_id),
        details=json.loads(kanonisch(details or {})),
        vorgaenger_hash="",
        hash="",
        verfahren=HMAC_SHA256,
    )
    if session.get_bind().dialect.name == "postgresql":
        sperre_kette(session)
        vorgaenger = kopf(session)
        ereignis.id = (vorgaenger.id if vorgaenger else 0) + 1
        ereignis.vorgaenger_hash = vorgaenger.hmac if vorgaenger else NULL_HASH
        ereignis.hash = berechne_hmac(ereignis, schluessel)
        session.add(ereignis)
        session.flush()
        return ereignis
    session.add(ereignis)
    session.flush()  # INSERT zuerst: nimmt auf SQLite die Schreibsperre, liefert die id
    vorgaenger_hash = session.exec(
        select(AuditEreignis.hash)
        .where(col(AuditEreignis.id) < ereignis.id)
        .order_by(col(AuditEreignis.id).desc())
        .limit(1)
    ).first()
    ereignis.vorgaenger_hash = vorgaenger_hash or NULL_HASH
    ereignis.hash = berechne_hmac(ereignis, schluessel)
    session.flush()
    return ereignis


class Kopf(NamedTuple):
    """Das jüngste Ereignis der Kette."""

    id: int
    hmac: str

    @property
    def text(self) -> str:
        """„Ereignis 1234, HMAC 3f9a…“ (für Berichte und Ausgaben)."""
        return f"Ereignis {self.id}, HMAC {self.hmac[:KOPF_ZEICHEN]}"


def kopf(session: Session) -> Kopf | None:
    zeile = session.exec(
        select(AuditEreignis.id, AuditEreignis.hash).order_by(col(AuditEreignis.id).desc()).limit(1)
    ).first()
    if zeile is None:
        return None
    ereignis_id, hmac = zeile
    assert ereignis_id is not None  # gespeicherte Zeile
    return Kopf(ereignis_id, hmac)
