"""`flask zv ring …` (Issue 12, DOMAIN.md § 11)."""

from __future__ import annotations


def test_formel_in_ordnung_zeigt_die_gelesene_form_und_den_bedarf(cli):
    ergebnis = cli("zv", "ring", "formel", "(llu / vorjahr(llu) − 1) × 100")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    zeilen = ergebnis.stdout.splitlines()
    assert zeilen[0] == "Formel in Ordnung."
    assert zeilen[1] == "Gelesen als: ((llu / vorjahr(llu)) - 1) * 100"
    assert zeilen[3].split() == ["llu", "t−12,", "t"]


def test_formel_mit_fehler_zeigt_die_stelle_und_endet_mit_exit_1(cli):
    formel = "summe(integrationen, 12) / mittel_vor(elbx, 12) * 100"
    ergebnis = cli("zv", "ring", "formel", formel)
    assert ergebnis.exit_code == 1
    assert ergebnis.stdout == ""
    fehler = ergebnis.stderr.splitlines()
    assert fehler[0] == (
        "Fehler: Unbekannte Basiszahl „elbx“ an Stelle 39. Gemeint ist vielleicht „elb“."
    )
    assert fehler[1] == "  " + formel
    assert fehler[2] == "  " + " " * 38 + "^^^^"


def test_formel_syntaxfehler_am_ende_und_division_durch_null(cli):
    ergebnis = cli("zv", "ring", "formel", "elb /")
    assert ergebnis.exit_code == 1 and "endet unvollständig an Stelle 6" in ergebnis.stderr
    assert ergebnis.stderr.splitlines()[2] == "  " + " " * 5 + "^"
    ergebnis = cli("zv", "ring", "formel", "elb / (lzb - lzb)")
    assert ergebnis.exit_code == 1 and "immer 0" in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr
