"""Entwurf aus Daten: Basiswert (Dezember des Vorjahres, sonst vorläufige Hochrechnung),
Kontext (Jahreswerte, Median des Vergleichstyps) und vorgeschlagene Zielvorgaben."""

from decimal import Decimal as D

from zielvereinbarung.domain.basiszahlen import monat_index
from zielvereinbarung.domain.entwurf import (
    Basiswert,
    basiswert,
    entwurf_vorgaben,
    kontext,
    median_veraenderung,
)
from zielvereinbarung.domain.ziele import Zielvorgabe


def reihe(von: str, bis: str, **werte_je_jahr) -> dict:
    """Konstante Monatswerte je Jahr: reihe("2024-12", "2026-09", j2025=dict(integrationen=25))."""
    r = {}
    for m in range(monat_index(von), monat_index(bis) + 1):
        jahr = m // 12
        r[m] = {
            "elb": 1000,
            "integrationen": 20,
            "lzb": 400,
            "llu": 100_000_00,
            **werte_je_jahr.get(f"j{jahr}", {}),
        }
    return r


def test_basiswert_ist_der_dezember_des_vorjahres():
    # 2026: 25 Integrationen je Monat bei 1.000 eLb → IQ(12) = 300 / 1.000 × 100 = 30 %
    r = reihe("2025-01", "2026-12", j2026={"integrationen": 25})
    b = basiswert(r, "IQ", 2027)
    assert b == Basiswert(D(30), False, "2026-12", None)
    assert basiswert(r, "LZB", 2027).wert == D(400)
    assert basiswert(r, "LLU", 2027).wert == D(1_200_000)  # 12 × 100.000 EUR


def test_ohne_dezember_vorlaeufige_hochrechnung_mit_saisonfaktor():
    # 2026 bis September: IQ(9) = 225 / 1.000 × 100 = 22,5 %; 2025: IQ(12) = 24 %, IQ(9) = 18 %
    # → 22,5 × 24 / 18 = 30 %
    r = reihe("2024-12", "2026-09", j2026={"integrationen": 25})
    b = basiswert(r, "IQ", 2027)
    assert b == Basiswert(D(30), True, "2026-09", None)


def test_nicht_berechenbar_mit_grund():
    r = reihe("2026-01", "2026-12")  # Dezember 2025 fehlt als Nenner
    b = basiswert(r, "IQ", 2027)
    assert b.wert is None and b.grund == "Daten für Dezember 2025 fehlen"
    leer = basiswert({}, "IQ", 2027)
    assert leer.wert is None and leer.grund == "Daten für 2026 fehlen"
    ohne_vorjahr = basiswert(reihe("2025-12", "2026-09"), "IQ", 2027)
    assert ohne_vorjahr.wert is None
    assert ohne_vorjahr.grund.startswith(
        "Dezember 2026 fehlt; Hochrechnung aus 2026-09 nicht möglich"
    )


def test_kontext_jahreswerte_und_median():
    r = reihe("2024-12", "2026-12", j2026={"integrationen": 25})
    anderer = reihe("2024-12", "2026-12", j2026={"integrationen": 22})
    dritter = reihe("2024-12", "2026-12", j2026={"integrationen": 30})
    # Veränderung 2026 gegenüber 2025 (24 %): +25 %, +10 %, +50 % → Median +25 %
    median = median_veraenderung([r, anderer, dritter], "IQ", 2026, 12)
    assert median == (D(25), 3)
    k = kontext(r, "IQ", 2027, basiswert(r, "IQ", 2027), "I", median)
    assert k["median_veraenderung"] == "25" and k["median_anzahl"] == 3
    assert k["median_monat"] == "2026-12" and k["vergleichstyp"] == "I"
    j2024, j2025, j2026 = k["jahre"]
    assert j2026 == {
        "jahr": 2026,
        "monat": "2026-12",
        "wert": "30",
        "vorjahr": "24",
        "veraenderung": "25",
        "grund": None,
    }
    assert j2025["wert"] == "24" and j2025["veraenderung"] is None
    assert j2024["monat"] == "2024-12" and j2024["wert"] is None
    assert j2024["grund"] == "Daten für Dezember 2023 fehlen"
    ohne_typ = kontext(r, "IQ", 2027, basiswert(r, "IQ", 2027), None, None)
    assert ohne_typ["median_grund"] == "Dem Träger ist kein Vergleichstyp zugeordnet"


def test_entwurf_uebernimmt_orientierungswerte_sonst_monitoring():
    orientierung = {
        "IQ": Zielvorgabe("IQ", "veraenderung", D("2.5")),
        "IQ_AE": Zielvorgabe("IQ_AE", "veraenderung", D("1")),
        "LZB": Zielvorgabe("LZB", "korridor", None, D(-3), D(-1)),
        "Q1": Zielvorgabe(
            "Q1", "qualitativ", text="Geflüchtete integrieren", bezeichnung="Geflüchtete"
        ),
    }
    basis = {"IQ": D("26.86"), "IQ_AE": None, "LZB": D(4000)}
    vorgaben = {v.zielindikator: v for v in entwurf_vorgaben(basis, orientierung)}
    assert list(vorgaben) == ["LLU", "IQ", "IQ_F", "IQ_M", "IQ_AE", "LZB", "IQ_LZB", "Q1"]
    assert vorgaben["IQ"] == Zielvorgabe("IQ", "veraenderung", D("2.5"))
    assert vorgaben["LZB"] == Zielvorgabe("LZB", "korridor", None, D(-3), D(-1))
    assert vorgaben["LLU"].zieltyp == "monitoring"
    # ohne Basiswert keine relative Vorgabe: Monitoring mit dem Orientierungswert im Kommentar
    assert vorgaben["IQ_AE"].zieltyp == "monitoring"
    assert "+1,0 %" in vorgaben["IQ_AE"].kommentar
    assert vorgaben["Q1"].text == "Geflüchtete integrieren"
    assert vorgaben["Q1"].bezeichnung == "Geflüchtete"
