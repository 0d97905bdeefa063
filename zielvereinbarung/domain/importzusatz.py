"""Zusatzspalten im Basiszahlen-Import (z. B. die eigenen Basiszahlen der Vergleichsringe):
die Schnittstelle `Zusatzspalten` und das Lesen ihrer Zellen in einer Zeile (`importpruefung`).

Eine gefüllte Zelle ist nur erlaubt, wo `zelle_erlaubt` nichts einwendet (z. B. nur für Mitglieder
des Rings in diesem Jahr); leere Zellen sind „nicht gemeldet“ (None) und stören nie, auch nicht
in Zeilen fremder Träger.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol


class Zusatzspalten(Protocol):
    """Weitere Wertspalten einer Importdatei (Hook, z. B. für Vergleichsringe)."""

    def spalten(self) -> Mapping[str, str]:
        """Spaltenname → kurze Erklärung (für Meldungen)."""
        ...

    def lies(self, spalte: str, text: str, dezimalkomma: bool) -> tuple[int | None, str | None]:
        """Nicht-leere Zelle → (gespeicherter ganzzahliger Wert, None) oder (None, Meldung)."""
        ...

    def zelle_erlaubt(
        self, ags: str, monat: str, spalte: str, geschlecht: str = "gesamt"
    ) -> str | None:
        """None, wenn die Zeile diese Spalte tragen darf; sonst die deutsche Meldung."""
        ...

    def zeilenhinweise(
        self, gesetzlich: Mapping[str, int | None], zusatz: Mapping[str, int | None]
    ) -> list[tuple[dict[str, Any], str]]:
        """Plausibilitätshinweise der Zusatzwerte einer Zeile: (Hinweis, Warnungstext)."""
        ...


def lies_zusatzzellen(
    zusatz: Zusatzspalten,
    spalten: Sequence[tuple[int, str]],
    zellen: Sequence[str],
    ags: str,
    monat: str,
    schluessel_ok: bool,
    dezimalkomma: bool,
    melde: Callable[[str, str], None],
    geschlecht: str = "gesamt",
) -> dict[str, int | None]:
    """Werte der Zusatzspalten einer Zeile (Spaltenname → Wert oder None für leer); jeden Fehler
    meldet `melde(spalte, meldung)`."""
    werte: dict[str, int | None] = {}
    for i, name in spalten:
        z = zellen[i]
        einwand = zusatz.zelle_erlaubt(ags, monat, name, geschlecht) if schluessel_ok else None
        if einwand is not None:
            if z:  # leere Zellen fremder Träger stören nicht
                melde(name, einwand)
            continue
        if not z:
            werte[name] = None
            continue
        wert, meldung = zusatz.lies(name, z, dezimalkomma)
        if meldung:
            melde(name, meldung)
        else:
            werte[name] = wert
    return werte
