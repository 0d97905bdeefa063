"""Bausteine der Kennzahlen-Anzeige: Zellen (`tabellen.modell.Zelle`: Text und Wert), Fußnoten
für Gründe, Texte.

Gerundet wird nur in `zielvereinbarung.format`; hier wird nur ausgewählt, welches Format ein Wert
bekommt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ...domain.katalog import EURO, HOEHER, NIEDRIGER, PERSONEN
from ...domain.kennzahlen import FORMEL, Ergebnis
from ...format import LEER, datum
from ...tabellen import modell as tm
from ...tabellen.modell import Spalte, Zelle

GESCHLECHT_TEXT = {"gesamt": "Gesamt", "frauen": "Frauen", "maenner": "Männer"}
RICHTUNG_TEXT = {HOEHER: "besser: höher", NIEDRIGER: "besser: niedriger"}
NEUTRAL_TEXT = "neutral (keine Wertung)"


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


def kennzahl_art(code: str) -> str:
    """Veränderungs-Kennzahlen (K1, K1E1, K1E2, K3) mit Vorzeichen, Quoten ohne; 1 Stelle."""
    return tm.VERAENDERUNG if FORMEL[code].veraenderung else tm.PROZENT


def kennzahl_text(code: str, wert: Decimal | None) -> str:
    return Spalte(code, kennzahl_art(code)).zelle(wert).text


def einheit_art(einheit: str) -> tuple[str, int]:
    """Zielindikator-Werte: Prozent (1 Stelle), Personen (ganze Zahl) oder Euro (Cent)."""
    if einheit == PERSONEN:
        return tm.ANZAHL, 0
    if einheit == EURO:
        return tm.EURO, 2
    return tm.PROZENT, 1


EINHEIT_NAME = {PERSONEN: "Personen", EURO: "EUR"}


def einheit_text(einheit: str, wert: Decimal | None) -> str:
    art, stellen = einheit_art(einheit)
    return Spalte("", art, stellen).zelle(wert).text


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
    art = kennzahl_art(code)
    if e.wert is None:
        nr = fussnoten.nummer(e.grund or "") if fussnoten is not None else None
        return Zelle(LEER, None, art, grund=e.grund, fussnote=nr, markiert=markiert, zusatz=zusatz)
    return Spalte(code, art).zelle(e.wert, art=art, markiert=markiert, zusatz=zusatz)


def wert_zelle(
    einheit: str, wert: Decimal | None, grund: str | None, markiert: bool = False
) -> Zelle:
    """Ein Zielindikatorwert in seiner Einheit; ohne Wert mit Grund."""
    art, stellen = einheit_art(einheit)
    return Spalte("", art, stellen).zelle(
        wert, art=art, stellen=stellen, grund=grund if wert is None else None, markiert=markiert
    )


def veraenderung_zelle(wert: Decimal | None, grund: str | None, markiert: bool = False) -> Zelle:
    return Spalte("", tm.VERAENDERUNG).zelle(
        wert, art=tm.VERAENDERUNG, grund=grund if wert is None else None, markiert=markiert
    )


def datenstand_text(datenstand: tuple[date, date] | None) -> str:
    """„15.09.2026“ oder „15.09.2026 bis 15.10.2026“ (ältester bis neuester geltender Stand)."""
    if datenstand is None:
        return "keine Basiszahlen vorhanden"
    aeltester, neuester = datenstand
    if aeltester == neuester:
        return datum(neuester)
    return f"{datum(aeltester)} bis {datum(neuester)}"
