"""Nachhaltung (DOMAIN.md §§ 4, 7): Wert, Vorjahr, Zielniveau, Projektion, Grad, Status,
Zielpfad, Korridor, Monitoring, qualitative Ziele und Ränge – gegen von Hand gerechnete Fälle.

Die Reihe: eLb konstant 1.000 von 2024-12 bis 2026-12; Integrationen 25 je Monat in 2025 und
24 je Monat in 2026; LZB 400 in 2025, 380 in 2026; LLU 10.000,00 € je Monat 2025, 9.000,00 € 2026.

Von Hand (m = 3, Y = 2026):
- IQ(3)     = 72 × 3 × 100 / Σ eLb[2025-12..2026-02] (3.000) = 7,2 %
- Vorjahr   = 75 × 3 × 100 / 3.000 = 7,5 %;  Vorjahr(12) = 300 × 12 × 100 / 12.000 = 30 %
- Veränderung = (7,2 / 7,5 − 1) × 100 = −4 %
- Projektion  = 7,2 × 30 / 7,5 = 28,8 %
- Ziel +2,5 % auf Basiswert 30 % → Zielniveau 30,75 %; Grad = 28,8 / 30,75 × 100 = 93,658… %
- Zielpfad(3) = 30,75 × 7,5 / 30 = 7,6875 %; 7,2 / 7,6875 = 0,93658… (dieselbe Zahl)
- LZB(3) = 380, Vorjahr 400, Projektion 380 × 400 / 400 = 380; Ziel −2 % auf 400 → 392;
  Grad = 392 / 380 × 100 = 103,157… % (niedriger besser)
"""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from zielvereinbarung.domain.basiszahlen import monat_index
from zielvereinbarung.domain.nachhaltung import (
    METHODE_DEZEMBER,
    Rang,
    Schwellen,
    Ziel,
    bewerte,
    letzter_monat,
    ohne_vereinbarung,
    rang,
    rangmass,
    zielpfad,
)
from zielvereinbarung.domain.zielindikatoren import PROJEKTIONSMETHODE


def reihe(integrationen_2026: int = 24, bis: str = "2026-12") -> dict:
    r = {}
    ende = monat_index(bis)
    for m in range(monat_index("2024-12"), ende + 1):
        jahr = m // 12
        r[m] = {
            "elb": 1000,
            "integrationen": integrationen_2026 if jahr == 2026 else 25,
            "lzb": 380 if jahr == 2026 else 400,
            "llu": 900_000 if jahr == 2026 else 1_000_000,
            "elb_alleinerziehend": 100,
            "integrationen_alleinerziehend": 2,
            "lzb_integrationen": 3,
        }
    return r


REIHEN = {"gesamt": reihe()}


def nah(wert, erwartet) -> bool:
    return wert is not None and abs(Fraction(wert) - Fraction(erwartet)) < Fraction(1, 10**20)


def test_veraenderungsziel_im_maerz_von_hand():
    s = bewerte(
        Ziel("IQ", "Integrationsquote", "veraenderung", D("2.5"), basiswert=D(30)), REIHEN, 2026, 3
    )
    assert nah(s.wert, D("7.2")) and nah(s.vorjahr, D("7.5")) and nah(s.veraenderung, -4)
    assert nah(s.zielniveau, D("30.75"))
    assert nah(s.projektion, D("28.8")) and s.methode == PROJEKTIONSMETHODE
    assert nah(s.grad, Fraction(288, 10) / Fraction(3075, 100) * 100)
    assert s.status == "kritisch" and not s.endgueltig
    assert nah(s.zielpfad[2], D("7.6875")) and nah(s.zielpfad[11], D("30.75"))
    assert nah(s.wert / s.zielpfad[2] * 100, s.grad)  # Grad = Wert(m) / Zielpfad(m)
    assert s.verlauf[3:] == (None,) * 9 and nah(s.verlauf[0], D("2.4"))  # 24 × 1 × 100 / 1.000
    assert nah(s.verlauf_vorjahr[11], 30) and nah(s.basiswert_aktuell, 30)


def test_schwellen_des_landes_entscheiden_den_status():
    ziel = Ziel("IQ", "IQ", "veraenderung", D("2.5"), basiswert=D(30))
    assert bewerte(ziel, REIHEN, 2026, 3, Schwellen(D(100), D(93))).status == "gefährdet"
    assert bewerte(ziel, REIHEN, 2026, 3, Schwellen(D(93), D(90))).status == "auf Kurs"


def test_niedriger_besser_lzb():
    s = bewerte(Ziel("LZB", "LZB", "veraenderung", D(-2), basiswert=D(400)), REIHEN, 2026, 3)
    assert nah(s.wert, 380) and nah(s.projektion, 380) and nah(s.zielniveau, 392)
    assert nah(s.grad, Fraction(392, 380) * 100) and s.status == "auf Kurs"
    n = bewerte(Ziel("LZB", "LZB", "niveau", D(390), basiswert=D(400)), REIHEN, 2026, 3)
    assert nah(n.zielniveau, 390) and nah(n.grad, Fraction(390, 380) * 100)


