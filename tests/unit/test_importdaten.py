"""Daten, wie Menschen sie tippen (DOMAIN.md § 2), und Spalten mit Buchstaben in Meldungen."""

from __future__ import annotations

from datetime import date

import pytest

from zielvereinbarung.domain.importpruefung import pruefe_basiszahlen
from zielvereinbarung.domain.importzellen import (
    lies_datenstand,
    lies_monat,
    spalte_text,
    spaltenbuchstabe,
)

IMPORTTAG = date(2026, 11, 16)


@pytest.mark.parametrize(
    "text,monat",
    [
        ("2026-10", "2026-10"),
        ("10.2026", "2026-10"),
        ("10/2026", "2026-10"),
        ("1.2026", "2026-01"),
        ("01/2026", "2026-01"),
    ],
)
def test_monat_iso_und_deutsch(text, monat):
    assert lies_monat(text) == (monat, None)


@pytest.mark.parametrize(
    "text", ["13.2026", "0.2026", "2026-13", "10-2026", "10.26", "2026/10", "Okt 2026", "10.2026.1"]
)
def test_kein_monat(text):
    wert, meldung = lies_monat(text)
    assert wert is None
    assert "erwartet JJJJ-MM, MM.JJJJ oder MM/JJJJ" in meldung


@pytest.mark.parametrize(
    "text,datum",
    [
        ("2026-11-16", date(2026, 11, 16)),
        ("16.11.2026", date(2026, 11, 16)),
        ("1.2.2026", date(2026, 2, 1)),
        ("", IMPORTTAG),
    ],
)
def test_datenstand_iso_und_deutsch(text, datum):
    assert lies_datenstand(text, IMPORTTAG) == datum


@pytest.mark.parametrize(
    "text", ["31.02.2026", "16.11.26", "2026-02-30", "16-11-2026", "16.13.2026"]
)
def test_kein_datum(text):
    assert "kein gültiges Datum; erwartet TT.MM.JJJJ oder JJJJ-MM-TT" in lies_datenstand(
        text, IMPORTTAG
    )


def test_datenstand_nach_dem_importtag_deutsch_gemeldet():
    assert lies_datenstand("17.11.2026", IMPORTTAG) == (
        "„17.11.2026“ – der Datenstand liegt nach dem Importtag (16.11.2026)."
    )


def test_spaltenbuchstaben():
    assert [spaltenbuchstabe(n) for n in (1, 5, 26, 27, 52, 53, 702, 703)] == [
        "A",
        "E",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    assert spalte_text(5, "elb") == "E (elb)" and spalte_text(22) == "V"


class _Tabelle:
    def __init__(self, kopf, *zeilen, dezimalkomma=False):
        self.kopf = list(kopf)
        self.zeilen = [(i, list(z)) for i, z in enumerate(zeilen, start=2)]
        self.dezimalkomma = dezimalkomma


def test_deutsche_daten_landen_als_iso_im_datensatz_und_fehler_nennen_buchstaben():
    ergebnis = pruefe_basiszahlen(
        _Tabelle(("ags", "datenstand", "monat", "elb"), ("01054", "16.11.2026", "10.2026", "5")),
        {"01054"},
        IMPORTTAG,
    )
    (satz,) = ergebnis.datensaetze
    assert (satz.monat, satz.datenstand, satz.werte[0]) == ("2026-10", date(2026, 11, 16), 5)
    assert ergebnis.fehlende_spalten[:2] == ("elb_zugang", "elb_abgang")

    kaputt = pruefe_basiszahlen(
        _Tabelle(("ags", "datenstand", "monat", "elb"), ("01054", "16.11.2026", "10.2026", "x")),
        {"01054"},
        IMPORTTAG,
    )
    assert kaputt.fehler == ["Zeile 2, Spalte D (elb): „x“ – keine Zahl."]


def test_ohne_wertspalte_ist_die_datei_fehlerhaft():
    ergebnis = pruefe_basiszahlen(
        _Tabelle(("ags", "monat"), ("01054", "10.2026")), {"01054"}, IMPORTTAG
    )
    assert ergebnis.fehler[0].startswith("Zeile 1: keine Wertspalte")


def test_fehlender_spaltenname_mit_buchstabe():
    from zielvereinbarung.fehler import FachlicherFehler
    from zielvereinbarung.services.basiszahlen.tabellen import lese_tabelle

    with pytest.raises(FachlicherFehler) as fehler:
        lese_tabelle("x.csv", b"ags,,elb\n01054,2026-01,5\n")
    assert fehler.value.meldung == "Zeile 1, Spalte B: Spaltenname fehlt."
