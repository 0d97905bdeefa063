"""Stammdaten: mitgelieferte Trägerliste, eigene Dateien, Vergleichstypen (Issue 2, Punkt 3)."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.models import Land, Traeger
from zielvereinbarung.services.basiszahlen.stammdaten import (
    importiere_traeger,
    importiere_vergleichstypen,
)


def test_mitgelieferte_liste_hat_401_jobcenter_und_104_zkt(ohne_stammdaten, session):
    ergebnis = importiere_traeger(session)
    assert ergebnis.neu == 401
    assert session.exec(select(func.count()).select_from(Land)).one() == 16
    zkt = session.exec(select(func.count()).where(Traeger.traegerform == "zkT")).one()
    assert zkt == 104
    peine = session.get(Traeger, "03157")
    assert (peine.kurzname, peine.land_code, peine.traegerform) == ("Peine", "NI", "zkT")
    # führende Null bleibt erhalten
    assert session.get(Traeger, "01054").name == "Kreis Nordfriesland"
    # zweiter Lauf ändert nichts
    assert importiere_traeger(session).unveraendert == 401


def test_eigene_trägerdatei_mit_fehlern_schreibt_nichts(ohne_stammdaten, session):
    inhalt = (
        b"ags,name,kurzname,land,traegerform\n"
        b"1054,Kreis X,X,SH,zkT\n"
        b"01055,Kreis Y,Y,XX,zkT\n"
        b"01056,Kreis Z,Z,SH,Optionskommune\n"
    )
    with pytest.raises(FachlicherFehler) as fehler:
        importiere_traeger(session, inhalt, "eigene.csv")
    assert fehler.value.details == [
        "Zeile 2, Spalte ags: „1054“ ist kein fünfstelliger Kreisschlüssel.",
        "Zeile 3, Spalte land: unbekanntes Land „XX“.",
        "Zeile 4, Spalte traegerform: „Optionskommune“ ist weder zkT noch gE.",
    ]
    assert session.exec(select(func.count()).select_from(Traeger)).one() == 0


def test_vergleichstypen_setzen_und_fehler_melden(session):
    importiere_traeger(session)
    ergebnis = importiere_vergleichstypen(
        session, b"ags,vergleichstyp\n01054,IIb\n03157,IIIa\n", "vt.csv"
    )
    assert ergebnis.geaendert == 2
    assert session.get(Traeger, "01054").vergleichstyp == "IIb"
    with pytest.raises(FachlicherFehler) as fehler:
        importiere_vergleichstypen(session, b"ags,vergleichstyp\n01054,Ia\n99999,Ia\n", "vt.csv")
    assert fehler.value.details == ["Zeile 3, Spalte ags: unbekannter Träger „99999“."]
    assert session.get(Traeger, "01054").vergleichstyp == "IIb"


def test_cli_traeger_und_vergleichstypen(ohne_stammdaten, cli, tmp_path):
    assert "401 neu" in cli("zv", "traeger", "import").stdout
    datei = tmp_path / "vt.csv"
    datei.write_text("ags,typ\n01054,IIb\n", encoding="utf-8")
    falsch = cli("zv", "vergleichstypen", "import", str(datei))
    assert falsch.exit_code == 1
    assert "unbekannte Spalte „typ“" in falsch.stderr
