"""Benchmark in Bundesgröße: CLI-Import, Kennzahlenberechnung, CLI-Start – neben den Peers.

Erzeugt mit `nationale_datei` (Seed 7) zwei Dateien: 401 Jobcenter × 48 Monate × 3
Geschlechtergruppen = 57.744 Zeilen, einmal realistisch (1 % der Träger-Monate mit
Plausibilitätswarnung) und einmal mit Warnungen in jeder Gruppe (~144.000). Gemessen wird, wie ein
Benutzer es erlebt, jeweils als Minimum aus `--wiederholungen` Läufen (die Maschine ist geteilt):

1. `flask zv import DATEI` als eigener Prozess auf einer frisch migrierten Datenbank (mit
   Trägern), beide Dateien;
2. `alle_kennzahlen` (15 Kennzahlen, alle 401 Jobcenter, alle Monate, gesamt) im Prozess, Laden
   aus der Datenbank eingeschlossen; dazu eine Prüfsumme über alle Werte und Gründe (muss vor und
   nach einer Optimierung gleich sein);
3. der Start eines Befehls: `flask zv kennzahlen --ags 03157 --monat 2025-06 --json`;
4. im selben Lauf die Peers: pandas `read_csv` + `to_sql`, pandas „CSV lesen und alle rechnen“
   (`peers.py`, Zeit ohne den Import von pandas) und `python -c "import flask, sqlmodel"`.

Neben der Wanduhr steht die CPU-Zeit (user + sys) des Prozesses – unter fremder Last ist sie der
stabilere Wert. `--postgres URL` misst Import und Berechnung zusätzlich auf PostgreSQL und
vergleicht mit SQLite. Exit-Status 1, wenn ein Ziel auf SQLite verfehlt ist.

Aufruf:  .venv/bin/python bench/kennzahlen.py [--wiederholungen N] [--postgres URL]
         .venv/bin/python bench/kennzahlen.py --nur-start --wiederholungen 15  (nur Punkt 3 und
         sein Boden, abwechselnd gemessen; Minimum und Median)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(WURZEL))
sys.path.insert(0, str(WURZEL / "bench"))

import nationale_datei  # noqa: E402
from sqlmodel import Session, text  # noqa: E402

from zielvereinbarung import migration  # noqa: E402
from zielvereinbarung.db import engine_fuer  # noqa: E402
from zielvereinbarung.models import alle_tabellen  # noqa: E402
from zielvereinbarung.services.basiszahlen.stammdaten import importiere_traeger  # noqa: E402
from zielvereinbarung.services.kennzahlen.berechnung import alle_kennzahlen  # noqa: E402

ZIEL_IMPORT_S = 3.0
ZIEL_JEDE_GRUPPE_FAKTOR = 1.3
ZIEL_RECHNEN_S = 0.6
ZIEL_START_S = 1.3
ZIEL_POSTGRES_FAKTOR = 1.5
BIN = Path(sys.executable).parent


def frische_datenbank(url: str) -> None:
    """Alle Tabellen löschen, Schema über die Migrationen, die 401 Träger."""
    engine = engine_fuer(url)
    alle_tabellen().drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        conn.execute(text("DROP TABLE IF EXISTS basiszahl_peer"))
    migration.upgrade(url)
    with Session(engine) as session:
        importiere_traeger(session)
        session.commit()


def prozess(befehl: list[str], umgebung: dict[str, str]) -> tuple[float, float, str]:
    """(Wanduhr s, CPU s des Kindprozesses, stdout); Fehlschlag bricht ab."""
    vorher = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    lauf = subprocess.run(befehl, env=umgebung, cwd=WURZEL, capture_output=True, text=True)
    wand = time.perf_counter() - t0
    nachher = resource.getrusage(resource.RUSAGE_CHILDREN)
    if lauf.returncode:
        raise SystemExit(f"{' '.join(befehl)} scheiterte:\n{lauf.stdout}\n{lauf.stderr}")
    cpu = (nachher.ru_utime - vorher.ru_utime) + (nachher.ru_stime - vorher.ru_stime)
    return wand, cpu, lauf.stdout


def bestes(messungen: list[tuple[float, float]]) -> tuple[float, float]:
    return min(m[0] for m in messungen), min(m[1] for m in messungen)


def cli_umgebung(url: str, instanz: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FLASK_APP": "app",
        "ZV_DATABASE_URL": url,
        "ZV_INSTANCE_PATH": str(instanz),
        "ZV_AUDIT_SCHLUESSEL": "bench-" + "x" * 40,
    }


def miss_import(url: str, datei: Path, umgebung: dict, n: int) -> tuple[float, float]:
    messungen = []
    for _ in range(n):
        frische_datenbank(url)
        wand, cpu, _ = prozess([str(BIN / "flask"), "zv", "import", str(datei)], umgebung)
        messungen.append((wand, cpu))
    return bestes(messungen)


def miss_rechnen(url: str, n: int) -> tuple[float, float, str, int]:
    """Nach einem Import: (Wanduhr, CPU, Prüfsumme, Zahl der Werte)."""
    messungen = []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        with Session(engine_fuer(url)) as session:
            werte = alle_kennzahlen(session, "gesamt")
        messungen.append((time.perf_counter() - t0, time.process_time() - c0))
    pruef = hashlib.sha256()
    anzahl = 0
    for ags in sorted(werte):
        for monat in sorted(werte[ags]):
            for code, e in werte[ags][monat].items():
                pruef.update(f"{ags}|{monat}|{code}|{e.wert}|{e.grund}\n".encode())
                anzahl += 1
    return (*bestes(messungen), pruef.hexdigest()[:16], anzahl)


START = ["zv", "kennzahlen", "--ags", "03157", "--monat", "2025-06", "--json"]


def miss_start(
    umgebung: dict, n: int
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """n Läufe des Befehls und des Bodens `python -c "import flask, sqlmodel"`, abwechselnd
    (gleiche Last für beide): je Liste (Wanduhr, CPU)."""
    start, boden = [], []
    for _ in range(n):
        start.append(prozess([str(BIN / "flask"), *START], umgebung)[:2])
        boden.append(prozess([sys.executable, "-c", "import flask, sqlmodel"], umgebung)[:2])
    return start, boden


def nur_start(url: str, umgebung: dict, n: int) -> int:
    """`--nur-start`: nur der Start des Befehls neben dem Boden, Minimum und Median."""
    frische_datenbank(url)
    start, boden = miss_start(umgebung, n)
    print(f"\nStart von flask {' '.join(START)}, {n} Läufe abwechselnd mit dem Boden")
    for name, wahl in (("Minimum", min), ("Median", statistics.median)):
        s = [wahl(m[i] for m in start) for i in (0, 1)]
        b = [wahl(m[i] for m in boden) for i in (0, 1)]
        print(
            f"{name:<8} Befehl {s[0]:5.2f} / {s[1]:5.2f} s   Boden {b[0]:5.2f} / {b[1]:5.2f} s   "
            f"Verhältnis Wanduhr {s[0] / b[0]:.2f}×, CPU {s[1] / b[1]:.2f}×"
        )
    print(last())
    return 0


def peer(umgebung: dict, n: int, *argumente: str) -> tuple[float, float] | None:
    """(Wanduhr, CPU) des Peers ohne den Import von pandas, Minimum aus n Läufen."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        return None
    befehl = [sys.executable, str(WURZEL / "bench" / "peers.py"), *argumente]
    laeufe = [json.loads(prozess(befehl, umgebung)[2]) for _ in range(n)]
    return bestes([(lauf["sekunden"], lauf["cpu"]) for lauf in laeufe])


