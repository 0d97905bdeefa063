"""Schneller Weg der Dateiprüfung: eine saubere Basiszahlen-Datei spaltenweise lesen.

`pruefe_basiszahlen` prüft Zeile für Zeile und Zelle für Zelle – nötig, um jeden Fehler mit Zeile
und Spalte zu melden. Echte Lieferungen sind aber fast immer fehlerfrei; für sie reicht es, jede
Spalte einmal als Ganzes zu prüfen: Schlüsselwerte (ags, monat, geschlecht, datenstand) je
verschiedenem Wert, Zahlen einer Spalte in einem Durchlauf, die Zeilenregeln der Plausibilität je
Regel über zwei Spalten.

`pruefe_spaltenweise` liefert dasselbe `Pruefergebnis` wie `pruefe_basiszahlen` (dieselben
Datensätze, Werte, Hinweise und Warnungen in derselben Reihenfolge) – oder None, sobald irgendetwas
nicht glatt ist (ein Fehler, eine doppelte Zeile, eine ungleich lange Zeile, eine fehlende
Wertspalte). Dann prüft der genaue Weg die ganze Datei noch einmal und meldet alles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from operator import gt

from .basiszahlen import FELDNAMEN, GELDFELDER, GESCHLECHTER
from .importpruefung import Datensatz, Pruefergebnis, TabelleArtig
from .importzellen import (
    MAX_WERT,
    ags_fehler,
    datenstand_vor_monat,
    lies_datenstand,
    lies_monat,
    lies_zahl,
)
from .plausibilitaet import ZEILENREGELN, zeilenwarnung

_POS = {name: i for i, name in enumerate(FELDNAMEN)}
_CENT = re.compile(r"[0-9]{1,13}\.[0-9]{2}")  # Geld mit zwei Nachkommastellen
_CENT_KOMMA = re.compile(r"[0-9]{1,13}[.,][0-9]{2}")  # in `;`-Dateien auch mit Dezimalkomma


class _Unsauber(Exception):
    """Die Datei ist nicht glatt: der genaue Weg übernimmt."""


def _zahlen(zellen: Sequence[str], geld: bool, dezimalkomma: bool) -> list[int | None]:
    """Eine Wertspalte: ganze Zahlen (Geld in Cent), leere Zellen None."""
    grenze = 14 if geld else 16  # wie der genaue Weg: kürzere Ziffernfolgen sind nie zu groß
    alles = "".join(zellen)  # eine Prüfung in C für die ganze Spalte: nur ASCII-Ziffern
    if alles.isdigit() and alles.isascii():
        try:
            ganz = list(map(int, zellen))  # ValueError: eine leere (oder riesige) Zelle
        except ValueError:
            pass
        else:
            if max(ganz) * (100 if geld else 1) <= MAX_WERT:
                return [w * 100 for w in ganz] if geld else list[int | None](ganz)
    if geld and all(map((_CENT_KOMMA if dezimalkomma else _CENT).fullmatch, zellen)):
        return [int(z[:-3] + z[-2:]) for z in zellen]  # „1811585.52“ → 181158552 Cent
    werte: list[int | None] = []
    for z in zellen:
        if not z:
            werte.append(None)
        elif z.isdigit() and z.isascii() and len(z) < grenze:
            werte.append(int(z) * 100 if geld else int(z))
        else:
            werte.append(_cent(z, dezimalkomma) if geld else _langsam(z, geld, dezimalkomma))
    return werte


def _cent(z: str, dezimalkomma: bool) -> int:
    """Ein Geldbetrag wie „1811585.52“ (oder „…,52“ in `;`-Dateien) in Cent."""
    ganz, trenner, bruch = z.partition("," if dezimalkomma and "," in z else ".")
    if (
        trenner
        and ganz.isdigit()
        and ganz.isascii()
        and len(ganz) < 14
        and 1 <= len(bruch) <= 2
        and bruch.isdigit()
        and bruch.isascii()
    ):
        return int(ganz) * 100 + int(bruch.ljust(2, "0"))
    return _langsam(z, True, dezimalkomma)


def _langsam(z: str, geld: bool, dezimalkomma: bool) -> int:
    wert, meldung = lies_zahl(z, geld, dezimalkomma)
    if meldung is not None or wert is None:
        raise _Unsauber
    return wert


def pruefe_spaltenweise(
    tabelle: TabelleArtig,
    bekannt: frozenset[str],
    erlaubt: frozenset[str] | None,
    importdatum: date,
) -> Pruefergebnis | None:
    """Das Prüfergebnis einer fehlerfreien Datei mit allen Wertspalten, sonst None."""
    try:
        return _pruefe(tabelle, bekannt, erlaubt, importdatum)
    except _Unsauber:
        return None


def _pruefe(
    tabelle: TabelleArtig,
    bekannt: frozenset[str],
    erlaubt: frozenset[str] | None,
    importdatum: date,
) -> Pruefergebnis:
    kopf = list(tabelle.kopf)
    spalte = {name: i for i, name in enumerate(kopf)}
    if "ags" not in spalte or "monat" not in spalte or not all(f in spalte for f in FELDNAMEN):
        raise _Unsauber
    nummern = [nummer for nummer, _ in tabelle.zeilen]
    zeilen = [zellen for _, zellen in tabelle.zeilen]
    if not zeilen or any(len(z) != len(kopf) for z in zeilen):
        raise _Unsauber
    spalten = list(zip(*zeilen, strict=True))
    n = len(zeilen)

    ags = spalten[spalte["ags"]]
    for wert in set(ags):
        if ags_fehler(wert, bekannt) or (erlaubt is not None and wert not in erlaubt):
            raise _Unsauber
    kanonisch: dict[str, str] = {}
    for text in set(spalten[spalte["monat"]]):
        m, fehler = lies_monat(text)
        if m is None or fehler:
            raise _Unsauber
        kanonisch[text] = m
    monat = [kanonisch[m] for m in spalten[spalte["monat"]]]  # MM.JJJJ → JJJJ-MM
    geschlecht: Sequence[str] = ("gesamt",) * n
    if "geschlecht" in spalte:
        texte = spalten[spalte["geschlecht"]]
        klein = {t: t.lower() if t else "gesamt" for t in set(texte)}
        if not set(klein.values()) <= set(GESCHLECHTER):
            raise _Unsauber
        geschlecht = [klein[t] for t in texte]
    datenstand: Sequence[date] = (importdatum,) * n
    stand_texte: Sequence[str] = ("",) * n
    if "datenstand" in spalte:
        stand_texte = spalten[spalte["datenstand"]]
        daten = {t: lies_datenstand(t, importdatum) for t in set(stand_texte)}
        if any(isinstance(d, str) for d in daten.values()):
            raise _Unsauber
        datenstand = [daten[t] for t in stand_texte]  # type: ignore[misc]
    for stand, m, text in set(zip(datenstand, monat, stand_texte, strict=True)):
        if datenstand_vor_monat(stand, m, text):
            raise _Unsauber
    if len(set(zip(ags, monat, geschlecht, strict=True))) != n:
        raise _Unsauber  # doppelte Schlüssel meldet der genaue Weg mit beiden Zeilen

    dezimalkomma = tabelle.dezimalkomma
    werte = [_zahlen(spalten[spalte[f]], f in GELDFELDER, dezimalkomma) for f in FELDNAMEN]
    treffer = []  # (Zeile, Regel): verletzte Zeilenregeln, in der Reihenfolge des genauen Wegs
    for r, (a, b) in enumerate(ZEILENREGELN):
        groesser, kleiner = werte[_POS[a]], werte[_POS[b]]
        try:  # ohne leere Zellen: ein Vergleich in C, Zeilen nur bei einem Verstoß suchen
            if not any(map(gt, groesser, kleiner)):  # type: ignore[arg-type]
                continue
        except TypeError:  # None: „nicht gemeldet“ prüft nichts
            pass
        for i, (x, y) in enumerate(zip(groesser, kleiner, strict=True)):
            if x is not None and y is not None and x > y:
                treffer.append((i, r))
    saetze = [
        Datensatz(*teile)
        for teile in zip(
            nummern, ags, monat, geschlecht, datenstand, zip(*werte, strict=True), strict=True
        )
    ]
    warnungen = []
    for i, r in sorted(treffer):
        satz, (a, b) = saetze[i], ZEILENREGELN[r]
        hinweis = {"felder": [a, b], "regel": f"{a} > {b}"}
        satz.hinweise.append(hinweis)
        warnungen.append(zeilenwarnung(satz.zeile, hinweis, satz.werte, satz.ort))
    return Pruefergebnis(datensaetze=saetze, fehler=[], warnungen=warnungen)