def test_dezember_ist_endgueltig_mit_jahresend_status():
    s = bewerte(Ziel("IQ", "IQ", "veraenderung", D("2.5"), basiswert=D(30)), REIHEN, 2026, 12)
    assert nah(s.wert, D("28.8")) and nah(s.projektion, D("28.8"))  # 288 × 1.200 / 12.000
    assert s.endgueltig and s.methode == METHODE_DEZEMBER and s.status == "verfehlt"
    gut = bewerte(Ziel("IQ", "IQ", "veraenderung", D(-4), basiswert=D(30)), REIHEN, 2026, 12)
    assert nah(gut.zielniveau, D("28.8")) and nah(gut.grad, 100) and gut.status == "erreicht"


def test_korridor_entscheidet_an_der_besseren_grenze():
    ziel = Ziel("IQ", "IQ", "korridor", untere=D(1), obere=D(3), basiswert=D(30))
    s = bewerte(ziel, REIHEN, 2026, 3)
    assert nah(s.zielniveau, D("30.3"))  # 30 × 1,01
    assert nah(s.korridor_niveaus[0], D("30.3")) and nah(s.korridor_niveaus[1], D("30.9"))
    assert nah(s.grad, Fraction(288, 303) * 100) and s.status == "kritisch"
    assert s.korridor_lage == "unter dem Korridor (nicht erreicht)"  # 28,8 / 30 − 1 = −4 %
    drueber = bewerte(
        Ziel("IQ", "IQ", "korridor", untere=D(-10), obere=D(-5), basiswert=D(30)), REIHEN, 2026, 3
    )
    assert drueber.korridor_lage == "über dem Korridor (erreicht)" and drueber.status == "auf Kurs"
    lzb = bewerte(
        Ziel("LZB", "LZB", "korridor", untere=D(-8), obere=D(-6), basiswert=D(400)), REIHEN, 2026, 3
    )
    assert nah(lzb.zielniveau, 376)  # niedriger besser: obere Grenze, 400 × 0,94
    assert lzb.korridor_lage == "über dem Korridor (nicht erreicht)"  # −5 % > −6 %


def test_monitoring_und_qualitativ():
    m = bewerte(Ziel("LLU", "LLU", "monitoring"), REIHEN, 2026, 3)
    assert nah(m.wert, 27_000) and nah(m.vorjahr, 30_000) and nah(m.projektion, 108_000)
    assert m.status is None and m.zielniveau is None and m.grad is None and not m.hat_ziel
    q = bewerte(Ziel("Q1", "Gleichstellung", "qualitativ", text="Mehr Frauen"), REIHEN, 2026, 3)
    assert q.wert is None and q.status is None and q.text == "Mehr Frauen" and q.besser is None


def test_fehlende_daten_sind_gruende_keine_nullen():
    kurz = {"gesamt": reihe(bis="2026-03")}
    del kurz["gesamt"][monat_index("2025-12")]
    s = bewerte(Ziel("IQ", "IQ", "veraenderung", D("2.5"), basiswert=D(30)), kurz, 2026, 3)
    assert s.wert is None and s.projektion is None and s.status is None
    assert s.gruende["wert"] == "Daten für Dezember 2025 fehlen"
    ohne_basis = bewerte(Ziel("IQ", "IQ", "veraenderung", D("2.5")), REIHEN, 2026, 3)
    assert ohne_basis.zielniveau is None and "zielniveau" in ohne_basis.gruende
    frauen = bewerte(Ziel("IQ_F", "IQ Frauen", "monitoring"), REIHEN, 2026, 3)
    assert frauen.wert is None  # keine Reihe der Frauen übergeben


def test_ohne_vereinbarung_alles_als_monitoring():
    staende = ohne_vereinbarung(("IQ", "LZB"), REIHEN, 2026, 3)
    assert [s.zieltyp for s in staende] == ["monitoring", "monitoring"]
    assert nah(staende[0].wert, D("7.2"))


def test_zielpfad_ohne_dezember_des_vorjahres():
    assert zielpfad(D(30), (D(1),) * 11 + (None,)) == (None,) * 12
    assert zielpfad(None, (D(1),) * 12) == (None,) * 12


def test_rang_mit_gleichstand_und_richtung():
    werte = {"a": D(5), "b": D(7), "c": D(7), "d": None, "e": D(3)}
    assert rang(werte, "b", True) == Rang(1, 4) and rang(werte, "c", True) == Rang(1, 4)
    assert rang(werte, "a", True) == Rang(3, 4) and rang(werte, "e", False) == Rang(1, 4)
    assert rang(werte, "d", True) is None and str(Rang(2, 9)) == "2 von 9"


def test_letzter_monat():
    assert letzter_monat(reihe(bis="2026-05"), 2026) == 5
    assert letzter_monat(reihe(bis="2025-12"), 2026) is None


def test_ungueltiger_monat():
    with pytest.raises(ValueError):
        bewerte(Ziel("IQ", "IQ", "monitoring"), REIHEN, 2026, 13)


def test_rangmass_quoten_nach_wert_bestaende_und_summen_nach_veraenderung():
    assert {c: rangmass(c) for c in ("IQ", "IQ_F", "IQ_AE", "IQ_LZB", "LZB", "LLU")} == {
        "IQ": "wert",
        "IQ_F": "wert",
        "IQ_AE": "wert",
        "IQ_LZB": "wert",
        "LZB": "veraenderung",
        "LLU": "veraenderung",
    }
