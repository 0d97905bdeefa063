"""Scheduler und Jobs mit echten Prozessen auf der echten Datenbank: zwei gleichzeitige Prozesse
erzeugen jeden Bericht genau einmal, ein Absturz mitten im Lauf wird vom nächsten Lauf
vervollständigt, der Scheduler-Prozess übernimmt angeforderte Läufe; Erinnerungen."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests.fixtures.nachhaltung import JETZT
from zielvereinbarung.config import PROJEKT_WURZEL
from zielvereinbarung.jobs import JOB
from zielvereinbarung.jobs.ausfuehrung import fuehre_aus
from zielvereinbarung.jobs.scheduler import baue_scheduler
from zielvereinbarung.models import (
    Benutzer,
    Bericht,
    Erinnerung,
    JobLauf,
    JobSperre,
    Zielvereinbarung,
)
from zielvereinbarung.models.jobs import apscheduler_jobs
from zielvereinbarung.services.verhandlung.erinnerungen import erinnere

# Scheduler und Jobs laufen als eigene Prozesse und lesen, was der Test festschreibt.
pytestmark = pytest.mark.echte_commits


@pytest.fixture
def umgebung(db_url, tmp_path):
    env = dict(
        os.environ,
        ZV_DATABASE_URL=db_url,
        ZV_BERICHTE_PATH=str(tmp_path / "berichte"),
        FLASK_APP=str(PROJEKT_WURZEL / "app.py"),
        PYTHONPATH=str(PROJEKT_WURZEL),
    )
    env.pop("ZV_SMTP_HOST", None)
    os.environ["ZV_BERICHTE_PATH"] = env["ZV_BERICHTE_PATH"]
    yield env
    os.environ.pop("ZV_BERICHTE_PATH", None)


def python(code: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        cwd=PROJEKT_WURZEL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


LAUF = """
import json, sys
from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte
e = erzeuge_berichte({url!r}, "2026-03", arbeiter=1)
print(json.dumps({{"neu": len(e.neu), "erledigt": e.schon_erledigt, "unveraendert":
e.unveraendert}}))
"""


def berichte(engine) -> list[tuple[str, str, int]]:
    with Session(engine) as s:
        return [(b.art, b.schluessel, b.version) for b in s.exec(select(Bericht))]


def test_zwei_prozesse_gleichzeitig_erzeugen_jeden_bericht_genau_einmal(
    vereinbarung, db_url, umgebung, engine
):
    """Ohne Job-Sperre (direkt der Berichtslauf): der UNIQUE-Schlüssel entscheidet."""
    prozesse = [python(LAUF.format(url=db_url), umgebung) for _ in range(2)]
    ausgaben = [p.communicate(timeout=300) for p in prozesse]
    assert all(p.returncode == 0 for p in prozesse), ausgaben
    ergebnisse = [json.loads(out.strip().splitlines()[-1]) for out, _ in ausgaben]
    alle = berichte(engine)
    # 3 Träger mit Daten (01054, 01059, 03157) und die Landesübersichten SH und NI
    assert sorted((a, s) for a, s, _ in alle) == sorted(
        [
            ("traeger", "01054"),
            ("traeger", "01059"),
            ("traeger", "03157"),
            ("land", "NI"),
            ("land", "SH"),
        ]
    )
    assert {v for *_, v in alle} == {1}
    assert sum(e["neu"] for e in ergebnisse) == 5
    assert sum(e["neu"] + e["erledigt"] + e["unveraendert"] for e in ergebnisse) == 10


JOB_LAUF = """
from zielvereinbarung.jobs.ausfuehrung import fuehre_aus
lauf = fuehre_aus({url!r}, "berichte", "zeitplan")
print(lauf.status, lauf.ergebnis)
"""


def test_zwei_scheduler_laeufe_gleichzeitig_mit_sperre(vereinbarung, db_url, umgebung, engine):
    prozesse = [python(JOB_LAUF.format(url=db_url), umgebung) for _ in range(2)]
    ausgaben = [p.communicate(timeout=300) for p in prozesse]
    assert all(p.returncode == 0 for p in prozesse), ausgaben
    assert len(berichte(engine)) == 5 and {v for *_, v in berichte(engine)} == {1}
    with Session(engine) as s:
        laeufe = s.exec(select(JobLauf).order_by(JobLauf.id)).all()
        assert s.exec(select(JobSperre)).all() == []  # freigegeben
    assert len(laeufe) == 2 and {lauf.status for lauf in laeufe} <= {"ok", "uebersprungen"}
    texte = " ".join(lauf.ergebnis for lauf in laeufe)
    assert "5 Berichte erzeugt" in texte
    assert "Läuft bereits in Prozess" in texte or "nichts zu tun" in texte


ABSTURZ = """
import os
from zielvereinbarung.jobs import worker
original = worker._festschreiben
zaehler = []
def festschreiben(*a, **k):
    original(*a, **k)
    zaehler.append(1)
    if len(zaehler) == 2:
        os._exit(3)  # harter Absturz: kein finally, keine Freigabe der Sperre
