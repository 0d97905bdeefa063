"""Verteilter Betrieb gegen eine PostgreSQL-Datenbank, alles in eigenen Prozessen: zwei
Web-Instanzen (gunicorn, zwei Ports), zwei Worker (`flask zv worker`, als zwei „Rechner“) und zwei
Scheduler (`flask zv scheduler`).

Geprüft wird, was ein Betreiber merkt: genau ein Scheduler ist Anführer; stirbt er (SIGKILL),
übernimmt der andere. Ein Admin meldet sich an der einen Web-Instanz an und stößt an der
anderen „jetzt ausführen“ an; der neue Anführer reiht die Berichte ein, die Worker erzeugen sie.
Ein Worker wird mitten in der Arbeit mit SIGKILL getötet; seine Aufträge erledigt der andere nach
Ablauf der Frist. Ergebnis: dieselben Berichte (Schlüssel, Version, Inhalts-Fingerabdruck) wie
ein Ein-Prozess-Lauf sie plant, keine Dublette, jede Datei in der gemeinsamen Ablage, über beide
Web-Instanzen abrufbar.

Nur auf PostgreSQL: Anführersperre (pg_try_advisory_lock) und `FOR UPDATE SKIP LOCKED` sind
Funktionen des Datenbankservers für mehrere Prozesse; auf SQLite gibt es betriebsmäßig nur einen
Prozess (dort prüfen `tests/services/berichte/test_warteschlange.py` und
`tests/cli/test_scheduler.py` den Ein-Prozess-Weg derselben Warteschlange).
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from zielvereinbarung.config import PROJEKT_WURZEL
from zielvereinbarung.jobs.anfuehrer import anfuehrer
from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte
from zielvereinbarung.models import Bericht, BerichtAuftrag, JobLauf
from zielvereinbarung.services.berichte.planung import plane_berichte
from zielvereinbarung.services.konten.benutzer import lege_benutzer_an

pytestmark = pytest.mark.echte_commits
FRIST_S = 4
PASSWORT = "Verteilt-Test-2026!"


def csrf_aus(html: str) -> str:
    treffer = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert treffer, html[:500]
    return treffer.group(1)


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Prozesse:
    """Nur die hier gestarteten Prozesse; am Ende werden genau diese beendet."""

    def __init__(self, tmp_path, env):
        self.tmp_path, self.env, self.alle = tmp_path, env, {}

    def starte(self, name: str, argumente: list[str], **extra) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 – bis zum Ende offen
        p = subprocess.Popen(
            argumente,
            env=dict(self.env, **extra),
            cwd=PROJEKT_WURZEL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.alle[name] = p
        return p

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def beende_alle(self) -> None:
        for p in self.alle.values():
            if p.poll() is None:
                p.terminate()
        for p in self.alle.values():
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def warte_bis(bedingung, timeout: float, was: str, prozesse: Prozesse):
    ende = time.monotonic() + timeout
    while time.monotonic() < ende:
        if wert := bedingung():
            return wert
        time.sleep(0.2)
    logs = "\n".join(f"--- {n}\n{prozesse.log(n)[-3000:]}" for n in prozesse.alle)
    pytest.fail(f"Zeitüberschreitung: {was}\n{logs}")


def flask(*argumente: str) -> list[str]:
    return [sys.executable, "-m", "flask", *argumente]


def test_zwei_web_zwei_worker_zwei_scheduler(db_url, engine, session, vereinbarung, tmp_path):
    if make_url(db_url).get_backend_name() != "postgresql":
        pytest.skip(
            "Mehrprozessbetrieb mit Anführersperre und SKIP LOCKED gibt es nur auf PostgreSQL"
        )
    ablage = tmp_path / "gemeinsame-ablage"
    lege_benutzer_an(
        session,
        benutzername="betrieb",
        name="Betrieb",
        rolle="admin",
        passwort=PASSWORT,
        jetzt=datetime.now(UTC),
    )
    session.commit()
    erwartet = {
        (a.art, a.schluessel, a.monat, a.version, a.fingerabdruck)
        for a in plane_berichte(session, "2026-03").auftraege
    }
    assert len(erwartet) == 5
    env = dict(
        os.environ,
        ZV_DATABASE_URL=db_url,
        ZV_BERICHTE_PATH=str(ablage),
        ZV_INSTANCE_PATH=str(tmp_path / "instanz"),
        ZV_SECRET_KEY="gemeinsam-fuer-alle-web-instanzen-" + "x" * 16,
        FLASK_APP=str(PROJEKT_WURZEL / "app.py"),
        PYTHONPATH=str(PROJEKT_WURZEL),
        PYTHONUNBUFFERED="1",
        ZV_AUFTRAG_FRIST_S=str(FRIST_S),
        ZV_WORKER_PAUSE_S="1",
        ZV_SCHEDULER_WARTE_S="1",
        ZV_JOB_ANFORDERUNG_S="1",
        ZV_BERICHTE_ARBEITER="0",  # der Scheduler reiht nur ein; erzeugt wird in den Workern
        **{f"ZV_JOB_{n}": "aus" for n in ("IMPORTPRUEFUNG", "ERINNERUNGEN", "ARCHIVZEITSTEMPEL")},
        ZV_JOB_AUDIT_ANKER="aus",
        ZV_JOB_BERICHTE="aus",
    )
    env.pop("ZV_SMTP_HOST", None)
    prozesse = Prozesse(tmp_path, env)
    ports = [freier_port(), freier_port()]
    try:
        for i, port in enumerate(ports):
            prozesse.starte(
                f"web{i}",
                [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "app:app"],
            )
        s1 = prozesse.starte("scheduler1", flask("zv", "scheduler"))
        s2 = prozesse.starte("scheduler2", flask("zv", "scheduler"))
        # Worker a übernimmt 3 Aufträge auf einmal (so hält er sicher noch welche, wenn er stirbt)
        wa = prozesse.starte("worker_a", flask("zv", "worker", "--vorrat", "3"), ZV_RECHNER="a")
        prozesse.starte("worker_b", flask("zv", "worker"), ZV_RECHNER="b")
        schedulers = {s1.pid: "scheduler1", s2.pid: "scheduler2"}

        def anfuehrer_pid() -> int | None:
            name = anfuehrer(db_url)
            return int(name.rpartition(":")[2]) if name else None

        erster = warte_bis(anfuehrer_pid, 90, "ein Scheduler wird Anführer", prozesse)
        assert erster in schedulers
        ersatz = s2 if erster == s1.pid else s1
        warte_bis(
            lambda: "wartet als Ersatz" in prozesse.log(schedulers[ersatz.pid]),
            60,
            "der andere Scheduler wartet als Ersatz",
            prozesse,
        )
        os.kill(erster, signal.SIGKILL)
        warte_bis(lambda: anfuehrer_pid() == ersatz.pid, 30, "der Ersatz übernimmt", prozesse)
        assert "ist Anführer" in prozesse.log(schedulers[ersatz.pid])

        for name in ("worker_a", "worker_b"):  # bereit (WeasyPrint vorgewärmt)
            warte_bis(
                lambda n=name: "wartet auf" in prozesse.log(n), 120, f"{name} bereit", prozesse
            )
        # Anmelden an Web-Instanz 0, „jetzt ausführen“ an Web-Instanz 1 (gemeinsame Sitzung)
        web = [f"http://127.0.0.1:{p}" for p in ports]
        browser = requests.Session()
        for basis in web:
            warte_bis(lambda b=basis: _erreichbar(b), 60, f"{basis} antwortet", prozesse)
        seite = browser.get(f"{web[0]}/anmelden", timeout=30)
        antwort = browser.post(
            f"{web[0]}/anmelden",
            data={
                "benutzername": "betrieb",
                "passwort": PASSWORT,
                "csrf_token": csrf_aus(seite.text),
            },
            allow_redirects=False,
            timeout=30,
        )
        assert antwort.status_code == 302, antwort.text
        jobs = browser.get(f"{web[1]}/admin/jobs", timeout=30)
        assert jobs.status_code == 200
        antwort = browser.post(
            f"{web[1]}/admin/jobs/berichte/ausfuehren",
            data={"csrf_token": csrf_aus(jobs.text)},
            allow_redirects=False,
            timeout=30,
        )
        assert antwort.status_code == 302, antwort.text

        def auftraege() -> list[BerichtAuftrag]:
            with Session(engine) as s:
                return list(s.exec(select(BerichtAuftrag)))

        def von_a_gehalten() -> list[int]:
            return [
                a.id for a in auftraege() if a.status == "in_arbeit" and a.inhaber == f"a:{wa.pid}"
            ]

        warte_bis(von_a_gehalten, 90, "Worker a übernimmt Aufträge", prozesse)
        wa.send_signal(signal.SIGKILL)
        wa.wait(timeout=10)
        verwaist = von_a_gehalten()  # nach seinem Tod: was er hielt und nicht mehr schreibt
        assert verwaist, "Worker a hielt beim Tod keinen offenen Auftrag mehr"

        warte_bis(
            lambda: len(auftraege()) == 5 and all(a.status == "erledigt" for a in auftraege()),
            120,
            "alle Aufträge erledigt",
            prozesse,
        )
        with Session(engine) as s:
            lauf = s.exec(select(JobLauf).where(JobLauf.job == "berichte")).one()
            berichte = list(s.exec(select(Bericht)))
        assert lauf.status == "ok" and lauf.prozess.endswith(f":{ersatz.pid}"), lauf
        assert "5 Berichte für die Worker eingereiht" in lauf.ergebnis
        for a in auftraege():
            if a.id in verwaist:  # Worker b hat sie nach Ablauf der Frist übernommen
                assert a.inhaber.startswith("b:") and a.versuche == 2, a
        erzeugt = [(b.art, b.schluessel, b.monat, b.version, b.datenstand_hash) for b in berichte]
        assert len(erzeugt) == len(set(erzeugt)) == 5  # keine Dublette
        assert set(erzeugt) == erwartet
        for b in berichte:
            datei = (ablage / b.datei).read_bytes()
            assert hashlib.sha256(datei).hexdigest() == b.sha256
            antwort = browser.get(f"{web[b.id % 2]}/berichte/{b.id}/datei", timeout=30)
            assert antwort.status_code == 200 and antwort.content == datei
    finally:
        prozesse.beende_alle()
    # Ein Ein-Prozess-Lauf danach findet genau diese Berichte vor: nichts Neues
    os.environ["ZV_BERICHTE_PATH"] = str(ablage)
    try:
        nachher = erzeuge_berichte(db_url, "2026-03", arbeiter=1)
    finally:
        os.environ.pop("ZV_BERICHTE_PATH", None)
    assert nachher.neu == [] and nachher.unveraendert == 5


def _erreichbar(basis: str) -> bool:
    try:
        return requests.get(f"{basis}/anmelden", timeout=5).status_code == 200
    except requests.ConnectionError:
        return False