def last() -> str:
    return "Last (1/5/15 min): " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


def zeile(
    was: str, wert: tuple[float, float], peer: tuple[float, float] | None, ziel: str, ok: bool
) -> bool:
    """Eine Zeile der Tabelle: Wand und CPU, Peer (Wand/CPU, Verhältnis der Wanduhren), Ziel."""
    vergleich = f"{peer[0]:6.2f} / {peer[1]:5.2f} s ({wert[0] / peer[0]:4.1f}×)" if peer else "–"
    print(
        f"{was:<46} {wert[0]:6.2f} / {wert[1]:5.2f} s  {vergleich:<26} {ziel:<16} "
        f"{'ok' if ok else 'VERFEHLT'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--wiederholungen", type=int, default=3)
    parser.add_argument("--postgres", help="zusätzlich auf dieser PostgreSQL-URL messen")
    parser.add_argument(
        "--nur-start", action="store_true", help="nur den Start eines Befehls neben dem Boden"
    )
    args = parser.parse_args()
    n = args.wiederholungen
    tmp = Path(tempfile.mkdtemp(prefix="zv-bench-"))
    url = f"sqlite:///{tmp}/bench.sqlite3"
    umgebung = cli_umgebung(url, tmp / "instanz")
    print(last())
    if args.nur_start:
        return nur_start(url, umgebung, n)

    t0 = time.perf_counter()
    real, jede = tmp / "national.csv", tmp / "jede_gruppe.csv"
    real.write_bytes(nationale_datei.erzeuge("realistisch"))
    jede.write_bytes(nationale_datei.erzeuge("jede_gruppe"))
    print(f"Dateien: 2 × 57.744 Zeilen erzeugt in {time.perf_counter() - t0:.1f} s ({tmp})")

    imp_jede = miss_import(url, jede, umgebung, n)
    imp_real = miss_import(url, real, umgebung, n)  # danach bleibt diese Datei importiert
    rechnen = miss_rechnen(url, n)
    start_laeufe, boden_laeufe = miss_start(umgebung, n)
    start, boden = bestes(start_laeufe), bestes(boden_laeufe)
    peer_import = peer(umgebung, n, "import", str(real), url)
    peer_rechnen = peer(umgebung, n, "rechnen", str(real))

    print(f"\nSQLite, Minimum aus {n} (Wanduhr / CPU)")
    ok = zeile(
        "flask zv import (1 % Warnungen)",
        imp_real,
        peer_import,
        "≤ 3 s",
        imp_real[0] <= ZIEL_IMPORT_S,
    )
    faktor = imp_jede[0] / imp_real[0]
    ok &= zeile(
        f"flask zv import (jede Gruppe; {faktor:.2f}× sauber)",
        imp_jede,
        None,
        "≤ 1,3× sauber",
        faktor <= ZIEL_JEDE_GRUPPE_FAKTOR,
    )
    ok &= zeile(
        f"alle_kennzahlen ({rechnen[3]} Werte)",
        rechnen[:2],
        peer_rechnen,
        "≤ 0,6 s",
        rechnen[0] <= ZIEL_RECHNEN_S,
    )
    ok &= zeile(
        "flask zv kennzahlen --ags … --json", start, boden, "≤ 1,3 s", start[0] <= ZIEL_START_S
    )
    zeile('python -c "import flask, sqlmodel"', boden, None, "(Boden)", True)
    cpu_faktor = imp_jede[1] / imp_real[1]
    print(
        f"CPU-Verhältnisse: jede Gruppe / sauber {cpu_faktor:.2f}×, Start / Boden "
        f"{start[1] / boden[1]:.2f}×"
    )
    print(f"Prüfsumme der Kennzahlen: {rechnen[2]}")
    if args.postgres:
        pg = cli_umgebung(args.postgres, tmp / "instanz")
        pg_jede = miss_import(args.postgres, jede, pg, n)
        pg_real = miss_import(args.postgres, real, pg, n)
        pg_rechnen = miss_rechnen(args.postgres, n)
        print(f"\nPostgreSQL, Minimum aus {n} (Peer = SQLite)")
        for was, wert, sqlite in (
            ("flask zv import (1 % Warnungen)", pg_real, imp_real),
            ("flask zv import (jede Gruppe)", pg_jede, imp_jede),
            ("alle_kennzahlen", pg_rechnen[:2], rechnen[:2]),
        ):
            zeile(was, wert, sqlite, "≤ 1,5× SQLite", wert[0] <= ZIEL_POSTGRES_FAKTOR * sqlite[0])
        if pg_rechnen[2] != rechnen[2]:
            print(f"PRÜFSUMME WEICHT AB: PostgreSQL {pg_rechnen[2]}")
            ok = False
    print(last())
    if not ok:
        print("ZIEL VERFEHLT")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
