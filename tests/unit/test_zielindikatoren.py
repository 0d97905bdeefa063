"""Zielindikatoren, Vorjahr, Veränderung, Zielerreichung und Projektion (DOMAIN.md § 4)."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from zielvereinbarung.domain.basiszahlen import FELDNAMEN, monat_index
from zielvereinbarung.domain.katalog import ZIELINDIKATOR_CODES, zielindikator_definition
from zielvereinbarung.domain.kennzahlen import KEIN_TRAEGER, Ergebnis, berechne_kennzahlen
from zielvereinbarung.domain.zielindikatoren import (
    PROJEKTIONSMETHODE,
    ZielindikatorWert,
    berechne_zielindikatoren,
    berechne_zielindikatoren_aggregat,
    korridor_erreicht,
    projektion,
    status,
    zielerreichungsgrad,
    zielindikator,
    zielindikator_aggregat,
    zielindikator_wert,
    zielindikator_wert_aggregat,
    zielniveau,
)

Reihe = dict[int, dict[str, int | None]]

# Monat: elb, integrationen, elb_alleinerziehend, integrationen_alleinerziehend, lzb,
#        lzb_integrationen, llu (Cent). 9999 / 999_999_999 stehen in Monaten, die kein Fenster
#        für m = 1 oder m = 3 enthalten darf.
TABELLE = {
    "2022-12": (1000, 9999, 100, 9999, 500, 9999, 999_999_999),
    "2023-01": (1100, 10, 100, 1, 500, 5, 20_000_000),
    "2023-02": (1200, 20, 100, 2, 500, 5, 20_000_000),
    "2023-03": (9999, 30, 9999, 3, 400, 5, 20_000_000),
    "2023-12": (2000, 9999, 120, 9999, 400, 9999, 999_999_999),
    "2024-01": (2100, 30, 120, 3, 400, 4, 10_000_001),
    "2024-02": (2200, 40, 120, 3, 400, 4, 20_000_002),
    "2024-03": (9999, 50, 9999, 3, 380, 4, 30_000_003),
}
SPALTEN = (
    "elb",
    "integrationen",
    "elb_alleinerziehend",
    "integrationen_alleinerziehend",
    "lzb",
    "lzb_integrationen",
    "llu",
)


def tabellenreihe() -> Reihe:
    return {monat_index(k): dict(zip(SPALTEN, v, strict=True)) for k, v in TABELLE.items()}


def nah(wert: Decimal | None, erwartet: Fraction) -> bool:
    return wert is not None and abs(Fraction(wert) - erwartet) < Fraction(1, 10**20)


def test_alle_zielindikatoren_im_maerz_mit_vorjahr_und_veraenderung():
    ergebnis = berechne_zielindikatoren(tabellenreihe(), 2024, 3)
    assert tuple(ergebnis) == ("IQ", "IQ_AE", "IQ_LZB", "LZB", "LLU")

    # IQ 2024: N = 30+40+50 = 120, D = elb 2023-12..2024-02 = 2000+2100+2200 = 6300,
    #          120 × 3 × 100 / 6300 = 40/7 ≈ 5,714
    # IQ 2023: N = 10+20+30 = 60, D = 1000+1100+1200 = 3300, 60 × 300 / 3300 = 60/11 ≈ 5,455
    # Veränderung: (40/7) / (60/11) = 440/420 = 22/21 → (22/21 − 1) × 100 = 100/21 ≈ 4,762
    iq = ergebnis["IQ"]
    assert nah(iq.wert, Fraction(40, 7)) and nah(iq.vorjahr, Fraction(60, 11))
    assert nah(iq.veraenderung, Fraction(100, 21))
    assert iq.gruende == {} and iq.abdeckung is None

    # IQ_AE 2024: 9 × 300 / (3 × 120) = 7,5; 2023: 6 × 300 / 300 = 6; (7,5 / 6 − 1) × 100 = 25
    assert ergebnis["IQ_AE"] == ZielindikatorWert(Decimal("7.5"), Decimal(6), Decimal(25), {})

    # IQ_LZB 2024: 12 × 300 / 1200 = 3; 2023: 15 × 300 / 1500 = 3; Veränderung 0
    assert ergebnis["IQ_LZB"] == ZielindikatorWert(Decimal(3), Decimal(3), Decimal(0), {})

    # LZB 2024: (400+400+380)/3 = 1180/3; 2023: (500+500+400)/3 = 1400/3
    # Veränderung: (1180/1400 − 1) × 100 = −22000/1400 = −110/7 ≈ −15,714
    lzb = ergebnis["LZB"]
    assert nah(lzb.wert, Fraction(1180, 3)) and nah(lzb.vorjahr, Fraction(1400, 3))
    assert nah(lzb.veraenderung, Fraction(-110, 7))

    # LLU 2024: 10.000.001 + 20.000.002 + 30.000.003 Cent = 600.000,06 €; 2023: 600.000,00 €
    # Veränderung: (60.000.006 / 60.000.000 − 1) × 100 = 0,00001 (exakt)
    llu = ergebnis["LLU"]
    assert llu.wert == Decimal("600000.06") and llu.vorjahr == Decimal(600000)
    assert llu.veraenderung == Decimal("0.00001")


def test_im_januar_ist_der_dezember_allein_der_nenner():
    ergebnis = berechne_zielindikatoren(tabellenreihe(), 2024, 1)
    # IQ 2024-01: 30 × 1 × 100 / elb[2023-12] = 3000 / 2000 = 1,5; Vorjahr 10 × 100 / 1000 = 1
    assert ergebnis["IQ"] == ZielindikatorWert(Decimal("1.5"), Decimal(1), Decimal(50), {})
    assert ergebnis["LZB"].wert == Decimal(400) and ergebnis["LZB"].vorjahr == Decimal(500)
    assert ergebnis["LLU"].wert == Decimal("100000.01")  # 10.000.001 Cent


def vollstaendige_reihe(seed: int) -> Reihe:
    rnd = random.Random(seed)
    reihe: Reihe = {}
    for monat in range(monat_index("2022-12"), monat_index("2024-12") + 1):
        reihe[monat] = {feld: rnd.randint(1, 5000) for feld in FELDNAMEN}
    return reihe


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_im_dezember_gleichen_die_quoten_den_kennzahlen(seed):
    reihe = vollstaendige_reihe(seed)
    k = berechne_kennzahlen(reihe, monat_index("2024-12"))
    assert k["K2"].wert is not None
    assert zielindikator(reihe, "IQ", 2024, 12).wert == k["K2"].wert
    assert zielindikator(reihe, "IQ_AE", 2024, 12).wert == k["K2E4"].wert
    assert zielindikator(reihe, "IQ_LZB", 2024, 12).wert == k["K3E1"].wert


def test_iq_f_und_iq_m_rechnen_wie_iq_auf_der_reihe_der_gruppe():
    frauen = tabellenreihe()
    assert zielindikator(frauen, "IQ_F", 2024, 3) == zielindikator(frauen, "IQ", 2024, 3)
    assert zielindikator_wert(frauen, "IQ_M", 2024, 3) == zielindikator_wert(frauen, "IQ", 2024, 3)


def test_fehlendes_vorjahr_macht_veraenderung_unberechenbar():
    reihe = tabellenreihe()
    del reihe[monat_index("2023-02")]
    iq = berechne_zielindikatoren(reihe, 2024, 3)["IQ"]
    assert nah(iq.wert, Fraction(40, 7))
    assert iq.vorjahr is None and iq.veraenderung is None
    assert iq.gruende == {
        "vorjahr": "Daten für Februar 2023 fehlen",
        "veraenderung": "Daten für Februar 2023 fehlen",
    }


def test_leere_zelle_und_nullnenner_und_vorjahr_null():
    reihe = tabellenreihe()
    reihe[monat_index("2024-02")]["integrationen"] = None
    iq = zielindikator_wert(reihe, "IQ", 2024, 3)
    assert iq.wert is None
    assert (
        iq.gruende["wert"] == "Wert „Integrationen“ (integrationen) für Februar 2024 nicht gemeldet"
    )
    assert iq.gruende["veraenderung"] == iq.gruende["wert"] and "vorjahr" not in iq.gruende

    reihe = tabellenreihe()
    for monat in ("2023-12", "2024-01", "2024-02"):
        reihe[monat_index(monat)]["elb"] = 0
    assert zielindikator(reihe, "IQ", 2024, 3) == Ergebnis(None, "Nenner ist 0")

    reihe = tabellenreihe()
    for monat in ("2023-01", "2023-02", "2023-03"):
        reihe[monat_index(monat)]["integrationen"] = 0
    iq = zielindikator_wert(reihe, "IQ", 2024, 3)
    assert iq.vorjahr == 0 and iq.veraenderung is None  # 0 ist ein Wert, kein Fehlen
    assert iq.gruende == {"veraenderung": "Vorjahreswert ist 0"}


def test_ungueltige_aufrufe():
    with pytest.raises(ValueError):
        zielindikator(tabellenreihe(), "IQ", 2024, 13)
    with pytest.raises(KeyError):
        zielindikator(tabellenreihe(), "XY", 2024, 3)


def iq_reihe(elb: dict[str, int], integrationen: dict[str, int]) -> Reihe:
    reihe: Reihe = {}
    for monat, wert in elb.items():
        reihe.setdefault(monat_index(monat), {})["elb"] = wert
    for monat, wert in integrationen.items():
        reihe.setdefault(monat_index(monat), {})["integrationen"] = wert
    return reihe


def test_aggregat_summiert_erst_und_zaehlt_die_traeger():
    a = tabellenreihe()  # 2024: 120 / 6300, 2023: 60 / 3300 (siehe oben)
    b = iq_reihe(
        {
            "2022-12": 1000,
            "2023-01": 1000,
            "2023-02": 1000,
            "2023-12": 1000,
            "2024-01": 1000,
            "2024-02": 1000,
        },
        {"2023-01": 5, "2023-02": 5, "2023-03": 5, "2024-01": 10, "2024-02": 10, "2024-03": 10},
    )  # IQ 3,0; Vorjahr 1,5
    c = iq_reihe(
        {
            "2022-12": 1000,
            "2023-01": 1000,
            "2023-02": 1000,
            "2023-12": 1000,
            "2024-01": 1000,
        },  # 2024-02 fehlt: nur im Vorjahr dabei
        {"2023-01": 30, "2023-02": 30, "2023-03": 30, "2024-01": 10, "2024-02": 10, "2024-03": 10},
    )
    iq = zielindikator_wert_aggregat([a, b, c], "IQ", 2024, 3)
    # Wert (a, b):    (120 + 30) × 300 / (6300 + 3000) = 45000 / 9300 = 150/31 ≈ 4,839
    #                 (das Mittel der Quoten wäre (40/7 + 3) / 2 ≈ 4,357)
    # Vorjahr (a, b, c): (60 + 15 + 90) × 300 / (3300 + 3000 + 3000) = 165/31 ≈ 5,323
    # Veränderung nur über Träger mit beiden Jahren (a, b): Vorjahr (60+15) × 300 / 6300 = 25/7,
    #                 (150/31) / (25/7) − 1 = 42/31 − 1 = 11/31 → × 100 = 1100/31 ≈ 35,48
    assert nah(iq.wert, Fraction(150, 31)) and Fraction(150, 31) != (Fraction(40, 7) + 3) / 2
    assert nah(iq.vorjahr, Fraction(165, 31))
    assert nah(iq.veraenderung, Fraction(1100, 31))
    assert iq.abdeckung == {"wert": 2, "vorjahr": 3, "veraenderung": 2}
    assert zielindikator_aggregat([a, b, c], "IQ", 2024, 3).abdeckung == 2


def test_aggregat_ohne_vollstaendige_traeger():
    alles = berechne_zielindikatoren_aggregat([{}, {}], 2024, 3)
    assert tuple(alles) == ("IQ", "IQ_AE", "IQ_LZB", "LZB", "LLU")
    assert alles["LZB"].wert is None
    assert alles["LZB"].gruende == {k: KEIN_TRAEGER for k in ("wert", "vorjahr", "veraenderung")}
    assert alles["LZB"].abdeckung == {"wert": 0, "vorjahr": 0, "veraenderung": 0}
    # Ø lzb für LZB wird über die Summe der Träger gebildet: (1180 + 1180) / 3
    zwei = berechne_zielindikatoren_aggregat([tabellenreihe(), tabellenreihe()], 2024, 3)
    assert nah(zwei["LZB"].wert, Fraction(2360, 3)) and zwei["LZB"].abdeckung["wert"] == 2


def test_zielindikator_katalog():
    assert ZIELINDIKATOR_CODES == ("IQ", "IQ_F", "IQ_M", "IQ_AE", "IQ_LZB", "LZB", "LLU")
    assert zielindikator_definition("LZB").einheit == "personen"
    assert zielindikator_definition("LZB").besser == "niedriger"
    assert zielindikator_definition("LLU").einheit == "euro"
    assert zielindikator_definition("IQ").besser == "hoeher"


# -------------------------------------------------- Zielerreichung


def test_zielniveau():
    # DOMAIN-Beispiel: IQ 26,86 % mit +2,5 % → 26,86 × 1,025 = 27,5315 % (relativ, nicht Punkte)
    assert zielniveau(Decimal("26.86"), "veraenderung", Decimal("2.5")) == Decimal("27.5315")
    # „IQ sinkt um höchstens 6,9 %“: 26,86 × 0,931 = 25,00666
    assert zielniveau(Decimal("26.86"), "veraenderung", Decimal("-6.9")) == Decimal("25.00666")
    # LZB −2,0 %: 5000 × 0,98 = 4900
    assert zielniveau(Decimal(5000), "veraenderung", Decimal("-2.0")) == Decimal(4900)
    assert zielniveau(Decimal("26.86"), "niveau", Decimal("27.5")) == Decimal("27.5")
    assert zielniveau(None, "veraenderung", Decimal("2.5")) is None
    for zieltyp in ("korridor", "monitoring", "qualitativ"):
        assert zielniveau(Decimal(1), zieltyp, Decimal(1)) is None
    with pytest.raises(ValueError):
        zielniveau(Decimal(1), "irgendwas", Decimal(1))


def test_zielerreichungsgrad():
    assert zielerreichungsgrad(Decimal("27.5315"), Decimal("27.5315"), "hoeher") == 100
    # höher besser: 27 / 27,5315 × 100 = 27.000.000 / 275.315 ≈ 98,07
    assert nah(
        zielerreichungsgrad(Decimal(27), Decimal("27.5315"), "hoeher"),
        Fraction(27_000_000, 275_315),
    )
    # niedriger besser: Ziel 4850, Ist 5000 → 4850 / 5000 × 100 = 97
    assert zielerreichungsgrad(Decimal(5000), Decimal(4850), "niedriger") == 97
    assert zielerreichungsgrad(Decimal(1), Decimal(0), "hoeher") is None
    assert zielerreichungsgrad(Decimal(0), Decimal(4850), "niedriger") is None
    assert zielerreichungsgrad(None, Decimal(1), "hoeher") is None
    assert zielerreichungsgrad(Decimal(1), Decimal(1), "neutral") is None


def test_status_mit_schwellen():
    assert status(Decimal(100)) == "erreicht"
    assert status(Decimal("99.99")) == "knapp"
    assert status(Decimal(97)) == "knapp"
    assert status(Decimal("96.99")) == "verfehlt"
    assert status(Decimal(101), unterjaehrig=True) == "auf Kurs"
    assert status(Decimal(98), unterjaehrig=True) == "gefährdet"
    assert status(Decimal(50), unterjaehrig=True) == "kritisch"
    assert status(Decimal(96), Decimal(98), Decimal(95)) == "knapp"  # Schwellen des Landes
    assert status(None) is None


def test_korridor():
    # höher besser, Korridor −1 … +2 %: über der oberen Grenze ist auch erreicht
    assert korridor_erreicht(Decimal(3), Decimal(-1), Decimal(2), "hoeher") is True
    assert korridor_erreicht(Decimal(-1), Decimal(-1), Decimal(2), "hoeher") is True
    assert korridor_erreicht(Decimal("-1.1"), Decimal(-1), Decimal(2), "hoeher") is False
    # niedriger besser, Korridor −3 … 0 %: unter der unteren Grenze ist auch erreicht
    assert korridor_erreicht(Decimal(-5), Decimal(-3), Decimal(0), "niedriger") is True
    assert korridor_erreicht(Decimal("0.1"), Decimal(-3), Decimal(0), "niedriger") is False
    assert korridor_erreicht(Decimal(3), Decimal(-1), Decimal(2), "neutral") is False
    assert korridor_erreicht(None, Decimal(-1), Decimal(2), "hoeher") is None
    with pytest.raises(ValueError):
        korridor_erreicht(Decimal(0), Decimal(2), Decimal(-1), "hoeher")


def test_projektion():
    # 7 × 24 / 6 = 28
    assert projektion(Decimal(7), Decimal(6), Decimal(24)) == Decimal(28)
    # 6,5 × 26,86 / 6,2 = 174,59 / 6,2 = 17459/620 ≈ 28,16
    assert nah(projektion(Decimal("6.5"), Decimal("6.2"), Decimal("26.86")), Fraction(17459, 620))
    assert projektion(Decimal(7), Decimal(0), Decimal(24)) is None
    assert projektion(None, Decimal(6), Decimal(24)) is None
    assert "Vorjahr(12) / Vorjahr(m)" in PROJEKTIONSMETHODE


def test_projektion_trifft_den_dezember_wenn_sich_das_saisonmuster_wiederholt():
    # Bestand konstant 1000; Integrationen 2024 = doppelt so viele wie im selben Monat 2023,
    # mit deutlichem Saisonmuster. Dann ist IQ_2024(m) = 2 × IQ_2023(m) in jedem Monat, und
    # die Projektion aus jedem Monat m muss genau IQ_2024(12) ergeben.
    muster = [5, 8, 20, 30, 25, 10, 4, 6, 30, 40, 12, 3]
    reihe: Reihe = {monat_index("2022-12"): {"elb": 1000}}
    for i, s in enumerate(muster):
        reihe[monat_index("2023-01") + i] = {"elb": 1000, "integrationen": s}
        reihe[monat_index("2024-01") + i] = {"elb": 1000, "integrationen": 2 * s}
    dezember = zielindikator(reihe, "IQ", 2024, 12).wert
    assert dezember == Decimal("38.6")  # 2 × 193 × 12 × 100 / 12000
    vorjahr_12 = zielindikator(reihe, "IQ", 2023, 12).wert
    for monat in range(1, 12):
        wert = zielindikator(reihe, "IQ", 2024, monat).wert
        vorjahr_m = zielindikator(reihe, "IQ", 2023, monat).wert
        assert nah(projektion(wert, vorjahr_m, vorjahr_12), Fraction(386, 10)), monat
