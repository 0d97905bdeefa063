"""Rollen und Bereiche: wer darf welches Land und welchen Träger sehen und ändern."""

from __future__ import annotations

import pytest

from zielvereinbarung.domain.berechtigung import (
    Akteur,
    darf_land_aendern,
    darf_land_sehen,
    darf_schreiben,
    darf_traeger_aendern,
    darf_traeger_sehen,
    ist_admin,
    pruefe_benutzername,
    pruefe_passwort,
    pruefe_rolle_und_bereich,
)

ADMIN = Akteur("admin", "admin")
LAND_SH = Akteur("land-sh", "land", land_code="SH")
TRAEGER_NF = Akteur("traeger-01054", "traeger", traeger_ags="01054")
LESER_SH = Akteur("leser-sh", "leser", land_code="SH")
LESER_NF = Akteur("leser-nf", "leser", traeger_ags="01054")

NORDFRIESLAND = ("01054", "SH")
SCHLESWIG_FL = ("01059", "SH")
PEINE = ("03157", "NI")


@pytest.mark.parametrize(
    ("akteur", "sichtbar"),
    [
        (ADMIN, {NORDFRIESLAND, SCHLESWIG_FL, PEINE}),
        (LAND_SH, {NORDFRIESLAND, SCHLESWIG_FL}),
        (TRAEGER_NF, {NORDFRIESLAND}),
        (LESER_SH, {NORDFRIESLAND, SCHLESWIG_FL}),
        (LESER_NF, {NORDFRIESLAND}),
        (None, set()),
    ],
)
def test_traeger_sehen_nur_im_eigenen_bereich(akteur, sichtbar):
    for traeger in (NORDFRIESLAND, SCHLESWIG_FL, PEINE):
        assert darf_traeger_sehen(akteur, *traeger) is (traeger in sichtbar), traeger


@pytest.mark.parametrize(
    ("akteur", "aenderbar"),
    [
        (ADMIN, {NORDFRIESLAND, SCHLESWIG_FL, PEINE}),
        (LAND_SH, {NORDFRIESLAND, SCHLESWIG_FL}),
        (TRAEGER_NF, {NORDFRIESLAND}),
        (LESER_SH, set()),
        (LESER_NF, set()),
    ],
)
def test_traeger_aendern_nie_als_leser(akteur, aenderbar):
    for traeger in (NORDFRIESLAND, SCHLESWIG_FL, PEINE):
        assert darf_traeger_aendern(akteur, *traeger) is (traeger in aenderbar), traeger


def test_landessicht_nur_fuer_land_und_landleser_des_landes():
    assert darf_land_sehen(ADMIN, "NI")
    assert darf_land_sehen(LAND_SH, "SH") and not darf_land_sehen(LAND_SH, "NI")
    assert darf_land_sehen(LESER_SH, "SH") and not darf_land_sehen(LESER_SH, "NI")
    assert not darf_land_sehen(TRAEGER_NF, "SH")
    assert not darf_land_sehen(LESER_NF, "SH")
    assert not darf_land_sehen(None, "SH")


def test_land_aendern_nur_admin_und_land_selbst():
    assert darf_land_aendern(ADMIN, "NI")
    assert darf_land_aendern(LAND_SH, "SH")
    assert not darf_land_aendern(LAND_SH, "NI")
    assert not darf_land_aendern(LESER_SH, "SH")
    assert not darf_land_aendern(TRAEGER_NF, "SH")


def test_admin_und_schreibrecht():
    assert ist_admin(ADMIN) and not ist_admin(LAND_SH) and not ist_admin(None)
    assert [darf_schreiben(c) for c in (ADMIN, LAND_SH, TRAEGER_NF, LESER_SH, None)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_kaputter_kontext_ohne_bereich_sieht_nichts():
    ohne_bereich = Akteur("x", "land")
    assert not darf_traeger_sehen(ohne_bereich, "01054", "SH")
    assert not darf_land_sehen(ohne_bereich, "SH")


@pytest.mark.parametrize(
    ("rolle", "land", "ags", "felder"),
    [
        ("admin", None, None, set()),
        ("admin", "NI", None, {"land_code"}),
        ("land", "NI", None, set()),
        ("land", None, None, {"land_code"}),
        ("land", "NI", "03157", {"traeger_ags"}),
        ("traeger", None, "03157", set()),
        ("traeger", "NI", "03157", {"land_code"}),
        ("traeger", None, None, {"traeger_ags"}),
        ("leser", "NI", None, set()),
        ("leser", None, "03157", set()),
        ("leser", "NI", "03157", {"land_code"}),
        ("leser", None, None, {"land_code"}),
        ("chef", None, None, {"rolle"}),
    ],
)
def test_rolle_und_bereich_passen_zusammen(rolle, land, ags, felder):
    assert set(pruefe_rolle_und_bereich(rolle, land, ags)) == felder


def test_benutzername_und_passwortregel():
    assert pruefe_benutzername("land-ni") is None
    assert pruefe_benutzername("traeger-01054") is None
    for falsch in ("ab", "Land-NI", "mit leer", "-start", "x" * 41, "ümlaut"):
        assert pruefe_benutzername(falsch), falsch
    assert pruefe_passwort("Demo-Passwort-2026!", "admin") is None
    assert "mindestens 12" in pruefe_passwort("kurz")
    assert "Benutzernamen" in pruefe_passwort("xx-land-ni-2026", "land-ni")
    assert pruefe_passwort(" " * 12) is not None
