"""Gruppen aus dem Verzeichnis → Rolle und Bereich (reine Regeln, ohne Server)."""

from __future__ import annotations

import pytest

from zielvereinbarung.domain import berechtigung as b
from zielvereinbarung.domain.gruppenzuordnung import (
    ZuordnungUngueltig,
    gruppenname,
    lade_zuordnung,
    lokaler_benutzername,
)

AD = "OU=Gruppen,OU=ZV,DC=land,DC=example"

REGELN = [
    {"gruppe": f"CN=ZV-Admins,{AD}", "rolle": "admin"},
    {"gruppe": "ZV-Land-NI", "rolle": "land", "bereich": "ni"},
    {"muster": f"CN=ZV-Traeger-(?P<bereich>\\d{{5}}),{AD}", "rolle": "traeger"},
    {"muster": "ZV-Leser-(?P<bereich>[A-Z]{2}|\\d{5})", "rolle": "leser"},
]


@pytest.fixture
def zuordnung():
    return lade_zuordnung(REGELN)


def _rolle(zuordnung, *gruppen):
    ergebnis, _ = zuordnung.bestimme(gruppen)
    return None if ergebnis is None else (ergebnis.rolle, ergebnis.land_code, ergebnis.traeger_ags)


def test_dn_regel_passt_ohne_gross_klein_und_leerzeichen(zuordnung):
    assert _rolle(zuordnung, "cn=zv-admins, ou=gruppen ,ou=zv,dc=LAND,dc=example") == (
        "admin",
        None,
        None,
    )
    # Gleicher CN in einer anderen OU ist eine andere Gruppe.
    assert _rolle(zuordnung, "CN=ZV-Admins,OU=Kantine,DC=land,DC=example") is None


def test_namensregel_passt_auf_den_cn_eines_dn_und_auf_reine_namen(zuordnung):
    assert _rolle(zuordnung, f"CN=ZV-Land-NI,{AD}") == ("land", "NI", None)
    assert _rolle(zuordnung, "zv-land-ni") == ("land", "NI", None)
    assert _rolle(zuordnung, "ZV-Land-NIX") is None


def test_muster_liefert_den_bereich(zuordnung):
    assert _rolle(zuordnung, f"CN=ZV-Traeger-03157,{AD}") == ("traeger", None, "03157")
    assert _rolle(zuordnung, "ZV-Leser-SH") == ("leser", "SH", None)
    assert _rolle(zuordnung, f"CN=ZV-Leser-01054,{AD}") == ("leser", None, "01054")
    # Das Muster muss ganz passen.
    assert _rolle(zuordnung, f"CN=ZV-Traeger-031570,{AD}") is None
    assert _rolle(zuordnung, f"CN=Alt-ZV-Traeger-03157,{AD}") is None


def test_erste_passende_regel_gewinnt(zuordnung):
    ergebnis, _ = zuordnung.bestimme(["ZV-Land-NI", "Kantine", f"CN=ZV-Admins,{AD}"])
    assert (ergebnis.rolle, ergebnis.regel, ergebnis.gruppe) == ("admin", 1, f"CN=ZV-Admins,{AD}")


def test_ohne_passende_gruppe_keine_rolle(zuordnung):
    ergebnis, hinweise = zuordnung.bestimme(["Alle-Beschaeftigten", "", "CN=Kantine,DC=x"])
    assert ergebnis is None and hinweise == []
    assert zuordnung.bestimme([])[0] is None


def test_treffer_mit_unpassendem_bereich_wird_uebergangen_und_genannt():
    zuordnung = lade_zuordnung(
        [
            {"muster": "ZV-Land-(?P<bereich>\\w+)", "rolle": "land"},
            {"gruppe": "Alle", "rolle": "leser", "bereich": "NI"},
        ]
    )
    ergebnis, hinweise = zuordnung.bestimme(["ZV-Land-03157", "Alle"])
    assert (ergebnis.rolle, ergebnis.land_code) == ("leser", "NI")
    assert hinweise and "Regel 1" in hinweise[0] and "Land" in hinweise[0]


@pytest.mark.parametrize(
    ("regeln", "meldung"),
    [
        ([], "keine Regeln"),
        ([{"gruppe": "X", "rolle": "chef"}], "Rolle „chef“ gibt es nicht"),
        ([{"rolle": "admin"}], "genau eines von „gruppe“ oder „muster“"),
        ([{"gruppe": "X", "muster": "X", "rolle": "admin"}], "genau eines"),
        ([{"gruppe": "X", "rolle": "land"}], "Für die Rolle Land bitte genau ein Land"),
        ([{"gruppe": "X", "rolle": "land", "bereich": "N1"}], "weder ein Land-Kürzel"),
        ([{"gruppe": "X", "rolle": "admin", "bereich": "NI"}], "Administratoren haben kein Land"),
        ([{"muster": "(", "rolle": "admin"}], "kein gültiger Ausdruck"),
        (
            [{"muster": "G-(?P<bereich>..)", "rolle": "land", "bereich": "NI"}],
            "nicht beides",
        ),
        ([{"gruppe": "X", "rolle": "admin", "gruppen": "Y"}], "unbekannte Angabe gruppen"),
        (["admin"], "keine Tabelle"),
    ],
)
def test_fehlerhafte_regeln_werden_beim_laden_gemeldet(regeln, meldung):
    with pytest.raises(ZuordnungUngueltig, match=meldung):
        lade_zuordnung(regeln)


def test_alle_fehler_auf_einmal():
    with pytest.raises(ZuordnungUngueltig) as fehler:
        lade_zuordnung([{"gruppe": "X", "rolle": "chef"}, {"rolle": "admin"}])
    assert "Regel 1" in str(fehler.value) and "Regel 2" in str(fehler.value)


def test_jede_rolle_der_domaene_ist_zuordenbar():
    """Die Zuordnung kennt keine eigene Rollenliste: jede Rolle aus `berechtigung.ROLLEN` geht,
    mit dem Bereich, den `pruefe_rolle_und_bereich` für sie verlangt."""
    beispiele = [("", None), ("NI", None), ("03157", None), ("Ring-1", None)]
    for rolle in b.ROLLEN:
        passend = [
            bereich
            for bereich, _ in beispiele
            if not b.pruefe_rolle_und_bereich(rolle, *_felder(bereich))
        ]
        assert passend, rolle
        zuordnung = lade_zuordnung([{"gruppe": "G", "rolle": rolle, "bereich": passend[0]}])
        assert zuordnung.bestimme(["G"])[0].rolle == rolle


def _felder(bereich: str):
    from zielvereinbarung.domain.gruppenzuordnung import bereich_zu_feldern

    return bereich_zu_feldern(bereich)


@pytest.mark.parametrize(
    ("dn", "name"),
    [
        ("CN=ZV-Land-NI,OU=Gruppen,DC=x", "ZV-Land-NI"),
        ("cn = Mit Leerzeichen , ou=x", "Mit Leerzeichen"),
        ("CN=Müller\\, Hans,OU=Personen", "Müller, Hans"),
        ("einfach-ein-name", "einfach-ein-name"),
    ],
)
def test_gruppenname(dn, name):
    assert gruppenname(dn) == name


@pytest.mark.parametrize(
    ("eingabe", "erwartet"),
    [
        ("Anna.Land", "anna.land"),
        ("anna.land@land.example", "anna.land"),
        ("ab", None),
        ("mit leerzeichen", None),
        ("x" * 41, None),
        ("", None),
        (None, None),
    ],
)
def test_lokaler_benutzername(eingabe, erwartet):
    assert lokaler_benutzername(eingabe) == erwartet
