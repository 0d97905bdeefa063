"""Job: Benchmarking-Jahresberichte der Vergleichsringe, sobald Daten für den Dezember vorliegen.

Läuft nur, wenn seit dem letzten vollständigen Lauf ein neuer Import da ist (Merker wie bei den
Fortschrittsberichten). Je Ring und Jahr mit Dezember-Daten wird der Bericht nur neu erzeugt,
wenn sich seine Daten geändert haben (Fingerabdruck); jeder Ring in einer eigenen Transaktion.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from ..config import konfiguration
from ..db import sitzung, transaktion
from ..models import ImportProtokoll, JobMerker
from ..models.ring import Ring
from ..services.ablage import Ablage
from ..services.ringe.bericht import erzeuge_jahresbericht, faellige_berichte

MERKER = "ringberichte.letzter_import"


def ringberichte_nach_daten(url: str) -> str:
    with sitzung(url) as session:
        letzter = session.execute(
            select(func.max(ImportProtokoll.id)).where(ImportProtokoll.ergebnis == "importiert")
        ).scalar()
        merker = session.get(JobMerker, MERKER)
        bisher = int(merker.wert) if merker else 0
        ringe = list(session.execute(select(Ring.id).order_by(Ring.id)).scalars())
    if letzter is None:
        return "Noch keine Basiszahlen importiert; keine Ringberichte."
    if letzter <= bisher:
        return f"Keine neuen Daten seit Import {bisher}; nichts zu tun."
    ablage = Ablage(konfiguration().berichtsablage())
    meldungen = []
    for ring_id in ringe:
        with transaktion(url) as session:
            for jahr in faellige_berichte(session, ring_id):
                jetzt = datetime.now(UTC)
                ergebnis = erzeuge_jahresbericht(session, ring_id, jahr, ablage, "scheduler", jetzt)
                meldungen.append(ergebnis.meldung)
    with transaktion(url) as session:
        m, jetzt = session.get(JobMerker, MERKER), datetime.now(UTC)
        if m is None:
            session.add(JobMerker(name=MERKER, wert=str(letzter), geaendert_am=jetzt))
        elif int(m.wert) < letzter:
            m.wert, m.geaendert_am = str(letzter), jetzt
    return " ".join(meldungen) or "Keine Ringe mit Dezember-Daten."
