"""Audit-Protokoll: Ereignisse anhängen, die Hashkette prüfen, Ereignisse suchen.

Kette: `hash = SHA-256(kanonisches JSON von {id, zeitpunkt (ISO, UTC), akteur, aktion,
objekt_typ, objekt_id, details, vorgaenger_hash})`; `vorgaenger_hash` ist der `hash` des
Ereignisses mit der nächstkleineren id, beim ersten Ereignis `NULL_HASH`. Kanonisch heißt:
Schlüssel sortiert, keine Leerzeichen, UTF-8.

Gleichzeitige Schreiber werden serialisiert, damit nie zwei Ereignisse denselben Vorgänger
haben: auf PostgreSQL mit `pg_advisory_xact_lock` (bis zum Ende der Transaktion), auf SQLite
durch die Schreibsperre, die das INSERT nimmt – deshalb wird zuerst eingefügt und erst danach
der Vorgänger gelesen (innerhalb derselben Schreibtransaktion).

Grenze: das Löschen der jüngsten Ereignisse erkennt die Kette allein nicht (kein externer Anker).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import func, text
from sqlmodel import Session, select

from ..models import AuditEreignis

NULL_HASH = "0" * 64
SYSTEM = "system"
_SPERRSCHLUESSEL = 48_482_001  # fester Schlüssel für pg_advisory_xact_lock („Audit-Kette“)


def _iso(zeitpunkt: datetime) -> str:
    if zeitpunkt.tzinfo is None:
        zeitpunkt = zeitpunkt.replace(tzinfo=UTC)
    return zeitpunkt.astimezone(UTC).isoformat(timespec="microseconds")


def _kanonisch(wert) -> str:
    return json.dumps(wert, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def berechne_hash(ereignis: AuditEreignis) -> str:
    """SHA-256 (hex) über das kanonische JSON des Ereignisses samt Vorgängerhash."""
    inhalt = {
        "id": ereignis.id,
        "zeitpunkt": _iso(ereignis.zeitpunkt),
        "akteur": ereignis.akteur,
        "aktion": ereignis.aktion,
        "objekt_typ": ereignis.objekt_typ,
        "objekt_id": ereignis.objekt_id,
        "details": ereignis.details,
        "vorgaenger_hash": ereignis.vorgaenger_hash,
    }
    return hashlib.sha256(_kanonisch(inhalt).encode("utf-8")).hexdigest()


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
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SPERRSCHLUESSEL})
    ereignis = AuditEreignis(
        zeitpunkt=jetzt if jetzt.tzinfo else jetzt.replace(tzinfo=UTC),
        akteur=akteur,
        aktion=aktion,
        objekt_typ=objekt_typ,
        objekt_id=None if objekt_id is None else str(objekt_id),
        details=json.loads(_kanonisch(details or {})),
        vorgaenger_hash="",
        hash="",
    )
    session.add(ereignis)
    session.flush()  # INSERT zuerst: nimmt auf SQLite die Schreibsperre, liefert die id
    vorgaenger = session.exec(
        select(AuditEreignis.hash)
        .where(AuditEreignis.id < ereignis.id)
        .order_by(AuditEreignis.id.desc())
        .limit(1)
    ).first()
    ereignis.vorgaenger_hash = vorgaenger or NULL_HASH
    ereignis.hash = berechne_hash(ereignis)
    session.flush()
    return ereignis


class Pruefergebnis(NamedTuple):
    ok: bool
    erstes_defektes_id: int | None
    meldung: str


def pruefe_kette(session: Session) -> Pruefergebnis:
    """Alle Ereignisse in id-Reihenfolge prüfen: Vorgängerhash und eigener Hash.

    Ergebnis `(ok, erstes_defektes_id, meldung)`; beim ersten Bruch wird abgebrochen.
    """
    vorheriger_hash = NULL_HASH
    vorherige_id = None
    anzahl = 0
    abfrage = select(AuditEreignis).order_by(AuditEreignis.id).execution_options(yield_per=500)
    for ereignis in session.exec(abfrage):
        anzahl += 1
        if ereignis.vorgaenger_hash != vorheriger_hash:
            bezug = f"Ereignis {vorherige_id}" if vorherige_id else "dem Kettenanfang"
            return Pruefergebnis(
                False,
                ereignis.id,
                f"Kette gebrochen bei Ereignis {ereignis.id} (Vorgängerhash passt nicht zu {bezug}: "
                "Ereignis gelöscht oder verändert).",
            )
        if berechne_hash(ereignis) != ereignis.hash:
            return Pruefergebnis(
                False,
                ereignis.id,
                f"Kette gebrochen bei Ereignis {ereignis.id} (Inhalt passt nicht zum gespeicherten Hash: "
                "Ereignis nachträglich verändert).",
            )
        vorheriger_hash, vorherige_id = ereignis.hash, ereignis.id
    return Pruefergebnis(True, None, f"Audit-Kette intakt: {anzahl} Ereignisse geprüft.")


@dataclass(frozen=True)
class Ereignisfilter:
    akteur: str | None = None
    aktion: str | None = None
    objekt_typ: str | None = None
    objekt_id: str | None = None
    von: date | None = None  # einschließlich (UTC-Tag)
    bis: date | None = None  # einschließlich (UTC-Tag)


@dataclass(frozen=True)
class Ereignisseite:
    ereignisse: list[AuditEreignis]
    gesamt: int
    seite: int
    seiten: int


def suche_ereignisse(
    session: Session, filter_: Ereignisfilter, seite: int = 1, pro_seite: int = 50
) -> Ereignisseite:
    """Ereignisse, neueste zuerst, gefiltert und seitenweise (Seite 1 = neueste)."""
    bedingungen = []
    if filter_.akteur:
        bedingungen.append(AuditEreignis.akteur == filter_.akteur)
    if filter_.aktion:
        bedingungen.append(AuditEreignis.aktion == filter_.aktion)
    if filter_.objekt_typ:
        bedingungen.append(AuditEreignis.objekt_typ == filter_.objekt_typ)
    if filter_.objekt_id:
        bedingungen.append(AuditEreignis.objekt_id == filter_.objekt_id)
    if filter_.von:
        bedingungen.append(AuditEreignis.zeitpunkt >= datetime.combine(filter_.von, time(), UTC))
    if filter_.bis:
        ende = datetime.combine(filter_.bis, time(), UTC) + timedelta(days=1)
        bedingungen.append(AuditEreignis.zeitpunkt < ende)
    gesamt = session.exec(select(func.count()).select_from(AuditEreignis).where(*bedingungen)).one()
    seiten = max(1, -(-gesamt // pro_seite))
    seite = min(max(1, seite), seiten)
    ereignisse = list(
        session.exec(
            select(AuditEreignis)
            .where(*bedingungen)
            .order_by(AuditEreignis.id.desc())
            .offset((seite - 1) * pro_seite)
            .limit(pro_seite)
        )
    )
    return Ereignisseite(ereignisse, gesamt, seite, seiten)


def aktionen(session: Session) -> list[str]:
    """Alle vorkommenden Aktionen (für die Filterauswahl)."""
    return list(
        session.exec(select(AuditEreignis.aktion).distinct().order_by(AuditEreignis.aktion))
    )