worker._festschreiben = festschreiben
from zielvereinbarung.jobs.ausfuehrung import fuehre_aus
fuehre_aus({url!r}, "berichte", "zeitplan")
"""


def test_absturz_des_prozesses_wird_vom_naechsten_lauf_vervollstaendigt(
    vereinbarung, db_url, umgebung, engine
):
    p = python(ABSTURZ.format(url=db_url), umgebung)
    p.communicate(timeout=300)
    assert p.returncode == 3
    assert len(berichte(engine)) == 2
    with Session(engine) as s:
        assert s.exec(select(JobSperre)).one().job == "berichte"  # verwaiste Sperre
    lauf = fuehre_aus(db_url, "berichte", "zeitplan")
    assert lauf.status == "ok", lauf.ergebnis
    assert "3 Berichte erzeugt, 2 unverändert" in lauf.ergebnis
    alle = berichte(engine)
    assert len(alle) == 5 and len(set(alle)) == 5
    assert fuehre_aus(db_url, "berichte", "zeitplan").ergebnis.startswith("Keine neuen Daten")


def test_scheduler_prozess_erzeugt_nach_import_die_berichte(vereinbarung, db_url, umgebung, engine):
    """`flask zv scheduler` als eigener Prozess: Jobstore in der Datenbank, „jetzt ausführen“
    (angeforderte Läufe) für die Berichte nach dem Import und die Erinnerungen."""
    umgebung = dict(umgebung, ZV_JOB_ANFORDERUNG_S="1", ZV_JOB_ERINNERUNGEN="0 3 * * *")
    with Session(engine) as s:
        for job in ("berichte", "erinnerungen"):
            s.add(
                JobLauf(
                    job=job,
                    status="angefordert",
                    ausgeloest="manuell",
                    angefordert_von="admin",
                    angefordert_am=datetime.now(UTC),
                )
            )
        s.commit()
    prozess = subprocess.Popen(
        [sys.executable, "-m", "flask", "zv", "scheduler"],
        env=umgebung,
        cwd=PROJEKT_WURZEL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ende = time.monotonic() + 120
        while time.monotonic() < ende:
            with Session(engine) as s:
                laeufe = {lauf.job: lauf for lauf in s.exec(select(JobLauf))}
            if all(lauf.status in ("ok", "fehler") for lauf in laeufe.values()):
                break
            time.sleep(0.5)
        with engine.connect() as conn:
            zeilen = {r.id: r for r in conn.execute(select(apscheduler_jobs))}
    finally:
        prozess.send_signal(signal.SIGTERM)  # wie systemd beim Anhalten
        try:
            ausgabe = prozess.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            prozess.kill()  # kein verwaister Scheduler nach einem gescheiterten Test
            raise
    assert prozess.returncode == 0, ausgabe  # geordnet beendet
    assert laeufe["berichte"].status == "ok", (laeufe["berichte"].ergebnis, ausgabe)
    assert "5 Berichte erzeugt" in laeufe["berichte"].ergebnis
    assert laeufe["erinnerungen"].status == "ok", laeufe["erinnerungen"].ergebnis
    assert len(berichte(engine)) == 5
    assert set(zeilen) == {
        "berichte", "importpruefung", "erinnerungen", "archivzeitstempel", "audit_anker",
        "ringberichte", "anforderungen",
    }, ausgabe  # fmt: skip
    zustand = pickle.loads(zeilen["erinnerungen"].job_state)
    assert zustand["coalesce"] is True and zustand["max_instances"] == 1
    assert zustand["misfire_grace_time"] == 3600
    assert zustand["func"] == "zielvereinbarung.jobs.ausfuehrung:zeitplan_lauf"
    assert zustand["args"] == ("erinnerungen",) and "hour='3'" in str(zustand["trigger"])


def test_strg_c_beendet_den_scheduler_auch_mit_geerbtem_ignoriertem_sigint(db_url, umgebung):
    """Eine Shell startet Hintergrundprozesse mit ignoriertem SIGINT (so laufen die Testläufe
    in `scripts/test.sh` und viele Dienstskripte); Strg+C beendet den Scheduler trotzdem."""
    prozess = subprocess.Popen(
        [sys.executable, "-m", "flask", "zv", "scheduler"],
        env=dict(umgebung, ZV_JOB_ANFORDERUNG_S="1"),
        cwd=PROJEKT_WURZEL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    ausgabe: tuple[str, str] | None = None
    try:
        zeile = ""
        ende = time.monotonic() + 60
        while "ist Anführer" not in zeile and time.monotonic() < ende:
            zeile = prozess.stdout.readline()
        time.sleep(1)
        prozess.send_signal(signal.SIGINT)
        try:
            ausgabe = prozess.communicate(timeout=60)
        except subprocess.TimeoutExpired as zeitablauf:
            ausgabe = (str(zeitablauf.stdout), str(zeitablauf.stderr))
    finally:
        if prozess.poll() is None:
            prozess.kill()
            prozess.wait()
    assert "ist Anführer" in zeile, ausgabe
    assert prozess.returncode == 0, ausgabe


def test_importpruefung_stoesst_unverarbeitete_importe_an(vereinbarung, db_url, umgebung, engine):
    lauf = fuehre_aus(db_url, "importpruefung", "cli")
    assert lauf.status == "ok" and "neuester Monat 2026-03" in lauf.ergebnis
    assert "5 Berichte erzeugt" in lauf.ergebnis and len(berichte(engine)) == 5
    zweiter = fuehre_aus(db_url, "importpruefung", "cli")
    assert "Berichte erzeugt" not in zweiter.ergebnis


def test_zeitplan_aus_der_umgebung(monkeypatch, db_url):
    monkeypatch.setenv("ZV_JOB_BERICHTE", "aus")
    monkeypatch.setenv("ZV_JOB_IMPORTPRUEFUNG", "15 5 * * *")
    assert JOB["berichte"].zeitplan is None and JOB["importpruefung"].zeitplan == "15 5 * * *"
    ids = {j.id for j in baue_scheduler(db_url).get_jobs()}
    assert ids == {
        "importpruefung", "erinnerungen", "archivzeitstempel", "audit_anker", "ringberichte",
        "anforderungen",
    }  # fmt: skip


def test_erinnerungen_einmal_je_stufe(session, stammdaten, vereinbarung):
    entwurf = session.exec(select(Zielvereinbarung).where(Zielvereinbarung.ags == "01059")).one()
    session.add(
        Benutzer(
            benutzername="kreis-sl",
            name="SL",
            email="sl@kreis.de",
            passwort_hash="x",
            rolle="traeger",
            traeger_ags="01059",
            erstellt_am=JETZT,
        )
    )
    session.commit()
    assert erinnere(session, JETZT + timedelta(days=13), tage=14) == []
    nachrichten = erinnere(session, JETZT + timedelta(days=15), tage=14)
    assert [n.an for n in nachrichten] == [["sl@kreis.de"]]
    assert "wartet seit 15 Tagen" in nachrichten[0].betreff
    assert erinnere(session, JETZT + timedelta(days=20), tage=14) == []  # Stufe 1 schon erinnert
    assert len(erinnere(session, JETZT + timedelta(days=29), tage=14)) == 1  # Stufe 2
    session.commit()
    stufen = session.exec(
        select(Erinnerung.stufe).where(Erinnerung.vereinbarung_id == entwurf.id)
    ).all()
    assert sorted(stufen) == [1, 2]
    # die unterzeichnete Vereinbarung (01054) wartet nicht: keine Erinnerung
    assert (
        session.exec(select(Erinnerung).where(Erinnerung.vereinbarung_id == vereinbarung)).all()
        == []
    )
