"""Tabellendateien lesen: CSV (UTF-8, `,` oder `;`) und XLSX (erstes Blatt).

Liefert Zeilen als Texte mit der Zeilennummer, wie eine Tabellenkalkulation sie zeigt
(Kopfzeile = Zeile 1). Jeder Lesefehler wird zu einem `FachlicherFehler` mit deutscher Meldung.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ...domain.importzellen import spaltenbuchstabe
from ...fehler import FachlicherFehler
from .xlsx import lies_zeilen
from .xlsx_archiv import STANDARDGRENZEN, Grenzen

MAX_BYTES = 100 * 1024 * 1024
MAX_ZEILEN = 1_000_000
# Leerraum, den str.strip() entfernen würde, außer Zeilenenden; oder ein Anführungszeichen
_RAND_ODER_ANFUEHRUNG = re.compile(r'[^\S\r\n]|"')


@dataclass
class Tabelle:
    kopf: list[str]  # Spaltennamen, klein geschrieben, ohne Leerraum am Rand
    zeilen: list[tuple[int, list[str]]] = field(default_factory=list)
    dezimalkomma: bool = False  # nur bei `;`-getrennten CSV-Dateien erlaubt


def lese_tabelle(
    dateiname: str,
    inhalt: bytes,
    monatsspalten: frozenset[str] = frozenset(),
    grenzen: Grenzen = STANDARDGRENZEN,
) -> Tabelle:
    if not inhalt:
        raise FachlicherFehler("Die Datei ist leer.")
    if len(inhalt) > MAX_BYTES:
        raise FachlicherFehler(
            f"Die Datei ist zu groß ({len(inhalt) / 1024 / 1024:.0f} MB); höchstens "
            f"{MAX_BYTES // 1024 // 1024} MB sind erlaubt. Bitte in mehrere Dateien aufteilen."
        )
    if inhalt[:4] == b"PK\x03\x04" or dateiname.lower().endswith((".xlsx", ".xlsm")):
        tabelle = _lese_xlsx(inhalt, monatsspalten, grenzen)
    else:
        tabelle = _lese_csv(inhalt)
    if not tabelle.zeilen:
        raise FachlicherFehler("Die Datei enthält nur eine Kopfzeile, aber keine Datenzeilen.")
    return tabelle


def _pruefe_kopf(kopf: Sequence[object]) -> list[str]:
    namen = [str(k or "").strip().lower() for k in kopf]
    while namen and namen[-1] == "":
        namen.pop()
    if not namen:
        raise FachlicherFehler("Die Datei hat keine Kopfzeile mit Spaltennamen.")
    for nr, name in enumerate(namen, start=1):
        if not name:
            raise FachlicherFehler(f"Zeile 1, Spalte {spaltenbuchstabe(nr)}: Spaltenname fehlt.")
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
        zeilennr = inhalt[: fehler.start].count(b"\n") + 1
        raise FachlicherFehler(
            f"Die Datei ist nicht UTF-8-kodiert (erstes ungültiges Zeichen in Zeile {zeilennr}). "
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
        linien = _ohne_anfuehrung_und_rand(text)
        if linien is not None:
            # Schneller Weg: keine Zelle muss beschnitten werden, Zeilen und Zellen trennt
            # `split` genau wie der CSV-Leser; leer ist eine Zeile nur aus Trennzeichen.
            tabelle.zeilen = [
                (n, linie.split(trenner))
                for n, linie in enumerate(linien[1:], start=2)
                if linie.strip(trenner)
            ]
            if len(tabelle.zeilen) > MAX_ZEILEN:
                raise FachlicherFehler(
                    f"Die Datei hat mehr als {MAX_ZEILEN:,} Datenzeilen.".replace(",", ".")
                )
            return tabelle
        for nummer, zeile in enumerate(leser, start=2):
            if not any(z.strip() for z in zeile):
                continue
            if len(tabelle.zeilen) >= MAX_ZEILEN:
                raise FachlicherFehler(
                    f"Die Datei hat mehr als {MAX_ZEILEN:,} Datenzeilen.".replace(",", ".")
                )
            tabelle.zeilen.append((nummer, [z.strip() for z in zeile]))
    except csv.Error as fehler:
        if "field larger than field limit" in str(fehler):
            raise FachlicherFehler(
                f"Die CSV-Datei ist fehlerhaft (Zeile {leser.line_num}): eine Zelle ist länger "
                f"als {csv.field_size_limit():,} Zeichen.".replace(",", ".")
            ) from None
        raise FachlicherFehler(
            f"Die CSV-Datei ist fehlerhaft (Zeile {leser.line_num}): {fehler}."
        ) from None
    return tabelle


def _ohne_anfuehrung_und_rand(text: str) -> list[str] | None:
    """Die Zeilen der Datei, wenn sie weder Anführungszeichen noch Leerraum (außer Zeilenenden)
    noch überlange Zeilen enthält – dann ist `split` gleichwertig zum CSV-Leser; sonst None."""
    if _RAND_ODER_ANFUEHRUNG.search(text) is not None:
        return None
    linien = text.splitlines()
    if max(map(len, linien), default=0) > csv.field_size_limit():
        return None
    return linien


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


def _lese_xlsx(inhalt: bytes, monatsspalten: frozenset[str], grenzen: Grenzen) -> Tabelle:
    """Erstes Blatt; Zeile 1 ist die Kopfzeile. Ein Wert in einer Spalte ohne Namen ist ein
    Fehler der Datei mit Zeile und Spalte (in XLSX kann er beliebig weit rechts stehen; eine
    Zeile bis dorthin aufzufüllen, kostete je Zeile bis zu 16.384 Zellen Speicher)."""
    zeilen = lies_zeilen(inhalt, grenzen)
    erste = next(zeilen, None)
    if erste is None or erste[0] != 1:
        raise FachlicherFehler("Die Datei hat keine Kopfzeile mit Spaltennamen.")
    kopf = erste[1]
    namen = _pruefe_kopf([kopf.get(i) for i in range(1, max(kopf) + 1)])
    breite = len(namen)
    monat_spalten = {i for i, n in enumerate(namen, start=1) if n in monatsspalten}
    tabelle = Tabelle(kopf=namen)
    for nummer, werte in zeilen:
        texte = [""] * breite
        for spalte, wert in werte.items():
            text = _zelltext(wert, spalte in monat_spalten)
            if spalte <= breite:
                texte[spalte - 1] = text
            elif text:
                raise _ohne_spaltennamen(nummer, spalte, text, breite)
        if not any(texte):
            continue
        if len(tabelle.zeilen) >= MAX_ZEILEN:
            raise FachlicherFehler(
                f"Die Datei hat mehr als {MAX_ZEILEN:,} Datenzeilen.".replace(",", ".")
            )
        tabelle.zeilen.append((nummer, texte))
    return tabelle


def _ohne_spaltennamen(nummer: int, spalte: int, text: str, breite: int) -> FachlicherFehler:
    from openpyxl.utils.cell import get_column_letter

    kurz = text if len(text) <= 40 else text[:39] + "…"
    return FachlicherFehler(
        f"Zeile {nummer}, Spalte {get_column_letter(spalte)}: „{kurz}“ steht in einer Spalte "
        f"ohne Namen (die Kopfzeile hat {breite} Spalten). Bitte die Zelle leeren oder der "
        "Spalte in Zeile 1 einen Namen geben."
    )
