"""Die Formelsprache der Ring-Kennzahlen (DOMAIN.md § 11): parsen, beim Speichern prüfen,
exakt auswerten – auch als Aggregat über die Mitglieder eines Rings.

    formel = lies_formel("summe(integrationen, 12) / mittel_vor(elb, 12) * 100", STANDARD_NAMEN)
    berechne(formel, reihe, monat_index("2024-12"))  # → Ergebnis(Decimal(...), None)
"""

from ..basiszahlen import FELDNAMEN, GELDFELDER
from .auswertung import (
    aggregat_exakt,
    berechne,
    berechne_aggregat,
    berechne_exakt,
    berechne_verlauf,
    zellen,
)
from .darstellung import benoetigte_monate, geklammert
from .pruefung import FUNKTIONEN, MAX_MONATE, Formel, lies_formel
from .syntax import FormelFehler

# Die gesetzlichen Basiszahlen (§ 2) mit ihrem Skalenteiler: Geld ist in Cent gespeichert.
STANDARD_NAMEN: dict[str, int] = {f: 100 if f in GELDFELDER else 1 for f in FELDNAMEN}

__all__ = [
    "FUNKTIONEN",
    "MAX_MONATE",
    "STANDARD_NAMEN",
    "Formel",
    "FormelFehler",
    "aggregat_exakt",
    "benoetigte_monate",
    "berechne",
    "berechne_aggregat",
    "berechne_exakt",
    "berechne_verlauf",
    "geklammert",
    "lies_formel",
    "zellen",
]
