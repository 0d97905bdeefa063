"""Regeln hinter den Kennzahlenseiten: Sicht auf Vergleichstypen, Plausibilitätsmarkierung."""

from __future__ import annotations

import pytest

from zielvereinbarung.domain.basiszahlen import monat_index as mi
from zielvereinbarung.domain.berechtigung import (
    VERGLEICHSTYP_ALLE,
    VERGLEICHSTYP_EIGENE,
    Akteur,
    vergleichstyp_sicht,
)
from zielvereinbarung.domain.markierung import ist_markiert, kennzahl_zellen, markierende_hinweise
from zielvereinbarung.domain.zielindikatoren import bedarf

MITGLIEDER = [("01054", "SH"), ("03157", "NI")]


@pytest.mark.parametrize(
    ("akteur", "sicht"),
    [
        (Akteur("a", "admin"), VERGLEICHSTYP_ALLE),
        (Akteur("l", "land", land_code="SH"), VERGLEICHSTYP_ALLE),
        (Akteur("l", "leser", land_code="NI"), VERGLEICHSTYP_ALLE),
        (Akteur("l", "land", land_code="BY"), None),
        (Akteur("t", "traeger", traeger_ags="01054"), VERGLEICHSTYP_EIGENE),
        (Akteur("t", "leser", traeger_ags="03157"), VERGLEICHSTYP_EIGENE),
        (Akteur("t", "traeger", traeger_ags="01059"), None),
        (None, None),
    ],
)
def test_vergleichstyp_sicht(akteur, sicht):
    assert vergleichstyp_sicht(akteur, MITGLIEDER) == sicht


def test_leerer_vergleichstyp_ist_fuer_niemanden_sichtbar():
    assert vergleichstyp_sicht(Akteur("a", "admin"), []) is None


def test_markierung_folgt_den_gelesenen_zellen():
    t = mi("2025-01")
    hinweise = {mi("2024-06"): [{"felder": ["lzb", "elb"], "regel": "lzb > elb"}]}
    assert kennzahl_zellen("K2", t) == [("integrationen", t - 11, t), ("elb", t - 12, t - 1)]
    assert ist_markiert(hinweise, kennzahl_zellen("K2", t))  # elb 2024-06 im Nenner
    assert ist_markiert(hinweise, kennzahl_zellen("K3E1", t))  # lzb 2024-06 im Nenner
    assert not ist_markiert(hinweise, kennzahl_zellen("K3", t))  # liest lzb nur 2025-01 und 2024-01
    assert not ist_markiert(hinweise, kennzahl_zellen("K2", mi("2025-07")))  # Fenster vorbei
    assert markierende_hinweise(hinweise, kennzahl_zellen("K2", t)) == [
        (mi("2024-06"), hinweise[mi("2024-06")][0])
    ]
    assert ist_markiert(hinweise, bedarf("IQ", 2024, 7)) and not ist_markiert(
        hinweise, bedarf("IQ", 2024, 5)
    )
    assert not ist_markiert({}, kennzahl_zellen("K2", t))
