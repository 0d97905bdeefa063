"""Deutsche Darstellung von Zahlen, Monaten, Daten und Zeitpunkten – die einzige Stelle dafür.

Zahlen: nur hier wird gerundet, kaufmännisch (ROUND_HALF_UP, ,5 von der Null weg), exakt über
Brüche, damit keine Zwischenrundung das Ergebnis verschiebt.

- `prozent(Decimal("-1.44"))` → "−1,4 %" (Minuszeichen U+2212, Dezimalkomma, Leerzeichen vor %)
- `zahl(4850)` → "4.850" (Tausenderpunkt)
- `euro(Decimal("1234567.891"))` → "1.234.567,89 €"
- `veraenderung(Decimal("2.5"))` → "+2,5 %" (Vorzeichen immer; 0 → "±0,0 %")
- `vorzeichen(Decimal("0.58"), 2)` → "+0,58" (Abstand ohne Einheit)
- fehlender Wert (None) → "–" (Halbgeviertstrich)
- `parse_dezimal("1.234,5")` → Decimal("1234.5")

Zeit: Ortszeit ist `ZEITZONE` (Europe/Berlin); ein Zeitpunkt ohne Zeitzone gilt als UTC.
- `monat_lang("2026-08")` → "August 2026", `MONATSKUERZEL[0]` → "Jan"
- `jahr_bis("2026-09")` → "Jan–Sep 2026" (Zeitraum eines Jahresfortschrittswerts)
- `datum(date(2026, 9, 15))` → "15.09.2026"; `zeitpunkt(…)` → "24.11.2026, 14:05 Uhr"
Reines Python (keine Uhr, kein Flask): auch `domain/` darf es benutzen.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

LEER = "–"  # U+2013
MINUS = "−"  # U+2212

Zahl = Decimal | int | Fraction


def _runde(wert: Zahl, stellen: int) -> tuple[bool, str, str]:
    """(negativ, Ganzzahlteil, Nachkommastellen) nach ROUND_HALF_UP auf `stellen` Stellen."""
    if isinstance(wert, bool) or not isinstance(wert, (Decimal, int, Fraction)):
        raise TypeError(f"Keine exakte Zahl: {wert!r}")
    if isinstance(wert, Decimal) and not wert.is_finite():
        raise ValueError(f"Keine endliche Zahl: {wert}")
    if stellen < 0:
        raise ValueError("stellen darf nicht negativ sein")
    skaliert = Fraction(wert) * 10**stellen
    betrag = abs(skaliert)
    ganz = int(betrag + Fraction(1, 2))  # int() schneidet ab: ⌊|x| + ½⌋ = halb aufrunden
    ziffern = str(ganz).rjust(stellen + 1, "0")
    vorne, hinten = ziffern[: len(ziffern) - stellen], ziffern[len(ziffern) - stellen :]
    return skaliert < 0 and ganz != 0, vorne, hinten


def _deutsch(wert: Zahl, stellen: int, plus: bool = False) -> str:
    negativ, vorne, hinten = _runde(wert, stellen)
    gruppiert = f"{int(vorne):,}".replace(",", ".")
    text = gruppiert + ("," + hinten if stellen else "")
    if negativ:
        return MINUS + text
    if plus:
        return ("±" if int(vorne + hinten) == 0 else "+") + text
    return text


def gerundet(wert: Zahl, stellen: int) -> Decimal:
    """Der Wert, wie die Anzeige ihn rundet (ROUND_HALF_UP, exakt), als Decimal mit genau
    `stellen` Nachkommastellen – für Dateien, die dieselbe Zahl wie die Seite enthalten sollen."""
    negativ, vorne, hinten = _runde(wert, stellen)
    return Decimal(("-" if negativ else "") + vorne + ("." + hinten if stellen else ""))


def zahl(wert: Zahl | None, stellen: int = 0) -> str:
    """Zahl mit Tausenderpunkt und Dezimalkomma, z. B. 4850 → "4.850", −2,25 → "−2,3" (1 Stelle)."""
    return LEER if wert is None else _deutsch(wert, stellen)


def prozent(wert: Zahl | None, stellen: int = 1) -> str:
    """Prozentwert (schon × 100), z. B. Decimal("26.86") → "26,9 %"."""
    return LEER if wert is None else _deutsch(wert, stellen) + " %"


def veraenderung(wert: Zahl | None, stellen: int = 1) -> str:
    """Veränderung in Prozent mit Vorzeichen: "+2,5 %", "−1,4 %", "±0,0 %"."""
    return LEER if wert is None else _deutsch(wert, stellen, plus=True) + " %"


def vorzeichen(wert: Zahl | None, stellen: int = 0) -> str:
    """Zahl mit Vorzeichen ohne Einheit: "+0,58", "−97", "±0" (für Abstände in Prozentpunkten,
    Personen oder Euro)."""
    return LEER if wert is None else _deutsch(wert, stellen, plus=True)


def nachkommastellen(wert: Decimal | None, mindestens: int = 1) -> int:
    """Wie viele Nachkommastellen ein eingegebener Wert trägt, mindestens `mindestens`:
    Decimal("2.25") → 2, Decimal("2.5") → 1, Decimal("3") → 1."""
    if wert is None or not wert.is_finite():
        return mindestens
    exponent = wert.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # endliche Zahl (oben geprüft): nie "n", "N" oder "F"
    return max(mindestens, -exponent)


def euro(wert: Zahl | None) -> str:
    """Betrag in EUR (nicht Cent) auf Cent gerundet: "1.234.567,89 €"."""
    return LEER if wert is None else _deutsch(wert, 2) + " €"


_DEZIMAL = re.compile(r"([+\-−]?)([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]+))?")


def parse_dezimal(text: str) -> Decimal:
    """Deutsche Eingabe → Decimal: "2,5", "-2,5", "−2,5", "+2,5", "1.234,5", "27".

    Tausenderpunkte nur in Dreiergruppen; ein Dezimalpunkt ("2.5") ist mehrdeutig und wird
    abgelehnt. ValueError mit deutscher Meldung bei allem anderen.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Bitte eine Zahl eingeben.")
    treffer = _DEZIMAL.fullmatch(text.strip())
    if not treffer:
        raise ValueError(
            f"„{text.strip()}“ ist keine Zahl im deutschen Format (Beispiele: 2,5 oder −1.234,5)."
        )
    vorzeichen, ganz, nachkomma = treffer.groups()
    zahl_text = ("-" if vorzeichen in ("-", MINUS) else "") + ganz.replace(".", "")
    if nachkomma:
        zahl_text += "." + nachkomma
    return Decimal(zahl_text)


