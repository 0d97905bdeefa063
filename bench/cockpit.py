"""Benchmark: Serverzeit des Cockpits der Nachhaltung für das größte Land.

Datenbank (frisch, `gemeinsam.lade_welt`): alle 401 Jobcenter mit 48 Monaten Basiszahlen
(Demodaten über den echten Import), Demokonten für Nordrhein-Westfalen (18 zkT, das Land mit den
meisten zkT) und für alle 18 zkT eine unterzeichnete Zielvereinbarung für das Jahr des letzten
Datenmonats mit allen sieben Zielindikatoren (`demo.vereinbarungen.unterzeichne_land`: Angebot,
Annahme, Unterzeichnung als Zustandswechsel).

Gemessen über den Flask-Test-Client (ganze Anwendung, ohne Netz), angemeldet über das Formular:
- Cockpit `/nachhaltung/NW/<jahr>` (land-nw) – das Ziel,
- dasselbe mit Filter und Sortierung,
- Cockpit aller Länder `/nachhaltung/alle/<jahr>` (admin, 104 zkT) – zur Information.
Je Seite `--aufwaermen` Anfragen ohne Messung, dann `-n` gemessene; Ausgabe p50/p95/max in ms.

Ziel (SQLite, 2-Kern-Maschine): p95 ≤ 200 ms für das Cockpit des Landes; sonst Exit-Status 1.

Aufruf:  .venv/bin/python bench/cockpit.py [--datenbank URL] [-n 200] [--aufwaermen 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gemeinsam import ORIENTIERUNG, lade_welt, perzentile  # noqa: E402
from seiten import angemeldeter_client, miss  # noqa: E402
from sqlmodel import Session  # noqa: E402

from zielvereinbarung.db import engine_fuer  # noqa: E402
from zielvereinbarung.demo.konten import lege_demo_benutzer  # noqa: E402
from zielvereinbarung.demo.vereinbarungen import unterzeichne_land  # noqa: E402

ZIEL_P95_MS = 200.0
LAND = "NW"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datenbank", help="SQLAlchemy-URL (Standard: neue SQLite-Datei)")
    parser.add_argument("-n", type=int, default=200, help="gemessene Anfragen je Seite")
    parser.add_argument("--aufwaermen", type=int, default=20)
    args = parser.parse_args()
    verzeichnis = tempfile.mkdtemp(prefix="zv-bench-cockpit-")
    url = args.datenbank or f"sqlite:///{verzeichnis}/bench.sqlite3"
    sqlite = url.startswith("sqlite")

    welt = lade_welt(url, [])
    jahr = int(welt.bis[:4])
    jetzt = datetime.now(UTC)
    with Session(engine_fuer(url), expire_on_commit=False) as s:
        lege_demo_benutzer(s, LAND, [], jetzt)
        unterzeichnet = unterzeichne_land(s, LAND, jahr, jetzt, tuple(ORIENTIERUNG))
        s.commit()
    print(
        f"Datenbank: {url.split(':', 1)[0]}; {welt.zeilen} Basiszahl-Zeilen ({welt.von} bis "
        f"{welt.bis}); {len(unterzeichnet)} unterzeichnete Vereinbarungen {jahr} in {LAND}"
    )

    from zielvereinbarung.web import create_app

    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 58, "INSTANCE_PFAD": verzeichnis}
    )
    land = angemeldeter_client(app, f"land-{LAND.lower()}")
    admin = angemeldeter_client(app, "admin")
    seiten = [
        ("Cockpit Land", land, f"/nachhaltung/{LAND}/{jahr}", True),
        ("Cockpit gefiltert", land, f"/nachhaltung/{LAND}/{jahr}?status=schlecht&sort=IQ", True),
        ("Cockpit alle Länder", admin, f"/nachhaltung/alle/{jahr}", False),
    ]
    verfehlt = False
    print(f"{'Seite':<22} {'Pfad':<44} {'p50':>8} {'p95':>8} {'max':>8}   (ms, n={args.n})")
    for name, client, pfad, mit_ziel in seiten:
        p50, p95, hoechst = perzentile(miss(client, pfad, args.n, args.aufwaermen))
        zu_langsam = sqlite and mit_ziel and p95 > ZIEL_P95_MS
        verfehlt |= zu_langsam
        print(
            f"{name:<22} {pfad:<44} {p50:8.1f} {p95:8.1f} {hoechst:8.1f}"
            f"{'   ZIEL VERFEHLT' if zu_langsam else ''}"
        )
    print(f"Ziel: p95 ≤ {ZIEL_P95_MS:.0f} ms für das Cockpit des Landes (SQLite)")
    return 1 if verfehlt else 0


if __name__ == "__main__":
    raise SystemExit(main())
