"""Vergleichswerte (Peers) mit pandas für `bench/kennzahlen.py` – eigener Prozess, Zeit ohne den
Import von pandas (wie ein Analyst in einer laufenden Sitzung).

- `import CSV URL`: `pandas.read_csv` + `DataFrame.to_sql` in eine neue Tabelle der Datenbank URL
  (keine Prüfung, keine Datenstände, keine Hinweise);
- `rechnen CSV`: CSV lesen und alle 15 Kennzahlen für alle Jobcenter und alle Monate (gesamt)
  in Gleitkomma rechnen (gleitende 12-Monats-Summen je Träger; nicht exakt, ohne Gründe).

Ausgabe: eine Zeile JSON `{"sekunden": …, "cpu": …, "zeilen": …}`.
Braucht die Extras `bench` (pandas).
"""

from __future__ import annotations

import json
import sys
import time

import pandas as pd
from sqlalchemy import create_engine

AEND = {"K1": "llu", "K1E1": "luh", "K1E2": "elb", "K3": "lzb"}
# code: (Zähler, Nenner, Faktor, Nenner über das Vorjahr t-12..t-1?); Zähler über t-11..t
QUOTEN = {
    "K1E3": ("elb_zugang", "elb", 100, False),
    "K1E4": ("elb_abgang", "elb", 100, True),
    "K2": ("integrationen", "elb", 1200, True),
    "K2E1": ("eintritte_minijob", "elb", 1200, True),
    "K2E2": ("eintritte_gefoerdert", "elb", 1200, True),
    "K2E3": ("integrationen_svb_kontinuierlich", "integrationen_svb", 100, False),
    "K2E4": ("integrationen_alleinerziehend", "elb_alleinerziehend", 1200, True),
    "K3E1": ("lzb_integrationen", "lzb", 1200, True),
    "K3E3": ("lzb_zugang", "lzb", 100, False),
    "K3E4": ("lzb_abgang", "lzb", 100, True),
}


def importiere(csv: str, url: str) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(csv, dtype={"ags": str, "monat": str})
    df.to_sql("basiszahl_peer", create_engine(url), if_exists="replace", index=False)
    return {
        "sekunden": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "zeilen": len(df),
    }


def rechne(csv: str) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(csv, dtype={"ags": str, "monat": str})
    g = df[df["geschlecht"] == "gesamt"].sort_values(["ags", "monat"]).reset_index(drop=True)
    gruppe = g.groupby("ags", sort=False)
    jahr = {}  # gleitende Summe t-11..t je Feld
    for feld in {f for z, n, _, _ in QUOTEN.values() for f in (z, n)}:
        jahr[feld] = gruppe[feld].transform(lambda s: s.rolling(12).sum())
    ergebnis = pd.DataFrame({"ags": g["ags"], "monat": g["monat"]})
    for code, feld in AEND.items():
        vorjahr = gruppe[feld].shift(12)
        ergebnis[code] = (g[feld] - vorjahr) * 100 / vorjahr
    for code, (z, n, faktor, vorjahr) in QUOTEN.items():
        nenner = jahr[n].groupby(g["ags"]).shift(1) if vorjahr else jahr[n]
        ergebnis[code] = jahr[z] * faktor / nenner
    ergebnis["K3E2"] = g["lzb_aktiviert"] * 100 / g["lzb"]
    zeilen = len(ergebnis) * 15
    return {"sekunden": time.perf_counter() - t0, "cpu": time.process_time() - c0, "zeilen": zeilen}


if __name__ == "__main__":
    art, *argumente = sys.argv[1:]
    print(json.dumps(importiere(*argumente) if art == "import" else rechne(*argumente)))
