"""Vergleich innerhalb eines Rings: Rang, Median, Quartile – exakt, ohne Gleitkomma.

- **Rang**: 1 ist der beste Wert. Richtung „höher besser“: absteigend; „niedriger besser“:
  aufsteigend; „neutral“: absteigend nach Größe (und so benannt). Gleiche Werte teilen sich
  den Rang, der nächste zählt weiter (1, 2, 2, 4). Nicht berechenbare Werte haben keinen Rang.
- **Quantile** (Median = 50 %, Quartile = 25 % und 75 %): lineare Interpolation zwischen den
  geordneten Werten x₀ ≤ … ≤ xₙ₋₁ an der Stelle p = (n − 1) · q (wie QUARTILE.INKL in
  Tabellenkalkulationen), exakt über Brüche.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from .katalog import NIEDRIGER
from .kennzahlen import DEZIMALREGELN

Zahl = Decimal | Fraction | int


def _decimal(wert: Fraction) -> Decimal:
    with localcontext(DEZIMALREGELN):
        return Decimal(wert.numerator) / wert.denominator


def raenge(werte: Mapping[str, Zahl | None], richtung: str) -> dict[str, int | None]:
    """Rang je Schlüssel (1 = bester); None für nicht berechenbare Werte."""
    berechnet = [(Fraction(w), k) for k, w in werte.items() if w is not None]
    aufsteigend = richtung == NIEDRIGER
    geordnet = sorted(berechnet, key=lambda p: p[0], reverse=not aufsteigend)
    rang: dict[str, int | None] = dict.fromkeys(werte)
    vorher: Fraction | None = None
    platz = 0
    for i, (wert, schluessel) in enumerate(geordnet, start=1):
        if wert != vorher:
            platz, vorher = i, wert
        rang[schluessel] = platz
    return rang


def quantil(sortiert: list[Fraction], q: Fraction) -> Fraction:
    """Quantil q (0 … 1) der aufsteigend sortierten, nicht leeren Liste (lineare Interpolation)."""
    if not sortiert:
        raise ValueError("Quantil einer leeren Liste")
    p = (len(sortiert) - 1) * q
    unten = int(p)  # p ≥ 0: abrunden
    if unten + 1 >= len(sortiert):
        return sortiert[-1]
    return sortiert[unten] + (p - unten) * (sortiert[unten + 1] - sortiert[unten])


@dataclass(frozen=True)
class Verteilung:
    anzahl: int
    minimum: Decimal
    q1: Decimal
    median: Decimal
    q3: Decimal
    maximum: Decimal


def verteilung(werte: Iterable[Zahl | None]) -> Verteilung | None:
    """Fünf-Punkte-Zusammenfassung der berechenbaren Werte; None ohne Werte."""
    sortiert = sorted(Fraction(w) for w in werte if w is not None)
    if not sortiert:
        return None
    return Verteilung(
        len(sortiert),
        _decimal(sortiert[0]),
        _decimal(quantil(sortiert, Fraction(1, 4))),
        _decimal(quantil(sortiert, Fraction(1, 2))),
        _decimal(quantil(sortiert, Fraction(3, 4))),
        _decimal(sortiert[-1]),
    )


def rang_text(rang: int | None, anzahl: int, richtung: str) -> str:
    """„Rang 3 von 10“; bei neutraler Richtung „Platz 3 von 10 (nach Größe)“; sonst „–“."""
    if rang is None:
        return "–"
    if richtung not in ("hoeher", NIEDRIGER):
        return f"Platz {rang} von {anzahl} (nach Größe)"
    return f"Rang {rang} von {anzahl}"
