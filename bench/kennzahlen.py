"""Benchmark: Import und Kennzahlenberechnung in Demo-Größe.

Misst auf einer frischen Datenbank (SQLite-Datei oder PostgreSQL):
1. den Import von 401 Jobcentern × 48 Monaten × 3 Geschlechtergruppen (≈ 58 000 Zeilen) über
   den echten Importweg (Datei lesen, prüfen, Revisionen abgleichen, schreiben, Commit);
2. die Berechnung aller 15 Kennzahlen für alle Jobcenter und alle Monate (Gesamt) – Laden aus der
   Datenbank eingeschlossen.

Ziele auf der 2-Kern-Maschine (SQLite): Import ≤ 5 s, Berechnung ≤ 2 s.

Aufruf:  .venv/bin/python bench/kennzahlen.py [--datenbank URL] [--wiederholungen N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from zielvereinbarung import migration  # noqa: E402
from zielvereinbarung.db import engine_fuer  # noqa: E402
from zielvereinbarung.demo.daten import erzeuge_basiszahlen_csv  # noqa: E402
from zielvereinbarung.models import Traeger  # noqa: E402
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen  # noqa: E402
from zielvereinbarung.services.basiszahlen.stammdaten import importiere_traeger  # noqa: E402
from zielvereinbarung.services.kennzahlen.berechnung import alle_kennzahlen  # noqa: E402

ZIEL_IMPORT_S = 5.0
ZIEL_BERECHNUNG_S = 2.0


def frische_datenbank(url: str) -> None:
    engine = engine_fuer(url)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    migration.upgrade(url)
    with Session(engine) as session:
        importiere_traeger(session)
        session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--datenbank", help="SQLAlchemy-URL (Standard: neue SQLite-Datei im Temp-Verzeichnis)"
    )
    parser.add_argument("--wiederholungen", type=int, default=3)
    args = parser.parse_args()
    url = args.datenbank or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    engine_name = url.split(":", 1)[0]

    frische_datenbank(url)
    with Session(engine_fuer(url)) as session:
        traeger = [
            (t.ags, t.traegerform)
            for t in session.exec(select(Traeger).order_by(Traeger.ags)).scalars()
        ]
    t0 = time.perf_counter()
    inhalt = erzeuge_basiszahlen_csv(
        traeger, von="2022-01", bis="2025-12", seed=7, datenstand="2026-03-15"
    )
    erzeugung = time.perf_counter() - t0
    zeilen = inhalt.count(b"\n") - 1
    print(
        f"Datenbank: {engine_name}; Datei: {zeilen} Zeilen, {len(inhalt) / 1e6:.1f} MB (erzeugt "
        f"in {erzeugung:.2f} s)"
    )

    importzeiten, rechenzeiten = [], []
    for durchlauf in range(args.wiederholungen):
        frische_datenbank(url)
        t0 = time.perf_counter()
        with Session(engine_fuer(url)) as session:
            ergebnis = importiere_basiszahlen(
                session, "bench.csv", inhalt, "bench", datetime(2026, 3, 20, tzinfo=UTC)
            )
            session.commit()
        importzeiten.append(time.perf_counter() - t0)
        assert ergebnis.neu == zeilen, (ergebnis.neu, zeilen)

        t0 = time.perf_counter()
        with Session(engine_fuer(url)) as session:
            werte = alle_kennzahlen(session, "gesamt")
        rechenzeiten.append(time.perf_counter() - t0)
        anzahl = sum(len(m) * 15 for m in werte.values())
        print(
            f"Durchlauf {durchlauf + 1}: Import {importzeiten[-1]:.2f} s, "
            f"Berechnung {rechenzeiten[-1]:.2f} s ({len(werte)} Träger, {anzahl} Kennzahlwerte)"
        )

    imp, ber = statistics.median(importzeiten), statistics.median(rechenzeiten)
    print(
        f"Median: Import {imp:.2f} s (Ziel ≤ {ZIEL_IMPORT_S} s), Berechnung {ber:.2f} s (Ziel ≤ "
        f"{ZIEL_BERECHNUNG_S} s)"
    )
    if engine_name.startswith("sqlite") and (imp > ZIEL_IMPORT_S or ber > ZIEL_BERECHNUNG_S):
        print("ZIEL VERFEHLT")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
