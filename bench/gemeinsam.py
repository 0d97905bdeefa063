"""Gemeinsame Vorbereitung der Web-Benchmarks (`seiten.py`, `last.py`): eine frisch migrierte
Datenbank in Bundesgröße – alle 401 Jobcenter, 48 Monate Basiszahlen (Demodaten, über den echten
Import), Vergleichstypen, Demokonten, Orientierungswerte und Entwürfe für die zkT der gewählten
Länder (über die echten Services).

Jahr der Vereinbarungen: das Jahr nach dem letzten Datenmonat (wie im Betrieb: im Herbst wird für
das Folgejahr verhandelt; der Basiswert ist dann die Projektion des laufenden Jahres).
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from formular import csrf_aus  # noqa: E402,F401  (auch für die Benchmarks)
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from zielvereinbarung import migration  # noqa: E402
from zielvereinbarung.db import engine_fuer  # noqa: E402
from zielvereinbarung.demo.daten import erzeuge_basiszahlen_csv, vergleichstypen_csv  # noqa: E402
from zielvereinbarung.demo.konten import DEMO_PASSWORT, lege_demo_benutzer  # noqa: E402
from zielvereinbarung.demo.laden import demo_zeitraum  # noqa: E402
from zielvereinbarung.domain.basiszahlen import monat_index, monat_text  # noqa: E402
from zielvereinbarung.domain.berechtigung import Akteur  # noqa: E402
from zielvereinbarung.domain.ziele import Zielvorgabe  # noqa: E402
from zielvereinbarung.models import (  # noqa: E402
    Traeger,
    Zielvereinbarung,
    alle_tabellen,
)
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen  # noqa: E402
from zielvereinbarung.services.basiszahlen.katalog import synchronisiere_katalog  # noqa: E402
from zielvereinbarung.services.basiszahlen.stammdaten import (  # noqa: E402
    importiere_traeger,
    importiere_vergleichstypen,
)
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte  # noqa: E402
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe  # noqa: E402

__all__ = ["DEMO_PASSWORT", "Welt", "csrf_aus", "frische_datenbank", "lade_welt", "perzentile"]

SEED = 7
MONATE = 48
ORIENTIERUNG = [
    Zielvorgabe("IQ", "veraenderung", D("2.5")),
    Zielvorgabe("IQ_F", "veraenderung", D("2.5")),
    Zielvorgabe("IQ_M", "veraenderung", D("2.5")),
    Zielvorgabe("IQ_AE", "veraenderung", D(1)),
    Zielvorgabe("IQ_LZB", "veraenderung", D(1)),
    Zielvorgabe("LZB", "korridor", None, D(-3), D(-1)),
    Zielvorgabe("LLU", "veraenderung", D(-1)),
]


@dataclass
class Welt:
    url: str
    von: str
    bis: str
    jahr: int
    zeilen: int  # importierte Basiszahl-Zeilen
    vereinbarungen: dict[str, int] = field(default_factory=dict)  # ags → id
    land_von: dict[str, str] = field(default_factory=dict)  # ags → Land (Träger mit Vereinbarung)
    sekunden: float = 0.0


def frische_datenbank(url: str) -> None:
    """Alle Tabellen löschen und das Schema über die echten Migrationen neu anlegen."""
    engine = engine_fuer(url)
    alle_tabellen().drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    migration.upgrade(url)


def lade_welt(url: str, laender: list[str], heute: date | None = None) -> Welt:
    """Frische Datenbank mit Bundesdaten; Demokonten, Orientierungswerte und Entwürfe für die zkT
    von `laender` (Konten: admin, land-xx, leser-xx, traeger-<ags>; Passwort DEMO_PASSWORT)."""
    t0 = time.perf_counter()
    frische_datenbank(url)
    _, bis, datenstand, _ = demo_zeitraum(heute or date.today())
    von = monat_text(monat_index(bis) - MONATE + 1)
    jahr = int(bis[:4]) + 1
    jetzt = datetime.now(UTC)
    welt = Welt(url=url, von=von, bis=bis, jahr=jahr, zeilen=0)
    with Session(engine_fuer(url), expire_on_commit=False) as s:
        importiere_traeger(s)
        synchronisiere_katalog(s)
        alle = [
            (t.ags, t.traegerform, t.land_code)
            for t in s.exec(select(Traeger).order_by(Traeger.ags))
        ]
        paare = [(a, f) for a, f, _ in alle]
        importiere_vergleichstypen(s, vergleichstypen_csv(paare, SEED), "bench-vergleichstypen.csv")
        inhalt = erzeuge_basiszahlen_csv(
            paare, von, bis=bis, seed=SEED, datenstand=datenstand.isoformat()
        )
        ergebnis = importiere_basiszahlen(
            s, "bench-basiszahlen.csv", inhalt, "bench", jetzt, demodaten=True
        )
        welt.zeilen = ergebnis.neu
        for land in laender:
            zkt = [a for a, f, lc in alle if lc == land and f == "zkT"]
            lege_demo_benutzer(s, land, zkt, jetzt)
            akteur = Akteur(f"land-{land.lower()}", "land", land_code=land)
            setze_orientierungswerte(s, land, jahr, ORIENTIERUNG, akteur, jetzt)
            erzeuge_entwuerfe(s, land, jahr, akteur, jetzt)
            welt.land_von.update({a: land for a in zkt})
        vereinbarungen = s.exec(select(Zielvereinbarung).where(Zielvereinbarung.jahr == jahr))
        welt.vereinbarungen = {v.ags: v.id for v in vereinbarungen}
        s.commit()
    welt.sekunden = time.perf_counter() - t0
    return welt


def perzentile(werte_ms: list[float]) -> tuple[float, float, float]:
    """(p50, p95, max) nach der Nearest-Rank-Methode."""
    w = sorted(werte_ms)

    def rang(p: float) -> float:
        return w[max(0, min(len(w) - 1, math.ceil(len(w) * p / 100) - 1))]

    return rang(50), rang(95), w[-1]
