"""Feindliche Importdateien (Issue 8): Zip-Bomben, riesige Zahlen, kaputte Blätter.

Jeder Angriff: deutsche Meldung, nichts geschrieben; daneben der ehrliche Weg, der weiter geht.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from tests.services.basiszahlen.xlsx_bomben import (
    BLATT,
    KOPF,
    blatt_mit_zeilen,
    blatt_xml,
    normale_xlsx,
    xlsx_bombe,
    xlsx_mit_teil,
    zeile_xml,
)
from zielvereinbarung.models import Basiszahl, ImportProtokoll
from zielvereinbarung.services.basiszahlen.importer import (
    ImportAbgelehnt,
    importiere_basiszahlen,
    protokolliere_ablehnung,
)
from zielvereinbarung.services.basiszahlen.xlsx_archiv import MB, Grenzen

JETZT = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)


def anzahl(session, modell=Basiszahl) -> int:
    return session.exec(select(func.count()).select_from(modell)).one()


def abgelehnt(session, inhalt: bytes, name="angriff.xlsx", **kw) -> ImportAbgelehnt:
    with pytest.raises(ImportAbgelehnt) as info:
        importiere_basiszahlen(session, name, inhalt, "tester", JETZT, **kw)
    session.flush()
    assert anzahl(session) == 0 and anzahl(session, ImportProtokoll) == 0
    return info.value


def importiert(session, inhalt: bytes, name="gut.xlsx", **kw):
    ergebnis = importiere_basiszahlen(session, name, inhalt, "tester", JETZT, **kw)
    session.flush()
    assert ergebnis.ergebnis == "importiert"
    return ergebnis


# --- Zip-Bomben ----------------------------------------------------------------------------------


def test_bombe_mit_ehrlicher_groessenangabe_wird_vor_dem_entpacken_abgelehnt(session, stammdaten):
    bombe = xlsx_bombe(2 * 1024 * MB)
    assert len(bombe) < 3 * MB  # gut 2 MB, entpackt 2 GiB
    beginn = time.monotonic()
    fehler = abgelehnt(session, bombe)
    assert time.monotonic() - beginn < 2
    assert fehler.details == [
        "Die XLSX-Datei wurde nicht gelesen: sie würde sich auf 2.048 MB entpacken; erlaubt sind "
        "200 MB. Das ist keine gewöhnliche Tabelle (möglicherweise eine Zip-Bombe). Bitte die "
        "Tabelle neu als XLSX oder CSV speichern."
    ]


def test_bombe_mit_gelogener_groesse_faellt_beim_entpacken_auf(session, stammdaten):
    fehler = abgelehnt(session, xlsx_bombe(2 * 1024 * MB, gelogen=True))
    assert fehler.details[0].startswith(
        "Die XLSX-Datei wurde nicht gelesen: der Teil „xl/worksheets/sheet1.xml“ entpackt sich "
        "auf mehr als die angegebenen 1.000 Bytes."
    )


def test_bombe_unter_der_obergrenze_scheitert_am_verhaeltnis(session, stammdaten):
    fehler = abgelehnt(session, xlsx_bombe(150 * MB))
    assert "würde sich 1.0" in fehler.details[0]  # rund 1.000-fach
    assert "erlaubt ist höchstens 100-fach" in fehler.details[0]


def test_obergrenze_ist_einstellbar_und_die_normale_datei_geht_durch(session, stammdaten):
    zeilen = [("ags", "monat", "elb")] + [
        ("01054", f"20{j}-{m:02d}", m) for j in (20, 21) for m in range(1, 13)
    ]
    inhalt = normale_xlsx(*zeilen)
    fehler = abgelehnt(session, inhalt, grenzen=Grenzen(max_entpackt=4096))
    assert "erlaubt sind 4.096 Bytes" in fehler.details[0]
    assert importiert(session, inhalt, grenzen=Grenzen(max_entpackt=MB)).neu == 24


def test_ablehnung_einer_bombe_steht_im_importprotokoll(session, stammdaten):
    bombe = xlsx_bombe(2 * 1024 * MB)
    fehler = abgelehnt(session, bombe)
    protokoll_id = protokolliere_ablehnung(session, "tester", JETZT, fehler)
    protokoll = session.get(ImportProtokoll, protokoll_id)
    assert protokoll.ergebnis == "abgelehnt"
    assert "Zip-Bombe" in protokoll.fehler[0]
    assert anzahl(session) == 0


# --- Blätter, die innerhalb der Obergrenze Speicher oder Zeit fressen wollten ---------------------


@pytest.mark.parametrize(
    "blatt,meldung",
    [
        (
            blatt_xml(b'<row r="99999999999"><c r="A2"><v>1</v></c></row>'),
            "Die XLSX-Datei kann nicht gelesen werden: nach Zeile 1 folgt die Zeilennummer "
            "„99999999999“ (erlaubt: aufsteigend bis 1.048.576).",
        ),
        (
            blatt_xml(zeile_xml(3, "01054"), zeile_xml(2, "01054")),
            "Die XLSX-Datei kann nicht gelesen werden: nach Zeile 3 folgt die Zeilennummer „2“ "
            "(erlaubt: aufsteigend bis 1.048.576).",
        ),
        (
            blatt_xml(b'<row r="2"><c r="XFE2"><v>1</v></c></row>'),
            "Die XLSX-Datei kann nicht gelesen werden: Zeile 2: ungültige Zellposition „XFE2“ "
            "(erlaubt bis Spalte XFD).",
        ),
        (
            blatt_xml(b'<row r="2">' + b"<c><v>1</v></c>" * 16_385 + b"</row>"),
            "Die XLSX-Datei kann nicht gelesen werden: Zeile 2 hat mehr als 16.384 Zellen.",
        ),
        (
            blatt_xml(zeile_xml(2, "x" * 40_000)),
            "Die XLSX-Datei kann nicht gelesen werden: in Zeile 2 ist eine Zelle länger als "
            "32.767 Zeichen.",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
            + KOPF[KOPF.index(b"<worksheet") :]
            + b"</sheetData></worksheet>",
            "Die XLSX-Datei kann nicht gelesen werden: das Tabellenblatt enthält eine DTD "
            "(nicht erlaubt).",
        ),
        (
            blatt_xml(b'<row r="2"><c r="A2" t="s"><v>999</v></c></row>'),
            "Die XLSX-Datei kann nicht gelesen werden: Zeile 2: Verweis auf einen nicht "
            "vorhandenen Text.",
        ),
        (
            blatt_xml(b'<row r="2"><c r="A2"><v>1</v></c>'),
            "Die XLSX-Datei kann nicht gelesen werden (Tabellenblatt beschädigt nach Zeile 2).",
        ),
    ],
    ids=[
        "zeile-1e11",
        "zeile-rueckwaerts",
        "spalte-xfe",
        "16385-zellen",
        "riesenzelle",
        "dtd",
        "string-verweis",
        "abgeschnitten",
    ],
)
def test_kaputte_oder_boesartige_blaetter(session, stammdaten, blatt, meldung):
    assert abgelehnt(session, xlsx_mit_teil(BLATT, blatt)).details == [meldung]


def test_zelle_weit_rechts_wird_mit_zeile_und_spalte_gemeldet(session, stammdaten):
    zeilen = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>01054</t></is></c>'
        b'<c r="B%d" t="inlineStr"><is><t>2024-01</t></is></c><c r="XFD%d"><v>7</v></c></row>'
        % (n, n, n, n)
        for n in range(2, 20_002)
    )
    beginn = time.monotonic()
    fehler = abgelehnt(session, xlsx_mit_teil(BLATT, blatt_xml(zeilen)))
    assert time.monotonic() - beginn < 5  # nicht je Zeile 16.384 Zellen aufgefüllt
    assert fehler.details == [
        "Zeile 2, Spalte XFD: „7“ steht in einer Spalte ohne Namen (die Kopfzeile hat 3 "
        "Spalten). Bitte die Zelle leeren oder der Spalte in Zeile 1 einen Namen geben."
    ]


def test_leere_formatierte_zellen_rechts_stoeren_nicht(session, stammdaten):
    zeile = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>01054</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>2024-01</t></is></c><c r="XFD2" s="0"/></row>'
    )
    assert importiert(session, xlsx_mit_teil(BLATT, blatt_xml(zeile))).neu == 1


def test_riesige_verwaltungsteile_werden_nicht_geladen(session, stammdaten):
    import secrets

    formate = b"<styleSheet>" + secrets.token_hex(9 * MB // 2).encode() + b"</styleSheet>"
    fehler = abgelehnt(session, xlsx_mit_teil("xl/styles.xml", formate))
    assert fehler.details[0].startswith(
        "Die XLSX-Datei wurde nicht gelesen: der Teil „xl/styles.xml“ und die übrigen "
        "Verwaltungsteile wären entpackt zusammen größer als 8 MB."
    )


# --- Zahlen --------------------------------------------------------------------------------------

KOPFZEILE = ("ags", "monat", "elb", "llu")


@pytest.mark.parametrize(
    "zelle,meldung",
    [
        (
            b"9" * 4301,
            "„999999999999999999999999999999999999999…“ – der Wert ist unplausibel groß "
            "(4.301 Ziffern).",
        ),
        (b"9" * 20, "„99999999999999999999“ – der Wert ist unplausibel groß."),
        (b"1E+308", f"„{str(int(1e308))[:39]}…“ – der Wert ist unplausibel groß (309 Ziffern)."),
        (b"1e400", "„inf“ – keine Zahl."),
        (b"NaN", "„NaN“ – keine Zahl."),
        (b"12.5", "„12.5“ – eine Anzahl muss eine ganze Zahl sein."),
    ],
    ids=["4301-ziffern", "20-ziffern", "1e308", "1e400", "nan", "bruch"],
)
def test_unplausible_zahlen_in_xlsx_sind_zellfehler(session, stammdaten, zelle, meldung):
    blatt = blatt_mit_zeilen(KOPFZEILE, ("01054", "2024-01", zelle, b"1"))
    fehler = abgelehnt(session, xlsx_mit_teil(BLATT, blatt))
    assert fehler.details == [f"Zeile 2, Spalte C (elb): {meldung}"]


def test_riesige_zahlen_in_csv_sind_zellfehler_ohne_traceback(session, stammdaten):
    inhalt = (
        "ags,monat,elb,llu\n"
        f"01054,2024-01,{'9' * 4301},1\n"
        f"01054,2024-02,1,{'9' * 14}.99\n"
        f"01054,2024-03,{'1' * 100_000}x,1\n"  # ohne Längengrenze: quadratische Regex, 90 s
        "01054,2024-04,1,1E+308\n"
    ).encode()
    beginn = time.monotonic()
    fehler = abgelehnt(session, inhalt, name="riesig.csv")
    assert time.monotonic() - beginn < 5
    assert fehler.details == [
        "Zeile 2, Spalte C (elb): „999999999999999999999999999999999999999…“ – der Wert ist "
        "unplausibel groß (4.301 Ziffern).",
        "Zeile 3, Spalte D (llu): „99999999999999.99“ – der Wert ist unplausibel groß.",
        "Zeile 4, Spalte C (elb): „111111111111111111111111111111111111111…“ – keine Zahl "
        "(100.001 Zeichen).",
        "Zeile 5, Spalte D (llu): „1E+308“ – Exponentschreibweise ist nicht erlaubt; bitte die "
        "Zahl ausschreiben.",
    ]


def test_groesste_plausible_werte_gehen_durch(session, stammdaten):
    blatt = blatt_mit_zeilen(
        KOPFZEILE,
        ("01054", "2024-01", b"999999999999999", b"9999999999999.99"),
        ("01054", "2024-02", b"0000000000000000000000000042", b"1.5"),
    )
    importiert(session, xlsx_mit_teil(BLATT, blatt))
    werte = {b.monat: (b.elb, b.llu) for b in session.exec(select(Basiszahl))}
    assert werte == {"2024-01": (999_999_999_999_999, 999_999_999_999_999), "2024-02": (42, 150)}
