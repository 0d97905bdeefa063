"""Benchmark: alle Fortschrittsberichte eines Monats (401 Träger + 16 Landesübersichten).

Auf einer frischen Datenbank: Demodaten (401 Jobcenter, 2022-01 bis 2026-06), unterzeichnete
Zielvereinbarungen 2026 für alle 104 zkT (über die echten Verhandlungsschritte), dann
`erzeuge_berichte` für 2026-06 mit 2 Worker-Prozessen – genau der Weg von
`flask zv berichte erzeugen` und vom Scheduler: planen, parallel rendern, Dateien atomar ablegen,
je Bericht festschreiben. Danach ein zweiter Lauf (idempotent: nichts Neues).

Ziel auf der 2-Kern-Maschine (SQLite): alle Berichte ≤ 240 s. Status 1, wenn verfehlt.

Mit `--worker 1,2,4` (nur PostgreSQL) wird stattdessen der verteilte Lauf gemessen: je Anzahl
werden die Berichte geleert, so viele `flask zv worker` gestartet (bereit und vorgewärmt, wie im
Betrieb), dann reiht `erzeuge_berichte(arbeiter=0)` den Monat ein, und gemessen wird bis zum
letzten erledigten Auftrag. `--land NI` beschränkt den Lauf auf ein Land (kürzer).

Aufruf:  .venv/bin/python bench/berichte.py [--datenbank URL] [--arbeiter 2]
         .venv/bin/python bench/berichte.py --datenbank "$(bash scripts/postgres.sh)" --worker 1,2,4
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import func, select
from sqlmodel import Session

from zielvereinbarung import migration
from zielvereinbarung.db import engine_fuer
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.models import Bericht, Land, alle_tabellen

ZIEL_S = 240.0
MONAT = "2026-06"


def vorbereiten(url: str) -> None:
    from zielvereinbarung.demo.laden import lade_demo
    from zielvereinbarung.demo.vereinbarungen import unterzeichne_land

    engine = engine_fuer(url)
    alle_tabellen().drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    migration.upgrade(url)
    jetzt = datetime(2026, 9, 24, 12, tzinfo=UTC)
    with Session(engine) as session:
        lade_demo(session, seed=1, heute=date(2026, 9, 24), jetzt=jetzt)
        session.commit()
        for code in session.execute(select(Land.code).order_by(Land.code)).scalars():
            try:
                unterzeichne_land(session, code, 2026, jetzt)
            except FachlicherFehler as fehler:  # Länder ohne zkT (Berlin, Bremen, Hamburg)
                session.rollback()
                print(f"  {code}: {getattr(fehler, 'meldung', fehler)}")
            else:
                session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datenbank", help="SQLAlchemy-URL (Standard: neue SQLite-Datei)")
    parser.add_argument("--arbeiter", type=int, default=2)
    parser.add_argument("--worker", help="verteilt messen mit so vielen Workern, z. B. 1,2,4")
    parser.add_argument("--land", help="nur die Berichte dieses Landes (mit --worker)")
    args = parser.parse_args()
    verzeichnis = tempfile.mkdtemp()
    url = args.datenbank or f"sqlite:///{verzeichnis}/bench.sqlite3"
    os.environ["ZV_BERICHTE_PATH"] = f"{verzeichnis}/berichte"
    os.environ.pop("ZV_SMTP_HOST", None)

    t0 = time.perf_counter()
    vorbereiten(url)
    print(f"Vorbereitung (Demodaten, 104 Vereinbarungen): {time.perf_counter() - t0:.1f} s")

    if args.worker:
        from verteilt import miss_verteilt

        return miss_verteilt(url, MONAT, [int(n) for n in args.worker.split(",")], args.land)

    from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte

    t0 = time.perf_counter()
    ergebnis = erzeuge_berichte(url, MONAT, arbeiter=args.arbeiter, von="bench")
    dauer = time.perf_counter() - t0
    with Session(engine_fuer(url)) as session:
        anzahl = session.execute(select(func.count()).select_from(Bericht)).scalar()
        groesse = session.execute(select(func.sum(Bericht.groesse))).scalar() or 0
    print(
        f"Erster Lauf: {anzahl} Berichte in {dauer:.1f} s "
        f"({dauer / max(anzahl, 1) * 1000:.0f} ms je Bericht, {groesse / 1e6:.1f} MB) – "
        f"{ergebnis.meldung}"
    )
    t0 = time.perf_counter()
    zweiter = erzeuge_berichte(url, MONAT, arbeiter=args.arbeiter, von="bench")
    print(f"Zweiter Lauf (idempotent): {time.perf_counter() - t0:.1f} s – {zweiter.meldung}")
    if url.startswith("sqlite") and dauer > ZIEL_S:
        print(f"ZIEL VERFEHLT: {dauer:.1f} s > {ZIEL_S:.0f} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
