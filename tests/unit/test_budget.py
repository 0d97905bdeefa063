"""Budgetrahmen (DOMAIN.md § 10): Projektion auf Dezember von Hand gerechnet."""

from fractions import Fraction

import pytest

from zielvereinbarung.domain.budget import (
    LINEAR,
    SAISONAL,
    anteil,
    projiziere,
    runde_cent,
    topfstand,
)


def test_linear_ohne_vorjahr():
    # Jan–Mär je 100.000,00 €, 100.000,01 €, 100.000,00 € → 300.000,01 € × 12 / 3 = 1.200.000,04 €
    monate = {1: 10_000_000, 2: 10_000_001, 3: 10_000_000}
    p = projiziere(monate, 3, {})
    assert (p.cent, p.methode) == (120_000_004, LINEAR)


def test_linear_rundet_halbe_cent_auf():
    # 1 Cent bis Juli: 1 × 12 / 7 = 1,714… → 2 Cent; 7 Monate à 0 außer Juli 5 Cent: 60/7 = 8,57 → 9
    assert projiziere({m: (1 if m == 1 else 0) for m in range(1, 8)}, 7, {}).cent == 2
    assert runde_cent(Fraction(5, 2)) == 3 and runde_cent(Fraction(7, 3)) == 2


def test_saisonmuster_des_vorjahres():
    # Vorjahr: Jan–Jun je 50, Jul–Dez je 150 (Cent) → bis Juni 300, Dezember kumuliert 1.200.
    vorjahr = {m: (50 if m <= 6 else 150) for m in range(1, 13)}
    # Dieses Jahr bis Juni je 60 = 360 → 360 × 1.200 / 300 = 1.440 (linear wären es 720).
    p = projiziere({m: 60 for m in range(1, 7)}, 6, vorjahr)
    assert (p.cent, p.methode) == (1_440, SAISONAL)


def test_unvollstaendiges_vorjahr_heisst_linear():
    vorjahr = {m: 100 for m in range(1, 12)}  # Dezember fehlt
    p = projiziere({1: 30, 2: 30}, 2, vorjahr)
    assert (p.cent, p.methode) == (360, LINEAR)


def test_vorjahr_ohne_ausgaben_bis_zum_monat_heisst_linear():
    vorjahr = {m: (0 if m <= 2 else 100) for m in range(1, 13)}
    assert projiziere({1: 30, 2: 30}, 2, vorjahr).methode == LINEAR


def test_fehlender_monat_keine_projektion():
    stand = topfstand("eingliederung", 1_000, {1: 100, 3: 100}, 3, {})
    assert stand.ausgegeben == 200
    assert stand.fehlende_monate == (2,)
    assert stand.projektion.cent is None


def test_anteil_exakt_und_ohne_budget_none():
    assert anteil(250, 1_000) == Fraction(25)
    assert anteil(1, 3) == Fraction(100, 3)
    assert anteil(1, 0) is None and anteil(None, 5) is None


def test_topfstand_rechnet_anteil_der_projektion():
    stand = topfstand("verwaltung", 1_200, {1: 50, 2: 50}, 2, {})
    assert stand.projektion.cent == 600 and stand.anteil_projektion == Fraction(50)
    assert stand.anteil == Fraction(100 * 100, 1_200)


def test_monat_ausserhalb():
    with pytest.raises(ValueError):
        projiziere({}, 13, {})


def test_fingerabdruck_ohne_budget_wie_vorher_mit_budget_anders():
    """Ohne Budgetrahmen bleibt der Fingerabdruck eines Fortschrittsberichts wie vor § 10 (ein
    Lauf erzeugt nichts neu); mit Budget ändert er sich."""
    import hashlib
    import json
    from dataclasses import asdict, replace

    from zielvereinbarung.documents.berichtsmodell import (
        BudgetStand,
        BudgetZeile,
        TraegerBericht,
        fingerabdruck,
    )

    felder = dict.fromkeys(TraegerBericht.__dataclass_fields__)
    felder.update(titel="T", ags="01054", zeilen=(), dialoge=(), neue_datenstaende=())
    bericht = TraegerBericht(**felder)
    frueher = {k: v for k, v in asdict(bericht).items() if k not in ("erstellt", "audit_kopf")}
    frueher.pop("budget")
    frueher["revisionen"] = frueher.pop("neue_datenstaende")
    text = json.dumps(frueher, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert fingerabdruck(bericht) == hashlib.sha256(text.encode()).hexdigest()
    zeile = BudgetZeile("Eingliederungsmittel", "1,00 €", "–", "–", "–", "–", "–")
    mit = replace(bericht, budget=BudgetStand(2026, "Januar 2026", (zeile,), (), "–", False))
    assert fingerabdruck(mit) != fingerabdruck(bericht)
