"""Der CLI-Vertrag von `flask zv kennzahlen` und `flask zv zielindikatoren` (README, Issue 2)."""

from __future__ import annotations

import json

import pytest

KOPF = "ags,monat,geschlecht,datenstand,elb,integrationen,llu\n"


def _monate(von: tuple[int, int], bis: tuple[int, int]):
    j, m = von
    while (j, m) <= bis:
        yield j, m
        j, m = (j + 1, 1) if m == 12 else (j, m + 1)


@pytest.fixture
def daten(tmp_path, cli, stammdaten):
    """01054: eLb 1000 je Monat; 2023 je 20 Integrationen, 2024 je 25; LLU 2023 500.000 €, 2024
    510.000 €.
    01059: eLb 3000, je 30 Integrationen, aber 2024-06 fehlt."""
    zeilen = []
    for j, m in _monate((2022, 12), (2024, 12)):
        integ = 25 if j == 2024 else 20
        llu = "510000.00" if j == 2024 else "500000.00"
        zeilen.append(f"01054,{j}-{m:02d},gesamt,2025-03-01,1000,{integ},{llu}")
        if (j, m) != (2024, 6):
            zeilen.append(f"01059,{j}-{m:02d},gesamt,2025-03-01,3000,30,900000.00")
    datei = tmp_path / "basis.csv"
    datei.write_text(KOPF + "\n".join(zeilen) + "\n", encoding="utf-8")
    ergebnis = cli("zv", "import", str(datei))
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return datei


