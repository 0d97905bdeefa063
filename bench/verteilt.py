"""Der verteilte Berichtslauf mit 1, 2, 4 … Worker-Prozessen (`bench/berichte.py --worker`).

Je Anzahl: Berichte und Aufträge leeren, eine frische Berichtsablage, N `flask zv worker`
starten und warten, bis alle bereit sind, dann einreihen (`erzeuge_berichte(arbeiter=0)`) und
die Zeit bis zum letzten erledigten Auftrag messen. Ausgabe als Tabelle mit der Maschinenlast
(1-Minuten-Mittel) vor und nach jeder Messung.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, select

from zielvereinbarung.config import PROJEKT_WURZEL
from zielvereinbarung.db import engine_fuer, sitzung
from zielvereinbarung.models import Bericht, BerichtAuftrag
from zielvereinbarung.models.bericht import ERLEDIGT, FEHLER
from zielvereinbarung.services.berichte import warteschlange as ws


def _leere(url: str) -> None:
    with engine_fuer(url).begin() as conn:
        conn.execute(delete(BerichtAuftrag))
        conn.execute(delete(Bericht))  # Core: am unveränderlichen Bericht vorbei (nur im Bench)


def _starte_worker(n: int, env: dict, verzeichnis: Path) -> list[tuple[subprocess.Popen, Path]]:
    prozesse = []
    for i in range(n):
        log = verzeichnis / f"worker{i}.log"
        p = subprocess.Popen(
            [sys.executable, "-m", "flask", "zv", "worker"],
            env=env,
            cwd=PROJEKT_WURZEL,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        prozesse.append((p, log))
    ende = time.monotonic() + 300
    while not all("wartet auf" in log.read_text() for _, log in prozesse):
        if time.monotonic() > ende or any(p.poll() is not None for p, _ in prozesse):
            raise SystemExit(
                "Worker nicht bereit:\n" + "\n".join(lg.read_text() for _, lg in prozesse)
            )
        time.sleep(0.2)
    return prozesse


def _last() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def miss(url: str, monat: str, n: int, land: str | None) -> dict:
    from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte

    _leere(url)
    verzeichnis = Path(tempfile.mkdtemp(prefix=f"zv-bench-{n}-"))
    env = dict(
        os.environ,
        ZV_DATABASE_URL=url,
        ZV_BERICHTE_PATH=str(verzeichnis / "berichte"),
        ZV_WORKER_PAUSE_S="1",
        FLASK_APP=str(PROJEKT_WURZEL / "app.py"),
        PYTHONPATH=str(PROJEKT_WURZEL),
        PYTHONUNBUFFERED="1",
    )
    os.environ["ZV_BERICHTE_PATH"] = env["ZV_BERICHTE_PATH"]
    worker = _starte_worker(n, env, verzeichnis)
    try:
        last_vorher = _last()
        t0 = time.perf_counter()
        ergebnis = erzeuge_berichte(url, monat, land=land, arbeiter=0, von="bench")
        eingereiht = time.perf_counter() - t0
        with sitzung(url) as session:
            ids = list(session.execute(select(BerichtAuftrag.id)).scalars())
        while True:
            with sitzung(url) as session:
                stand = ws.stand(session, ids)
            if stand[ERLEDIGT] + stand[FEHLER] >= len(ids):
                break
            time.sleep(0.2)
        gesamt = time.perf_counter() - t0
    finally:
        for p, _ in worker:
            p.terminate()
        for p, _ in worker:
            p.wait(timeout=120)
    return {
        "worker": n,
        "berichte": ergebnis.eingereiht,
        "fehler": stand[FEHLER],
        "einreihen": eingereiht,
        "gesamt": gesamt,
        "last": f"{last_vorher} → {_last()}",
    }


def miss_verteilt(url: str, monat: str, anzahlen: list[int], land: str | None) -> int:
    if not url.startswith("postgresql"):
        print("--worker misst den Mehrprozessbetrieb und braucht PostgreSQL (--datenbank).")
        return 2
    zeilen = []
    for n in anzahlen:
        zeile = miss(url, monat, n, land)
        print(f"  {n} Worker: {zeile['berichte']} Berichte in {zeile['gesamt']:.1f} s", flush=True)
        zeilen.append(zeile)
    basis = zeilen[0]["gesamt"]
    auswahl = f" ({land})" if land else ""
    print(f"\nVerteilter Monatslauf {monat}{auswahl}, {os.cpu_count()} Kerne")
    print(
        "| Worker | Berichte | Planen+Einreihen | gesamt | Berichte/min | Beschleunigung "
        "| Last 1 min |"
    )
    print("|---|---|---|---|---|---|---|")
    for z in zeilen:
        print(
            f"| {z['worker']} | {z['berichte']} | {z['einreihen']:.1f} s | {z['gesamt']:.1f} s | "
            f"{z['berichte'] / z['gesamt'] * 60:.0f} | {basis / z['gesamt']:.2f}× | {z['last']} |"
        )
    return 1 if any(z["fehler"] for z in zeilen) else 0
