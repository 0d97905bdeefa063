"""Anker der Audit-Kette außerhalb der Datenbank.

Ein Anker hält den Kopf der Kette fest – id, HMAC, Kennung des Schlüssels, Zeitpunkt, Anlass –
als eine JSON-Zeile in der Ankerdatei (`config.audit_anker_pfad()`, es wird nur angehängt). Ist
`ZV_TSA_URL` gesetzt, kommt ein RFC-3161-Zeitstempel über den SHA-256 des kanonischen Ankers
dazu (Base64, DER); ist der Dienst nicht erreichbar, wird der Anker ohne Stempel geschrieben
und der Grund vermerkt.

Verankert wird täglich (Job `audit_anker`), nach jeder Unterschrift und jedem Import, nach der
Neuverschlüsselung und auf Wunsch (`flask zv audit anker`). Unterschrift und Import rufen
`verankere_nach_commit`: der Anker entsteht erst nach dem Commit (sonst hielte er ein Ereignis
fest, das ein Rollback wieder verwirft); schlägt er fehl, wird das protokolliert, die
festgeschriebene Aktion bleibt gültig.

Grenze: Ereignisse nach dem jüngsten Anker kann jemand mit Datenbankzugriff unbemerkt löschen;
wer die Ankerdatei ändern kann, kann Anker ohne Zeitstempel entfernen. Deshalb gehört die Datei
auf einen anderen Speicher oder wird mit `chattr +a` gesichert.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session as SaSession
from sqlmodel import Session

from ...config import audit_anker_pfad, audit_schluessel, tsa_url
from ...documents.zeitstempel import ZeitstempelFehler, stemple
from .kette import kanonisch, kopf

LOG = logging.getLogger(__name__)
_VORGEMERKT = "zv_audit_anker"  # Schlüssel in Session.info: {Anlass: Zeitpunkt}


@dataclass(frozen=True)
class Anker:
    zeit: str  # ISO 8601, UTC
    id: int  # Kopf der Kette
    hmac: str
    schluessel: str  # Kennung des Audit-Schlüssels
    anlass: str
    zeitstempel: str | None = None  # RFC-3161-Token (Base64, DER)
    tsa_fehler: str | None = None

    def fingerabdruck(self) -> bytes:
        """SHA-256 dessen, was der Zeitstempel bestätigt."""
        inhalt = {k: getattr(self, k) for k in ("zeit", "id", "hmac", "schluessel", "anlass")}
        return hashlib.sha256(kanonisch(inhalt).encode("utf-8")).digest()

    @property
    def zeit_text(self) -> str:
        return datetime.fromisoformat(self.zeit).strftime("%d.%m.%Y %H:%M:%S UTC")


class AnkerdateiFehler(RuntimeError):
    """Die Ankerdatei ist nicht lesbar (deutsche Meldung)."""


def lies_anker(pfad: Path | None = None) -> list[Anker]:
    """Alle Anker in Dateireihenfolge; eine fehlende Datei heißt: noch keine Anker."""
    pfad = pfad or audit_anker_pfad()
    if not pfad.exists():
        return []
    anker = []
    felder = set(Anker.__dataclass_fields__)
    with pfad.open(encoding="utf-8") as datei:
        for nummer, zeile in enumerate(datei, 1):
            if not zeile.strip():
                continue
            try:
                daten = json.loads(zeile)
                anker.append(Anker(**{k: v for k, v in daten.items() if k in felder}))
            except (ValueError, TypeError) as fehler:
                raise AnkerdateiFehler(
                    f"Ankerdatei {pfad}, Zeile {nummer}, ist unlesbar ({fehler}): die Datei wurde "
                    "verändert oder beschädigt."
                ) from None
    return anker


def _haenge_an(pfad: Path, anker: Anker) -> None:
    pfad.parent.mkdir(parents=True, exist_ok=True)
    zeile = json.dumps(asdict(anker), ensure_ascii=False, separators=(",", ":")) + "\n"
    fd = os.open(pfad, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "a", encoding="utf-8") as datei:
        fcntl.flock(datei, fcntl.LOCK_EX)  # mehrere Prozesse: Zeilen nie verschränkt
        datei.write(zeile)
        datei.flush()
        os.fsync(datei.fileno())


def verankere(
    session: Session,
    anlass: str,
    jetzt: datetime,
    pfad: Path | None = None,
    tsa: str | None = None,
) -> Anker | None:
    """Den festgeschriebenen Kopf der Kette verankern; None, wenn die Kette leer ist.
    `tsa`: Zeitstempeldienst (Standard: `ZV_TSA_URL`)."""
    k = kopf(session)
    if k is None:
        return None
    zeit = (jetzt if jetzt.tzinfo else jetzt.replace(tzinfo=UTC)).astimezone(UTC)
    anker = Anker(
        zeit.isoformat(timespec="seconds"), k.id, k.hmac, audit_schluessel().kennung, anlass
    )
    url = tsa if tsa is not None else tsa_url()
    if url:
        try:
            token = stemple(url, anker.fingerabdruck())
            anker = Anker(**{**asdict(anker), "zeitstempel": base64.b64encode(token).decode()})
        except ZeitstempelFehler as fehler:
            LOG.warning("Audit-Anker ohne Zeitstempel: %s", fehler)
            anker = Anker(**{**asdict(anker), "tsa_fehler": str(fehler)})
    _haenge_an(pfad or audit_anker_pfad(), anker)
    return anker


def verankere_nach_commit(session: Session, anlass: str, jetzt: datetime) -> None:
    """Nach dem nächsten erfolgreichen Commit dieser Session einen Anker schreiben (nach einem
    Rollback nicht)."""
    session.info.setdefault(_VORGEMERKT, {})[anlass] = jetzt


@event.listens_for(SaSession, "after_commit")
def _nach_commit(session: SaSession) -> None:
    vorgemerkt = session.info.pop(_VORGEMERKT, None)
    if not vorgemerkt:
        return
    try:  # nach dem Commit darf diese Session kein SQL mehr senden: eine neue lesende
        with Session(session.get_bind()) as lesend:
            verankere(lesend, ", ".join(sorted(vorgemerkt)), max(vorgemerkt.values()))
    except Exception:  # die Aktion ist festgeschrieben; der tägliche Anker holt es nach
        LOG.exception("Audit-Anker nach dem Commit fehlgeschlagen (Anlass: %s)", vorgemerkt)


@event.listens_for(SaSession, "after_rollback")
def _nach_rollback(session: SaSession) -> None:
    session.info.pop(_VORGEMERKT, None)
