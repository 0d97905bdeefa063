"""Einmalige Neuverschlüsselung einer Kette aus der Zeit vor Migration 0007 (SHA-256 ohne
Schlüssel) auf HMAC-SHA-256 – `flask zv audit neu-verschluesseln`.

Ablauf (eine Transaktion, die Kette ist währenddessen für andere Schreiber gesperrt):
1. Die bestehende Kette wird mit ihrem eigenen Verfahren geprüft (alte Zeilen SHA-256, neuere
   HMAC). Ist sie gebrochen, wird nichts umgestellt – sonst würde eine Manipulation mit dem
   Schlüssel beglaubigt. Lücken in den ids, über die die Verkettung intakt hinweggeht, stammen
   aus zurückgerollten Transaktionen (PostgreSQL-Sequenz) und werden festgehalten.
2. Jede Zeile bekommt ihren HMAC (ids und Inhalte bleiben, nur `vorgaenger_hash`/`hash`).
3. Ein Ereignis `audit_neu_verschluesselt` nennt Anzahl, Schlüsselkennung und die
   vorgefundenen Lücken (die Prüfung erlaubt genau diese); nach dem Commit folgt ein Anker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select, update

from ...config import AuditSchluessel
from ...fehler import FachlicherFehler
from ...format import zahl
from ...models import AuditEreignis
from ...models.audit import ALT_SHA256, HMAC_SHA256
from .anker import Anker, verankere_nach_commit
from .kette import NULL_HASH, berechne_hmac, berechne_sha256, protokolliere, sperre_kette
from .pruefung import NEU_VERSCHLUESSELT

STAPEL = 1000


@dataclass(frozen=True)
class Umstellung:
    umgestellt: int
    luecken: list[tuple[int, int]]
    meldung: str


def _stapel(session: Session, ab_id: int) -> list[AuditEreignis]:
    return list(
        session.exec(
            select(AuditEreignis)
            .where(col(AuditEreignis.id) > ab_id)
            .order_by(col(AuditEreignis.id))
            .limit(STAPEL)
        )
    )


def _pruefe_alt(session: Session, schluessel: bytes) -> list[tuple[int, int]]:
    """Die bestehende Kette mit ihren eigenen Verfahren prüfen; gibt die Lücken zurück."""
    vorher_id, vorher_hash, luecken = 0, NULL_HASH, list[tuple[int, int]]()
    while zeilen := _stapel(session, vorher_id):
        for e in zeilen:
            assert e.id is not None  # aus der Datenbank gelesen
            erwartet = (
                berechne_sha256(e) if e.verfahren == ALT_SHA256 else berechne_hmac(e, schluessel)
            )
            if e.vorgaenger_hash != vorher_hash or erwartet != e.hash:
                raise FachlicherFehler(
                    f"Die bestehende Audit-Kette ist bei Ereignis {e.id} gebrochen; sie wird nicht "
                    "neu verschlüsselt (das würde die Änderung beglaubigen). Bitte zuerst klären, "
                    "z. B. mit einer Datensicherung vergleichen."
                )
            if e.id != vorher_id + 1:
                luecken.append((vorher_id, e.id))
            vorher_id, vorher_hash = e.id, e.hash
        session.expunge_all()
    return luecken


def neu_verschluesseln(
    session: Session,
    schluessel: AuditSchluessel,
    anker: list[Anker],
    akteur: str,
    jetzt: datetime,
) -> Umstellung:
    """Die Kette auf HMAC umstellen (Ablauf im Modulkopf); ohne alte Zeilen: nichts zu tun.

    Verweigert wird sie, wenn die Kette schon einmal umgestellt wurde oder ein Anker auf eine
    alte Zeile zeigt: dann sind die alten Zeilen keine Altlast, sondern eine ohne Schlüssel
    neu berechnete Kette (sonst beglaubigte die Umstellung die Fälschung)."""
    sperre_kette(session)
    # SQLite: eine Schreibanweisung vorab nimmt die Schreibsperre, bevor gelesen wird.
    session.exec(update(AuditEreignis).where(col(AuditEreignis.id) == -1).values(hash=""))
    alt = session.exec(
        select(func.count()).select_from(AuditEreignis).where(AuditEreignis.verfahren == ALT_SHA256)
    ).one()
    if not alt:
        return Umstellung(
            0, [], "Die Audit-Kette ist bereits mit HMAC-SHA-256 verschlüsselt; nichts zu tun."
        )
    letzte_alte = session.exec(
        select(func.max(AuditEreignis.id)).where(AuditEreignis.verfahren == ALT_SHA256)
    ).one()
    schon = session.exec(
        select(AuditEreignis.id).where(AuditEreignis.aktion == NEU_VERSCHLUESSELT).limit(1)
    ).first()
    assert letzte_alte is not None  # es gibt alte Zeilen (`alt` oben)
    if schon or any(a.id <= letzte_alte for a in anker):
        raise FachlicherFehler(
            "Die Kette wurde schon mit HMAC geführt (Ereignis „audit_neu_verschluesselt“ oder ein "
            "Anker zeigt auf eine der Zeilen im alten Verfahren): die alten Zeilen sind "
            "nachträglich ohne Schlüssel neu berechnet worden. Es wird nichts umgestellt; bitte "
            "mit `flask zv audit verify` und einer Datensicherung klären."
        )
    luecken = _pruefe_alt(session, schluessel.hmac_schluessel)
    vorher_id, vorher_hash, anzahl = 0, NULL_HASH, 0
    while zeilen := _stapel(session, vorher_id):
        for e in zeilen:
            assert e.id is not None  # aus der Datenbank gelesen
            e.vorgaenger_hash, e.verfahren = vorher_hash, HMAC_SHA256
            e.hash = berechne_hmac(e, schluessel.hmac_schluessel)
            vorher_id, vorher_hash, anzahl = e.id, e.hash, anzahl + 1
        session.flush()
        session.expunge_all()
    protokolliere(
        session,
        akteur,
        NEU_VERSCHLUESSELT,
        "audit",
        None,
        {
            "bisheriges_verfahren": ALT_SHA256,
            "ereignisse": anzahl,
            "alte_ereignisse": alt,
            "schluessel": schluessel.kennung,
            "luecken": [list(paar) for paar in luecken],
        },
        jetzt,
    )
    verankere_nach_commit(session, "neuverschluesselung", jetzt)
    zusatz = f"; {len(luecken)} vorgefundene Lücke(n) festgehalten" if luecken else ""
    return Umstellung(
        anzahl,
        luecken,
        (
            f"Audit-Kette neu verschlüsselt: {zahl(anzahl)} Ereignisse (davon {zahl(alt)} im alten "
            f"Verfahren) tragen jetzt einen HMAC mit Schlüssel {schluessel.kennung}{zusatz}."
        ),
    )
