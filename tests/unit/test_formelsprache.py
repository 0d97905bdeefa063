"""Die Formelsprache der Vergleichsringe (DOMAIN.md § 11) beweist sich an der Engine:
jede gesetzliche Kennzahl aus § 3, in der Formelsprache geschrieben, ergibt in jedem Monat einer
Testreihe genau den Wert der Engine – und dieselben Gründe, wenn sie nicht berechenbar ist."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from zielvereinbarung.domain.basiszahlen import FELDNAMEN, monat_index
from zielvereinbarung.domain.formel import (
    STANDARD_NAMEN,
    aggregat_exakt,
    berechne,
    berechne_aggregat,
    berechne_exakt,
    berechne_verlauf,
    lies_formel,
    zellen,
)
from zielvereinbarung.domain.katalog import KENNZAHL_CODES
from zielvereinbarung.domain.kennzahlen import (
    FORMEL,
    KEIN_TRAEGER,
    NENNER_NULL,
    Ergebnis,
    berechne_aggregat_verlauf,
    berechne_kennzahlen,
    komponenten,
)

from .test_kennzahlen import zufallsreihe

GESETZLICH = {
    "K1": "(llu / vorjahr(llu) - 1) * 100",
    "K1E1": "(luh / vorjahr(luh) − 1) × 100",  # wie im Katalog geschrieben
    "K1E2": "(elb / vorjahr(elb) - 1) * 100",
    "K1E3": "summe(elb_zugang, 12) / summe(elb, 12) * 100",
    "K1E4": "summe(elb_abgang, 12) / summe_vor(elb, 12) * 100",
    "K2": "summe(integrationen, 12) / mittel_vor(elb, 12) * 100",
    "K2E1": "summe(eintritte_minijob, 12) / mittel_vor(elb, 12) * 100",
    "K2E2": "summe(eintritte_gefoerdert, 12) / mittel_vor(elb, 12) * 100",
    "K2E3": "summe(integrationen_svb_kontinuierlich, 12) / summe(integrationen_svb, 12) * 100",
    "K2E4": "summe(integrationen_alleinerziehend, 12) / mittel_vor(elb_alleinerziehend, 12) * 100",
    "K3": "(lzb / vorjahr(lzb) - 1) * 100",
    "K3E1": "summe(lzb_integrationen, 12) / mittel_vor(lzb, 12) * 100",
    "K3E2": "lzb_aktiviert / lzb * 100",
    "K3E3": "summe(lzb_zugang, 12) / summe(lzb, 12) * 100",
    "K3E4": "summe(lzb_abgang, 12) / summe_vor(lzb, 12) * 100",
}
FORMELN = {code: lies_formel(text, STANDARD_NAMEN) for code, text in GESETZLICH.items()}
M = monat_index


def _engine_exakt(code: str, reihe, t: int) -> Fraction | str:
    """Der exakte Bruch hinter dem Decimal-Wert der Engine: aus ihren Komponenten N und D."""
    formel = FORMEL[code]
    k = komponenten(reihe, formel, t)
    if isinstance(k, str):
        return k
    n, d = k
    if d == 0:
        return NENNER_NULL
    return Fraction((n - d) * 100 if formel.veraenderung else n * formel.faktor, d)


def test_alle_gesetzlichen_kennzahlen_sind_in_der_formelsprache_geschrieben():
    assert tuple(GESETZLICH) == KENNZAHL_CODES


NENNERFELDER = ("elb", "elb_alleinerziehend", "lzb", "integrationen_svb", "llu", "luh")


def beweisreihe(rnd: random.Random) -> dict[int, dict[str, int | None]]:
    """2020-01 … 2024-12: zufällige Werte; 2020 vollständig mit allen Nennerfeldern 0,
    2022-05 fehlt ganz,
    einzelne Zellen sind leer oder ihr Schlüssel fehlt (aus `zufallsreihe`)."""
    reihe = zufallsreihe(rnd, M("2020-01"), M("2024-12"))
    for t in range(M("2020-01"), M("2021-01")):  # 2020 vollständig, alle Nenner 0
        reihe[t] = {f: 0 if f in NENNERFELDER else rnd.randint(0, 500) for f in FELDNAMEN}
    for t in range(M("2021-01"), M("2025-01")):
        for feld in NENNERFELDER:  # sonst Nenner aus kleinen Zahlen, die selten alle 0 sind
            if reihe.get(t, {}).get(feld) == 0:
                reihe[t][feld] = rnd.randint(1, 3)
    reihe.pop(M("2022-05"), None)
    reihe.setdefault(M("2023-02"), {})["lzb"] = None
    return reihe


def _art(ergebnis: Ergebnis) -> str:
    return "berechnet" if ergebnis.grund is None else ergebnis.grund.split(" ")[0]


def test_jede_gesetzliche_kennzahl_gleicht_der_engine_in_jedem_monat():
    rnd = random.Random(2024)
    arten: dict[str, set[str]] = {code: set() for code in KENNZAHL_CODES}
    reihen = [beweisreihe(rnd) for _ in range(4)]
    reihen += [zufallsreihe(rnd, M("2020-01"), M("2024-12")) for _ in range(4)]
    for reihe in reihen:
        for t in range(M("2019-11"), M("2025-02")):  # auch über die Ränder hinaus
            engine = berechne_kennzahlen(reihe, t)
            for code, formel in FORMELN.items():
                wert = berechne(formel, reihe, t)
                assert wert == engine[code], (code, t)
                assert berechne_exakt(formel, reihe, t) == _engine_exakt(code, reihe, t)
                arten[code].add(_art(wert))
    # Jede Kennzahl kommt in jeden Zustand: Wert, fehlender Monat, leere Zelle, Nenner 0.
    for code, gesehen in arten.items():
        assert gesehen == {"berechnet", "Daten", "Wert", "Nenner"}, (code, gesehen)


def test_gesetzliche_kennzahlen_als_aggregat_gleichen_der_engine():
    rnd = random.Random(99)
    reihen = [zufallsreihe(rnd, M("2021-01"), M("2024-12")) for _ in range(6)] + [{}]
    monate = range(M("2021-06"), M("2025-02"))
    engine = berechne_aggregat_verlauf(reihen, monate)
    abdeckungen = set()
    for t in monate:
        for code, formel in FORMELN.items():
            ergebnis = berechne_aggregat(formel, reihen, t)
            assert ergebnis == engine[t][code], (code, t)
            abdeckungen.add(ergebnis.abdeckung)
    assert {0, 1, 2} <= abdeckungen  # unvollständige Mitglieder fallen heraus


def test_verlauf_und_exakter_wert():
    reihe = {M("2023-12"): {"llu": 100_000_000}, M("2024-12"): {"llu": 98_600_000}}
    k1 = FORMELN["K1"]
    assert berechne_exakt(k1, reihe, M("2024-12")) == Fraction(-7, 5)
    verlauf = berechne_verlauf(k1, reihe, [M("2024-11"), M("2024-12")])
    assert verlauf[M("2024-12")] == Ergebnis(Decimal("-1.4"), None)
    assert verlauf[M("2024-11")] == Ergebnis(None, "Daten für November 2023 fehlen")


# ------------------------------------------------------------------ über § 3 hinaus


def reihe_2024(**spalten: list[int | None]) -> dict[int, dict[str, int | None]]:
    """Monate 2024-01 … 2024-12 mit den angegebenen Werten je Spalte."""
    return {
        M("2024-01") + i: {name: werte[i] for name, werte in spalten.items()} for i in range(12)
    }


def test_vormonat_jahr_bis_und_jahresmittel_bis():
    reihe = reihe_2024(elb=[100 + i for i in range(12)], integrationen=[i + 1 for i in range(12)])
    t = M("2024-04")
    # Σ integrationen 2024-01..04 = 1+2+3+4 = 10; Ø elb 2024-01..04 = 101,5
    assert berechne_exakt(lies_formel("jahr_bis(integrationen)", STANDARD_NAMEN), reihe, t) == 10
    formel = lies_formel("jahr_bis(integrationen) / jahresmittel_bis(elb) * 100", STANDARD_NAMEN)
    assert berechne_exakt(formel, reihe, t) == Fraction(1000, Fraction(203, 2))
    assert berechne_exakt(lies_formel("vormonat(elb)", STANDARD_NAMEN), reihe, t) == 102
    # Januar: jahr_bis umfasst nur den Januar; vormonat braucht den Dezember davor.
    januar = M("2024-01")
    assert berechne_exakt(lies_formel("jahr_bis(elb)", STANDARD_NAMEN), reihe, januar) == 100
    assert (
        berechne_exakt(lies_formel("vormonat(elb)", STANDARD_NAMEN), reihe, januar)
        == "Daten für Dezember 2023 fehlen"
    )
    mittel = lies_formel("mittel(elb, 3)", STANDARD_NAMEN)
    assert berechne_exakt(mittel, reihe, t) == Fraction(101 + 102 + 103, 3)


def test_euro_rechnet_in_euro_und_ausdruecke_in_funktionen():
    # llu/luh in Cent gespeichert: 1.000,50 € und 499,50 €
    reihe = reihe_2024(llu=[100_050] * 12, luh=[49_950] * 12, elb=[3] * 12)
    t = M("2024-12")
    je_elb = lies_formel("(llu + luh) / elb", STANDARD_NAMEN)
    assert berechne_exakt(je_elb, reihe, t) == Fraction(1500, 3)  # 500 € je eLb
    summe = lies_formel("summe(llu + luh, 12) / summe(elb, 12)", STANDARD_NAMEN)
    assert berechne_exakt(summe, reihe, t) == 500
    assert berechne(summe, reihe, t).wert == Decimal(500)


def test_kein_float_und_kein_rundungsfehler():
    reihe = reihe_2024(elb=[3] * 12, integrationen=[1] * 12)
    formel = lies_formel("integrationen / elb * 3 - 1 + 0.1 + 0.2", STANDARD_NAMEN)
    wert = berechne_exakt(formel, reihe, M("2024-06"))
    assert wert == Fraction(3, 10) and isinstance(wert, Fraction)  # 0,1 + 0,2 = 0,3 genau


def test_ring_eigene_basiszahlen_in_eigener_quelle():
    namen = {**STANDARD_NAMEN, "personal_vz": 1, "kosten_verwaltung": 100, "quote_x": 10_000}
    formel = lies_formel("kosten_verwaltung / personal_vz + quote_x * elb", namen)
    basis = reihe_2024(elb=[10] * 12)
    zusatz = reihe_2024(
        personal_vz=[4] * 12, kosten_verwaltung=[1_000_00] * 12, quote_x=[2_500] * 12
    )
    t = M("2024-05")
    # 1.000 € / 4 + 0,25 × 10 = 252,5
    assert berechne_exakt(formel, basis, t, zusatz) == Fraction(505, 2)
    # Ring-Zeile des Monats fehlt, gesetzliche ist da: die Daten des Monats fehlen.
    del zusatz[t]
    assert berechne_exakt(formel, basis, t, zusatz) == "Daten für Mai 2024 fehlen"
    zusatz[t] = {"personal_vz": 4, "kosten_verwaltung": None, "quote_x": 1}
    assert (
        berechne_exakt(formel, basis, t, zusatz)
        == "Wert „kosten_verwaltung“ für Mai 2024 nicht gemeldet"
    )
    zusatz[t] = {"personal_vz": 0, "kosten_verwaltung": 5, "quote_x": 1}
    assert berechne_exakt(formel, basis, t, zusatz) == NENNER_NULL


def test_aggregat_summiert_basiszahlen_der_vollstaendigen_mitglieder():
    formel = lies_formel("summe(integrationen, 3) / mittel_vor(elb, 3) * 100", STANDARD_NAMEN)
    a = reihe_2024(elb=[100] * 12, integrationen=[10] * 12)
    b = reihe_2024(elb=[900] * 12, integrationen=[30] * 12)
    c = reihe_2024(elb=[50] * 12, integrationen=[5] * 11 + [None])  # Dezember nicht gemeldet
    t = M("2024-12")
    wert, abdeckung = aggregat_exakt(formel, [a, c, b], t)
    # (30 + 90) / ((300 + 2700) / 3) × 100 = 12 %, nicht das Mittel der Quoten (30 % und 10 %)
    assert (wert, abdeckung) == (Fraction(12), 2)
    assert berechne_aggregat(formel, [a, c, b], t) == Ergebnis(Decimal(12), None, 2)
    # November: c ist vollständig und zählt mit.
    assert aggregat_exakt(formel, [a, c, b], M("2024-11"))[1] == 3
    assert berechne_aggregat(formel, [c], t) == Ergebnis(None, KEIN_TRAEGER, 0)
    assert berechne_aggregat(formel, [], t) == Ergebnis(None, KEIN_TRAEGER, 0)


def test_aggregat_mit_zusatzquelle_und_nenner_null():
    namen = {**STANDARD_NAMEN, "faelle": 1}
    formel = lies_formel("faelle / elb", namen)
    t = M("2024-03")
    basis = [reihe_2024(elb=[0] * 12), reihe_2024(elb=[0] * 12), reihe_2024(elb=[5] * 12)]
    zusatz = [reihe_2024(faelle=[2] * 12), reihe_2024(faelle=[3] * 12), {}]
    assert berechne_aggregat(formel, basis[:2], t, zusatz[:2]) == Ergebnis(None, NENNER_NULL, 2)
    assert berechne_aggregat(formel, basis, t, zusatz) == Ergebnis(None, NENNER_NULL, 2)


def test_zellen_in_formelreihenfolge():
    t = M("2024-12")
    assert zellen(FORMELN["K3E2"], t) == [("lzb_aktiviert", t), ("lzb", t)]
    assert zellen(FORMELN["K1"], t) == [("llu", t), ("llu", t - 12)]
    assert len(zellen(FORMELN["K2"], t)) == 24


@pytest.mark.parametrize("code", KENNZAHL_CODES)
def test_leere_reihe_hat_den_grund_der_engine(code):
    t = M("2024-12")
    assert berechne(FORMELN[code], {}, t) == berechne_kennzahlen({}, t)[code]
