"""Namen von Trägern mit Artikel im Satz: „zwischen dem Land Niedersachsen und dem Landkreis
Peine“, „Zielvereinbarungen des Landkreises Peine“. Rein (kein Flask, keine Datenbank).

Das Geschlecht richtet sich nach dem ersten Wort des amtlichen Namens (`daten/kreise.csv`):
- weiblich: Stadt, Landeshauptstadt, Hansestadt, Region, StädteRegion → „der Stadt Wolfsburg“,
  Genitiv ebenso „der Stadt Wolfsburg“;
- männlich: Landkreis, Kreis, …kreis, Regionalverband → „dem Landkreis Peine“, Genitiv „des
  Landkreises Peine“, „des Main-Kinzig-Kreises“, „des Regionalverbandes Saarbrücken“; ein
  Adjektiv davor wird gebeugt: „dem Märkischen Kreis“, „des Märkischen Kreises“;
- ohne Gattungswort (Berlin, Bonn): kein Artikel, „mit Berlin“, Genitiv „von Berlin“.
"""

from __future__ import annotations

WEIBLICH = ("Stadt", "Landeshauptstadt", "Hansestadt", "Region", "StädteRegion", "Städteregion")
_MAENNLICH_ENDUNG = ("kreis", "Kreis", "verband")


def _geschlecht(woerter: list[str]) -> str | None:
    """'f', 'm' oder None (Name ohne Gattungswort)."""
    if woerter[0] in WEIBLICH:
        return "f"
    if any(w.endswith(_MAENNLICH_ENDUNG) for w in woerter[:2]):
        return "m"
    return None


def _adjektiv(woerter: list[str], endung: str) -> list[str]:
    """„Märkischer Kreis“ → „Märkischen Kreis“ (schwache Beugung nach dem Artikel)."""
    if len(woerter) > 1 and woerter[0].endswith("er") and woerter[1].endswith(_MAENNLICH_ENDUNG):
        return [woerter[0][:-2] + endung, *woerter[1:]]
    return woerter


def dativ(name: str) -> str:
    """„dem Landkreis Peine“, „der Stadt Wolfsburg“, „dem Märkischen Kreis“, „Berlin“."""
    woerter = name.split(" ")
    geschlecht = _geschlecht(woerter)
    if geschlecht == "f":
        return f"der {name}"
    if geschlecht == "m":
        return "dem " + " ".join(_adjektiv(woerter, "en"))
    return name


def genitiv(name: str) -> str:
    """„des Landkreises Peine“, „der Stadt Wolfsburg“, „des Märkischen Kreises“, „von Berlin“."""
    woerter = name.split(" ")
    geschlecht = _geschlecht(woerter)
    if geschlecht == "f":
        return f"der {name}"
    if geschlecht != "m":
        return f"von {name}"
    woerter = _adjektiv(woerter, "en")
    i = next(i for i, w in enumerate(woerter) if w.endswith(_MAENNLICH_ENDUNG))
    woerter[i] += "es"
    return "des " + " ".join(woerter)
