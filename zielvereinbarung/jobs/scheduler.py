"""Der Scheduler-Prozess (`flask zv scheduler`): APScheduler 3.x, `BackgroundScheduler`; der
Hauptfaden wartet, bis SIGINT oder SIGTERM kommt (ein Signal, das als KeyboardInterrupt mitten in
APScheduler einträfe, finge dessen Jobverteilung ab – der Prozess liefe weiter).

- Jobstore: `SQLAlchemyJobStore` in derselben Datenbank (Tabelle `apscheduler_jobs`, von der
  Migration 0005 angelegt). Gespeichert wird je Job nur ein Textverweis auf
  `jobs.ausfuehrung:zeitplan_lauf` und der Jobname; beim Start werden die Jobs aus `jobs.JOBS`
  neu eingetragen (`replace_existing`), abgeschaltete und unbekannte entfernt.
- Voreinstellungen: `coalesce=True` (verpasste Läufe werden zu einem zusammengefasst),
  `max_instances=1`, `misfire_grace_time` = `ZV_JOB_MISFIRE_S` (Standard 3600 s).
- Zusätzlich fragt der Job `anforderungen` alle `ZV_JOB_ANFORDERUNG_S` Sekunden (Standard 15)
  nach „jetzt ausführen“-Anforderungen der Adminseite.
- APScheduler 3 stimmt mehrere Scheduler an einem Jobstore nicht ab. Deshalb startet ihn nur
  der Anführer (`jobs.anfuehrer`: PostgreSQL-Beratungssperre); weitere Scheduler-Prozesse warten
  als Ersatz und übernehmen, wenn er stirbt. Als zweite Sicherung bleiben die Sperre je Job
  (`JobSperre`) und die UNIQUE-Schlüssel der Berichte und Erinnerungen.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ..config import konfiguration
from ..db import engine_fuer
from ..format import ZEITZONE_NAME
from . import JOBS, ausfuehrung
from .anfuehrer import Anfuehrerschaft

ANFORDERUNGEN = "anforderungen"
log = logging.getLogger(__name__)


def job_defaults() -> dict:
    return {
        "coalesce": True,
        "max_instances": 1,
        "misfire_grace_time": konfiguration().job_misfire_s,
    }


def baue_scheduler(url: str) -> BackgroundScheduler:
    """Scheduler mit Jobstore in der Datenbank `url`; die Jobs sind eingetragen, gestartet ist
    er noch nicht."""
    ausfuehrung.DATENBANK_URL = url
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine_fuer(url))},
        job_defaults=job_defaults(),
        timezone=ZEITZONE_NAME,
    )
    gewuenscht = {ANFORDERUNGEN}
    for job in JOBS:
        if job.zeitplan is None:
            continue
        gewuenscht.add(job.name)
        scheduler.add_job(
            "zielvereinbarung.jobs.ausfuehrung:zeitplan_lauf",
            CronTrigger.from_crontab(job.zeitplan, timezone=ZEITZONE_NAME),
            args=[job.name],
            id=job.name,
            name=job.titel,
            replace_existing=True,
        )
    sekunden = konfiguration().job_anforderung_s
    scheduler.add_job(
        "zielvereinbarung.jobs.ausfuehrung:angeforderte_ausfuehren",
        IntervalTrigger(seconds=sekunden),
        id=ANFORDERUNGEN,
        name="Angeforderte Läufe",
        replace_existing=True,
    )
    scheduler._zv_gewuenscht = gewuenscht  # beim Start: alles andere aus dem Jobstore entfernen
    return scheduler


def entferne_veraltete(scheduler: BackgroundScheduler) -> list[str]:
    """Jobs im Jobstore, die nicht (mehr) deklariert oder abgeschaltet sind, entfernen."""
    entfernt = []
    for job in scheduler.get_jobs():
        if job.id not in scheduler._zv_gewuenscht:
            scheduler.remove_job(job.id)
            entfernt.append(job.id)
    return entfernt


def starte(url: str, melde: Callable[[str], None] = log.info) -> None:
    """Erst Anführer werden (als Ersatz warten), dann den Scheduler starten; blockiert bis
    Strg+C (SIGINT) oder SIGTERM (systemd) – beide beenden ihn geordnet: laufende Jobs werden
    fertig, dann endet der Prozess. Die Handler setzen nur ein Ereignis; sie werden ausdrücklich
    gesetzt (vor der Meldung „Scheduler startet“), denn ein Prozess, den eine Shell im
    Hintergrund startet, erbt ein ignoriertes SIGINT."""
    halt = threading.Event()
    vorher = {
        sig: signal.signal(sig, lambda *_: halt.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        melde("Scheduler startet (Strg+C beendet ihn).")
        _starte(url, melde, halt)
    finally:
        for sig, handler in vorher.items():
            signal.signal(sig, handler)


def _starte(url: str, melde: Callable[[str], None], halt: threading.Event) -> None:
    warte_s = konfiguration().scheduler_warte_s
    anfuehrerschaft = Anfuehrerschaft(url)
    if not anfuehrerschaft.warte(warte_s, melde, halt):
        return
    anfuehrerschaft.bewache(warte_s)
    scheduler = baue_scheduler(url)
    scheduler.add_listener(lambda _e: entferne_veraltete(scheduler), mask=EVENT_SCHEDULER_STARTED)
    scheduler.start()
    try:
        while not halt.wait(1):
            pass
    finally:
        scheduler.shutdown(wait=True)
