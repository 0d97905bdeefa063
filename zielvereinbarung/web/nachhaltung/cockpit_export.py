"""Das Cockpit als XLSX/CSV: genau die gewählten Zeilen in der Reihenfolge der Seite, danach die
Landeszeilen (`services.nachhaltung.cockpit_auswahl.tabelle`), Zahlen als Zahlen (Quoten und
Zielerreichung mit einer Stelle, Personen und Euro ganz), Einheiten im Kopf, Datenstand und
Demodaten-Vermerk wie auf der Seite."""

from __future__ import annotations

from ...domain.katalog import EURO, PROZENT
from ...services.nachhaltung.cockpit import Cockpit, Zeile
from ...services.nachhaltung.cockpit_auswahl import tabelle
from ...tabellen import modell as tm
from ...tabellen.modell import Mappe, Spalte, Tabelle

VORNE = 5  # Träger, Kreisschlüssel, Land, Vergleichstyp, Vereinbarung
JE_INDIKATOR = 6  # Wert, Ziel, Zielniveau, Projektion, Zielerreichung, Status


def _zahlspalte(titel: str, einheit: str) -> Spalte:
    """Quoten als Prozent (eine Stelle), Euro und Personen ganz; die Einheit setzt die Spalte."""
    if einheit == PROZENT:
        return Spalte(titel.removesuffix(" (%)"), tm.PROZENT, 1)
    if einheit == EURO:
        return Spalte(titel.removesuffix(" (EUR)"), tm.EURO, 0)
    return Spalte(titel, tm.ANZAHL)


def cockpit_mappe(c: Cockpit, zeilen: list[Zeile]) -> Mappe:
    roh = tabelle(c, zeilen)
    titel = iter(roh.spalten)
    spalten = [Spalte(next(titel), zeilenkopf=i == 0) for i in range(VORNE)]
    for _code, _name, einheit in c.indikatoren:
        spalten += [
            _zahlspalte(next(titel), einheit),
            Spalte(next(titel)),
            _zahlspalte(next(titel), einheit),
            _zahlspalte(next(titel), einheit),
            _zahlspalte(next(titel), PROZENT),
            Spalte(next(titel)),
        ]
    t = Tabelle("Cockpit", roh.titel, spalten)
    for reihe in roh.zeilen:  # eine Zeile ohne Stände (z. B. noch keine Daten) bleibt leer
        t.zeile(*reihe, *[None] * (len(spalten) - len(reihe)))
    name = f"Nachhaltung {c.jahr} {c.land_name} {c.daten_bis.removeprefix('Daten bis ')}"
    return Mappe(roh.titel, name, [t], datenstand=c.datenstand, demodaten=c.demodaten)