ZEITZONE_NAME = "Europe/Berlin"
ZEITZONE = ZoneInfo(ZEITZONE_NAME)

MONATSNAMEN = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
MONATSKUERZEL = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")


def monat_lang(monat: str | int | None) -> str:
    """'2026-08' (oder der Monatsindex) → „August 2026“; leer bei None oder ''."""
    if isinstance(monat, int):
        return monat_lang_index(monat)
    if not monat:
        return ""
    return f"{MONATSNAMEN[int(monat[5:7]) - 1]} {monat[:4]}"


def monat_lang_index(index: int) -> str:
    """Monatsindex (Jahr × 12 + Monat − 1) → „August 2026“."""
    return f"{MONATSNAMEN[index % 12]} {index // 12}"


def jahr_bis(monat: str | None) -> str:
    """Der Zeitraum eines Jahresfortschrittswerts: '2026-09' → „Jan–Sep 2026“, '2026-01' →
    „Jan 2026“, '2026-12' → „2026“ (das ganze Jahr); leer bei None oder ''."""
    if not monat:
        return ""
    jahr, m = monat[:4], int(monat[5:7])
    if m == 12:
        return jahr
    if m == 1:
        return f"{MONATSKUERZEL[0]} {jahr}"
    return f"{MONATSKUERZEL[0]}–{MONATSKUERZEL[m - 1]} {jahr}"


def ortszeit(wert: datetime) -> datetime:
    """Der Zeitpunkt in deutscher Ortszeit; ohne Zeitzone gilt er als UTC."""
    if wert.tzinfo is None:
        wert = wert.replace(tzinfo=UTC)
    return wert.astimezone(ZEITZONE)


def datum(wert: date | datetime | None) -> str:
    """„15.09.2026“ (ein Zeitpunkt: der Tag in deutscher Ortszeit); leer bei None."""
    if wert is None:
        return ""
    if isinstance(wert, datetime):
        wert = ortszeit(wert)
    return wert.strftime("%d.%m.%Y")


def zeitpunkt(wert: datetime | None) -> str:
    """„24.11.2026, 14:05 Uhr“ in deutscher Ortszeit; leer bei None."""
    if wert is None:
        return ""
    return ortszeit(wert).strftime("%d.%m.%Y, %H:%M Uhr")


_DIN5007 = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def sortierschluessel(text: str) -> str:
    """Schlüssel für deutsche Sortierung nach DIN 5007-1 (Umlaute wie Grundbuchstaben, ß wie ss,
    Groß/Klein egal): „Göttingen“ vor „Grafschaft Bentheim“."""
    return text.casefold().translate(_DIN5007)
