"""Das Tabellenmodell und seine Dateien: Seitentext und Dateiwert aus einer Rundung, XLSX mit
Zahlen als Zahlen und Zahlenformaten, CSV für deutsches Excel, keine Formeln aus Texten."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from zielvereinbarung.tabellen import modell as tm
from zielvereinbarung.tabellen.csv import schreibe_csv
from zielvereinbarung.tabellen.modell import Mappe, Spalte, Tabelle, dateiname, textzelle
from zielvereinbarung.tabellen.xlsx import schreibe_xlsx


def _mappe(**kw) -> Mappe:
    t = Tabelle(
        "Träger",
        "Träger in Schleswig-Holstein",
        [
            Spalte("Träger", zeilenkopf=True),
            Spalte("K2", tm.PROZENT, untertitel="Integrationsquote"),
            Spalte("K1", tm.VERAENDERUNG),
            Spalte("LLU", tm.EURO),
            Spalte("eLb", tm.ANZAHL),
            Spalte("Stand", tm.DATUM),
            Spalte("Geändert", tm.ZEITPUNKT),
        ],
    )
    t.zeile(
        '=HYPERLINK("http://x")',
        D("23.25"),
        D("-1.44"),
        D("1234567.891"),
        4850,
        date(2026, 9, 15),
        datetime(2026, 11, 24, 13, 5, tzinfo=UTC),
    )
    t.zeile(textzelle("Kreis B"), t.spalten[1].zelle(None, grund="keine Daten"), 0, *[None] * 4)
    t.fusszeilen.append([textzelle("Land insgesamt"), *(s.zelle(None) for s in t.spalten[1:])])
    return Mappe("Kennzahlen", "Kennzahlen Schleswig-Holstein 2026-09", [t], **kw)


def _blatt(inhalt: bytes):
    return load_workbook(io.BytesIO(inhalt)).worksheets[0]


def test_seitentext_und_dateiwert_kommen_aus_einer_rundung():
    t = _mappe().tabellen[0]
    zeile = t.zeilen[0]
    assert [z.text for z in zeile[1:5]] == ["23,3 %", "−1,4 %", "1.234.567,89 €", "4.850"]
    assert [z.wert for z in zeile[1:5]] == [D("23.3"), D("-1.4"), D("1234567.89"), 4850]
    assert t.zeilen[1][1].text == "–" and t.zeilen[1][1].wert is None
    assert t.zeilen[1][2].text == "±0,0 %"
    assert Spalte("x", tm.EURO, stellen=0).zelle(D("12345.5")).text == "12.346 €"
    assert Spalte("x", tm.PROZENTPUNKTE).zelle(D("0.25")).text == "+0,3 Prozentpunkte"
    with pytest.raises(TypeError):
        Spalte("x", tm.PROZENT).zelle(0.1)  # Gleitkomma ist keine exakte Zahl
    with pytest.raises(ValueError):
        t.zeile(1, 2)  # falsche Spaltenzahl


def test_xlsx_zahlen_sind_zahlen_mit_format_und_einheit_im_kopf():
    blatt = _blatt(schreibe_xlsx(_mappe(datenstand="15.09.2026", demodaten=True)))
    werte = [[z.value for z in zeile] for zeile in blatt.iter_rows()]
    assert werte[0][0] == "Träger in Schleswig-Holstein"
    assert werte[1][0] == "Datenstand: 15.09.2026"
    assert werte[2][0].startswith("Demodaten – synthetisch")
    assert werte[3] == [None] * 7 or not any(werte[3])
    kopf = werte[4]
    assert kopf == [
        "Träger",
        "K2 Integrationsquote (%)",
        "K1 (%)",
        "LLU (EUR)",
        "eLb",
        "Stand",
        "Geändert",
    ]
    zeile = list(blatt.iter_rows(min_row=6, max_row=6))[0]
    assert zeile[0].value == '=HYPERLINK("http://x")' and zeile[0].data_type == "s"
    assert zeile[1].value == pytest.approx(0.233) and zeile[1].number_format == "0.0 %"
    assert zeile[2].value == pytest.approx(-0.014)
    assert zeile[2].number_format == '+0.0 %;-0.0 %;"±"0.0 %'
    assert zeile[3].value == pytest.approx(1234567.89)
    assert zeile[3].number_format == '#,##0.00 "€"'
    assert zeile[4].value == 4850 and isinstance(zeile[4].value, int)
    assert zeile[5].value == datetime(2026, 9, 15) and zeile[5].number_format == "DD.MM.YYYY"
    assert zeile[6].value == datetime(2026, 11, 24, 14, 5)  # Ortszeit Berlin
    leer = list(blatt.iter_rows(min_row=7, max_row=7))[0]
    assert leer[1].value is None and "keine Daten" in leer[1].comment.text
    assert blatt.freeze_panes == "A6" and blatt.auto_filter.ref == "A5:G7"


def test_csv_fuer_deutsches_excel():
    inhalt = schreibe_csv(_mappe(datenstand="15.09.2026"))
    assert inhalt.startswith("\ufeff".encode()) and b"\r\n" in inhalt
    zeilen = list(csv.reader(io.StringIO(inhalt.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0] == ["Träger in Schleswig-Holstein"]
    assert zeilen[1] == ["Datenstand: 15.09.2026"]
    assert zeilen[3][1] == "K2 Integrationsquote (%)"
    assert zeilen[4] == [
        '\'=HYPERLINK("http://x")',
        "23,3",
        "-1,4",
        "1234567,89",
        "4850",
        "15.09.2026",
        "24.11.2026 14:05",
    ]
    assert zeilen[5][:3] == ["Kreis B", "", "0,0"]


def test_dateiname_und_blattnamen():
    assert dateiname("Kennzahlen Baden-Württemberg 2026-09", "xlsx") == (
        "Kennzahlen_Baden-Württemberg_2026-09.xlsx"
    )
    assert dateiname("../../etc/passwd", "csv") == "etc_passwd.csv"
    assert dateiname("", "csv") == "Tabelle.csv"
    assert tm.eindeutige_blattnamen(["Verlauf", "verlauf", "a/b:c" * 10]) == [
        "Verlauf",
        "verlauf (2)",
        ("a_b_c" * 10)[:31],
    ]


def test_mehrere_tabellen_werden_mehrere_blaetter():
    mappe = _mappe()
    zweite = Tabelle("Träger", "Zweite", [Spalte("A")])
    zweite.zeile("x")
    mappe.tabellen.append(zweite)
    buch = load_workbook(io.BytesIO(schreibe_xlsx(mappe)))
    assert buch.sheetnames == ["Träger", "Träger (2)"]
    assert "Zweite" in schreibe_csv(mappe).decode("utf-8-sig")
