"""Stand einer Trägergruppe (DOMAIN.md §§ 3, 9; `domain.gruppenstand`) – von Hand gerechnet.

Zwei Träger, eLb konstant A = 1.000 und B = 2.000 von 2024-12 bis 2026-12; Integrationen je
Monat A 25 (2025) / 24 (2026), B 60 / 66; LZB A 400 / 380, B 800 / 760.

Im März 2026 (m = 3):
- IQ der Gruppe = (72 + 198) × 3 × 100 / Σ eLb[2025-12..2026-02] (9.000) = 9,0 %
- Vorjahr(3) = (75 + 180) × 300 / 9.000 = 8,5 %; Vorjahr(12) = 1.020 × 1.200 / 36.000 = 34 %
- Projektion = 9,0 × 34 / 8,5 = 36,0 %
- Zielniveaus A 30,75 % (30 % + 2,5 %), B 36,9 % (36 % + 2,5 %); Gewichte: eLb des Basisjahres
  12.000 und 24.000 → Landesziel (30,75 × 12.000 + 36,9 × 24.000) / 36.000 = 34,85 %
- Zielerreichung 36 / 34,85 × 100 = 103,30… % → auf Kurs
- LZB: Wert 380 + 760 = 1.140, Projektion 1.140 × 1.200 / 1.200 = 1.140, Ziel 392 + 784 = 1.176,
  Zielerreichung 1.176 / 1.140 × 100 = 103,15… % (niedriger besser)
"""

from __future__ import annotations

from decimal import Decimal as D

from zielvereinbarung.domain.basiszahlen import monat_index
from zielvereinbarung.domain.gruppenstand import gruppenstand
from zielvereinbarung.domain.nachhaltung import Schwellen


def reihe(elb: int, i25: int, i26: int, lzb25: int, lzb26: int, bis: str = "2026-12") -> dict:
    r = {}
    for m in range(monat_index("2024-12"), monat_index(bis) + 1):
        neu = m // 12 == 2026
        r[m] = {"elb": elb, "integrationen": i26 if neu else i25, "lzb": lzb26 if neu else lzb25}
    return r


A = reihe(1000, 25, 24, 400, 380)
B = reihe(2000, 60, 66, 800, 760)


def test_quote_erst_summiert_dann_gerechnet_und_landesziel_gewichtet():
    g = gruppenstand("IQ", [(A, D("30.75")), (B, D("36.9"))], 2026, 3)
    assert (g.wert, g.vorjahr, g.projektion) == (D(9), D("8.5"), D(36))
    assert g.zielniveau == D("34.85") and g.mit_zielniveau == 2
    assert round(g.grad, 4) == D("103.2999") and g.status == "auf Kurs"
    assert (g.abdeckung, g.mitglieder) == (2, 2) and "Saisonfaktor" in g.methode


def test_bestand_summiert_ziele_und_werte():
    g = gruppenstand("LZB", [(A, D(392)), (B, D(784))], 2026, 3)
    assert (g.wert, g.projektion, g.zielniveau) == (D(1140), D(1140), D(1176))
    assert round(g.grad, 2) == D("103.16") and g.status == "auf Kurs"


def test_ohne_ziel_eines_traegers_kein_landesziel_mit_grund():
    g = gruppenstand("IQ", [(A, D("30.75")), (B, None)], 2026, 3)
    assert g.wert == D(9) and g.zielniveau is None and g.status is None
    assert "1 von 2" in g.gruende["zielniveau"]
    ohne = gruppenstand("IQ", [(A, None), (B, None)], 2026, 3)
    assert ohne.zielniveau is None and "zielniveau" not in ohne.gruende


def test_unvollstaendige_daten_kein_landesziel_und_abdeckung():
    kurz = reihe(2000, 60, 66, 800, 760, bis="2026-02")  # März fehlt bei B
    g = gruppenstand("IQ", [(A, D("30.75")), (kurz, D("36.9"))], 2026, 3)
    assert g.abdeckung == 1 and g.wert == D("7.2")
    assert g.zielniveau is None and "1 von 2" in g.gruende["zielniveau"]


def test_dezember_endgueltig_mit_schwellen_des_landes():
    g = gruppenstand("IQ", [(A, D("30.75")), (B, D("36.9"))], 2026, 12, Schwellen(D(100), D(99)))
    # 2026: (288 + 792) × 1.200 / 36.000 = 36 % → 103,3 % erreicht
    assert g.projektion == g.wert == D(36) and g.status == "erreicht"
    assert "Dezember" in g.methode
