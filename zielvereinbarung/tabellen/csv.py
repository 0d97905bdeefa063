"""Eine `Mappe` als CSV-Datei für deutsches Excel: UTF-8 mit BOM, Trennzeichen „;“,
Dezimalkomma, ohne Tausendertrennung, Zeilenende CRLF.

Aufbau wie das XLSX-Blatt: Titel, Angaben, Datenstand, Demodaten-Hinweis, Leerzeile, Kopfzeile
(Einheiten im Kopf: „K2 (%)“ mit Werten wie 23,2), Zeilen, Fußzeilen, Fußnoten. Mehrere Tabellen
stehen untereinander, getrennt durch eine Leerzeile. Texte, die mit =, +, −, @ oder einem
Steuerzeichen beginnen, bekommen ein führendes Apostroph (keine Formel beim Öffnen).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from ..format import ortszeit
from .modell import DATUM, TEXT, ZEITPUNKT, Mappe, Spalte, Tabelle, Zelle

MIME = "text/csv; charset=utf-8"
_GEFAEHRLICH = ("=", "+", "-", "@", "\t", "\r")


def csv_wert(spalte: Spalte, zelle: Zelle) -> str:
    wert, art = zelle.wert, zelle.art or spalte.art
    if wert is None:
        return ""
    if art == TEXT:
        text = str(wert) + (": " + "; ".join(zelle.liste) if zelle.liste else "")
        return "'" + text if text.startswith(_GEFAEHRLICH) else text
    if art == DATUM and isinstance(wert, date):
        return wert.strftime("%d.%m.%Y")
    if art == ZEITPUNKT and isinstance(wert, datetime):
        return ortszeit(wert).strftime("%d.%m.%Y %H:%M")
    if isinstance(wert, Decimal | int):
        return str(wert).replace(".", ",")
    return str(wert)


def _tabelle(schreiber, mappe: Mappe, tabelle: Tabelle) -> None:
    schreiber.writerow([tabelle.titel])
    for text in mappe.kopfzeilen():
        schreiber.writerow([text])
    schreiber.writerow([])
    schreiber.writerow([s.kopf for s in tabelle.spalten])
    for zeile in tabelle.zeilen + tabelle.fusszeilen:
        schreiber.writerow([csv_wert(s, z) for s, z in zip(tabelle.spalten, zeile, strict=True)])
    unten = [f"({nr}) {text}" for nr, text in tabelle.fussnoten] + list(tabelle.anmerkungen)
    if not tabelle.zeilen:
        unten.insert(0, tabelle.leer_text)
    if unten:
        schreiber.writerow([])
        for text in unten:
            schreiber.writerow([text])


def schreibe_csv(mappe: Mappe) -> bytes:
    puffer = io.StringIO(newline="")
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    for i, tabelle in enumerate(mappe.tabellen):
        if i:
            schreiber.writerow([])
        _tabelle(schreiber, mappe, tabelle)
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")
