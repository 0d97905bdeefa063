"""Landesziel aus den Zielen dreier zkT (DOMAIN.md § 9, `domain.bund_land`) – von Hand gerechnet.

Basisjahr 2026 (Vereinbarungsjahr 2027), Basiszahlen je Monat konstant von 2025-12 bis 2026-12:

| zkT | eLb   | Integrationen | LZB | LLU (EUR) | IQ 2026                     |
|-----|-------|---------------|-----|-----------|-----------------------------|
| A   | 1.000 | 25            | 400 | 100.000   | 300 × 1.200 / 12.000 = 30 % |
| B   | 2.000 | 60            | 800 | 200.000   | 720 × 1.200 / 24.000 = 36 % |
| C   |   500 | 10            | 200 |  50.000   | 120 × 1.200 / 6.000 = 24 %  |

IQ des Landes (erst summieren): 1.140 × 1.200 / 42.000 = 32,571428… %.
Ziele IQ: A Veränderung +2,5 % (30,75 %), B Niveau 37 %, C Korridor +1 … +5 % (24,24 … 25,2 %).
Landesziel (Gewichte: Σ eLb Dezember 2025 bis November 2026 = 12.000, 24.000, 6.000):
  untere Grenze (30,75 × 12.000 + 37 × 24.000 + 24,24 × 6.000) / 42.000 = 1.402.440 / 42.000
  = 33,391428… %, obere (… + 25,2 × 6.000) / 42.000 = 1.408.200 / 42.000 = 33,528571… %;
  höher besser → Zielniveau = untere Grenze; Veränderung 1.402.440 / 1.368.000 − 1 = +2,5175… %
  (der Mittelwert der Prozente wäre (2,5 + 2,78 + 1) / 3 ≈ 2,09 % – falsch).
LZB: Basis 400 + 800 + 200 = 1.400; Ziele A −2 % (392), B Niveau 780, C Korridor −3 … −1 %
  (194 … 198) → Land 1.366 … 1.370; niedriger besser → Zielniveau 1.370, −2,142857… %.
LLU: Basis 12 × 350.000 = 4.200.000 €; A −1 % (1.188.000), B Niveau 2.350.000, C Monitoring →
  kein Landesziel; mit C ±0 % (600.000): 4.138.000 €, −1,476190… %.
"""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from zielvereinbarung.domain.basiszahlen import monat_index
from zielvereinbarung.domain.bund_land import Traegerziel, landesniveau, landesziel
from zielvereinbarung.domain.gruppenstand import gruppenstand
from zielvereinbarung.domain.ziele import Zielvorgabe


def reihe(elb: int, integrationen: int, lzb: int, llu_euro: int, bis: str = "2026-12") -> dict:
    return {
        m: {"elb": elb, "integrationen": integrationen, "lzb": lzb, "llu": llu_euro * 100}
        for m in range(monat_index("2025-12"), monat_index(bis) + 1)
    }


A, B, C = reihe(1000, 25, 400, 100_000), reihe(2000, 60, 800, 200_000), reihe(500, 10, 200, 50_000)
BASIS = {
    "IQ": (D(30), D(36), D(24)),
    "LZB": (D(400), D(800), D(200)),
    "LLU": (D(1_200_000), D(2_400_000), D(600_000)),
}


def ziele(code: str, *vorgaben: Zielvorgabe | None) -> list[tuple[dict, Traegerziel]]:
    return [
        (r, Traegerziel(ags, v, b))
        for r, ags, v, b in zip((A, B, C), ("A", "B", "C"), vorgaben, BASIS[code], strict=True)
    ]


def v(code: str, typ: str, wert=None, untere=None, obere=None) -> Zielvorgabe:
    def d(x):
        return None if x is None else D(x)

    return Zielvorgabe(code, typ, d(wert), d(untere), d(obere))


IQ_ZIELE = ziele(
    "IQ", v("IQ", "veraenderung", "2.5"), v("IQ", "niveau", 37), v("IQ", "korridor", None, 1, 5)
)


