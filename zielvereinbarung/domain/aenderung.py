"""Änderungsvereinbarungen (DOMAIN.md § 8), rein und ohne Datenbank: Art einer Vereinbarung,
welche Ziele eine Änderung ändert und wie die geltenden Ziele entstehen.

- Eine Änderungsvereinbarung ist eine Vereinbarung eigener Art (`aenderung`) mit Bezug auf das
  Original und einer Nummer je Original (Nr. 1, 2, …). Ihre Revisionen enthalten alle Ziele
  (der Entwurf beginnt mit den geltenden Zielen); Bestandteil der Änderung sind nur die Ziele,
  deren Vorgabe (Zieltyp, Wert, Grenzen, Text, Bezeichnung qualitativer Ziele) sich gegenüber
  den zuvor geltenden unterscheidet – auch neue oder weggefallene qualitative Ziele.
- Geltende Ziele: die des Originals, darüber in der Reihenfolge ihrer Nummern die
  unterzeichneten Änderungen, jede nur mit ihren geänderten Zielen (`ueberlagere`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

ART_TRAEGER = "traeger"  # Land ↔ zkT (§ 48b Abs. 1 Satz 1 Nr. 4 SGB II)
ART_AENDERUNG = "aenderung"
ART_BUND_LAND = "bund_land"  # BMAS ↔ Land (§ 48b Abs. 1 Satz 1 Nr. 3 SGB II, DOMAIN.md § 9)
ART_BEZEICHNUNG = {
    ART_TRAEGER: "Zielvereinbarung",
    ART_AENDERUNG: "Änderungsvereinbarung",
    ART_BUND_LAND: "Zielvereinbarung BMAS–Land",
}
VERGLICHEN = ("zieltyp", "wert", "untere", "obere", "text", "bezeichnung")


class MitBezug(Protocol):
    aenderung_von_id: int | None
    ags: str | None


def art(v: MitBezug) -> str:
    """Die Art einer Vereinbarung, abgeleitet aus dem Modell: mit Bezug eine Änderung, ohne
    Träger eine Vereinbarung BMAS ↔ Land."""
    if v.aenderung_von_id is not None:
        return ART_AENDERUNG
    return ART_BUND_LAND if v.ags is None else ART_TRAEGER


class Vorgabe(Protocol):
    """Was `geaenderte` von einem Ziel liest (lesend: auch eingefrorene Ansichten passen)."""

    @property
    def zielindikator(self) -> str: ...

    @property
    def zieltyp(self) -> str: ...


Z = TypeVar("Z", bound=Vorgabe)


@dataclass(frozen=True)
class Aenderung(Generic[Z]):
    """Ein geändertes Ziel: `alt` None = neu aufgenommen, `neu` None = entfällt."""

    zielindikator: str
    alt: Z | None
    neu: Z | None

    def __post_init__(self) -> None:
        if self.alt is None and self.neu is None:
            raise ValueError(f"{self.zielindikator}: weder bisheriges noch neues Ziel")

    @property
    def ziel(self) -> Z:
        """Das neue Ziel, bei einem entfallenen das bisherige."""
        if self.neu is not None:
            return self.neu
        assert self.alt is not None  # __post_init__
        return self.alt


def _schluessel(z: object) -> tuple[object, ...]:
    from .ziele import ist_qualitativ

    werte = []
    for feld in VERGLICHEN:
        wert = getattr(z, feld, None)
        if feld == "bezeichnung" and not ist_qualitativ(getattr(z, "zielindikator", "")):
            wert = None  # Bezeichnungen der Zielindikatoren stehen fest
        if isinstance(wert, str):
            wert = wert.strip() or None
        werte.append(wert)
    return tuple(werte)


def gleich(a: object, b: object) -> bool:
    """Gleiche Vorgabe (Decimal-Vergleich: 2.5 == 2.50; Kommentare zählen nicht)."""
    return _schluessel(a) == _schluessel(b)


def geaenderte(vorher: Iterable[Z], nachher: Iterable[Z]) -> list[Aenderung[Z]]:
    """Die Ziele, in denen sich `nachher` von `vorher` unterscheidet, in der Reihenfolge von
    `nachher` (weggefallene am Ende)."""
    alt = {z.zielindikator: z for z in vorher}
    neu = {z.zielindikator: z for z in nachher}
    ergebnis = [
        Aenderung(c, alt.get(c), z) for c, z in neu.items() if c not in alt or not gleich(alt[c], z)
    ]
    return ergebnis + [Aenderung(c, z, None) for c, z in alt.items() if c not in neu]


def ueberlagere(geltend: Mapping[str, Z], aenderungen: Iterable[Aenderung[Z]]) -> dict[str, Z]:
    """Die geltenden Ziele nach einer Änderung (Reihenfolge: bisherige, dann neu aufgenommene)."""
    ergebnis = dict(geltend)
    for a in aenderungen:
        if a.neu is None:
            ergebnis.pop(a.zielindikator, None)
        else:
            ergebnis[a.zielindikator] = a.neu
    return ergebnis


def bezeichnung(nummer: int | None, datum_text: str | None = None) -> str:
    """„Änderungsvereinbarung Nr. 2 vom 12.06.2026“."""
    text = f"Änderungsvereinbarung Nr. {nummer}"
    return f"{text} vom {datum_text}" if datum_text else text


def geaendert_durch(nummer: int, datum_text: str) -> str:
    """Hinweis an einem geänderten Ziel: „geändert durch Änderungsvereinbarung Nr. 1 vom …“."""
    return f"geändert durch {bezeichnung(nummer, datum_text)}"
