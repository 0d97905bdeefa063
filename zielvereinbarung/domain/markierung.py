"""Plausibilitätsmarkierung berechneter Werte (DOMAIN.md § 2: der Hinweis wird überall gezeigt,
wo der Wert verwendet wird).

Ein Hinweis `{"felder": [a, b], "regel": "a > b"}` am geltenden Stand der Basiszahl des Monats m
markiert die Zellen a[m] und b[m]. Ein berechneter Wert (Kennzahl oder Zielindikator) ist
markiert, wenn mindestens eine der Zellen, die seine Formel liest, markiert ist – z. B. K2 im
Monat t, wenn integrationen[t-11..t] oder elb[t-12..t-1] einen Hinweis trägt.

Zellen werden als `(feld, von, bis)` mit absoluten Monatsindizes (beide einschließlich)
angegeben, wie in `kennzahlen.luecken_grund`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .kennzahlen import FORMEL

Hinweise = Mapping[int, Sequence[dict[str, Any]]]
"""Monatsindex → Plausibilitätshinweise des geltenden Stands dieses Monats."""

Zellen = Sequence[tuple[str, int, int]]


def kennzahl_zellen(code: str, monat: int) -> list[tuple[str, int, int]]:
    """Die Zellen, die die Kennzahl `code` im Monat `monat` liest (Zähler, dann Nenner)."""
    formel = FORMEL[code]
    return [(f.feld, monat + f.von, monat + f.bis) for f in (formel.zaehler, formel.nenner)]


def markierende_hinweise(
    hinweise: Hinweise, zellen: Iterable[tuple[str, int, int]]
) -> list[tuple[int, dict[str, Any]]]:
    """Die Hinweise (Monat, Hinweis), die eine der Zellen markieren; früheste zuerst, ohne
    Doppel."""
    if not hinweise:
        return []
    treffer: dict[tuple[int, str], tuple[int, dict[str, Any]]] = {}
    for feld, von, bis in zellen:
        for m in range(von, bis + 1):
            for hinweis in hinweise.get(m, ()):
                if feld in hinweis.get("felder", ()):
                    treffer.setdefault((m, hinweis.get("regel", "")), (m, hinweis))
    return [treffer[k] for k in sorted(treffer)]


def ist_markiert(hinweise: Hinweise, zellen: Iterable[tuple[str, int, int]]) -> bool:
    """Liest der Wert mindestens eine Zelle mit Plausibilitätshinweis?"""
    if not hinweise:
        return False
    for feld, von, bis in zellen:
        for m in range(von, bis + 1):
            for hinweis in hinweise.get(m, ()):
                if feld in hinweis.get("felder", ()):
                    return True
    return False
