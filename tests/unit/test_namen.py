"""Trägernamen mit Artikel (domain/namen.py; Issue 9 Punkt 9): „zwischen dem Land Niedersachsen
und dem Landkreis Peine“, „Zielvereinbarungen des Landkreises Peine“."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from zielvereinbarung.domain.namen import dativ, genitiv
from zielvereinbarung.format import sortierschluessel


@pytest.mark.parametrize(
    ("name", "dat", "gen"),
    [
        ("Landkreis Peine", "dem Landkreis Peine", "des Landkreises Peine"),
        ("Kreis Nordfriesland", "dem Kreis Nordfriesland", "des Kreises Nordfriesland"),
        ("Stadt Wolfsburg", "der Stadt Wolfsburg", "der Stadt Wolfsburg"),
        ("Märkischer Kreis", "dem Märkischen Kreis", "des Märkischen Kreises"),
        ("Main-Kinzig-Kreis", "dem Main-Kinzig-Kreis", "des Main-Kinzig-Kreises"),
        ("Region Hannover", "der Region Hannover", "der Region Hannover"),
        (
            "Regionalverband Saarbrücken",
            "dem Regionalverband Saarbrücken",
            "des Regionalverbandes Saarbrücken",
        ),
        ("Berlin", "Berlin", "von Berlin"),
    ],
)
def test_artikel_und_fall(name, dat, gen):
    assert (dativ(name), genitiv(name)) == (dat, gen)


def test_jeder_traeger_der_stammdaten_hat_einen_artikel():
    datei = resources.files("zielvereinbarung.daten").joinpath("kreise.csv")
    namen = [z["name"] for z in csv.DictReader(datei.read_text("utf-8").splitlines())]
    ohne = sorted(n for n in namen if not dativ(n).startswith(("dem ", "der ")))
    assert ohne == ["Berlin", "Bonn"]


def test_deutsche_sortierung():
    namen = ["Landkreis Grafschaft Bentheim", "Landkreis Göttingen", "Landkreis Gifhorn"]
    assert sorted(namen, key=sortierschluessel) == [
        "Landkreis Gifhorn",
        "Landkreis Göttingen",
        "Landkreis Grafschaft Bentheim",
    ]
    assert sorted(namen) != sorted(namen, key=sortierschluessel), "nach Bytes stünde ö hinten"
