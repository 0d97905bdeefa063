"""Eine `Mappe` als XLSX-Datei (openpyxl im Write-only-Modus: Zeilen werden gestreamt).

Je Tabelle ein Blatt: oben Titel, Angaben, Datenstand und Demodaten-Hinweis, eine Leerzeile,
dann die Kopfzeile (fett, fixiert, mit Autofilter), die Zeilen, die Fußzeilen (fett) und
darunter Fußnoten und Anmerkungen. Zahlen sind Zahlen mit Zahlenformat: Prozent als Bruchteil
mit Prozentformat, Euro mit Währungsformat, Anzahlen mit Tausendertrennung, Daten als Datum.
Gründe für fehlende Werte, Plausibilitätshinweise und Zusätze stehen als Kommentar an der Zelle.
Texte werden nie als Formel gespeichert (auch wenn sie mit „=“ beginnen).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..format import ortszeit
from .modell import (
    ANZAHL,
    DATUM,
    EURO,
    PROZENT,
    PROZENTPUNKTE,
    TEXT,
    VERAENDERUNG,
    ZAHL,
    ZEITPUNKT,
    Mappe,
    Spalte,
    Tabelle,
    Zelle,
    eindeutige_blattnamen,
)

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUTOR = "Zielvereinbarung"
_FETT = Font(bold=True)
_TITEL = Font(bold=True, size=14)
_HINWEIS = Font(bold=True, color="9C2B00")
_KOPF_FUELLUNG = PatternFill("solid", fgColor="E8ECEF")
_MARKIERT = PatternFill("solid", fgColor="FFF2CC")
_UMBRUCH = Alignment(wrap_text=True, vertical="top")
MAX_BREITE = 60


def zahlenformat(art: str, stellen: int) -> str | None:
    nachkomma = "." + "0" * stellen if stellen else ""
    return {
        ANZAHL: "#,##0",
        ZAHL: "#,##0" + nachkomma,
        PROZENT: f"0{nachkomma} %",
        VERAENDERUNG: f'+0{nachkomma} %;-0{nachkomma} %;"±"0{nachkomma} %',
        PROZENTPUNKTE: f'+0{nachkomma};-0{nachkomma};"±"0{nachkomma}',
        EURO: f'#,##0{nachkomma} "€"',
        DATUM: "DD.MM.YYYY",
        ZEITPUNKT: "DD.MM.YYYY HH:MM",
    }.get(art)


def dateiwert(spalte: Spalte, zelle: Zelle) -> object:
    """Der Wert einer Zelle in der XLSX-Datei (Prozent als Bruchteil, Zeitpunkt in Ortszeit)."""
    wert, art = zelle.wert, zelle.art or spalte.art
    if wert is None:
        return None
    if art in (PROZENT, VERAENDERUNG):
        return Decimal(wert) / 100  # type: ignore[arg-type]
    if art == ZEITPUNKT and isinstance(wert, datetime):
        return ortszeit(wert).replace(tzinfo=None)
    if art == TEXT and zelle.liste:
        return f"{wert}: " + "; ".join(zelle.liste)
    return wert


def _text(wert: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", wert)


def _zelle(blatt, wert: object, font=None) -> WriteOnlyCell:
    zelle = WriteOnlyCell(blatt, value=_text(wert) if isinstance(wert, str) else wert)
    if isinstance(wert, str):
        zelle.data_type = "s"  # nie eine Formel, auch bei „=…“
    if font is not None:
        zelle.font = font
    return zelle


def _kommentar(zelle: Zelle) -> str | None:
    teile = []
    if zelle.grund:
        teile.append(f"nicht berechenbar: {zelle.grund}")
    if zelle.markiert:
        teile.append(
            "Plausibilitätshinweis: beruht auf Basiszahlen, die beim Import als unplausibel "
            "markiert wurden"
        )
    if zelle.zusatz:
        teile.append(zelle.zusatz)
    if zelle.hervorgehoben:
        teile.append("geändert")
    return "\n".join(teile) or None


def _datenzelle(blatt, spalte: Spalte, zelle: Zelle, font=None) -> WriteOnlyCell:
    ausgabe = _zelle(blatt, dateiwert(spalte, zelle), font)
    art, stellen = spalte.art_und_stellen(zelle)
    format_ = zahlenformat(art, stellen)
    if format_ and zelle.wert is not None:
        ausgabe.number_format = format_
    kommentar = _kommentar(zelle)
    if kommentar:
        ausgabe.comment = Comment(_text(kommentar), AUTOR, width=260, height=90)
    if zelle.markiert or zelle.hervorgehoben:
        ausgabe.fill = _MARKIERT
    if art == TEXT and (zelle.liste or len(str(zelle.wert or "")) > MAX_BREITE):
        ausgabe.alignment = _UMBRUCH
    return ausgabe


def _breiten(tabelle: Tabelle) -> list[int]:
    breiten = []
    for i, spalte in enumerate(tabelle.spalten):
        if spalte.breite:
            breiten.append(spalte.breite)
            continue
        laengen = [len(w) for w in spalte.kopf.split()] + [len(spalte.kopf) // 2]
        for zeile in (tabelle.zeilen[:200] + tabelle.fusszeilen) if tabelle.zeilen else []:
            laengen.append(len(zeile[i].text) + 2)
        breiten.append(min(MAX_BREITE, max(8, *laengen)))
    return breiten


def _blatt(buch: Workbook, name: str, mappe: Mappe, tabelle: Tabelle) -> None:
    blatt = buch.create_sheet(name)
    for i, breite in enumerate(_breiten(tabelle), start=1):
        blatt.column_dimensions[get_column_letter(i)].width = breite
    kopfzeilen = mappe.kopfzeilen()
    kopf_nr = len(kopfzeilen) + 3
    blatt.freeze_panes = (
        f"A{kopf_nr + 1}"  # vor der ersten Zeile: Write-only schreibt die Ansicht zuerst
    )
    blatt.append([_zelle(blatt, tabelle.titel, _TITEL)])
    for text in kopfzeilen:
        font = _HINWEIS if mappe.demodaten and text == kopfzeilen[-1] else None
        blatt.append([_zelle(blatt, text, font)])
    blatt.append([])
    kopf = []
    for spalte in tabelle.spalten:
        zelle = _zelle(blatt, spalte.kopf, _FETT)
        zelle.fill = _KOPF_FUELLUNG
        zelle.alignment = _UMBRUCH
        kopf.append(zelle)
    blatt.append(kopf)
    letzte_spalte = get_column_letter(len(tabelle.spalten))
    blatt.print_title_rows = f"{kopf_nr}:{kopf_nr}"
    if tabelle.zeilen:
        blatt.auto_filter.ref = f"A{kopf_nr}:{letzte_spalte}{kopf_nr + len(tabelle.zeilen)}"
    spalten = tabelle.spalten
    for zeile in tabelle.zeilen:
        blatt.append([_datenzelle(blatt, s, z) for s, z in zip(spalten, zeile, strict=True)])
    for zeile in tabelle.fusszeilen:
        blatt.append([_datenzelle(blatt, s, z, _FETT) for s, z in zip(spalten, zeile, strict=True)])
    unten = [f"({nr}) {text}" for nr, text in tabelle.fussnoten] + list(tabelle.anmerkungen)
    if not tabelle.zeilen:
        unten.insert(0, tabelle.leer_text)
    if unten:
        blatt.append([])
        for text in unten:
            blatt.append([_zelle(blatt, text)])


def schreibe_xlsx(mappe: Mappe) -> bytes:
    buch = Workbook(write_only=True)
    buch.properties.title = mappe.titel[:255]
    buch.properties.creator = AUTOR
    if mappe.demodaten:
        buch.properties.keywords = "Demodaten"
    namen = eindeutige_blattnamen([t.name for t in mappe.tabellen])
    for name, tabelle in zip(namen, mappe.tabellen, strict=True):
        _blatt(buch, name, mappe, tabelle)
    if not mappe.tabellen:
        buch.create_sheet("Leer").append([mappe.titel])
    puffer = BytesIO()
    buch.save(puffer)
    return puffer.getvalue()
