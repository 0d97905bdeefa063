"""Lasttest: gunicorn auf 127.0.0.1, 50 gleichzeitige Benutzer (Locust, headless, begrenzt),
gemischt lesend und schreibend – danach die Prüfung „nichts verloren“.

Ablauf:
1. Frische Datenbank in Bundesgröße (`gemeinsam.lade_welt`): 401 Jobcenter, 48 Monate
   Basiszahlen, Entwürfe für alle 104 zkT; Demokonten je Land (`land-xx`, `traeger-<ags>`).
   Standard: eine temporäre SQLite-Datei (WAL); mit `--datenbank URL` z. B. PostgreSQL.
2. gunicorn (`app:app`, gthread) auf einem freien Port auf 127.0.0.1 – nie eine andere Adresse.
3. Locust (`bench/locustfile.py`) mit `--benutzer` Benutzern für `--dauer` Sekunden: Träger und
   Land melden sich über das Formular an, lesen Kennzahlen-, Übersichts- und
   Verhandlungsseiten und schreiben Angebote bzw. Gegenvorschläge auf `--vereinbarungen` (20)
   Vereinbarungen: die 16 in NI und die ersten 4 in HE – jede Eingabe mit dem CSRF-Token und
   der Basisrevision aus dem Formular und einer eindeutigen Marke im Gesamtkommentar. Mehrere
   Benutzer arbeiten an denselben Vereinbarungen: Konflikte (409) sind erwartete Ergebnisse
   gleichzeitiger Schreiber und zählen als behandelt.
4. Prüfung in der Datenbank: jede Eingabe mit Antwort 2xx/3xx hat genau eine Revision (die Marke
   kommt genau einmal vor), es gibt keine Revision ohne bestätigte Eingabe, keine Antwort 5xx
   und keine unerwarteten Fehler. Sonst Exit-Status 1.

Aufruf:  .venv/bin/python bench/last.py [--datenbank URL] [--benutzer 50] [--dauer 60]
         [--workers 3] [--threads 4]
(braucht `locust`: `.venv/bin/pip install -e ".[bench]"`). Locust-Statistik als CSV unter
`bench/ergebnisse/` (nicht eingecheckt).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gemeinsam import DEMO_PASSWORT, lade_welt  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from zielvereinbarung.db import engine_fuer  # noqa: E402
from zielvereinbarung.models import Revision  # noqa: E402

PROJEKT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ERGEBNISSE = PROJEKT / "bench" / "ergebnisse"
SCHREIB_LAENDER = ["NI", "HE"]  # auf deren Vereinbarungen wird geschrieben (16 + 16 zkT)
LAENDER = ["BB", "BW", "BY", "HE", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH"]
MARKE = re.compile(r"\[last:([0-9a-f-]+)\]")


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def warte_auf(url: str, sekunden: float = 30) -> None:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        try:
            with urllib.request.urlopen(url, timeout=2) as antwort:
                if antwort.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"Server unter {url} antwortet nicht.")


def starte_gunicorn(url: str, port: int, verzeichnis: str, workers: int, threads: int, log: Path):
    env = {
        **os.environ,
        "ZV_DATABASE_URL": url,
        "ZV_SECRET_KEY": "last-" + "x" * 59,
        "ZV_INSTANCE_PATH": verzeichnis,
        "ZV_ENV": "entwicklung",
    }
    env.pop("ZV_SMTP_HOST", None)  # keine E-Mails
    befehl = [
        str(VENV_BIN / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--access-logfile",
        str(log),
        "--error-logfile",
        str(log.with_suffix(".err")),
        "app:app",
    ]
    return subprocess.Popen(befehl, cwd=PROJEKT, env=env, stdin=subprocess.DEVNULL)


def stoppe(prozess: subprocess.Popen) -> None:
    if prozess.poll() is None:
        prozess.send_signal(signal.SIGTERM)
        try:
            prozess.wait(timeout=30)
        except subprocess.TimeoutExpired:
            prozess.kill()
            prozess.wait()


def status_aus_log(log: Path) -> Counter:
    """Statuscodes aus gunicorns Access-Log (Standardformat: … "GET /x HTTP/1.1" 200 …)."""
    zaehler: Counter = Counter()
    for zeile in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if treffer := re.search(r'" (\d{3}) ', zeile):
            zaehler[int(treffer.group(1))] += 1
    return zaehler


def locust_statistik(prefix: Path) -> tuple[dict, list[dict]]:
    """(Summenzeile, Zeilen je Anfrageart) aus Locusts `<prefix>_stats.csv`."""
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        zeilen = list(csv.DictReader(f))
    summe = [z for z in zeilen if z["Name"] == "Aggregated"]
    if not summe:
        raise SystemExit("Locust-Statistik ohne Summenzeile.")
    return summe[0], [z for z in zeilen if z["Name"] != "Aggregated"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datenbank", help="SQLAlchemy-URL (Standard: neue SQLite-Datei, WAL)")
    parser.add_argument("--benutzer", type=int, default=50)
    parser.add_argument("--dauer", type=int, default=60, help="Sekunden Last (höchstens 600)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--vereinbarungen",
        type=int,
        default=20,
        help="auf so viele Vereinbarungen (NI, dann HE) wird geschrieben",
    )
    args = parser.parse_args()
    if not 1 <= args.dauer <= 600:
        parser.error("--dauer: 1 bis 600 Sekunden")
    for programm in ("gunicorn", "locust"):
        if not (VENV_BIN / programm).exists():
            raise SystemExit(f"{programm} fehlt: .venv/bin/pip install -e '.[test,bench]'")
    verzeichnis = tempfile.mkdtemp(prefix="zv-bench-last-")
    url = args.datenbank or f"sqlite:///{verzeichnis}/last.sqlite3"
    ERGEBNISSE.mkdir(exist_ok=True)
    stempel = time.strftime("%Y%m%d-%H%M%S")
    prefix = ERGEBNISSE / f"last-{stempel}"

    welt = lade_welt(url, LAENDER)
    with Session(engine_fuer(url)) as s:
        entwuerfe = len(s.exec(select(Revision.id)).all())
    plan = {
        "jahr": welt.jahr,
        "passwort": DEMO_PASSWORT,
        "vereinbarungen": sorted(
            (
                {"id": vid, "ags": ags, "land": welt.land_von[ags]}
                for ags, vid in welt.vereinbarungen.items()
                if welt.land_von[ags] in SCHREIB_LAENDER
            ),
            key=lambda v: (SCHREIB_LAENDER.index(v["land"]), v["ags"]),
        )[: args.vereinbarungen],
        "lese_traeger": sorted(welt.vereinbarungen),
        "ergebnis": f"{prefix}_schreibvorgaenge.json",
    }
    plan_datei = Path(verzeichnis) / "plan.json"
    plan_datei.write_text(json.dumps(plan), encoding="utf-8")
    print(
        f"Datenbank: {url.split(':', 1)[0]}; {welt.zeilen} Basiszahl-Zeilen, "
        f"{len(welt.vereinbarungen)} Vereinbarungen {welt.jahr} ({entwuerfe} Entwürfe), "
        f"geschrieben wird auf {len(plan['vereinbarungen'])} "
        f"(vorbereitet in {welt.sekunden:.1f} s)"
    )

    port = freier_port()
    host = f"http://127.0.0.1:{port}"
    log = Path(f"{prefix}_gunicorn.log")
    server = starte_gunicorn(url, port, verzeichnis, args.workers, args.threads, log)
    try:
        warte_auf(f"{host}/anmelden")
        print(
            f"gunicorn: {args.workers} Worker × {args.threads} Threads auf {host}; Locust: "
            f"{args.benutzer} Benutzer, {args.dauer} s"
        )
        t0 = time.monotonic()
        locust = subprocess.run(
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(PROJEKT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.benutzer),
                "--spawn-rate",
                str(max(1, args.benutzer // 5)),
                "--run-time",
                f"{args.dauer}s",
                "--stop-timeout",
                "15",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=PROJEKT,
            env={**os.environ, "ZV_LAST_PLAN": str(plan_datei)},
            stdin=subprocess.DEVNULL,
            timeout=args.dauer + 180,
        )
        laufzeit = time.monotonic() - t0
    finally:
        stoppe(server)

    summe, arten = locust_statistik(prefix)
    schreib = json.loads(Path(plan["ergebnis"]).read_text(encoding="utf-8"))
    status = status_aus_log(log)
    with Session(engine_fuer(url)) as s:
        kommentare = s.exec(select(Revision.kommentar).where(Revision.art != "entwurf")).all()
        revisionen_gesamt = len(s.exec(select(Revision.id)).all())
    in_db = Counter(m.group(1) for k in kommentare if k and (m := MARKE.search(k)))
    ohne_marke = sum(1 for k in kommentare if not (k and MARKE.search(k)))
    bestaetigt = Counter(schreib["erfolgreich"])
    verloren = [t for t in bestaetigt if in_db[t] == 0]
    doppelt = [t for t, n in in_db.items() if n > 1] + [t for t, n in bestaetigt.items() if n > 1]
    unbestaetigt = [t for t in in_db if t not in bestaetigt]
    fuenfxx = sum(n for code, n in status.items() if code >= 500)

    anfragen = int(summe["Request Count"])
    print()
    print(
        f"Anfragen: {anfragen} in {laufzeit:.0f} s, {float(summe['Requests/s']):.1f} Anfragen/s; "
        f"Antwortzeit p50 {summe['50%']} ms, p95 {summe['95%']} ms, max "
        f"{float(summe['Max Response Time']):.0f} ms"
    )
    print(f"{'Anfrage':<44} {'Anzahl':>7} {'p50':>7} {'p95':>7} {'max':>7}  (ms)")
    for z in arten:
        name = f"{z['Type']} {z['Name']}"
        print(
            f"{name:<44} {z['Request Count']:>7} {z['50%']:>7} {z['95%']:>7} "
            f"{float(z['Max Response Time']):>7.0f}"
        )
    print(f"Statuscodes (gunicorn): {dict(sorted(status.items()))}")
    print(
        f"Schreibvorgänge: {schreib['versucht']} abgeschickt, {len(bestaetigt)} erfolgreich "
        f"(2xx/3xx), {schreib['konflikte']} Konflikte (409, behandelt), "
        f"{schreib['nicht_am_zug']} übersprungen (nicht am Zug)"
    )
    print(
        f"Revisionen: {revisionen_gesamt} gesamt = {entwuerfe} Entwürfe + "
        f"{len(kommentare)} neue; "
        f"Marken in der Datenbank: {sum(in_db.values())}"
    )
    print(
        f"Verloren: {len(verloren)}, doppelt: {len(doppelt)}, ohne bestätigte Eingabe: "
        f"{len(unbestaetigt)}, Revisionen ohne Marke: {ohne_marke}"
    )
    print(
        f"Fehler: {int(summe['Failure Count'])} (Locust), 5xx: {fuenfxx}, "
        f"unerwartet: {len(schreib['unerwartet'])}"
    )
    for fehler in schreib["unerwartet"][:10]:
        print(f"  {fehler}")
    ok = (
        not verloren
        and not doppelt
        and not unbestaetigt
        and ohne_marke == 0
        and fuenfxx == 0
        and int(summe["Failure Count"]) == 0
        and not schreib["unerwartet"]
        and bestaetigt
        and locust.returncode == 0
    )
    print("ERGEBNIS: nichts verloren, keine 5xx" if ok else "ERGEBNIS: FEHLER")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
