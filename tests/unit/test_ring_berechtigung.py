"""Vergleichsringe: wer sieht einen Ring, wer verwaltet ihn (DOMAIN.md § 11)."""

from __future__ import annotations

import pytest

from zielvereinbarung.domain.berechtigung import (
    RING_KOORDINATION,
    RING_LAND,
    RING_MITGLIED,
    Akteur,
    darf_land_sehen,
    darf_ring_verwalten,
    darf_traeger_sehen,
    pruefe_rolle_und_bereich,
    ring_sicht,
)

MITGLIEDER = [("01054", "SH"), ("03157", "NI")]


@pytest.mark.parametrize(
    ("akteur", "laender_sehen", "erwartet"),
    [
        (Akteur("a", "admin"), False, RING_KOORDINATION),
        (Akteur("k", "ring", ring_id=7), False, RING_KOORDINATION),
        (Akteur("k2", "ring", ring_id=8), True, None),  # Koordination eines anderen Rings
        (Akteur("t", "traeger", traeger_ags="01054"), False, RING_MITGLIED),
        (Akteur("tl", "leser", traeger_ags="03157"), False, RING_MITGLIED),
        (Akteur("t2", "traeger", traeger_ags="01059"), True, None),  # kein Mitglied
        (Akteur("l", "land", land_code="SH"), True, RING_LAND),
        (Akteur("ll", "leser", land_code="NI"), True, RING_LAND),
        (Akteur("l", "land", land_code="SH"), False, None),  # Ring erlaubt es nicht
        (Akteur("l2", "land", land_code="BY"), True, None),  # kein Mitglied im Land
        (None, True, None),
    ],
)
def test_ring_sicht(akteur, laender_sehen, erwartet):
    assert ring_sicht(akteur, 7, MITGLIEDER, laender_sehen) == erwartet


def test_ring_verwalten_nur_admin_und_eigene_koordination():
    assert darf_ring_verwalten(Akteur("a", "admin"), 7)
    assert darf_ring_verwalten(Akteur("k", "ring", ring_id=7), 7)
    assert not darf_ring_verwalten(Akteur("k", "ring", ring_id=7), 8)
    assert not darf_ring_verwalten(Akteur("t", "traeger", traeger_ags="01054"), 7)
    assert not darf_ring_verwalten(None, 7)
    # Die Ring-Koordination sieht nichts außerhalb ihres Rings.
    koordination = Akteur("k", "ring", ring_id=7)
    assert not darf_traeger_sehen(koordination, "01054", "SH")
    assert not darf_land_sehen(koordination, "SH")
    assert koordination.bereich == "Ring 7"


def test_rolle_ring_braucht_genau_einen_ring():
    assert pruefe_rolle_und_bereich("ring", None, None, 3) == {}
    assert "ring_id" in pruefe_rolle_und_bereich("ring", None, None, None)
    assert set(pruefe_rolle_und_bereich("ring", "SH", "01054", 3)) == {"land_code", "traeger_ags"}
    assert "ring_id" in pruefe_rolle_und_bereich("traeger", None, "01054", 3)
    assert pruefe_rolle_und_bereich("traeger", None, "01054") == {}
