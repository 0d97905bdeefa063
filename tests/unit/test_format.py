"""Deutsche Zahlendarstellung und -eingabe."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from zielvereinbarung.format import (
    euro,
    jahr_bis,
    nachkommastellen,
    parse_dezimal,
    prozent,
    veraenderung,
    vorzeichen,
    zahl,
)

D = Decimal


def test_prozent_deutsch_mit_echtem_minuszeichen():
    assert prozent(D("-1.44")) == "−1,4 %"
    assert prozent(D("-1.44")).startswith("\u2212")
    assert prozent(D("26.86")) == "26,9 %"
    assert prozent(D("1234.5")) == "1.234,5 %"
    assert prozent(D("31.4366"), 2) == "31,44 %"
    assert prozent(D("31.5"), 0) == "32 %"
    assert prozent(Fraction(2232, 71)) == "31,4 %"  # ≈ 31,437
    assert prozent(7) == "7,0 %"
    assert prozent(None) == "–"


def test_kaufmaennisch_gerundet_halb_auf():
    assert prozent(D("0.05")) == "0,1 %"
    assert prozent(D("0.04999")) == "0,0 %"
    assert prozent(D("2.25")) == "2,3 %"  # halb-gerade ergäbe 2,2
    assert prozent(D("0.125"), 2) == "0,13 %"
    assert prozent(D("-0.05")) == "−0,1 %"  # ,5 von der Null weg
    assert prozent(D("-0.04")) == "0,0 %"  # keine „−0,0“
    assert zahl(D("999.5")) == "1.000"
    assert zahl(D("-2.25"), 1) == "−2,3"


def test_zahl_mit_tausenderpunkt():
    assert zahl(4850) == "4.850"
    assert zahl(-1234567) == "−1.234.567"
    assert zahl(D("393.3333"), 1) == "393,3"
    assert zahl(0) == "0"
    assert zahl(D("-0.4")) == "0"
    assert zahl(D("1234567.5"), 2) == "1.234.567,50"
    assert zahl(None) == "–"


def test_euro():
    assert euro(D("1234567.89")) == "1.234.567,89 €"
    assert euro(D("600000.06")) == "600.000,06 €"
    assert euro(D("0.005")) == "0,01 €"
    assert euro(D("-5")) == "−5,00 €"
    assert euro(0) == "0,00 €"
    assert euro(None) == "–"


def test_veraenderung_mit_vorzeichen():
    assert veraenderung(D("2.5")) == "+2,5 %"
    assert veraenderung(D("-1.44")) == "−1,4 %"
    assert veraenderung(D("-6.9")) == "−6,9 %"
    assert veraenderung(D(0)) == "±0,0 %"
    assert veraenderung(D("-0.04")) == "±0,0 %"
    assert veraenderung(D("0.05")) == "+0,1 %"
    assert veraenderung(None) == "–"


def test_ungeeignete_werte():
    with pytest.raises(TypeError):
        prozent(1.5)  # Gleitkomma ist nicht exakt: der Aufrufer soll Decimal liefern
    with pytest.raises(ValueError):
        prozent(D("NaN"))
    with pytest.raises(ValueError):
        zahl(D("Infinity"))


@pytest.mark.parametrize(
    ("text", "erwartet"),
    [
        ("2,5", "2.5"),
        ("-2,5", "-2.5"),
        ("−2,5", "-2.5"),
        ("+2,5", "2.5"),
        ("1.234,5", "1234.5"),
        ("1.234.567", "1234567"),
        ("27", "27"),
        ("0,05", "0.05"),
        (" 4850 ", "4850"),
    ],
)
def test_parse_dezimal(text, erwartet):
    assert parse_dezimal(text) == D(erwartet)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "2.5",
        "1.23,4",
        "1,2,3",
        "abc",
        "NaN",
        "Infinity",
        "-inf",
        "1e5",
        "--2",
        "2,5 %",
        ",5",
        "١٢",
    ],
)
def test_parse_dezimal_lehnt_ab(text):
    with pytest.raises(ValueError) as fehler:
        parse_dezimal(text)
    meldung = str(fehler.value)
    assert "Zahl" in meldung


def test_parse_dezimal_meldung_ist_deutsch():
    with pytest.raises(ValueError, match="keine Zahl im deutschen Format"):
        parse_dezimal("2.5")
    with pytest.raises(ValueError, match="Bitte eine Zahl eingeben"):
        parse_dezimal("")


def test_anzeige_und_eingabe_passen_zusammen():
    for wert in (D("-1234.5"), D("0.1"), D("27.5"), D("4850")):
        assert parse_dezimal(zahl(wert, 1)) == wert


def test_jahr_bis_nennt_den_zeitraum_eines_jahresfortschrittswerts():
    assert [jahr_bis(m) for m in ("2026-09", "2026-01", "2026-12", None)] == [
        "Jan–Sep 2026",
        "Jan 2026",
        "2026",
        "",
    ]


def test_nachkommastellen_und_vorzeichen():
    assert [nachkommastellen(D(t)) for t in ("2.25", "2.5", "3", "-1.50")] == [2, 1, 1, 1]
    assert vorzeichen(D("0.58"), 2) == "+0,58"
    assert vorzeichen(D(-97)) == "−97"
