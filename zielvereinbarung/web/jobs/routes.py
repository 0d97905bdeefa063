"""Jobs: Zeitplan, nächster Lauf (aus dem Jobstore des Schedulers), letzte Läufe mit Ergebnis
und „jetzt ausführen“.

„Jetzt ausführen“ legt einen angeforderten Lauf an (`jobs.ausfuehrung.fordere_an`); der
Scheduler-Prozess übernimmt ihn binnen `ZV_JOB_ANFORDERUNG_S` Sekunden. Die Web-Anfrage führt
nie selbst einen Job aus (ein Berichtslauf dauert Minuten).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ...jobs import JOB, JOBS
from ...jobs.ausfuehrung import fordere_an
from ...models import JobLauf
from ...models.jobs import apscheduler_jobs
from ..kern.datenbank import db
from . import bp

STATUS_TEXT = {
    "angefordert": "angefordert – wartet auf den Scheduler",
    "uebernommen": "übernommen",
    "laeuft": "läuft",
    "ok": "erfolgreich",
    "fehler": "fehlgeschlagen",
    "uebersprungen": "übersprungen",
}


def _naechste_laeufe() -> dict[str, datetime | None]:
    return {
        jid: (datetime.fromtimestamp(ts, UTC) if ts is not None else None)
        for jid, ts in db().execute(select(apscheduler_jobs.c.id, apscheduler_jobs.c.next_run_time))
    }


@bp.get("")
def uebersicht():
    naechste = _naechste_laeufe()
    laeufe = list(db().execute(select(JobLauf).order_by(JobLauf.id.desc()).limit(60)).scalars())
    zeilen = []
    for job in JOBS:
        eigene = [lauf for lauf in laeufe if lauf.job == job.name]
        zeilen.append(
            {
                "job": job,
                "zeitplan": job.zeitplan or "abgeschaltet",
                "naechster": naechste.get(job.name),
                "geplant": job.name in naechste,
                "letzter": next((lauf for lauf in eigene if lauf.status != "angefordert"), None),
                "angefordert": any(lauf.status == "angefordert" for lauf in eigene),
            }
        )
    return render_template(
        "jobs/uebersicht.html",
        zeilen=zeilen,
        laeufe=laeufe,
        status_text=STATUS_TEXT,
        scheduler_aktiv=bool(naechste),
    )


@bp.post("/<name>/ausfuehren")
def ausfuehren(name: str):
    if name not in JOB:
        abort(404)
    lauf = fordere_an(db(), name, current_user.benutzername, datetime.now(UTC))
    flash(
        f"„{JOB[name].titel}“ ist angefordert (Lauf {lauf.id}); der Scheduler-Prozess führt "
        "ihn in Kürze aus.",
        "erfolg",
    )
    return redirect(url_for("jobs.uebersicht"))
