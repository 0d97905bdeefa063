"""`flask zv berichte erzeugen|liste` und `flask zv scheduler --einmal`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def ablage(tmp_path, monkeypatch):
    monkeypatch.setenv("ZV_BERICHTE_PATH", str(tmp_path / "berichte"))
    return tmp_path / "berichte"


def test_erzeugen_und_liste_als_json(cli, vereinbarung, ablage):
    ergebnis = cli(
        "zv", "berichte", "erzeugen", "--monat", "2026-03", "--land", "sh", "--arbeiter", "1"
    )
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "2026-03: 3 Berichte erzeugt, 0 unverändert" in ergebnis.output
    liste = cli("zv", "berichte", "liste", "--monat", "2026-03", "--land", "SH", "--json")
    daten = json.loads(liste.output)
    assert {(d["art"], d["ags"] or d["land"]) for d in daten} == {
        ("traeger", "01054"),
        ("traeger", "01059"),
        ("land", "SH"),
    }
    for d in daten:
        assert d["monat"] == "2026-03" and len(d["sha256"]) == 64
        assert d["datei"].startswith(str(ablage)) and Path(d["datei"]).read_bytes()[:4] == b"%PDF"
    nochmal = cli("zv", "berichte", "erzeugen", "--monat", "2026-03", "--land", "SH")
    assert "0 Berichte erzeugt, 3 unverändert" in nochmal.output
    assert json.loads(cli("zv", "berichte", "liste", "--monat", "2026-02", "--json").output) == []


def test_fehler_klar_gemeldet(cli, vereinbarung, ablage):
    leer = cli("zv", "berichte", "erzeugen", "--monat", "2026-09")
    assert leer.exit_code == 1 and "Für September 2026 liegen keine Basiszahlen vor" in leer.output
    falsch = cli("zv", "berichte", "liste", "--monat", "09/2026")
    assert falsch.exit_code == 1 and "Ungültiger Monat" in falsch.output
    unbekannt = cli("zv", "berichte", "erzeugen", "--monat", "2026-03", "--ags", "99999")
    assert unbekannt.exit_code == 1 and "Unbekannter Träger" in unbekannt.output


def test_scheduler_einmal(cli, vereinbarung, ablage):
    ergebnis = cli("zv", "scheduler", "--einmal", "berichte")
    assert ergebnis.exit_code == 0 and "berichte: ok" in ergebnis.output
    assert "5 Berichte erzeugt" in ergebnis.output