def _json(cli, *args):
    ergebnis = cli(*args, "--json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return json.loads(ergebnis.stdout)


def test_kennzahlen_eines_traegers_als_json(daten, cli):
    objekte = _json(cli, "zv", "kennzahlen", "--ags", "01054")
    assert [o["monat"] for o in objekte][:2] == ["2022-12", "2023-01"]
    assert [o["monat"] for o in objekte] == sorted(o["monat"] for o in objekte)
    dezember = objekte[-1]
    assert set(dezember) == {"ags", "monat", "geschlecht", "werte", "gruende"}
    assert (
        dezember["ags"] == "01054"
        and dezember["monat"] == "2024-12"
        and dezember["geschlecht"] == "gesamt"
    )
    assert len(dezember["werte"]) == 15
    # K2 = Σ Integrationen 2024 (12 × 25) / Ø eLb 2023-12..2024-11 (1000) × 100 = 30 %
    assert dezember["werte"]["K2"] == pytest.approx(30.0)
    # K1 = (510.000 / 500.000 − 1) × 100 = 2 %
    assert dezember["werte"]["K1"] == pytest.approx(2.0)
    # Nicht gemeldete Spalten: nie 0, sondern null mit Grund
    assert dezember["werte"]["K3"] is None
    assert "lzb" in dezember["gruende"]["K3"]
    assert set(dezember["gruende"]) == {c for c, w in dezember["werte"].items() if w is None}
    # Für 2023-06 fehlt der Vorjahresmonat 2022-06
    juni = next(o for o in objekte if o["monat"] == "2023-06")
    assert juni["werte"]["K1"] is None and juni["gruende"]["K1"] == "Daten für Juni 2022 fehlen"


def test_monat_und_geschlecht_filtern(daten, cli):
    objekte = _json(
        cli, "zv", "kennzahlen", "--ags", "01054", "--monat", "2024-12", "--monat", "2024-06"
    )
    assert [o["monat"] for o in objekte] == ["2024-06", "2024-12"]
    frauen = _json(cli, "zv", "kennzahlen", "--ags", "01054", "--geschlecht", "frauen")
    assert frauen == []


def test_land_aggregat_addiert_erst_und_zaehlt_abdeckung(daten, cli):
    objekte = _json(
        cli, "zv", "kennzahlen", "--land", "SH", "--monat", "2024-05", "--monat", "2024-12"
    )
    mai, dezember = objekte
    assert set(mai) == {"land", "monat", "geschlecht", "werte", "gruende", "abdeckung"}
    assert mai["land"] == "SH"
    # 2024-05: beide Träger vollständig: (12×… ) Summen: 01054 Σinteg 2023-06..2024-05 = 7×20+5×25 =
    # 265,
    # 01059 = 12×30 = 360; Σ eLb 2023-05..2024-04 = 12×1000 + 12×3000 = 48.000 → (625 × 1200) /
    # 48.000 = 15,625 %
    assert mai["werte"]["K2"] == pytest.approx(15.625)
    assert mai["abdeckung"]["K2"] == 2
    # 2024-12: 01059 fehlt 2024-06 → nicht enthalten; nur 01054 (30 %)
    assert dezember["werte"]["K2"] == pytest.approx(30.0)
    assert dezember["abdeckung"]["K2"] == 1


def test_zielindikatoren_mit_vorjahr_und_veraenderung(daten, cli):
    objekt = _json(cli, "zv", "zielindikatoren", "--ags", "01054", "--jahr", "2024")
    assert objekt["monat"] == 12 and objekt["jahr"] == 2024 and objekt["ags"] == "01054"
    iq = objekt["indikatoren"]["IQ"]
    assert iq["wert"] == pytest.approx(30.0)  # 300 / Ø 1000
    assert iq["vorjahr"] == pytest.approx(24.0)  # 240 / Ø 1000
    assert iq["veraenderung"] == pytest.approx(25.0)
    assert objekt["indikatoren"]["LLU"]["wert"] == pytest.approx(12 * 510000.0)
    assert objekt["indikatoren"]["LZB"]["wert"] is None
    assert set(objekt["indikatoren"]) == {"IQ", "IQ_AE", "IQ_LZB", "LZB", "LLU"}
    maerz = _json(cli, "zv", "zielindikatoren", "--ags", "01054", "--jahr", "2024", "--monat", "3")
    # IQ(3) = 75 / Ø eLb 2023-12..2024-02 (1000) × 100
    assert maerz["indikatoren"]["IQ"]["wert"] == pytest.approx(7.5)


def test_lesbare_tabelle_auf_deutsch(daten, cli):
    ergebnis = cli("zv", "kennzahlen", "--ags", "01054", "--monat", "2024-12")
    assert ergebnis.exit_code == 0
    assert "Kennzahlen nach § 48a SGB II" in ergebnis.stdout
    assert "30,0" in ergebnis.stdout and "2,0" in ergebnis.stdout
    assert "nicht berechenbar" in ergebnis.stdout
    ziel = cli("zv", "zielindikatoren", "--ags", "01054", "--jahr", "2024")
    assert "30,0 %" in ziel.stdout and "+25,0 %" in ziel.stdout


def test_fehlerhafte_aufrufe_geben_deutsche_meldung(stammdaten, cli):
    unbekannt = cli("zv", "kennzahlen", "--ags", "99999", "--json")
    assert unbekannt.exit_code == 1 and "Unbekannter Träger" in unbekannt.stderr
    land = cli("zv", "kennzahlen", "--land", "XX", "--json")
    assert land.exit_code == 1 and "Unbekanntes Land" in land.stderr
    monat = cli("zv", "kennzahlen", "--ags", "01054", "--monat", "2024-13", "--json")
    assert monat.exit_code == 1 and "Ungültiger Monat" in monat.stderr
    keine = cli("zv", "kennzahlen", "--json")
    assert keine.exit_code == 2
    leer = cli("zv", "zielindikatoren", "--ags", "01054", "--jahr", "2024")
    assert leer.exit_code == 1 and "keine Basiszahlen" in leer.stderr


def test_geschlechtergruppen_und_neuer_datenstand_bestimmen_die_werte(daten, cli, tmp_path):
    """Frauen/Männer rechnen mit ihren eigenen Zeilen; ein neuerer Datenstand gewinnt."""
    zeilen = []
    for j, m in _monate((2023, 12), (2024, 12)):
        zeilen.append(f"01054,{j}-{m:02d},frauen,2025-03-01,400,12,200000.00")
        zeilen.append(f"01054,{j}-{m:02d},maenner,2025-03-01,600,13,310000.00")
    datei = tmp_path / "geschlecht.csv"
    datei.write_text(KOPF + "\n".join(zeilen) + "\n", encoding="utf-8")
    assert cli("zv", "import", str(datei)).exit_code == 0
    frauen = _json(
        cli, "zv", "kennzahlen", "--ags", "01054", "--geschlecht", "frauen", "--monat", "2024-12"
    )
    # 12 × 12 Integrationen / Ø 400 eLb × 100 = 36 %
    assert frauen[0]["werte"]["K2"] == pytest.approx(36.0) and frauen[0]["geschlecht"] == "frauen"
    maenner = _json(
        cli, "zv", "zielindikatoren", "--ags", "01054", "--jahr", "2024", "--geschlecht", "maenner"
    )
    assert maenner["indikatoren"]["IQ"]["wert"] == pytest.approx(26.0)  # 156 / 600 × 100

    # Neuer Datenstand: Dezember 2024 mit 85 statt 25 Integrationen, neuerer Datenstand → K2 = 360 /
    # 1000 × 100
    nachlieferung = tmp_path / "nachlieferung.csv"
    nachlieferung.write_text(
        KOPF + "01054,2024-12,gesamt,2025-04-01,1000,85,510000.00\n", encoding="utf-8"
    )
    ausgabe = cli("zv", "import", str(nachlieferung))
    assert ausgabe.exit_code == 0 and "1 neuer Datenstand" in ausgabe.stdout
    neu = _json(cli, "zv", "kennzahlen", "--ags", "01054", "--monat", "2024-12")
    assert neu[0]["werte"]["K2"] == pytest.approx(36.0)
    # Ein älterer Datenstand, später importiert, gewinnt nicht.
    alt = tmp_path / "alt.csv"
    alt.write_text(KOPF + "01054,2024-12,gesamt,2025-02-01,1000,5,510000.00\n", encoding="utf-8")
    assert cli("zv", "import", str(alt)).exit_code == 0
    assert _json(cli, "zv", "kennzahlen", "--ags", "01054", "--monat", "2024-12")[0]["werte"][
        "K2"
    ] == pytest.approx(36.0)