def test_integrationsquote_gewichtet_mit_den_nennern_des_basisjahres():
    z = landesziel("IQ", IQ_ZIELE, 2027)
    assert Fraction(z.basiswert).limit_denominator(1000) == Fraction(1_140 * 1_200, 42_000)
    assert z.untere_niveau == pytest.approx(D(1_402_440) / 42_000, abs=D("1e-20"))
    assert z.obere_niveau == pytest.approx(D(1_408_200) / 42_000, abs=D("1e-20"))
    assert z.zielniveau == z.untere_niveau  # höher besser: die untere Grenze ist die Schwelle
    assert round(z.veraenderung, 6) == D("2.517544")
    assert (z.traeger, z.mit_ziel, z.grund) == (3, 3, None)
    assert z.vorgabe() == Zielvorgabe("IQ", "veraenderung", D("2.52"))
    assert z.vorgabe("niveau") == Zielvorgabe("IQ", "niveau", D("33.39"))
    assert z.vorgabe("korridor") == Zielvorgabe("IQ", "korridor", untere=D("2.52"), obere=D("2.94"))
    # nie der Mittelwert der Prozente
    assert round(z.veraenderung, 2) != round((D("2.5") + (D(37) / 36 - 1) * 100 + 1) / 3, 2)


def test_langzeitleistungsbeziehende_summe_der_zielniveaus():
    z = landesziel(
        "LZB",
        ziele("LZB", v("LZB", "veraenderung", -2), v("LZB", "niveau", 780),
              v("LZB", "korridor", None, -3, -1)),
        2027,
    )  # fmt: skip
    assert (z.basiswert, z.untere_niveau, z.obere_niveau) == (D(1400), D(1366), D(1370))
    assert z.zielniveau == D(1370)  # niedriger besser: die obere Grenze ist die Schwelle
    assert round(z.veraenderung, 6) == D("-2.142857")
    assert z.vorgabe() == Zielvorgabe("LZB", "veraenderung", D("-2.14"))
    assert z.vorgabe("niveau") == Zielvorgabe("LZB", "niveau", D(1370))


def test_llu_summe_und_monitoring_eines_zkt_verhindert_das_landesziel():
    ohne = landesziel(
        "LLU", ziele("LLU", v("LLU", "veraenderung", -1), v("LLU", "niveau", 2_350_000),
                     v("LLU", "monitoring")), 2027,
    )  # fmt: skip
    assert ohne.basiswert == D(4_200_000) and ohne.zielniveau is None
    assert ohne.mit_ziel == 2 and "2 von 3" in ohne.grund and "ohne: C" in ohne.grund
    assert ohne.vorgabe() is None
    mit = landesziel(
        "LLU", ziele("LLU", v("LLU", "veraenderung", -1), v("LLU", "niveau", 2_350_000),
                     v("LLU", "veraenderung", 0)), 2027,
    )  # fmt: skip
    assert mit.zielniveau == D(4_138_000)
    assert mit.vorgabe() == Zielvorgabe("LLU", "veraenderung", D("-1.48"))


def test_fehlende_daten_des_basisjahres_kein_landesziel():
    kurz = reihe(500, 10, 200, 50_000, bis="2026-11")
    mitglieder = [*IQ_ZIELE[:2], (kurz, IQ_ZIELE[2][1])]
    z = landesziel("IQ", mitglieder, 2027)
    assert z.zielniveau is None and z.basiswert is None and "C" in z.grund and "2026" in z.grund


def test_ohne_einigung_eines_zkt_kein_landesziel():
    z = landesziel("IQ", [*IQ_ZIELE[:2], (C, Traegerziel("C", None, None))], 2027)
    assert z.zielniveau is None and "2 von 3" in z.grund


def test_landesniveau_quoten_gewichtet_bestaende_summiert():
    assert landesniveau("IQ", [(D(30), 1), (D(36), 3)]) == Fraction("34.5")
    assert landesniveau("LZB", [(D(30), 1), (D(36), 3)]) == 66
    assert landesniveau("IQ", [(D(30), 0)]) is None and landesniveau("IQ", []) is None


def test_gruppenstand_gegen_das_vereinbarte_ziel_des_landes():
    """Nachhaltung des Aggregats gegen das BMAS-Ziel: Dezember 2026, IQ der Gruppe 32,571… %,
    vereinbart 32 % → 101,79 % erreicht, vereinbart 33 % → 98,7 % knapp."""
    mitglieder = [(A, D(30)), (B, D(36)), (C, D(24))]
    g = gruppenstand("IQ", mitglieder, 2026, 12, vorgabe=D(32))
    assert g.zielniveau == D(32) and g.status == "erreicht"
    assert round(g.grad, 2) == D("101.79")
    assert gruppenstand("IQ", mitglieder, 2026, 12, vorgabe=D(33)).status == "knapp"
