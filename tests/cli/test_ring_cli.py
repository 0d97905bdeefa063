"""`flask zv ring …` (Issue 12, DOMAIN.md § 11)."""

from __future__ import annotations

import json


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


def test_formel_mit_den_eigenen_basiszahlen_eines_rings(cli, testring):
    assert cli("zv", "ring", "formel", "kosten / elb").exit_code == 1  # ohne Ring unbekannt
    ergebnis = cli("zv", "ring", "formel", "kosten / elb", "--ring", "Testring")
    assert ergebnis.exit_code == 0 and "Formel in Ordnung." in ergebnis.stdout


def test_ring_liste_als_json(cli, testring):
    ergebnis = cli("zv", "ring", "liste", "--json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    (ring,) = json.loads(ergebnis.stdout)
    assert ring["name"] == "Testring" and ring["freigegeben_bis"] == "2024-12"
    assert ring["mitglieder"] == {"2023": ["01054", "03157"], "2024": ["01054", "03157", "03159"]}
    assert [b["code"] for b in ring["basiszahlen"]] == [
        "abgeholfen", "kosten", "personal", "quote", "widersprueche"
    ]  # fmt: skip
    assert {k["code"]: k["formel"] for k in ring["kennzahlen"]}["K_PERS"] == "elb / personal"
    text = cli("zv", "ring", "liste").stdout
    assert "Testring" in text and "3 (2024)" in text


def test_ring_werte_vertrag(cli, testring):
    testring.import_eigene()
    ergebnis = cli("zv", "ring", "werte", "--ring", "Testring", "--monat", "2024-12", "--json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    objekte = json.loads(ergebnis.stdout)
    assert [o["ags"] for o in objekte] == ["01054", "03157", "03159", None]
    for o in objekte[:-1]:
        assert set(o) == {"ags", "werte", "gruende"}
    nf, _, fehlt, ring = objekte
    assert nf["werte"] == {"K_PERS": 100.0, "K_KOST": 10.0, "Q_ABH": 30.0} and nf["gruende"] == {}
    assert fehlt["werte"]["K_KOST"] is None
    assert fehlt["gruende"]["K_KOST"] == "Daten für Dezember 2024 fehlen"
    assert set(ring) == {"ags", "werte", "gruende", "abdeckung"}
    assert ring["abdeckung"] == {"K_PERS": 2, "K_KOST": 2, "Q_ABH": 2}
    assert ring["werte"]["Q_ABH"] == 40.0  # (36 + 60) / (120 + 120) × 100, nicht Mittel der Quoten
    text = cli("zv", "ring", "werte", "--ring", "Testring", "--monat", "2024-12").stdout
    assert "Abdeckung des Ringwerts: K_KOST 2/3, K_PERS 2/3, Q_ABH 2/3" in text
    assert "03159 K_KOST nicht berechenbar – Daten für Dezember 2024 fehlen" in text


def test_ring_werte_fehler(cli, testring):
    ergebnis = cli("zv", "ring", "werte", "--ring", "Gibtsnicht", "--monat", "2024-12")
    assert ergebnis.exit_code == 1
    assert "Unbekannter Vergleichsring „Gibtsnicht“ (bekannt: „Testring“)" in ergebnis.stderr
    ergebnis = cli("zv", "ring", "werte", "--ring", "Testring", "--monat", "2024-13")
    assert ergebnis.exit_code == 2 and "kein Monat" in ergebnis.stderr
    leer = cli("zv", "ring", "werte", "--ring", "Testring", "--monat", "2025-01", "--json")
    keiner = "Für keinen Träger vollständige Daten"
    codes = ("K_PERS", "K_KOST", "Q_ABH")
    assert json.loads(leer.stdout) == [
        {
            "ags": None,
            "werte": dict.fromkeys(codes),
            "gruende": dict.fromkeys(codes, keiner),
            "abdeckung": dict.fromkeys(codes, 0),
        }
    ]
    assert cli(
        "zv", "ring", "werte", "--ring", "Testring", "--monat", "2022-05", "--json"
    ).stdout == (
        '[\n {\n  "ags": null,\n  "werte": {},\n  "gruende": {},\n  "abdeckung": {}\n }\n]\n'
    )  # vor der Gültigkeit der Kennzahlen
    assert (
        "hat der Ring keine Mitglieder"
        in cli("zv", "ring", "werte", "--ring", "Testring", "--monat", "2025-01").stdout
    )
