"""Bausteine der Kennzahlen-Anzeige: formatierte Zellen, Fußnoten für Gründe, Texte.

Gerundet wird nur in `zielvereinbarung.format`; hier wird nur ausgewählt, welches Format ein Wert
bekommt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ...domain.katalog import EURO, HOEHER, NIEDRIGER, PERSONEN
from ...domain.kennzahlen import FORMEL, Ergebnis
from ...format import LEER, datum, euro, prozent, veraenderung, zahl

GESCHLECHT_TEXT = {"gesamt": "Gesamt", "frauen": "Frauen", "maenner": "Männer"}
RICHTUNG_TEXT = {HOEHER: "besser: höher", NIEDRIGER: "besser: niedriger"}
NEUTRAL_TEXT = "neutral (keine Wertung)"


@dataclass(frozen=True)
class Zelle:
    """Ein angezeigter Wert: Text ("26,9 %" oder "–"), Grund bei fehlendem Wert, Markierung."""

    text: str
    grund: str | None = None
    markiert: bool = False  # verwendet Basiszahlen mit Plausibilitätshinweis
    fussnote: int | None = None  # Nummer des Grundes in der Fußnotenliste (Tabellen)
    zusatz: str | None = None  # z. B. die Abdeckung eines Aggregats


@dataclass
class Fussnoten:
    """Gründe nicht berechenbarer Werte, jeder Text einmal nummeriert (in Reihenfolge des
    Auftretens)."""

    nummern: dict[str, int] = field(default_factory=dict)

    def nummer(self, grund: str) -> int:
        return self.nummern.setdefault(grund, len(self.nummern) + 1)

    def liste(self) -> list[tuple[int, str]]:
        return [(nr, text) for text, nr in self.nummern.items()]


def richtung(besser: str) -> str:
    return RICHTUNG_TEXT.get(besser, NEUTRAL_TEXT)


def kennzahl_text(code: str, wert: Decimal | None) -> str:
    """Veränderungs-Kennzahlen (K1, K1E1, K1E2, K3) mit Vorzeichen, Quoten ohne."""
    return veraenderung(wert) if FORMEL[code].veraenderung else prozent(wert)


def einheit_text(einheit: str, wert: Decimal | None) -> str:
    """Zielindikator-Werte: Prozent, Personen (ganze Zahl) oder Euro."""
    if einheit == PERSONEN:
        return zahl(wert, 0)
    if einheit == EURO:
        return euro(wert)
    return prozent(wert)


def kennzahl_zelle(
    code: str,
    e: Ergebnis,
    markiert: bool = False,
    fussnoten: Fussnoten | None = None,
    abdeckung_von: int | None = None,
) -> Zelle:
    """Eine Kennzahl als Zelle; mit `fussnoten` bekommt ein Grund eine Nummer statt Fließtext,
    mit `abdeckung_von` (Zahl der Mitglieder) zeigt ein Aggregat seine Abdeckung."""
    zusatz = None
    if abdeckung_von is not None:
        zusatz = f"{e.abdeckung or 0} von {abdeckung_von} Trägern"
    if e.wert is None:
        nr = fussnoten.nummer(e.grund or "") if fussnoten is not None else None
        return Zelle(LEER, e.grund, markiert, nr, zusatz)
    return Zelle(kennzahl_text(code, e.wert), None, markiert, None, zusatz)


def wert_zelle(text: str, grund: str | None, markiert: bool = False) -> Zelle:
    return Zelle(text, grund if text == LEER else None, markiert)


def datenstand_text(datenstand: tuple[date, date] | None) -> str:
    """„15.09.2026“ oder „15.09.2026 bis 15.10.2026“ (ältester bis neuester geltender Stand)."""
    if datenstand is None:
        return "keine Basiszahlen vorhanden"
    aeltester, neuester = datenstand
    if aeltester == neuester:
        return datum(neuester)
    return f"{datum(aeltester)} bis {datum(neuester)}"
