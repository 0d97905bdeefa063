"""Generator einer realistischen nationalen Basiszahlen-Datei für die Benchmarks.

401 Jobcenter (mitgelieferte Kreisliste) × `monate` Monate × 3 Geschlechtergruppen, ohne Lücken
(48 Monate: 57.744 Zeilen). Reproduzierbar: alle Zufallszahlen aus einem `random.Random` je Träger
aus „seed:ags“. Die Werte sind erfunden, aber in realistischen Größenordnungen; frauen + maenner =
gesamt für jede Anzahl und jeden Geldbetrag, und die Zeilenregeln (z. B. lzb ≤ elb) gelten – außer
wo `warnungen` gezielt Plausibilitätswarnungen einbaut:

- `"keine"`: keine einzige Warnung;
- `"realistisch"`: 1 % der Träger-Monate (Gruppen aus ags und monat) haben eine Warnung, wie in
  echten Lieferungen – meist eine Summenabweichung (gesamt um 1 zu hoch), sonst eine verletzte
  Zeilenregel (mehr svB-Integrationen als Integrationen);
- `"jede_gruppe"`: jede Gruppe hat Summenabweichungen in 7 oder 8 der 15 Anzahl-Felder
  (zusammen etwa 144.000 Warnungen).

Aufruf als Skript: `python bench/nationale_datei.py ZIEL.csv [--warnungen …] [--seed N]`.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from importlib import resources
from pathlib import Path

FELDNAMEN = (
    "elb",
    "elb_zugang",
    "elb_abgang",
    "llu",
    "luh",
    "integrationen",
    "integrationen_svb",
    "integrationen_svb_kontinuierlich",
    "eintritte_minijob",
    "eintritte_gefoerdert",
    "elb_alleinerziehend",
    "integrationen_alleinerziehend",
    "lzb",
    "lzb_zugang",
    "lzb_abgang",
    "lzb_integrationen",
    "lzb_aktiviert",
)
GELD = ("llu", "luh")
ANZAHL = tuple(f for f in FELDNAMEN if f not in GELD)
KOPF = ("ags", "monat", "geschlecht", "datenstand", *FELDNAMEN)
ARTEN = ("keine", "realistisch", "jede_gruppe")
ANTEIL_REALISTISCH = 0.01
SEED = 7


def alle_ags() -> list[str]:
    """Die 401 Kreisschlüssel der mitgelieferten Trägerliste."""
    text = resources.files("zielvereinbarung.daten").joinpath("kreise.csv").read_text("utf-8")
    return [z["ags"] for z in csv.DictReader(io.StringIO(text))]


def _monate(bis: str, anzahl: int) -> list[str]:
    jahr, monat = map(int, bis.split("-"))
    ende = jahr * 12 + monat - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(ende - anzahl + 1, ende + 1)]


def _teil(r: random.Random, basis: int, rate: float) -> int:
    return max(0, round(basis * rate * r.gauss(1, 0.05)))


def _gruppe(r: random.Random, elb: int) -> dict[str, int]:
    """Die Werte einer Geschlechtergruppe (Geld in Cent), alle Zeilenregeln erfüllt."""
    z = {"elb": elb, "elb_zugang": _teil(r, elb, 0.035), "elb_abgang": _teil(r, elb, 0.034)}
    z["llu"] = round(elb * r.uniform(505, 545) * 100)
    z["luh"] = round(elb * r.uniform(390, 430) * 100)
    integ = z["integrationen"] = _teil(r, elb, 0.022)
    svb = z["integrationen_svb"] = min(integ, _teil(r, integ, 0.75))
    z["integrationen_svb_kontinuierlich"] = min(svb, _teil(r, svb, 0.6))
    z["eintritte_minijob"] = _teil(r, elb, 0.008)
    z["eintritte_gefoerdert"] = _teil(r, elb, 0.003)
    z["elb_alleinerziehend"] = min(elb, _teil(r, elb, 0.09))
    z["integrationen_alleinerziehend"] = min(integ, _teil(r, z["elb_alleinerziehend"], 0.015))
    lzb = z["lzb"] = min(elb, _teil(r, elb, 0.64))
    z["lzb_zugang"] = _teil(r, lzb, 0.015)
    z["lzb_abgang"] = _teil(r, lzb, 0.02)
    z["lzb_integrationen"] = min(integ, _teil(r, lzb, 0.012))
    z["lzb_aktiviert"] = min(lzb, _teil(r, lzb, 0.12))
    return z


def _stoere(r: random.Random, gruppen: dict[str, dict[str, int]], art: str) -> None:
    """Baut in eine Gruppe (ags, monat) Plausibilitätswarnungen ein."""
    gesamt = gruppen["gesamt"]
    if art == "jede_gruppe":
        for feld in r.sample(ANZAHL, r.choice((7, 8))):
            gesamt[feld] += 1
    elif r.random() < 0.8:
        gesamt[r.choice(ANZAHL)] += 1
    else:  # Zeilenregel: mehr svB-Integrationen als Integrationen (in einer Teilgruppe)
        teil = gruppen[r.choice(("frauen", "maenner"))]
        teil["integrationen_svb"] = teil["integrationen"] + 1
        teil["integrationen_svb_kontinuierlich"] = min(
            teil["integrationen_svb_kontinuierlich"], teil["integrationen_svb"]
        )
        gesamt["integrationen_svb"] = sum(gruppen[g]["integrationen_svb"] for g in GRUPPEN[1:])
        gesamt["integrationen_svb_kontinuierlich"] = sum(
            gruppen[g]["integrationen_svb_kontinuierlich"] for g in GRUPPEN[1:]
        )


GRUPPEN = ("gesamt", "frauen", "maenner")


def _zelle(feld: str, wert: int) -> str:
    return f"{wert // 100}.{wert % 100:02d}" if feld in GELD else str(wert)


def erzeuge(
    warnungen: str = "realistisch",
    *,
    seed: int = SEED,
    monate: int = 48,
    bis: str = "2025-12",
    datenstand: str = "2026-01-20",
    ags: list[str] | None = None,
) -> bytes:
    """Die Datei als UTF-8-CSV (Komma, Punkt als Dezimaltrenner), Zeilen nach ags, monat."""
    if warnungen not in ARTEN:
        raise ValueError(f"warnungen muss eines von {ARTEN} sein, nicht {warnungen!r}")
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, lineterminator="\n")
    schreiber.writerow(KOPF)
    stoerung = random.Random(f"{seed}:warnungen")
    for kreis in ags if ags is not None else alle_ags():
        r = random.Random(f"{seed}:{kreis}")
        elb0 = min(max(r.lognormvariate(8.9, 0.6), 2_000), 140_000)
        trend, frauenanteil = r.uniform(-0.004, 0.004), r.uniform(0.48, 0.52)
        for i, monat in enumerate(_monate(bis, monate)):
            elb = round(elb0 * (1 + trend) ** i * r.gauss(1, 0.003))
            frauen = round(elb * frauenanteil)
            teile = {"frauen": _gruppe(r, frauen), "maenner": _gruppe(r, elb - frauen)}
            gruppen = {
                "gesamt": {f: teile["frauen"][f] + teile["maenner"][f] for f in FELDNAMEN},
                **teile,
            }
            if warnungen == "jede_gruppe" or (
                warnungen == "realistisch" and stoerung.random() < ANTEIL_REALISTISCH
            ):
                _stoere(stoerung, gruppen, warnungen)
            for g in GRUPPEN:
                werte = gruppen[g]
                schreiber.writerow(
                    (kreis, monat, g, datenstand, *(_zelle(f, werte[f]) for f in FELDNAMEN))
                )
    return puffer.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ziel", type=Path)
    parser.add_argument("--warnungen", choices=ARTEN, default="realistisch")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--monate", type=int, default=48)
    args = parser.parse_args()
    args.ziel.write_bytes(erzeuge(args.warnungen, seed=args.seed, monate=args.monate))


if __name__ == "__main__":
    main()
