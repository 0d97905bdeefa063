"""Tabellendateien lesen: CSV (UTF-8, `,` oder `;`) und XLSX (erstes Blatt).

Liefert Zeilen als Texte mit der Zeilennummer, wie eine Tabellenkalkulation sie zeigt
(Kopfzeile = Zeile 1). Jeder Lesefehler wird zu einem `FachlicherFehler` mit deutscher Meldung.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from ...fehler import FachlicherFehler

MAX_BYTES = 100 * 1024 * 1024
MAX_ZEILEN = 1_000_000


@dataclass
class Tabelle:
    kopf: list[str]  # Spaltennamen, klein geschrieben, ohne Leerraum am Rand
    zeilen: list[tuple[int, list[str]]] = field(default_factory=list)
    dezimalkomma: bool = False  # nur bei `;`-getrennten CSV-Dateien erlaubt


def lese_tabelle(
    dateiname: str, inhalt: bytes, monatsspalten: frozenset[str] = frozenset()
) -> Tabelle:
    if not inhalt:
        raise FachlicherFehler("Die Datei ist leer.")
    if len(inhalt) > MAX_BYTES:
        raise FachlicherFehler(
            f"Die Datei ist zu groß ({len(inhalt) / 1024 / 1024:.0f} MB); höchstens "
            f"{MAX_BYTES // 1024 // 1024} MB sind erlaubt. Bitte in mehrere Dateien aufteilen."
        )
    if inhalt[:4] == b"PK\x03\x04" or dateiname.lower().endswith((".xlsx", ".xlsm")):
        tabelle = _lese_xlsx(inhalt, monatsspalten)
    else:
        tabelle = _lese_csv(inhalt)
    if not tabelle.zeilen:
        raise FachlicherFehler("Die Datei enthält nur eine Kopfzeile, aber keine Datenzeilen.")
    return tabelle


def _pruefe_kopf(kopf: list[str]) -> list[str]:
    namen = [str(k or "").strip().lower() for k in kopf]
    while namen and namen[-1] == "":
        namen.pop()
    if not namen:
        raise FachlicherFehler("Die Datei hat keine Kopfzeile mit Spaltennamen.")
    for nr, name in enumerate(namen, start=1):
        if not name:
            raise FachlicherFehler(f"Zeile 1, Spalte {nr}: Spaltenname fehlt.")
    doppelt = sorted({n for n in namen if namen.count(n) > 1})
    if doppelt:
        raise FachlicherFehler(f"Zeile 1: Spalte „{doppelt[0]}“ kommt mehrfach vor.")
    return namen


def _lese_csv(inhalt: bytes) -> Tabelle:
    if b"\x00" in inhalt[:8192]:
        raise FachlicherFehler("Die Datei ist keine CSV- oder XLSX-Datei (sie enthält Binärdaten).")
    try:
        text = inhalt.decode("utf-8-sig")
    except UnicodeDecodeError as fehler:
        zeile = inhalt[: fehler.start].count(b"\n") + 1
        raise FachlicherFehler(
            f"Die Datei ist nicht UTF-8-kodiert (erstes ungültiges Zeichen in Zeile {zeile}). "
            "Bitte als „CSV UTF-8“ speichern."
        ) from None
    erste_zeile = text.split("\n", 1)[0]
    trenner = ";" if ";" in erste_zeile else ","
    leser = csv.reader(io.StringIO(text, newline=""), delimiter=trenner, strict=True)
    try:
        kopf = next(leser, None)
        if kopf is None or not any(k.strip() for k in kopf):
            raise FachlicherFehler("Die Datei hat keine Kopfzeile mit Spaltennamen.")
        tabelle = Tabelle(kopf=_pruefe_kopf(kopf), dezimalkomma=trenner == ";")
        for nummer, zeile in enumerate(leser, start=2):
            if not any(z.strip() for z in zeile):
                continue
            if len(tabelle.zeilen) >= MAX_ZEILEN:
                raise FachlicherFehler(
                    f"Die Datei hat mehr als {MAX_ZEILEN:,} Datenzeilen.".replace(",", ".")
                )
            tabelle.zeilen.append((nummer, [z.strip() for z in zeile]))
    except csv.Error as fehler:
        raise FachlicherFehler(
            f"Die CSV-Datei ist fehlerhaft (Zeile {leser.line_num}): {fehler}."
        ) from None
    return tabelle


def _zelltext(wert: object, als_monat: bool) -> str:
    if wert is None:
        return ""
    if isinstance(wert, datetime | date):
        if als_monat and wert.day == 1:
            return f"{wert.year:04d}-{wert.month:02d}"
        return f"{wert.year:04d}-{wert.month:02d}-{wert.day:02d}"
    if isinstance(wert, float) and wert.is_integer():
        return str(int(wert))
    return str(wert).strip()


def _lese_xlsx(inhalt: bytes, monatsspalten: frozenset[str]) -> Tabelle:
    from openpyxl import load_workbook

    try:
        mappe = load_workbook(io.BytesIO(inhalt), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as fehler:
        raise FachlicherFehler(
            f"Die XLSX-Datei kann nicht gelesen werden ({type(fehler).__name__})."
        ) from None
    except Exception:  # openpyxl meldet beschädigte Dateien mit vielerlei Ausnahmen
        raise FachlicherFehler("Die XLSX-Datei kann nicht gelesen werden (beschädigt?).") from None
    try:
        if not mappe.worksheets:
            raise FachlicherFehler("Die XLSX-Datei enthält kein Tabellenblatt.")
        zeilen = mappe.worksheets[0].iter_rows(values_only=True)
        kopf = next(zeilen, None)
        if kopf is None or not any(k not in (None, "") for k in kopf):
            raise FachlicherFehler("Die Datei hat keine Kopfzeile mit Spaltennamen.")
        namen = _pruefe_kopf(list(kopf))
        monat_spalten = {i for i, n in enumerate(namen) if n in monatsspalten}
        tabelle = Tabelle(kopf=namen)
        for nummer, zeile in enumerate(zeilen, start=2):
            texte = [_zelltext(w, i in monat_spalten) for i, w in enumerate(zeile)]
            if not any(texte):
                continue
            if len(tabelle.zeilen) >= MAX_ZEILEN:
                raise FachlicherFehler(
                    f"Die Datei hat mehr als {MAX_ZEILEN:,} Datenzeilen.".replace(",", ".")
                )
            tabelle.zeilen.append((nummer, texte))
        return tabelle
    finally:
        mappe.close()
