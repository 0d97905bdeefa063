"""Der tägliche Job `audit_anker`: prüft die Kette, verankert den Kopf; ein Befund lässt den
Lauf fehlschlagen (sichtbar auf der Jobseite), der Anker entsteht trotzdem."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session

from zielvereinbarung.jobs import JOB
from zielvereinbarung.jobs.ausfuehrung import fuehre_aus
from zielvereinbarung.services.audit.anker import lies_anker
from zielvereinbarung.services.audit.kette import protokolliere

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_taeglicher_anker_und_befund(db_url, engine):
    assert JOB["audit_anker"].zeitplan == "30 2 * * *"
    with Session(engine) as session:
        for i in range(3):
            protokolliere(session, "admin", "test", None, None, {"i": i}, JETZT)
        session.commit()
    lauf = fuehre_aus(db_url, "audit_anker", "manuell", "admin")
    assert lauf.status == "ok", lauf.ergebnis
    assert lauf.ergebnis.startswith("Audit-Kette intakt: 3 Ereignisse geprüft")
    assert lauf.ergebnis.endswith("Anker für Ereignis 3 geschrieben (ohne Zeitstempel).")
    assert [(a.id, a.anlass) for a in lies_anker()] == [(3, "täglich")]

    with engine.begin_nested():  # ein SAVEPOINT in der Testtransaktion
        engine.execute(text("UPDATE audit_ereignis SET akteur = 'jemand' WHERE id = 2"))
    lauf = fuehre_aus(db_url, "audit_anker", "manuell", "admin")
    assert lauf.status == "fehler"
    assert "Ereignis 2 („test“ von jemand" in lauf.ergebnis and "nachträglich" in lauf.ergebnis
    assert len(lies_anker()) == 2
