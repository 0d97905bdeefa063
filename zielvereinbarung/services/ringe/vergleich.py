"""Ansichtsmodelle des Ringvergleichs – für Webseite, XLSX-Export, Jahresbericht und CLI.

Je Kennzahl und Monat: die Werte der Mitglieder mit Rang, Median, Quartile, Ringwert
(Aggregat mit Abdeckung) und Plausibilitätshinweisen; die Jahressicht ist der Wert im Dezember
(Jahreswerte definiert ein Ring mit `jahr_bis`, `jahresmittel_bis` oder `summe(x, 12)`).
Sichtbarkeit (Freigabe, Jahre der Mitgliedschaft) prüft der Aufrufer über `sicht`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...domain.basiszahlen import monat_text
from ...domain.kennzahlen import Ergebnis
from ...domain.ringe import KATEGORIEN, KENNZAHL_EINHEITEN, RICHTUNGEN
from ...domain.ringvergleich import Verteilung, raenge, rang_text, verteilung
from ...format import zahl
from ...models.ring import RingKennzahl
from .berechnung import KennzahlMonat, berechne_kennzahl, berechne_verlauf
from .daten import RingDaten


def wert_text(wert: Decimal | None, einheit: str) -> str:
    """Deutsch formatiert in der Einheit der Kennzahl, z. B. „12,3 %“, „1.234,56 €“, „–“."""
    e = KENNZAHL_EINHEITEN[einheit]
    if wert is None:
        return "–"
    return f"{zahl(wert, e.nachkommastellen)} {e.zeichen}".rstrip()


@dataclass(frozen=True)
class Zeile:
    ags: str
    name: str
    land: str
    ergebnis: Ergebnis
    rang: int | None
    rang_text: str
    hinweise: list[dict]
    eigener: bool


@dataclass(frozen=True)
class Vergleich:
    kennzahl: RingKennzahl
    monat: int
    zeilen: list[Zeile]  # nach Rang, nicht berechenbare am Ende
    verteilung: Verteilung | None
    ring: Ergebnis
    mitglieder: int

    @property
    def einheit(self) -> str:
        return KENNZAHL_EINHEITEN[self.kennzahl.einheit].zeichen

    @property
    def stellen(self) -> int:
        return KENNZAHL_EINHEITEN[self.kennzahl.einheit].nachkommastellen

    @property
    def kategorie(self) -> str:
        return KATEGORIEN[self.kennzahl.kategorie]

    @property
    def richtung(self) -> str:
        return RICHTUNGEN[self.kennzahl.richtung]

    @property
    def monat_text(self) -> str:
        return monat_text(self.monat)

    def eigene_zeile(self) -> Zeile | None:
        return next((z for z in self.zeilen if z.eigener), None)


def vergleich_aus(daten: RingDaten, km: KennzahlMonat, eigener: str | None = None) -> Vergleich:
    richtung = km.kennzahl.richtung
    werte = {ags: w.ergebnis.wert for ags, w in km.werte.items()}
    rang = raenge(werte, richtung)
    anzahl = sum(1 for w in werte.values() if w is not None)
    zeilen = []
    for ags, w in km.werte.items():
        traeger = daten.traeger.get(ags)
        zeilen.append(
            Zeile(
                ags,
                traeger.name if traeger else ags,
                traeger.land_code if traeger else "",
                w.ergebnis,
                rang[ags],
                rang_text(rang[ags], anzahl, richtung),
                w.hinweise,
                ags == eigener,
            )
        )
    zeilen.sort(key=lambda z: (z.rang is None, z.rang or 0, z.name))
    return Vergleich(
        km.kennzahl, km.monat, zeilen, verteilung(werte.values()), km.ring, len(km.werte)
    )


def vergleiche(daten: RingDaten, kennzahl: RingKennzahl, monat: int, eigener: str | None):
    return vergleich_aus(daten, berechne_kennzahl(daten, kennzahl, monat), eigener)


@dataclass(frozen=True)
class Verlaufspunkt:
    monat: int
    eigener: Decimal | None
    median: Decimal | None
    ring: Decimal | None


def verlauf(
    daten: RingDaten, code: str, monate: list[int], eigener: str | None
) -> list[Verlaufspunkt]:
    """Eigener Wert, Median der Mitglieder und Ringwert je Monat."""
    punkte = []
    for monat, km in berechne_verlauf(daten, code, monate).items():
        v = verteilung(w.ergebnis.wert for w in km.werte.values())
        eigen = km.werte.get(eigener) if eigener else None
        punkte.append(
            Verlaufspunkt(
                monat,
                eigen.ergebnis.wert if eigen else None,
                v.median if v else None,
                km.ring.wert,
            )
        )
    return punkte
