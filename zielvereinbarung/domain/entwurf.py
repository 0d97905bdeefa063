"""Der Entwurf einer Zielvereinbarung aus Daten (DOMAIN.md § 5): Basiswert, Kontext und
vorgeschlagene Zielvorgaben.

- **Basiswert** für das Vereinbarungsjahr Y: der Zielindikator im Monat 12 von Y−1. Fehlt der
  Dezember von Y−1 in der Reihe, wird aus dem letzten Monat m von Y−1 mit Daten hochgerechnet:
  Wert_{Y−1}(m) × Wert_{Y−2}(12) / Wert_{Y−2}(m) (Saisonfaktor des Vorjahres), gekennzeichnet als
  *vorläufig* mit dem Monat m. Nicht berechenbar → None mit Grund (nie 0, nie geraten).
- **Kontext**: die Jahreswerte des Trägers für Y−3, Y−2, Y−1 (Dezember, sonst der letzte Monat
  mit Daten) mit dem Vorjahreswert desselben Zeitraums und der Veränderung dagegen, und der
  Median der Veränderung aller Träger seines Vergleichstyps in Y−1, im Monat, auf dem der
  Basiswert beruht.
- **Vorschläge**: `entwurf_vorgaben` (Regeln dort).

Zahlen im Kontext sind Decimal-Texte (exakt, JSON-tauglich); gerundet wird erst in der Anzeige.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .basiszahlen import monat_text
from .kennzahlen import Zeitreihe
from .ziele import (
    KORRIDOR,
    MONITORING,
    QUALITATIV,
    VERAENDERUNG,
    VEREINBARUNGS_INDIKATOREN,
    Zielvorgabe,
    ist_qualitativ,
)
from .zielindikatoren import projektion, zielindikator, zielindikator_wert
from .zielsaetze import kurztext


@dataclass(frozen=True)
class Basiswert:
    wert: Decimal | None
    vorlaeufig: bool = False
    monat: str | None = None  # 'YYYY-MM', auf dem der Wert beruht
    grund: str | None = None  # warum nicht berechenbar


def _text(wert: Decimal | None) -> str | None:
    return None if wert is None else str(wert)


def _letzter_monat(reihe: Zeitreihe, jahr: int) -> int | None:
    """Der letzte Kalendermonat (1 … 12) des Jahres, für den die Reihe eine Zeile hat."""
    monate = [m % 12 + 1 for m, zeile in reihe.items() if m // 12 == jahr and zeile is not None]
    return max(monate) if monate else None


def basiswert(reihe: Zeitreihe, code: str, jahr: int) -> Basiswert:
    """Basiswert des Zielindikators `code` für eine Vereinbarung des Jahres `jahr` (Modulkopf)."""
    vj = jahr - 1
    if reihe.get(vj * 12 + 11) is not None:
        e = zielindikator(reihe, code, vj, 12)
        return Basiswert(e.wert, False, f"{vj}-12" if e.wert is not None else None, e.grund)
    m = _letzter_monat(reihe, vj)
    if m is None:
        return Basiswert(None, grund=f"Daten für {vj} fehlen")
    quelle = f"{vj}-{m:02d}"
    wert_m = zielindikator(reihe, code, vj, m)
    vorjahr_m = zielindikator(reihe, code, vj - 1, m)
    vorjahr_12 = zielindikator(reihe, code, vj - 1, 12)
    for e in (wert_m, vorjahr_m, vorjahr_12):
        if e.wert is None:
            return Basiswert(
                None,
                grund=f"Dezember {vj} fehlt; Hochrechnung aus {quelle} nicht möglich: {e.grund}",
            )
    wert = projektion(wert_m.wert, vorjahr_m.wert, vorjahr_12.wert)
    if wert is None:
        return Basiswert(
            None,
            grund=f"Dezember {vj} fehlt; Hochrechnung aus {quelle} nicht "
            f"möglich: Vorjahreswert {vj - 1}-{m:02d} ist 0",
        )
    return Basiswert(wert, True, quelle)


def jahreswert(reihe: Zeitreihe, code: str, jahr: int) -> dict[str, Any]:
    """{'jahr', 'monat', 'wert', 'vorjahr', 'veraenderung', 'grund'}: Dezember oder letzter Monat
    mit Daten; `vorjahr` ist der Wert desselben Zeitraums ein Jahr früher (Januar bis Monat)."""
    m = 12 if reihe.get(jahr * 12 + 11) is not None else _letzter_monat(reihe, jahr)
    if m is None:
        return {
            "jahr": jahr,
            "monat": None,
            "wert": None,
            "vorjahr": None,
            "veraenderung": None,
            "grund": f"Daten für {jahr} fehlen",
        }
    w = zielindikator_wert(reihe, code, jahr, m)
    return {
        "jahr": jahr,
        "monat": monat_text(jahr * 12 + m - 1),
        "wert": _text(w.wert),
        "vorjahr": _text(w.vorjahr),
        "veraenderung": _text(w.veraenderung),
        "grund": w.gruende.get("wert") or w.gruende.get("veraenderung"),
    }


def median_veraenderung(
    reihen: Sequence[Zeitreihe], code: str, jahr: int, monat: int
) -> tuple[Decimal | None, int]:
    """Median der Veränderung (Prozent) im Monat `monat` von `jahr` über die Träger mit Wert;
    dazu die Zahl dieser Träger."""
    werte = [
        w
        for r in reihen
        if (w := zielindikator_wert(r, code, jahr, monat).veraenderung) is not None
    ]
    return (statistics.median(werte) if werte else None), len(werte)


def median_monat(basis: Basiswert) -> int:
    """Der Monat, in dem der Median verglichen wird: der Monat, auf dem der Basiswert beruht."""
    return int(basis.monat[5:]) if basis.monat else 12


def kontext(
    reihe: Zeitreihe,
    code: str,
    jahr: int,
    basis: Basiswert,
    vergleichstyp: str | None,
    median: tuple[Decimal | None, int] | None,
) -> dict[str, Any]:
    """Kontext eines Zielindikators im Entwurf (Modulkopf); JSON-tauglich. `median` ist das
    Ergebnis von `median_veraenderung` für den Vergleichstyp im Monat `median_monat(basis)`."""
    monat = median_monat(basis)
    wert, anzahl = median if vergleichstyp and median else (None, 0)
    grund = None
    if not vergleichstyp:
        grund = "Dem Träger ist kein Vergleichstyp zugeordnet"
    elif wert is None:
        grund = f"Für keinen Träger des Vergleichstyps ist die Veränderung {jahr - 1} berechenbar"
    return {
        "jahre": [jahreswert(reihe, code, j) for j in (jahr - 3, jahr - 2, jahr - 1)],
        "vergleichstyp": vergleichstyp,
        "median_veraenderung": _text(wert),
        "median_monat": f"{jahr - 1}-{monat:02d}",
        "median_anzahl": anzahl,
        "median_grund": grund,
    }


def entwurf_vorgaben(
    basiswerte: Mapping[str, Decimal | None], orientierungswerte: Mapping[str, Zielvorgabe]
) -> list[Zielvorgabe]:
    """Die Vorgaben eines Entwurfs, in der Reihenfolge der Ziele:

    1. Jeder Zielindikator der Vereinbarung erscheint genau einmal.
    2. Mit Orientierungswert des Landes wird dieser (Zieltyp und Werte) vorgeschlagen.
    3. Ohne Orientierungswert: `monitoring`.
    4. Ist der Basiswert nicht berechenbar, wird statt einer relativen Vorgabe (`veraenderung`,
       `korridor`) `monitoring` vorgeschlagen, mit dem Orientierungswert im Kommentar – ohne
       Basis ließe sich kein Zielniveau bestimmen. Ein `niveau` braucht keinen Basiswert.
    5. Qualitative Orientierungswerte (Q1, Q2, …) werden als weitere Ziele übernommen.
    """
    vorgaben: list[Zielvorgabe] = []
    for code in VEREINBARUNGS_INDIKATOREN:
        o = orientierungswerte.get(code)
        if o is None or o.zieltyp == MONITORING:
            vorgaben.append(Zielvorgabe(code, MONITORING))
        elif o.zieltyp in (VERAENDERUNG, KORRIDOR) and basiswerte.get(code) is None:
            vorgaben.append(
                Zielvorgabe(
                    code,
                    MONITORING,
                    kommentar="Basiswert nicht berechenbar; Orientierungswert des "
                    f"Landes: {kurztext(o)}",
                )
            )
        else:
            vorgaben.append(Zielvorgabe(code, o.zieltyp, o.wert, o.untere, o.obere))
    for code in sorted(
        (c for c in orientierungswerte if ist_qualitativ(c)), key=lambda c: int(c[1:])
    ):
        o = orientierungswerte[code]
        vorgaben.append(Zielvorgabe(code, QUALITATIV, text=o.text, bezeichnung=o.bezeichnung))
    return vorgaben
