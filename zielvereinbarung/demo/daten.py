"""Synthetische, deterministische Demodaten: Basiszahlen (DOMAIN.md § 2) mit einem
neuen Datenstand, Vergleichstypen.

Reine Erzeugung ohne Datenbank. Alles hängt nur vom `seed` ab: ein `random.Random` je Träger
aus „seed:ags“ (nie das globale `random`, nie `hash()`), sodass gleicher Seed gleiche Bytes ergibt
und jeder Träger unabhängig von den anderen erzeugt werden kann.

Die Werte sind erfunden, aber in realistischen Größenordnungen: Bestand eLb log-normal je Träger
(ca. 2.000 bis 150.000), Integrationsquote (K2) etwa 20–30 %, Saison (Integrationen hoch im
Frühjahr/Herbst, tief im Dezember; eLb-Spitze im Winter), Trend je Träger und ein Anstieg 2023.
Es sind **Demodaten**, keine amtliche Statistik.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..domain.basiszahlen import FELDNAMEN, GESCHLECHTER, monat_index, monat_text

DEMO_KENNZEICHEN = "Demodaten"
KOPF = ("ags", "monat", "geschlecht", "datenstand", *FELDNAMEN)

# Bestand eLb (Anfang 2022) der großen Städte: (von, bis)
_GROSS_FEST = {"11000": (125_000, 140_000), "02000": (110_000, 125_000), "09162": (80_000, 90_000)}
_GROSSSTAEDTE = frozenset(
    {
        "03241",
        "04011",
        "05111",
        "05112",
        "05113",
        "05315",
        "05334",
        "05513",
        "05913",
        "06412",
        "08111",
        "09564",
        "10041",
        "14612",
        "14713",
    }
)
_OST = frozenset({"12", "13", "14", "15", "16"})
# Integrationen je Kalendermonat (Mittel ≈ 1): Frühjahr/Herbst hoch, Dezember tief
_SAISON_INTEGRATION = (0.85, 0.95, 1.10, 1.10, 1.05, 0.95, 0.95, 0.95, 1.15, 1.10, 1.05, 0.75)
_AE_FELDER = ("elb_alleinerziehend", "integrationen_alleinerziehend")
_ANZAHL_LUECKEN = 3  # Träger, denen ein ganzer Monat fehlt
_ANZAHL_LEERE_AE = 5  # Träger mit leeren Zellen bei den Alleinerziehenden
_ANZAHL_NEUE_DATENSTAENDE = 10


@lru_cache(maxsize=1)
def _kreisnamen() -> dict[str, str]:
    text = resources.files("zielvereinbarung.daten").joinpath("kreise.csv").read_text("utf-8")
    return {z["ags"]: z["name"] for z in csv.DictReader(io.StringIO(text))}


def _ist_stadt(ags: str) -> bool:
    name = _kreisnamen().get(ags, "")
    return (
        ags in _GROSS_FEST
        or ags in _GROSSSTAEDTE
        or name in ("Bonn",)
        or name.startswith(("Stadt ", "Hansestadt ", "Landeshauptstadt "))
    )


def _rng(seed: int, *teile: object) -> random.Random:
    return random.Random(":".join(str(t) for t in (seed, *teile)))


@dataclass(frozen=True)
class _Profil:
    elb0: float
    frauen: float
    trend: float  # je Jahr
    anstieg_2023: float
    saison: float
    zugang: float
    integration: float
    svb: float
    kont: float
    minijob: float
    gefoerdert: float
    ae: float
    ae_integration: float
    lzb: float
    lzb_drift: float
    lzb_aktiviert: float
    llu_je: float  # EUR je eLb und Monat (2022)
    luh_je: float


def _profil(seed: int, ags: str) -> tuple[_Profil, random.Random]:
    r = _rng(seed, ags)
    if ags in _GROSS_FEST:
        elb0 = r.uniform(*_GROSS_FEST[ags])
    elif ags in _GROSSSTAEDTE:
        elb0 = r.uniform(30_000, 70_000)
    elif _ist_stadt(ags):
        elb0 = min(max(r.lognormvariate(math.log(11_000), 0.55), 3_000), 45_000)
    else:
        elb0 = min(max(r.lognormvariate(math.log(6_000), 0.45), 2_000), 28_000)
    profil = _Profil(
        elb0=elb0,
        frauen=r.uniform(0.48, 0.52),
        trend=r.choice((-1, 1)) * r.uniform(0.01, 0.05),
        anstieg_2023=r.uniform(0.01, 0.04),
        saison=r.uniform(0.008, 0.015),
        zugang=r.uniform(0.03, 0.04),
        integration=r.uniform(0.018, 0.025),
        svb=r.uniform(0.70, 0.80),
        kont=r.uniform(0.55, 0.65),
        minijob=r.uniform(0.007, 0.009),
        gefoerdert=r.uniform(0.0025, 0.0035),
        ae=r.uniform(0.08, 0.10),
        ae_integration=r.uniform(0.012, 0.018),
        lzb=r.uniform(0.61, 0.67),
        lzb_drift=r.uniform(-0.004, 0.004),
        lzb_aktiviert=r.uniform(0.08, 0.15),
        llu_je=r.uniform(505, 545),
        luh_je=r.uniform(390, 430),
    )
    return profil, r


def _elb_modell(p: _Profil, i: int, rauschen: float) -> float:
    jahre = (i - monat_index("2022-01")) / 12
    monat = i % 12
    anstieg = p.anstieg_2023 * min(1.0, max(0.0, (i - monat_index("2023-01") + 1) / 12))
    saison = 1 + p.saison * math.cos(2 * math.pi * (monat - 0.5) / 12)  # Spitze Januar/Februar
    return p.elb0 * (1 + p.trend) ** jahre * (1 + anstieg) * saison * (1 + rauschen)


def _preisindex(i: int) -> tuple[float, float]:
    """(Regelbedarf, Unterkunft) relativ zu 2022."""
    jahr = i // 12
    regel = {2022: 1.0, 2023: 1.05, 2024: 1.09}.get(jahr, 1.0 if jahr < 2022 else 1.10)
    return regel, 1.025 ** max(0.0, (i - monat_index("2022-01")) / 12)


def _geld(cent: int) -> str:
    return f"{cent // 100}.{cent % 100:02d}"


def _teile(r: random.Random, basis: float, rate: float, streuung: float = 0.04) -> int:
    return max(0, round(basis * rate * r.gauss(1, streuung)))


def _reihe(seed: int, ags: str, von_i: int, bis_i: int) -> list[tuple[int, dict[str, dict]]]:
    """Alle Monate eines Trägers: [(monatsindex, {geschlecht: {feld: wert}})], ohne Lücken."""
    p, r = _profil(seed, ags)
    start = monat_index("2022-01")
    rauschen, elb_vor, ergebnis = 0.0, None, []
    for i in range(von_i - 1, bis_i + 1):  # ein Vormonat für die Abgänge des ersten Monats
        rauschen = 0.7 * rauschen + r.gauss(0, 0.002)
        elb = round(_elb_modell(p, i, rauschen))
        elb_g = {"frauen": round(elb * p.frauen)}
        elb_g["maenner"] = elb - elb_g["frauen"]
        lzb_anteil = min(0.68, max(0.60, p.lzb + p.lzb_drift * (i - start) / 12))
        saison = _SAISON_INTEGRATION[i % 12]
        zeilen: dict[str, dict] = {}
        for g in ("frauen", "maenner"):
            e = elb_g[g]
            vor = elb_vor[g] if elb_vor else e
            faktor = 0.85 if g == "frauen" else 1.15
            z = {"elb": e, "elb_zugang": _teile(r, e, p.zugang)}
            z["elb_abgang"] = max(0, vor + z["elb_zugang"] - e)
            frau = g == "frauen"
            integ = z["integrationen"] = _teile(r, e, p.integration * saison * faktor, 0.05)
            svb = z["integrationen_svb"] = min(integ, _teile(r, integ, p.svb, 0.03))
            z["integrationen_svb_kontinuierlich"] = min(svb, _teile(r, svb, p.kont, 0.03))
            z["eintritte_minijob"] = _teile(r, e, p.minijob * (1.2 if frau else 0.8), 0.08)
            z["eintritte_gefoerdert"] = _teile(r, e, p.gefoerdert, 0.1)
            ae_anteil = p.ae * (
                1.84 if frau else 0.16
            )  # gut 90 % der Alleinerziehenden sind Frauen
            ae = z["elb_alleinerziehend"] = min(e, _teile(r, e, ae_anteil, 0.01))
            ae_integ = _teile(r, ae, p.ae_integration * saison, 0.08)
            z["integrationen_alleinerziehend"] = min(integ, ae_integ)
            lzb = z["lzb"] = min(e, _teile(r, e, lzb_anteil * (1.02 if frau else 0.98), 0.003))
            z["lzb_zugang"] = _teile(r, lzb, 0.015, 0.06)
            z["lzb_abgang"] = _teile(r, lzb, 0.02, 0.06)
            z["lzb_integrationen"] = min(integ, _teile(r, lzb, 0.012 * saison * faktor, 0.06))
            z["lzb_aktiviert"] = min(lzb, _teile(r, lzb, p.lzb_aktiviert, 0.03))
            zeilen[g] = z
        regel, miete = _preisindex(i)
        for feld, je in (("llu", p.llu_je * regel), ("luh", p.luh_je * miete)):
            cent = round(elb * je * r.gauss(1, 0.004) * 100)
            frauen = round(cent * elb_g["frauen"] / elb) if elb else 0
            zeilen["frauen"][feld], zeilen["maenner"][feld] = frauen, cent - frauen
        elb_vor = elb_g
        if i < von_i:
            continue
        zeilen["gesamt"] = {f: zeilen["frauen"][f] + zeilen["maenner"][f] for f in FELDNAMEN}
        ergebnis.append((i, zeilen))
    return ergebnis


def _monate(von: str, bis: str) -> tuple[int, int]:
    von_i, bis_i = monat_index(von), monat_index(bis)
    if bis_i < von_i:
        raise ValueError(f"bis ({bis}) liegt vor von ({von})")
    return von_i, bis_i


def _besonderheiten(ags_liste: list[str], von_i: int, bis_i: int, seed: int):
    """Lücken {ags: monat}, leere AE-Zellen {ags: {monate}}, neue Datenstände {ags: monat}."""
    r = _rng(seed, "besonderheiten")
    alle = sorted(ags_liste)
    innen = list(range(von_i + 1, bis_i))  # nie der erste oder letzte Monat
    anzahl = min(_ANZAHL_LUECKEN, len(alle) // 20) if innen else 0
    luecken = {a: r.choice(innen) for a in r.sample(alle, anzahl)}
    leer: dict[str, set[int]] = {}
    for a in r.sample(alle, min(_ANZAHL_LEERE_AE, len(alle) // 10)):
        laenge = r.randint(1, 3)
        beginn = r.randint(von_i, max(von_i, bis_i - laenge + 1))
        leer[a] = set(range(beginn, min(beginn + laenge, bis_i + 1)))
    neue_staende: dict[str, int] = {}
    kandidaten = [a for a in alle if a not in luecken]
    anzahl = min(_ANZAHL_NEUE_DATENSTAENDE, max(1, len(kandidaten) // 10), len(kandidaten))
    for a in r.sample(kandidaten, anzahl):
        neue_staende[a] = max(von_i, bis_i - r.randint(3, 6))
    return luecken, leer, neue_staende


def _csv(zeilen) -> bytes:
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, lineterminator="\n")
    schreiber.writerow(KOPF)
    schreiber.writerows(zeilen)
    return puffer.getvalue().encode("utf-8")


def _ausgabe(ags: str, i: int, zeilen: dict[str, dict], datenstand: str, ae_leer: bool):
    for g in GESCHLECHTER:
        werte = zeilen[g]
        zellen = []
        for f in FELDNAMEN:
            if ae_leer and f in _AE_FELDER:
                zellen.append("")
            elif f in ("llu", "luh"):
                zellen.append(_geld(werte[f]))
            else:
                zellen.append(str(werte[f]))
        yield [ags, monat_text(i), g, datenstand, *zellen]


def erzeuge_basiszahlen_csv(
    traeger: list[tuple[str, str]],
    von: str = "2022-01",
    *,
    bis: str,
    seed: int,
    datenstand: str,
) -> bytes:
    """Der Demodatensatz: je Träger (ags, traegerform), Monat und Geschlechtergruppe eine Zeile.

    frauen + maenner = gesamt für jede Anzahl und jeden Geldbetrag (auf den Cent). ~3 Träger fehlt
    ein ganzer Monat, ~5 Träger melden in einigen Monaten die Alleinerziehenden-Felder leer.
    """
    von_i, bis_i = _monate(von, bis)
    ags_liste = [a for a, _ in traeger]
    luecken, leer, _ = _besonderheiten(ags_liste, von_i, bis_i, seed)

    def zeilen():
        for ags in ags_liste:
            for i, werte in _reihe(seed, ags, von_i, bis_i):
                if luecken.get(ags) != i:
                    yield from _ausgabe(ags, i, werte, datenstand, i in leer.get(ags, ()))

    return _csv(zeilen())


def erzeuge_neuen_datenstand_csv(
    traeger: list[tuple[str, str]],
    von: str = "2022-01",
    *,
    bis: str,
    seed: int,
    datenstand: str,
) -> bytes:
    """Ein späterer Datenstand: für ~10 Träger ein Monat 3–6 Monate vor `bis` mit korrigierten
    Werten (Integrationen und svB-Integrationen um ~2 % höher). `datenstand` muss nach dem des
    Hauptdatensatzes liegen; frauen + maenner = gesamt bleibt erhalten."""
    von_i, bis_i = _monate(von, bis)
    ags_liste = [a for a, _ in traeger]
    _, leer, neue_staende = _besonderheiten(ags_liste, von_i, bis_i, seed)
    ausgabe = []
    for ags in sorted(neue_staende):
        monat = neue_staende[ags]
        werte = dict(_reihe(seed, ags, von_i, monat))[monat]
        for g in ("frauen", "maenner"):
            z = werte[g]
            z["integrationen"] += max(1, round(z["integrationen"] * 0.02))
            z["integrationen_svb"] = min(
                z["integrationen"],
                z["integrationen_svb"] + max(1, round(z["integrationen_svb"] * 0.02)),
            )
        werte["gesamt"] = {f: werte["frauen"][f] + werte["maenner"][f] for f in FELDNAMEN}
        ausgabe.extend(_ausgabe(ags, monat, werte, datenstand, monat in leer.get(ags, ())))
    return _csv(ausgabe)


def vergleichstypen_csv(traeger: list[tuple[str, str]], seed: int) -> bytes:
    """Spalten ags,vergleichstyp: I–III Landkreise (I kleinere West, II größere West, III Ost),
    IV kreisfreie Städte, V Großstädte; Buchstabe a–e nach Größe innerhalb des Typs. Die Trägerform
    spielt (wie in der amtlichen Typisierung) keine Rolle."""
    gruppen: dict[str, list[tuple[float, str]]] = {}
    for ags, _traegerform in traeger:
        elb0 = _profil(seed, ags)[0].elb0
        if elb0 >= 30_000:
            typ = "V"
        elif _ist_stadt(ags):
            typ = "IV"
        elif ags[:2] in _OST:
            typ = "III"
        else:
            typ = "I" if elb0 < 6_000 else "II"
        gruppen.setdefault(typ, []).append((elb0, ags))
    zuordnung: dict[str, str] = {}
    for typ, mitglieder in gruppen.items():
        mitglieder.sort()
        for rang, (_, ags) in enumerate(mitglieder):
            zuordnung[ags] = typ + "abcde"[rang * 5 // len(mitglieder)]
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, lineterminator="\n")
    schreiber.writerow(("ags", "vergleichstyp"))
    schreiber.writerows((ags, zuordnung[ags]) for ags, _ in traeger)
    return puffer.getvalue().encode("utf-8")
