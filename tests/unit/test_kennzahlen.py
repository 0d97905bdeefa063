"""Die 15 Kennzahlen (DOMAIN.md § 3), von Hand nachgerechnet.

Grundreihe: 13 Monate 2023-12 (= t−12) bis 2024-12 (= t). Werte in Monaten, die ein Fenster
nicht enthalten darf, sind 999 o. ä.: ein um einen Monat verschobenes Fenster fiele sofort auf.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from zielvereinbarung.domain.basiszahlen import FELDNAMEN, monat_index
from zielvereinbarung.domain.katalog import KATALOG, KENNZAHL_CODES, definition, versionen
from zielvereinbarung.domain.kennzahlen import (
    KEIN_TRAEGER,
    NENNER_NULL,
    Ergebnis,
    berechne_aggregat,
    berechne_aggregat_verlauf,
    berechne_kennzahlen,
    berechne_verlauf,
)

T = monat_index("2024-12")


def m(text: str) -> int:
    return monat_index(text)


def grundreihe() -> dict[int, dict[str, int | None]]:
    reihe: dict[int, dict[str, int | None]] = {}
    for i in range(13):
        erste, letzte = i == 0, i == 12  # erste = 2023-12 = t−12, letzte = 2024-12 = t
        reihe[T - 12 + i] = {
            "elb": 1000 if erste else 1500 if letzte else 1200,
            "elb_zugang": 999 if erste else 30,
            "elb_abgang": 999 if erste else 25,
            # Geld in Cent; dazwischen leer: K1 braucht nur t und t−12.
            "llu": 100_000_000 if erste else 98_600_000 if letzte else None,
            "luh": 5_000_000 if erste else 5_125_000 if letzte else None,
            "integrationen": 999 if erste else 42 if letzte else 30,
            "integrationen_svb": 999 if erste else 20,
            "integrationen_svb_kontinuierlich": 999 if erste else 3 if letzte else 15,
            "eintritte_minijob": 999 if erste else 10,
            "eintritte_gefoerdert": 999 if erste else 5,
            "elb_alleinerziehend": 100 if erste else 999 if letzte else 110,
            "integrationen_alleinerziehend": 999 if erste else 2,
            "lzb": 600 if erste else 570 if letzte else 580,
            "lzb_zugang": 999 if erste else 10,
            "lzb_abgang": 999 if erste else 12,
            "lzb_integrationen": 999 if erste else 8,
            "lzb_aktiviert": 171 if letzte else None,
        }
    return reihe


# Von Hand (Σ über t−11..t = 2024-01..2024-12, Σ über t−12..t−1 = 2023-12..2024-11):
#   Σ elb[t−11..t] = 11 × 1200 + 1500 = 14700;  Σ elb[t−12..t−1] = 1000 + 11 × 1200 = 14200
#   Σ lzb[t−11..t] = 11 × 580 + 570 = 6950;     Σ lzb[t−12..t−1] = 600 + 11 × 580 = 6980
ERWARTET: dict[str, Fraction] = {
    "K1": Fraction(98_600_000, 100_000_000) * 100 - 100,  # (0,986 − 1) × 100 = −1,4
    "K1E1": Fraction(5_125_000, 5_000_000) * 100 - 100,  # (1,025 − 1) × 100 = 2,5
    "K1E2": Fraction(1500, 1000) * 100 - 100,  # = 50
    "K1E3": Fraction(12 * 30 * 100, 14700),  # 36000 / 14700 = 120/49 ≈ 2,449
    "K1E4": Fraction(12 * 25 * 100, 14200),  # 30000 / 14200 = 150/71 ≈ 2,113
    "K2": Fraction((11 * 30 + 42) * 1200, 14200),  # 372 / (14200/12) × 100 = 2232/71 ≈ 31,437
    "K2E1": Fraction(12 * 10 * 1200, 14200),  # 120 × 1200 / 14200 = 720/71 ≈ 10,141
    "K2E2": Fraction(12 * 5 * 1200, 14200),  # 60 × 1200 / 14200 = 360/71 ≈ 5,070
    "K2E3": Fraction((11 * 15 + 3) * 100, 12 * 20),  # 168 / 240 × 100 = 70
    # Σ elb_alleinerziehend[t−12..t−1] = 100 + 11 × 110 = 1310
    "K2E4": Fraction(12 * 2 * 1200, 1310),  # 24 × 1200 / 1310 = 2880/131 ≈ 21,985
    "K3": Fraction(570, 600) * 100 - 100,  # (0,95 − 1) × 100 = −5
    "K3E1": Fraction(12 * 8 * 1200, 6980),  # 96 × 1200 / 6980 = 5760/349 ≈ 16,504
    "K3E2": Fraction(171 * 100, 570),  # = 30
    "K3E3": Fraction(12 * 10 * 100, 6950),  # 12000 / 6950 = 240/139 ≈ 1,727
    "K3E4": Fraction(12 * 12 * 100, 6980),  # 14400 / 6980 = 720/349 ≈ 2,063
}
EXAKT = {"K1": "-1.4", "K1E1": "2.5", "K1E2": "50", "K2E3": "70", "K3": "-5", "K3E2": "30"}


def pruefe_wert(ergebnis: Ergebnis, erwartet: Fraction) -> None:
    assert ergebnis.grund is None, ergebnis.grund
    assert ergebnis.wert is not None
    # 28 gültige Stellen: bei Werten < 1000 ein Fehler weit unter 10⁻²⁰.
    assert abs(Fraction(ergebnis.wert) - erwartet) < Fraction(1, 10**20)


def test_alle_15_kennzahlen_von_hand_nachgerechnet():
    ergebnis = berechne_kennzahlen(grundreihe(), T)
    assert tuple(ergebnis) == KENNZAHL_CODES
    for code in KENNZAHL_CODES:
        pruefe_wert(ergebnis[code], ERWARTET[code])
    for code, text in EXAKT.items():
        assert ergebnis[code].wert == Decimal(text)
    assert ERWARTET["K2"] == Fraction(2232, 71) and ERWARTET["K1E3"] == Fraction(120, 49)


def test_verlauf_liefert_dieselben_werte_wie_der_einzelmonat():
    reihe = grundreihe()
    assert berechne_verlauf(reihe, [T])[T] == berechne_kennzahlen(reihe, T)


def test_fehlender_monat_nennt_den_fruehesten_fehlenden_monat():
    reihe = grundreihe()
    del reihe[m("2024-05")]
    del reihe[m("2024-03")]
    ergebnis = berechne_kennzahlen(reihe, T)
    assert ergebnis["K2"] == Ergebnis(None, "Daten für März 2024 fehlen")
    assert ergebnis["K1E3"].grund == "Daten für März 2024 fehlen"
    # Kennzahlen, die nur t und t−12 brauchen, bleiben berechenbar.
    assert ergebnis["K1"].wert == Decimal("-1.4")
    assert ergebnis["K3E2"].wert == Decimal(30)
    assert berechne_verlauf(reihe, [T])[T] == ergebnis


def test_fehlender_vorjahresmonat_nur_im_nenner():
    reihe = grundreihe()
    del reihe[m("2023-12")]  # t−12: nur im Nennerfenster von K2 und in K1
    del reihe[m("2024-05")]
    ergebnis = berechne_kennzahlen(reihe, T)
    assert ergebnis["K2"].grund == "Daten für Dezember 2023 fehlen"
    assert ergebnis["K1"].grund == "Daten für Dezember 2023 fehlen"
    assert ergebnis["K1E3"].grund == "Daten für Mai 2024 fehlen"  # Fenster t−11..t
    assert ergebnis["K3E2"].wert == Decimal(30)
    assert berechne_verlauf(reihe, [T])[T] == ergebnis


def test_leere_zelle_nennt_feld_und_monat_und_wird_nie_als_null_gelesen():
    reihe = grundreihe()
    reihe[m("2024-03")]["integrationen"] = None
    del reihe[m("2024-07")]["eintritte_minijob"]  # fehlender Schlüssel = leere Zelle
    ergebnis = berechne_kennzahlen(reihe, T)
    assert ergebnis["K2"] == Ergebnis(
        None, "Wert „Integrationen“ (integrationen) für März 2024 nicht gemeldet"
    )
    assert (
        ergebnis["K2E1"].grund
        == "Wert „Eintritte in geringfügige Beschäftigung“ (eintritte_minijob) für Juli 2024 "
        "nicht gemeldet"
    )
    pruefe_wert(ergebnis["K2E2"], ERWARTET["K2E2"])
    assert berechne_verlauf(reihe, [T])[T] == ergebnis


def test_bei_mehreren_luecken_zaehlt_der_frueheste_monat_dann_der_zaehler():
    reihe = grundreihe()
    reihe[m("2024-08")]["integrationen"] = None
    reihe[m("2024-02")]["elb"] = None  # früher, im Nenner
    reihe[m("2024-06")]["elb_zugang"] = None
    reihe[m("2024-06")]["lzb_zugang"] = None
    reihe[m("2024-06")]["lzb"] = None  # gleicher Monat: Zähler lzb_zugang wird genannt
    ergebnis = berechne_kennzahlen(reihe, T)
    assert (
        ergebnis["K2"].grund
        == "Wert „Bestand erwerbsfähige Leistungsberechtigte“ (elb) für Februar 2024 nicht gemeldet"
    )
    assert (
        ergebnis["K1E3"].grund
        == "Wert „Bestand erwerbsfähige Leistungsberechtigte“ (elb) für Februar 2024 nicht gemeldet"
    )
    assert ergebnis["K3E3"].grund == "Wert „Zugänge LZB“ (lzb_zugang) für Juni 2024 nicht gemeldet"
    assert berechne_verlauf(reihe, [T])[T] == ergebnis


def test_fehlender_monat_geht_vor_leerer_zelle():
    reihe = grundreihe()
    reihe[m("2024-02")]["integrationen"] = None
    del reihe[m("2024-09")]
    ergebnis = berechne_kennzahlen(reihe, T)
    assert ergebnis["K2"].grund == "Daten für September 2024 fehlen"
    assert berechne_verlauf(reihe, [T])[T] == ergebnis


def test_nenner_null_ist_nicht_berechenbar_zaehler_null_aber_schon():
    reihe = grundreihe()
    for i in range(13):
        reihe[T - 12 + i]["integrationen_svb"] = 0
        reihe[T - 12 + i]["integrationen_svb_kontinuierlich"] = 0
    reihe[T - 12]["llu"] = 0
    reihe[T]["luh"] = 0  # (0 / 5.000.000 − 1) × 100 = −100: ein echter Wert
    ergebnis = berechne_kennzahlen(reihe, T)
    assert ergebnis["K2E3"] == Ergebnis(None, NENNER_NULL)
    assert ergebnis["K1"] == Ergebnis(None, "Nenner ist 0")
    assert ergebnis["K1E1"].wert == Decimal(-100)
    assert berechne_verlauf(reihe, [T])[T] == ergebnis


def test_ohne_daten_ist_nichts_berechenbar_und_nichts_ist_null():
    ergebnis = berechne_kennzahlen({}, T)
    assert all(e.wert is None for e in ergebnis.values())
    assert ergebnis["K2"].grund == "Daten für Dezember 2023 fehlen"
    assert ergebnis["K3E2"].grund == "Daten für Dezember 2024 fehlen"
    assert berechne_verlauf({}, [T])[T] == ergebnis
    assert berechne_verlauf({}, []) == {}


def zufallsreihe(rnd: random.Random, von: int, bis: int) -> dict[int, dict[str, int | None]]:
    """Zufällige Reihe mit fehlenden Monaten, leeren Zellen und gelegentlichen Nullnennern."""
    reihe: dict[int, dict[str, int | None]] = {}
    for monat in range(von, bis + 1):
        if rnd.random() < 0.06:
            continue
        zeile: dict[str, int | None] = {}
        for feld in FELDNAMEN:
            if rnd.random() < 0.02:
                continue  # Schlüssel fehlt
            if rnd.random() < 0.02:
                zeile[feld] = None
            elif feld in ("lzb", "lzb_aktiviert", "integrationen_svb", "llu"):
                zeile[feld] = rnd.choice([0, 0, 0, 1, 2, 3])  # oft Nenner 0
            else:
                zeile[feld] = rnd.randint(0, 10**6)
        reihe[monat] = zeile
    return reihe


def test_verlauf_stimmt_in_jedem_monat_mit_dem_einzelmonat_ueberein():
    rnd = random.Random(4711)
    gruende: set[str] = set()
    for _ in range(12):
        reihe = zufallsreihe(rnd, m("2020-01"), m("2024-12"))
        monate = range(m("2019-10"), m("2025-03"))  # auch Monate über die Ränder hinaus
        verlauf = berechne_verlauf(reihe, monate)
        assert list(verlauf) == list(monate)
        for monat in monate:
            einzeln = berechne_kennzahlen(reihe, monat)
            assert verlauf[monat] == einzeln, monat
            gruende.update((e.grund or "Wert").split(" ")[0] for e in einzeln.values())
    # Der Test deckt alle Arten von Ergebnissen ab.
    assert gruende == {"Wert", "Daten", "Nenner"}


def test_verlauf_einer_lueckenlosen_reihe_und_nicht_aufeinanderfolgender_monate():
    """Der spaltenweise Weg (lückenlose Reihe: Gründe vor Datenbeginn, Werte danach in C) und
    der Weg Monat für Monat (Monate mit Abstand) rechnen wie der Einzelmonat."""
    rnd = random.Random(815)
    reihe = {
        monat: {feld: rnd.randint(1, 10**7) for feld in FELDNAMEN}
        for monat in range(m("2021-01"), m("2024-12") + 1)
    }
    reihe[m("2023-05")]["elb_alleinerziehend"] = None  # eine leere Zelle mittendrin
    for monate in (range(m("2020-06"), m("2025-03")), [m("2022-02"), m("2022-09"), m("2024-12")]):
        verlauf = berechne_verlauf(reihe, monate)
        for monat in monate:
            assert verlauf[monat] == berechne_kennzahlen(reihe, monat), monat


# -------------------------------------------------- Aggregate


def reihe_t(**werte: int | None) -> dict[int, dict[str, int | None]]:
    return {T: dict(werte)}


def test_aggregat_summiert_erst_und_teilt_dann():
    a = reihe_t(lzb=100, lzb_aktiviert=90)  # 90 %
    b = reihe_t(lzb=900, lzb_aktiviert=10)  # 1,11 %
    ergebnis = berechne_aggregat([a, b], T)["K3E2"]
    # (90 + 10) / (100 + 900) × 100 = 10 %, nicht (90 + 1,11…) / 2 = 45,56 %
    assert ergebnis == Ergebnis(Decimal(10), None, 2)
    mittel_der_prozente = (Fraction(90) + Fraction(10 * 100, 900)) / 2
    assert Fraction(ergebnis.wert) != mittel_der_prozente


def test_aggregat_einer_veraenderung():
    a = {T - 12: {"llu": 100}, T: {"llu": 110}}  # +10 %
    b = {T - 12: {"llu": 1000}, T: {"llu": 900}}  # −10 %
    ergebnis = berechne_aggregat([a, b], T)["K1"]
    # (1010 / 1100 − 1) × 100 = −90/11 ≈ −8,18 %; das Mittel der Prozente wäre 0
    pruefe_wert(ergebnis, Fraction(-90, 11))
    assert ergebnis.abdeckung == 2


def test_unvollstaendige_traeger_fallen_heraus_und_abdeckung_zaehlt():
    a = reihe_t(lzb=100, lzb_aktiviert=90)
    b = reihe_t(lzb=900, lzb_aktiviert=10)
    c = reihe_t(lzb=50, lzb_aktiviert=None)  # leere Zelle
    d: dict[int, dict[str, int | None]] = {T - 1: {"lzb": 7, "lzb_aktiviert": 7}}  # Monat fehlt
    ergebnis = berechne_aggregat([a, c, b, d], T)
    assert ergebnis["K3E2"] == Ergebnis(Decimal(10), None, 2)
    assert ergebnis["K2"] == Ergebnis(None, KEIN_TRAEGER, 0)
    assert berechne_aggregat_verlauf([a, c, b, d], [T])[T] == ergebnis


def test_aggregat_ohne_vollstaendigen_traeger_und_mit_nenner_null():
    assert berechne_aggregat([], T)["K1"] == Ergebnis(None, KEIN_TRAEGER, 0)
    assert berechne_aggregat_verlauf([], [T])[T]["K1"] == Ergebnis(None, KEIN_TRAEGER, 0)
    a = reihe_t(lzb=0, lzb_aktiviert=0)
    b = reihe_t(lzb=0, lzb_aktiviert=0)
    assert berechne_aggregat([a, b], T)["K3E2"] == Ergebnis(None, NENNER_NULL, 2)


def test_aggregat_aus_zwei_gleichen_traegern_hat_deren_werte():
    ergebnis = berechne_aggregat([grundreihe(), grundreihe()], T)
    for code in KENNZAHL_CODES:
        pruefe_wert(ergebnis[code], ERWARTET[code])
        assert ergebnis[code].abdeckung == 2


def test_aggregat_verlauf_stimmt_mit_einzelmonat_ueberein():
    rnd = random.Random(815)
    reihen = [zufallsreihe(rnd, m("2021-01"), m("2024-12")) for _ in range(6)]
    reihen.append({})  # ein Träger ganz ohne Daten
    monate = range(m("2021-06"), m("2025-02"))
    verlauf = berechne_aggregat_verlauf(reihen, monate)
    for monat in monate:
        assert verlauf[monat] == berechne_aggregat(reihen, monat), monat


# -------------------------------------------------- Katalog


def test_katalog_enthaelt_15_kennzahlen_in_fester_reihenfolge():
    codes = list(dict.fromkeys(d.code for d in KATALOG))
    assert tuple(codes) == KENNZAHL_CODES and len(codes) == 15
    assert definition("K2", date(2024, 12, 31)).besser == "hoeher"
    assert definition("K1", date(2024, 1, 1)).besser == "niedriger"
    assert definition("K2E1", date(2024, 1, 1)).besser == "neutral"


def test_k2e3_ist_versioniert():
    alt = definition("K2E3", date(2018, 12, 31))
    neu = definition("K2E3", date(2019, 1, 1))
    assert (alt.version, neu.version) == (1, 2)
    assert "12 Monate" in alt.name and alt.gueltig_bis == date(2018, 12, 31)
    assert neu.gueltig_bis is None and "6 Folgemonate" in neu.formel
    assert versionen("K2E3") == (alt, neu)


def test_katalog_fehler():
    with pytest.raises(KeyError):
        definition("K9", date(2024, 1, 1))
    with pytest.raises(ValueError):
        definition("K1", date(2010, 12, 31))
