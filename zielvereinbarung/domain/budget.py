"""Budgetrahmen: ausgegebene Mittel, Anteil am Budget und Projektion auf Dezember (DOMAIN.md § 10).

Rein: Beträge sind ganze Cent (int), Monate 1–12; kein Float, keine Datenbank, keine Uhr.

- Ausgegeben bis Monat m: Summe Januar bis m. Fehlt ein Monat dazwischen (nicht gemeldet), ist
  die Summe unvollständig: sie wird gezeigt, aber nicht projiziert.
- Projektion auf Dezember, je Topf (Eingliederung, Verwaltung):
  * **Saisonmuster des Vorjahres**, wenn das Vorjahr vollständig gemeldet ist (alle 12 Monate)
    und bis m etwas ausgegeben hat: `spent_Y(m) × spent_{Y−1}(12) / spent_{Y−1}(m)`;
  * sonst **linear** aus dem Monatsdurchschnitt bis jetzt: `spent_Y(m) × 12 / m`.
  Gerundet auf ganze Cent (kaufmännisch, halbe Cent aufwärts). Die Methode steht neben der Zahl.
- Anteil am Budget in Prozent (exakt als Fraction; die Darstellung rundet).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

SAISONAL = "saisonal"
LINEAR = "linear"

METHODEN = {
    SAISONAL: "Saisonmuster des Vorjahres (Ausgaben bis zum Monat × Vorjahr Dezember ÷ Vorjahr "
    "bis zum selben Monat)",
    LINEAR: "linear aus dem Monatsdurchschnitt bis jetzt (Ausgaben bis zum Monat × 12 ÷ Monate)",
}

TOEPFE = ("eingliederung", "verwaltung")
TOPF_NAMEN = {"eingliederung": "Eingliederungsmittel", "verwaltung": "Verwaltungsmittel"}


def runde_cent(wert: Fraction) -> int:
    """Auf ganze Cent, halbe Cent aufwärts (Beträge sind nie negativ)."""
    return int((wert * 2 + 1) // 2)


def summe_bis(monate: Mapping[int, int | None], m: int) -> tuple[int, tuple[int, ...]]:
    """(Summe der gemeldeten Monate 1..m, fehlende Monate)."""
    fehlend = tuple(i for i in range(1, m + 1) if monate.get(i) is None)
    return sum(monate.get(i) or 0 for i in range(1, m + 1)), fehlend


@dataclass(frozen=True)
class Projektion:
    cent: int | None  # None: keine Projektion (unvollständig oder keine Daten)
    methode: str | None  # SAISONAL, LINEAR oder None


def projiziere(
    monate: Mapping[int, int | None], m: int, vorjahr: Mapping[int, int | None]
) -> Projektion:
    """Projektion der Jahresausgaben eines Topfs aus den Monatswerten (Cent) bis `m`.

    `monate`/`vorjahr`: Monat (1–12) → Ausgaben im Monat (Cent) oder None (nicht gemeldet)."""
    if not 1 <= m <= 12:
        raise ValueError(f"Monat {m} außerhalb 1–12")
    bisher, fehlend = summe_bis(monate, m)
    if fehlend:
        return Projektion(None, None)
    vj_jahr, vj_fehlend = summe_bis(vorjahr, 12)
    vj_bis, _ = summe_bis(vorjahr, m)
    if not vj_fehlend and vj_bis > 0:
        return Projektion(runde_cent(Fraction(bisher * vj_jahr, vj_bis)), SAISONAL)
    return Projektion(runde_cent(Fraction(bisher * 12, m)), LINEAR)


def anteil(cent: int | None, budget: int | None) -> Fraction | None:
    """Anteil in Prozent (exakt) oder None (kein Budget, Budget 0, kein Wert)."""
    if cent is None or not budget:
        return None
    return Fraction(cent * 100, budget)


@dataclass(frozen=True)
class Topfstand:
    topf: str
    budget: int | None  # Cent
    ausgegeben: int | None  # Cent, Januar bis Monat (None: nichts gemeldet)
    fehlende_monate: tuple[int, ...]
    anteil: Fraction | None
    projektion: Projektion
    anteil_projektion: Fraction | None


def topfstand(
    topf: str,
    budget: int | None,
    monate: Mapping[int, int | None],
    m: int,
    vorjahr: Mapping[int, int | None],
) -> Topfstand:
    bisher, fehlend = summe_bis(monate, m)
    gemeldet = any(monate.get(i) is not None for i in range(1, m + 1))
    ausgegeben = bisher if gemeldet else None
    projektion = projiziere(monate, m, vorjahr) if gemeldet else Projektion(None, None)
    return Topfstand(
        topf,
        budget,
        ausgegeben,
        fehlend if gemeldet else (),
        anteil(ausgegeben, budget),
        projektion,
        anteil(projektion.cent, budget),
    )
