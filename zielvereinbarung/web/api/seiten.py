"""Seitenweise Listen: aus einer vollständigen, sortierten Liste die gewünschte Seite."""

from __future__ import annotations

from collections.abc import Sequence


def seite_von(eintraege: Sequence, seite: int, pro_seite: int) -> dict:
    """Kopf (`seite`, `pro_seite`, `gesamt`, `naechste_seite`) und `eintraege` der Seite."""
    anfang = (seite - 1) * pro_seite
    gesamt = len(eintraege)
    return {
        "seite": seite,
        "pro_seite": pro_seite,
        "gesamt": gesamt,
        "naechste_seite": seite + 1 if anfang + pro_seite < gesamt else None,
        "eintraege": list(eintraege[anfang : anfang + pro_seite]),
    }
