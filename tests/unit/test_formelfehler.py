"""Formelfehler beim Speichern: deutsche Meldung mit der Stelle, an der der Fehler steht."""

from __future__ import annotations

import pytest

from zielvereinbarung.domain.formel import STANDARD_NAMEN, FormelFehler, lies_formel

RING = {**STANDARD_NAMEN, "personal_vz": 1, "kosten_it": 100}


@pytest.mark.parametrize(
    ("formel", "stelle", "laenge", "text"),
    [
        # Syntax
        ("elb +", 6, 1, "endet unvollständig"),
        ("elb + * 3", 7, 1, "Unerwartetes Zeichen „*“ an Stelle 7"),
        ("elb # 2", 5, 1, "Unerwartetes Zeichen „#“ an Stelle 5"),
        ("llu[t-12]", 4, 1, "vorjahr(x)"),
        ("0,5 * elb", 2, 1, "Dezimalzahlen werden mit Punkt geschrieben"),
        ("elb 3", 5, 1, "fehlt davor ein Rechenzeichen"),
        ("(elb / lzb", 11, 1, "„)“"),
        ("summe(elb, )", 12, 1, "Unerwartetes Zeichen „)“ an Stelle 12"),
        ("   ", 1, 1, "Die Formel ist leer"),
        # Namen
        ("elbx + 1", 1, 4, "Unbekannte Basiszahl „elbx“ an Stelle 1. Gemeint ist vielleicht „elb“"),
        ("lzb / ELB", 7, 3, "Gemeint ist vielleicht „elb“"),
        ("summe(personal_vt, 12)", 7, 11, "„personal_vz“"),
        (
            "sume(elb, 12)",
            1,
            4,
            "Unbekannte Funktion „sume“ an Stelle 1. Gemeint ist vielleicht „summe“",
        ),
        ("elb(3)", 1, 3, "ist eine Basiszahl, keine Funktion"),
        ("lzb / summe", 7, 5, "ist eine Funktion und braucht Klammern: summe(x, n)"),
        # Stelligkeit und Monatszahl
        (
            "lzb / summe(elb)",
            7,
            10,
            "summe an Stelle 7 braucht 2 Argumente (summe(x, n)), hat aber 1",
        ),
        ("vorjahr(elb, 12)", 1, 16, "braucht 1 Argument (vorjahr(x)), hat aber 2 Argumente"),
        ("jahr_bis()", 1, 10, "hat aber kein Argument"),
        ("mittel(elb, 0)", 13, 1, "ganze Zahl von 1 bis 120"),
        ("mittel(elb, 2.5)", 13, 3, "nicht „2.5“"),
        ("summe_vor(elb, lzb)", 16, 3, "nicht „lzb“"),
        ("summe(elb, 121)", 12, 3, "von 1 bis 120"),
        # Divisionen, die nie berechenbar sind
        ("elb / 0", 7, 1, "Division durch „0“ an Stelle 7: dieser Nenner ist immer 0"),
        ("elb / (lzb - lzb)", 7, 11, "Division durch „(lzb - lzb)“"),
        ("elb * 2 / (0 * llu)", 11, 9, "immer 0"),
        ("elb / (vorjahr(lzb) - vorjahr(lzb))", 7, 29, "immer 0"),
        ("elb / (mittel(lzb, 12) - summe(lzb, 12) / 12)", 7, 39, "immer 0"),
        ("elb / (summe(2, 6) - 12)", 7, 18, "immer 0"),
        ("elb / (kosten_it * 2 - 2 * kosten_it)", 7, 31, "immer 0"),
        # Sonstiges
        ("100 * 2", 1, 7, "enthält keine Basiszahl"),
        ("summe(summe(summe(elb, 120), 120), 120)", 1, 39, "zu aufwendig"),
        ("(" * 60 + "elb" + ")" * 60, 42, 1, "zu tief verschachtelt"),
    ],
)
def test_fehler_mit_stelle(formel, stelle, laenge, text):
    with pytest.raises(FormelFehler) as fehler:
        lies_formel(formel, RING)
    assert text in fehler.value.meldung
    assert (fehler.value.stelle + 1, fehler.value.laenge) == (stelle, laenge)
    if "an Stelle" in fehler.value.meldung:
        assert f"an Stelle {stelle}" in fehler.value.meldung


def test_mehrzeilige_formel_nennt_zeile_und_stelle():
    with pytest.raises(FormelFehler) as fehler:
        lies_formel("summe(integrationen, 12)\n  / mittel_vor(elbb, 12)", RING)
    assert "„elbb“ an Zeile 2, Stelle 16" in fehler.value.meldung


def test_nenner_nur_bei_bestimmten_daten_null_ist_erlaubt():
    # elb − elb_abgang kann 0 sein, muss aber nicht: später „Nenner ist 0“ für diesen Monat.
    lies_formel("integrationen / (elb - elb_abgang)", RING)
    lies_formel("elb / (vorjahr(elb) - elb)", RING)
    lies_formel("elb / (mittel(lzb, 12) - summe(lzb, 11) / 12)", RING)


def test_zu_lange_formel_und_keine_auswertung_von_python():
    with pytest.raises(FormelFehler, match="zu lang"):
        lies_formel("elb + " * 300 + "elb", RING)
    for boese in ("__import__('os')", "elb.__class__", "[elb]", "elb if 1 else 2", "'elb'"):
        with pytest.raises(FormelFehler):
            lies_formel(boese, RING)


def test_gelesen_als_zeigt_die_klammerung():
    formel = lies_formel("(llu / vorjahr(llu) − 1) × 100", RING)
    assert formel.gelesen_als == "((llu / vorjahr(llu)) - 1) * 100"
    assert lies_formel("-elb * 2 - 3", RING).gelesen_als == "(-elb * 2) - 3"
    assert formel.namen == ("llu",) and formel.skalen == {"llu": 100}
