"""Rang, Median und Quartile im Ring; Regeln für eigene Basiszahlen und Kennzahlen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from zielvereinbarung.domain.ringe import (
    Zeitraum,
    pruefe_basiszahl_code,
    pruefe_kennzahl,
    pruefe_obergrenze,
    skalen,
)
from zielvereinbarung.domain.ringvergleich import quantil, raenge, rang_text, verteilung


def test_rang_nach_richtung_mit_gleichstand():
    werte = {"a": Decimal("10.5"), "b": Decimal(12), "c": Decimal(12), "d": None, "e": Decimal(3)}
    assert raenge(werte, "hoeher") == {"a": 3, "b": 1, "c": 1, "d": None, "e": 4}
    assert raenge(werte, "niedriger") == {"a": 2, "b": 3, "c": 3, "d": None, "e": 1}
    assert raenge(werte, "neutral") == raenge(werte, "hoeher")
    assert rang_text(3, 4, "hoeher") == "Rang 3 von 4"
    assert rang_text(1, 4, "neutral") == "Platz 1 von 4 (nach Größe)"
    assert rang_text(None, 4, "hoeher") == "–"


def test_quartile_wie_quartile_inkl():
    # Tabellenkalkulation: QUARTILE.INKL({1;2;3;4;10}; 1) = 2, Median 3, Q3 = 4
    v = verteilung([Decimal(10), Decimal(2), None, Decimal(4), Decimal(1), Decimal(3)])
    assert (v.anzahl, v.minimum, v.q1, v.median, v.q3, v.maximum) == (5, 1, 2, 3, 4, 10)
    # gerade Anzahl: {1, 2, 4, 7}: Q1 = 1 + 0,75 × 1 = 1,75; Median 3; Q3 = 4 + 0,25 × 3 = 4,75
    v = verteilung([1, 2, 4, 7])
    assert (v.q1, v.median, v.q3) == (Decimal("1.75"), Decimal(3), Decimal("4.75"))
    # exakt: Drittel bleiben Drittel bis zur letzten Stelle
    assert quantil([Fraction(1, 3), Fraction(2, 3)], Fraction(1, 2)) == Fraction(1, 2)
    assert verteilung([None]) is None
    einer = verteilung([Decimal("7.5")])
    assert einer.minimum == einer.median == einer.maximum == Decimal("7.5")


@pytest.mark.parametrize(
    ("code", "teil"),
    [
        ("elb", "gesetzliche Basiszahl"),
        ("monat", "Spalte jeder Importdatei"),
        ("summe", "Funktion der Formelsprache"),
        ("Personal", "Kleinbuchstaben"),
        ("1x", "beginnt"),
        ("x", "2 bis 40"),
        ("kosten-it", "Kleinbuchstaben"),
    ],
)
def test_eigene_basiszahl_codes(code, teil):
    assert teil in pruefe_basiszahl_code(code)


def test_gueltige_codes_und_obergrenze():
    assert pruefe_basiszahl_code("personal_vz") is None
    assert pruefe_basiszahl_code("widersprueche_2") is None
    assert pruefe_obergrenze("abgeholfen", "widersprueche", ["widersprueche"]) is None
    assert pruefe_obergrenze("abgeholfen", "elb", []) is None
    assert "eigene Obergrenze" in pruefe_obergrenze("x1", "x1", ["x1"])
    assert "Unbekannte" in pruefe_obergrenze("x1", "x2", ["x1"])
    namen = skalen({"personal_vz": "anzahl", "kosten": "euro", "quote": "anteil"})
    assert (namen["personal_vz"], namen["kosten"], namen["quote"], namen["llu"]) == (
        1,
        100,
        10_000,
        100,
    )


def _kennzahl(**aenderungen):
    werte = dict(
        code="Q1",
        name="Widerspruchsquote",
        kategorie="qualitaet",
        einheit="prozent",
        richtung="niedriger",
        formel="summe(widersprueche, 12) / mittel(elb, 12) * 100",
        gueltig_ab=date(2024, 1, 1),
        gueltig_bis=None,
        namen=skalen({"widersprueche": "anzahl"}),
    )
    werte.update(aenderungen)
    return pruefe_kennzahl(**werte)


def test_kennzahl_gueltig_und_formel_geprueft():
    fehler, formel = _kennzahl()
    assert fehler == {} and formel.namen == ("widersprueche", "elb")


def test_kennzahl_fehler_je_feld():
    fehler, formel = _kennzahl(
        code="1Q", name=" ", kategorie="x", einheit="", richtung="besser", formel="widerspruche"
    )
    assert set(fehler) == {"code", "name", "kategorie", "einheit", "richtung", "formel"}
    assert "Gemeint ist vielleicht „widersprueche“" in fehler["formel"] and formel is None
    fehler, _ = _kennzahl(gueltig_bis=date(2023, 12, 31))
    assert fehler == {"gueltig_bis": "„Gültig bis“ liegt vor „gültig ab“."}
    fehler, _ = _kennzahl(gueltig_ab=None)
    assert "gueltig_ab" in fehler


def test_versionen_ueberschneiden_sich_nie():
    alt = Zeitraum(1, date(2020, 1, 1), None)
    fehler, _ = _kennzahl(andere_versionen=[alt], version=2)
    assert "überschneidet sich mit Version 1 (01.01.2020 bis offen)" in fehler["gueltig_ab"]
    beendet = Zeitraum(1, date(2020, 1, 1), date(2023, 12, 31))
    assert _kennzahl(andere_versionen=[beendet], version=2)[0] == {}
    # die bearbeitete Version selbst zählt nicht
    assert _kennzahl(andere_versionen=[Zeitraum(2, date(2024, 1, 1), None)], version=2)[0] == {}
    assert beendet.gilt_am(date(2023, 12, 31)) and not beendet.gilt_am(date(2024, 1, 1))
