"""Einzelne Zellen einer Basiszahlen-Datei lesen (DOMAIN.md § 2); jede Funktion liefert den
Wert oder eine deutsche Meldung ohne Zeilen- und Spaltenangabe (die setzt `importpruefung` davor).

- `ags`: genau 5 Ziffern und ein bekannter Träger; eine vierstellige Zahl, deren Auffüllung mit
  führender Null bekannt ist, wird als verlorene Null erkannt und so gemeldet.
- `monat`: JJJJ-MM, wie man ihn tippt auch MM.JJJJ oder MM/JJJJ (Monat ein- oder zweistellig);
  gespeichert wird immer JJJJ-MM. `datenstand`: JJJJ-MM-TT oder TT.MM.JJJJ (Tag und Monat ein- oder
  zweistellig), nicht nach dem Importtag.
- Spalten heißen in Meldungen nach Kopf und Buchstabe der Tabellenkalkulation: „Spalte E (elb)“
  (`spaltenbuchstabe`).
- Anzahl: nicht-negative ganze Zahl aus Ziffern. Geld: nicht negativ, höchstens 2 Nachkommastellen,
  Dezimalpunkt oder (nur in `;`-Dateien) Dezimalkomma → ganze Cent, exakt über `Decimal`.
  Abgelehnt: Tausendertrennzeichen, Vorzeichen, Exponentschreibweise, NaN/Infinity, Werte über
  MAX_WERT (Anzahl bzw. Cent; schützt auch die BIGINT-Spalten), Zellen über MAX_ZAHLTEXT Zeichen
  (geprüft vor jedem regulären Ausdruck und vor `int()`, das über 4.300 Ziffern abbricht).
- Eine Zelle mit „=“ am Anfang ist eine Formel und wird abgelehnt.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .basiszahlen import monat_index

MAX_WERT = 10**15  # größte Anzahl bzw. größter Cent-Betrag; schützt auch die BIGINT-Spalten
MAX_ZAHLTEXT = 32  # längere Zellen sind keine plausible Zahl (auch mit führenden Nullen)

_AGS = re.compile(r"[0-9]{5}")
_DATUM = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATUM_DEUTSCH = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_MONAT_DEUTSCH = re.compile(r"([0-9]{1,2})[./]([0-9]{4})")
_DEZIMAL = re.compile(r"([0-9]+)(?:\.([0-9]+))?")
_KOMMAZAHL = re.compile(r"[0-9]+,[0-9]+")
_TAUSENDER = re.compile(r"[1-9][0-9]{0,2}(?:([.,' ])[0-9]{3})(?:\1[0-9]{3})*(?:[.,][0-9]+)?")
_EXPONENT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")

FORMEL = "Formeln sind nicht erlaubt; bitte nur Werte eintragen."


def zeige(text: str, laenge: int = 40) -> str:
    """Zellinhalt für eine Meldung: in deutschen Anführungszeichen, lange Texte gekürzt."""
    return f"„{text if len(text) <= laenge else text[: laenge - 1] + '…'}“"


def ags_fehler(ags: str, bekannte_ags: frozenset[str] | set[str]) -> str | None:
    if ags in bekannte_ags:
        return None
    if not ags:
        return "der Kreisschlüssel fehlt."
    if ags[0] == "=":
        return f"{zeige(ags)} – {FORMEL}"
    if ags.isascii() and ags.isdigit() and len(ags) < 5 and ags.zfill(5) in bekannte_ags:
        return (
            f"{zeige(ags)} – der Kreisschlüssel muss fünfstellig sein; vermutlich ist die führende "
            f"Null verloren gegangen ({ags.zfill(5)}). Bitte die Spalte als Text speichern."
        )
    if _AGS.fullmatch(ags):
        return f"{zeige(ags)} – unbekannter Träger (kein Jobcenter mit diesem Kreisschlüssel)."
    return f"{zeige(ags)} – der Kreisschlüssel muss aus genau 5 Ziffern bestehen (z. B. 01054)."


def spaltenbuchstabe(nummer: int) -> str:
    """Spaltennummer (1 = A) → Buchstabe wie in der Tabellenkalkulation: 1 → A, 27 → AA."""
    buchstaben = ""
    while nummer > 0:
        nummer, rest = divmod(nummer - 1, 26)
        buchstaben = chr(65 + rest) + buchstaben
    return buchstaben


def spalte_text(nummer: int, name: str | None = None) -> str:
    """„E (elb)“ – Buchstabe und Kopf; ohne Kopf nur der Buchstabe."""
    return f"{spaltenbuchstabe(nummer)} ({name})" if name else spaltenbuchstabe(nummer)


def lies_monat(text: str) -> tuple[str, None] | tuple[None, str]:
    """Berichtsmonat → („JJJJ-MM“, None) oder (None, Meldung).

    Erlaubt: JJJJ-MM, MM.JJJJ, MM/JJJJ."""
    if not text:
        return None, "der Berichtsmonat fehlt."
    if text[0] == "=":
        return None, f"{zeige(text)} – {FORMEL}"
    deutsch = _MONAT_DEUTSCH.fullmatch(text)
    kanonisch = f"{deutsch.group(2)}-{int(deutsch.group(1)):02d}" if deutsch else text
    try:
        monat_index(kanonisch)
    except ValueError:
        return None, (
            f"{zeige(text)} – kein gültiger Monat; erwartet JJJJ-MM, MM.JJJJ oder MM/JJJJ, "
            "z. B. 2024-01 oder 01.2024."
        )
    return kanonisch, None


def monat_fehler(monat: str) -> str | None:
    """Die Meldung zu einem ungültigen Berichtsmonat (sonst None)."""
    return lies_monat(monat)[1]


def lies_datum(text: str) -> date | None:
    """JJJJ-MM-TT oder TT.MM.JJJJ → Datum; None, wenn es keines ist (auch 31.02.)."""
    iso = _DATUM.fullmatch(text)
    if iso:
        jahr, monat, tag = iso.group(1), iso.group(2), iso.group(3)
    else:
        deutsch = _DATUM_DEUTSCH.fullmatch(text)
        if not deutsch:
            return None
        tag, monat, jahr = deutsch.group(1), deutsch.group(2), deutsch.group(3)
    try:
        return date(int(jahr), int(monat), int(tag))
    except ValueError:
        return None


def lies_datenstand(text: str, importdatum: date) -> date | str:
    """Datum JJJJ-MM-TT oder TT.MM.JJJJ (leer: Importtag) oder die Fehlermeldung."""
    if not text:
        return importdatum
    if text[0] == "=":
        return f"{zeige(text)} – {FORMEL}"
    datum = lies_datum(text)
    if datum is None:
        return (
            f"{zeige(text)} – kein gültiges Datum; erwartet TT.MM.JJJJ oder JJJJ-MM-TT, "
            "z. B. 30.04.2024."
        )
    if datum > importdatum:
        return (
            f"{zeige(text)} – der Datenstand liegt nach dem Importtag "
            f"({importdatum.strftime('%d.%m.%Y')})."
        )
    return datum


def datenstand_vor_monat(datenstand: date, monat: str, text: str) -> tuple[str, str] | None:
    """Ein Datenstand vor dem Berichtsmonat ist unmöglich: (Spalte, Meldung) oder None.

    `text` ist die Datenstand-Zelle; ist sie leer, gilt der Importtag und der Monat ist schuld.
    """
    if (datenstand.year, datenstand.month) >= (int(monat[:4]), int(monat[5:7])):
        return None
    if text:
        return "datenstand", f"{zeige(text)} – der Datenstand liegt vor dem Berichtsmonat {monat}."
    return "monat", (
        f"{zeige(monat)} – der Berichtsmonat hat noch nicht begonnen "
        f"(Datenstand {datenstand.strftime('%d.%m.%Y')})."
    )


def geschlecht_fehler(text: str) -> str:
    if text[0] == "=":
        return f"{zeige(text)} – {FORMEL}"
    tipp = " (ohne Umlaut: maenner)" if text.lower() in ("männer", "maenner ") else ""
    return f"{zeige(text)} – erlaubt sind gesamt, frauen und maenner{tipp}."


def lies_zahl(text: str, geld: bool, dezimalkomma: bool) -> tuple[int | None, str | None]:
    """Langsamer Pfad für eine nicht-leere Zelle: (Wert, None) oder (None, Fehlermeldung).

    Anzahl → int; Geld → ganze Cent (exakt über Decimal).
    """
    if text[0] == "=":
        return None, f"{zeige(text)} – {FORMEL}"
    if len(text) > MAX_ZAHLTEXT:
        # vor jedem regulären Ausdruck und vor int(): Python wandelt höchstens 4.300 Ziffern um
        ziffern = f"{len(text):,}".replace(",", ".")
        if text.isascii() and text.isdigit():
            return None, f"{zeige(text)} – der Wert ist unplausibel groß ({ziffern} Ziffern)."
        return None, f"{zeige(text)} – keine Zahl ({ziffern} Zeichen)."
    zahl = text
    if "," in zahl:
        if dezimalkomma and "." not in zahl and zahl.count(",") == 1:
            zahl = zahl.replace(",", ".")
        elif not dezimalkomma and _KOMMAZAHL.fullmatch(zahl):
            return None, (
                f"{zeige(text)} – ein Dezimalkomma ist nur in Dateien mit Semikolon als "
                "Trennzeichen erlaubt; bitte einen Dezimalpunkt verwenden."
            )
    tausender = " (Tausendertrennzeichen sind nicht erlaubt)" if _TAUSENDER.fullmatch(text) else ""
    treffer = _DEZIMAL.fullmatch(zahl)
    if treffer is None:
        if zahl[0] == "-" and _DEZIMAL.fullmatch(zahl[1:]):
            return None, f"{zeige(text)} – negative Werte sind nicht erlaubt."
        if tausender:
            return None, f"{zeige(text)} – keine Zahl{tausender}."
        if _EXPONENT.fullmatch(zahl):
            return (
                None,
                f"{zeige(text)} – Exponentschreibweise ist nicht erlaubt; bitte die Zahl "
                "ausschreiben.",
            )
        return None, f"{zeige(text)} – keine Zahl."
    ganz, bruch = treffer.group(1), treffer.group(2)
    if not geld:
        if bruch is not None:
            return None, f"{zeige(text)} – eine Anzahl muss eine ganze Zahl sein{tausender}."
        wert = int(ganz)
    else:
        if bruch is not None and len(bruch) > 2:
            return None, (
                f"{zeige(text)} – ein Geldbetrag darf höchstens 2 Nachkommastellen "
                f"haben{tausender}."
            )
        wert = int(Decimal(zahl).scaleb(2))
    if wert > MAX_WERT:
        return None, f"{zeige(text)} – der Wert ist unplausibel groß."
    return wert, None
