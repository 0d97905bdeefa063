"""Einen Job ausführen: Sperre gegen Doppelläufe, Protokoll in `JobLauf`, angeforderte Läufe.

- **Sperre**: vor dem Lauf wird eine Zeile `JobSperre(job)` in einer eigenen Transaktion
  eingefügt. Ein zweiter Prozess (z. B. ein versehentlich doppelt gestarteter Scheduler)
  bekommt einen IntegrityError und vermerkt den Lauf als „übersprungen“. Abgelaufene Sperren
  (`bis` vorbei) und Sperren eines nicht mehr laufenden Prozesses desselben Rechners werden
  übernommen – so holt der nächste Lauf nach einem Absturz die Arbeit nach.
- **Jetzt ausführen** (Adminseite): legt einen `JobLauf` mit Status „angefordert“ an; der
  Scheduler-Prozess fragt alle `ZV_JOB_ANFORDERUNG_S` Sekunden (Standard 15) nach und übernimmt
  ihn mit einem bedingten UPDATE (nur einer gewinnt). So läuft auch ein minutenlanger
  Berichtslauf nie in einer Web-Anfrage.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ..config import konfiguration
from ..db import sitzung, transaktion
from ..models import JobLauf, JobSperre
from . import JOB, Job
from .prozesse import prozess_name, verwaist

log = logging.getLogger(__name__)
DATENBANK_URL: str | None = None  # vom Scheduler-Start gesetzt; sonst ZV_DATABASE_URL


def _url() -> str:
    return DATENBANK_URL or konfiguration().datenbank_url


def sperre(url: str, job: Job, inhaber: str, jetzt: datetime) -> str | None:
    """Die Sperre nehmen; None bei Erfolg, sonst der Inhaber der bestehenden Sperre."""
    with transaktion(url) as session:
        alt = session.get(JobSperre, job.name)
        if alt is not None and (alt.bis < jetzt or verwaist(alt.inhaber)):
            session.execute(
                delete(JobSperre).where(JobSperre.job == job.name, JobSperre.inhaber == alt.inhaber)
            )
    try:
        with transaktion(url) as session:
            session.add(
                JobSperre(
                    job=job.name, inhaber=inhaber, bis=jetzt + timedelta(minutes=job.sperre_minuten)
                )
            )
    except IntegrityError:
        with sitzung(url) as session:
            alt = session.get(JobSperre, job.name)
            return alt.inhaber if alt else "einem anderen Prozess"
    return None


def gib_frei(url: str, job: Job, inhaber: str) -> None:
    with transaktion(url) as session:
        session.execute(
            delete(JobSperre).where(JobSperre.job == job.name, JobSperre.inhaber == inhaber)
        )


def fuehre_aus(
    url: str, name: str, ausgeloest: str, von: str | None = None, lauf_id: int | None = None
) -> JobLauf:
    """Den Job `name` jetzt in diesem Prozess ausführen (mit Sperre und Protokoll)."""
    job = JOB[name]
    jetzt = datetime.now(UTC)
    inhaber = prozess_name()
    with transaktion(url) as session:
        lauf = session.get(JobLauf, lauf_id) if lauf_id else None
        if lauf is None:
            lauf = JobLauf(
                job=name,
                status="laeuft",
                ausgeloest=ausgeloest,
                angefordert_von=von,
                angefordert_am=jetzt,
            )
            session.add(lauf)
        lauf.status, lauf.beginn, lauf.prozess = "laeuft", jetzt, inhaber
        session.flush()
        lauf_id = lauf.id
    anderer = sperre(url, job, inhaber, jetzt)
    if anderer is not None:
        return _ende(
            url,
            lauf_id,
            "uebersprungen",
            f"Läuft bereits in Prozess {anderer}; dieser Lauf wurde ausgelassen.",
        )
    try:
        text = job.funktion(url)
        status = "ok"
    except Exception as fehler:  # der Scheduler soll weiterlaufen; der Fehler steht im Protokoll
        log.exception("Job %s fehlgeschlagen", name)
        text, status = f"{type(fehler).__name__}: {getattr(fehler, 'meldung', fehler)}", "fehler"
    finally:
        gib_frei(url, job, inhaber)
    return _ende(url, lauf_id, status, text)


def _ende(url: str, lauf_id: int, status: str, text: str) -> JobLauf:
    with transaktion(url) as session:
        lauf = session.get(JobLauf, lauf_id)
        lauf.status, lauf.ergebnis, lauf.ende = status, text[:4000], datetime.now(UTC)
    return lauf


def zeitplan_lauf(name: str) -> None:
    """Einstieg des Schedulers (Textverweis im Jobstore: nur der Name wird gespeichert)."""
    fuehre_aus(_url(), name, "zeitplan")


def fordere_an(session: Session, name: str, von: str, jetzt: datetime) -> JobLauf:
    """„Jetzt ausführen“: einen Lauf anfordern (flush); ein schon angeforderter genügt."""
    if name not in JOB:
        raise KeyError(name)
    offen = (
        session.execute(select(JobLauf).where(JobLauf.job == name, JobLauf.status == "angefordert"))
        .scalars()
        .first()
    )
    if offen:
        return offen
    lauf = JobLauf(
        job=name,
        status="angefordert",
        ausgeloest="manuell",
        angefordert_von=von,
        angefordert_am=jetzt,
    )
    session.add(lauf)
    session.flush()
    return lauf


def angeforderte_ausfuehren(url: str | None = None) -> int:
    """Angeforderte Läufe übernehmen und ausführen; Zahl der übernommenen."""
    url = url or _url()
    with sitzung(url) as session:
        offen = list(
            session.execute(
                select(JobLauf.id, JobLauf.job)
                .where(JobLauf.status == "angefordert")
                .order_by(JobLauf.id)
            ).all()
        )
    uebernommen = 0
    for lauf_id, name in offen:
        with transaktion(url) as session:
            zeilen = session.execute(
                update(JobLauf)
                .where(JobLauf.id == lauf_id, JobLauf.status == "angefordert")
                .values(status="uebernommen", prozess=prozess_name())
            ).rowcount
        if zeilen == 1 and name in JOB:
            fuehre_aus(url, name, "manuell", lauf_id=lauf_id)
            uebernommen += 1
    return uebernommen
