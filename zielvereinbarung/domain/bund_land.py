"""Das Landesziel aus den Zielen der zkT (DOMAIN.md § 9, „bottom-up“), rein und ohne Uhr.

Für das Vereinbarungsjahr Y ist das Basisjahr Y−1 (Dezember, m = 12). Je Zielindikator:

- **Basiswert des Landes**: das Aggregat der Basiszahlen der zkT – erst summieren, dann die Formel
  (§ 3): für Quoten Σ Zähler_i × 1.200 / Σ Nenner_i, für LZB Σ lzb / 12, für LLU Σ llu.
- **Zielniveau des Landes** aus den Zielniveaus der zkT (`landesniveau`): für Quoten
  Σ (Zielniveau_i × Nenner_i) / Σ Nenner_i mit den Nennern des Basisjahres (IQ: Σ eLb Dezember
  Y−2 bis November Y−1, also das Gewicht Ø eLb der Basisperiode); für LZB die Summe der
  Zielniveaus (Durchschnitte von Beständen addieren sich), für LLU die Summe. Nie ein Mittelwert
  von Prozenten.
- Ein **Korridor** des Landes: beide Grenzen getrennt als Niveaus aggregiert (ein zkT ohne
  Korridor trägt sein Zielniveau zu beiden Grenzen bei).
- Die **Vorgabe** des Landes (`vorgabe`): `niveau` = das Zielniveau, `veraenderung` = Zielniveau
  gegen den Basiswert des Landes, (Zielniveau / Basiswert − 1) × 100; beide auf höchstens zwei
  Nachkommastellen gerundet (Regel der Eingabe), die exakten Werte stehen daneben.

Ein Landesziel gibt es nur, wenn jeder zkT ein Zielniveau und vollständige Daten des Basisjahres
hat; sonst verglichen sich verschiedene Trägermengen – der Grund wird genannt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from .katalog import HOEHER, PROZENT, zielindikator_definition
from .kennzahlen import Zeitreihe
from .ziele import KORRIDOR, NIVEAU, VERAENDERUNG, Zielvorgabe
from .zielindikatoren import _genau, traeger_summen, wert_aus_summen, zielniveau

ZWEI_STELLEN = Decimal("0.01")


def landesniveau(code: str, teile: Sequence[tuple[Decimal | Fraction, int]]) -> Fraction | None:
    """Das Zielniveau einer Trägergruppe aus [(Zielniveau_i, Nenner_i des Basisjahres)]: Quoten
    gewichtet mit den Nennern, Bestände und Summen addiert; None ohne Teile oder mit Σ Nenner 0."""
    if not teile:
        return None
    if zielindikator_definition(code).einheit == PROZENT:
        gewicht = sum(g for _, g in teile)
        if not gewicht:
            return None
        return sum((Fraction(n) * g for n, g in teile), Fraction(0)) / gewicht
    return sum((Fraction(n) for n, _ in teile), Fraction(0))


@dataclass(frozen=True)
class Traegerziel:
    """Das geltende Ziel eines zkT für einen Zielindikator: die Vorgabe und der eingefrorene
    Basiswert der Vereinbarung (None: der zkT hat noch keine Einigung)."""

    ags: str
    vorgabe: Zielvorgabe | None
    basiswert: Decimal | None


def _grenzen(ziel: Traegerziel) -> tuple[Decimal | None, Decimal | None]:
    """(untere, obere) Zielniveau eines zkT; ohne Korridor beide das Zielniveau."""
    v = ziel.vorgabe
    if v is None:
        return None, None
    if v.zieltyp == KORRIDOR:
        return (
            zielniveau(ziel.basiswert, VERAENDERUNG, v.untere),
            zielniveau(ziel.basiswert, VERAENDERUNG, v.obere),
        )
    n = zielniveau(ziel.basiswert, v.zieltyp, v.wert)
    return n, n


@dataclass(frozen=True)
class Landesziel:
    zielindikator: str
    jahr: int
    traeger: int  # zkT des Landes
    mit_ziel: int  # davon mit einem Zielniveau
    basiswert: Decimal | None = None
    zielniveau: Decimal | None = None
    untere_niveau: Decimal | None = None  # nur mit Korridoren verschieden vom Zielniveau
    obere_niveau: Decimal | None = None
    veraenderung: Decimal | None = None  # exakt, in Prozent gegen den Basiswert
    grund: str | None = None

    def vorgabe(self, zieltyp: str = VERAENDERUNG) -> Zielvorgabe | None:
        """Die Vorgabe des Landes (`veraenderung`, `niveau` oder `korridor`), gerundet auf zwei
        Stellen; None ohne Landesziel."""
        if self.zielniveau is None:
            return None
        if zieltyp == NIVEAU:
            return Zielvorgabe(self.zielindikator, NIVEAU, _rund(self.zielniveau))
        if self.basiswert is None or self.veraenderung is None:
            return None
        if zieltyp == KORRIDOR:
            if self.untere_niveau is None or self.obere_niveau is None:
                return None
            u, o = (_rund(_relativ(n, self.basiswert)) for n in (self.untere_niveau,
                                                                 self.obere_niveau))  # fmt: skip
            if u == o:
                return None
            return Zielvorgabe(self.zielindikator, KORRIDOR, untere=u, obere=o)
        if zieltyp != VERAENDERUNG:
            raise ValueError(f"Aus den Trägerzielen folgt kein Ziel vom Typ „{zieltyp}“")
        return Zielvorgabe(self.zielindikator, VERAENDERUNG, _rund(self.veraenderung))


def _rund(wert: Decimal) -> Decimal:
    return wert.quantize(ZWEI_STELLEN, rounding=ROUND_HALF_EVEN)


def _relativ(niveau: Decimal, basis: Decimal) -> Decimal:
    return _genau((Fraction(niveau) / Fraction(basis) - 1) * 100)


def landesziel(
    code: str, mitglieder: Sequence[tuple[Zeitreihe, Traegerziel]], jahr: int
) -> Landesziel:
    """Das Landesziel für `jahr` aus den Reihen und geltenden Zielen der zkT (Regeln im Kopf)."""
    summen = [traeger_summen(reihe, code, jahr - 1, 12) for reihe, _ in mitglieder]
    fehlend = [z.ags for (_, z), s in zip(mitglieder, summen, strict=True) if isinstance(s, str)]
    vollstaendig = [(s, z) for s, (_, z) in zip(summen, mitglieder, strict=True)
                    if not isinstance(s, str)]  # fmt: skip
    basis = None
    if vollstaendig:
        b = wert_aus_summen(code, 12, sum(s[0] for s, _ in vollstaendig),
                            sum(s[1] for s, _ in vollstaendig))  # fmt: skip
        basis = None if b is None or fehlend else _genau(b)
    grenzen = [_grenzen(z) for _, z in mitglieder]
    mit_ziel = sum(1 for u, o in grenzen if u is not None and o is not None)
    ergebnis = Landesziel(code, jahr, len(mitglieder), mit_ziel, basis)
    if not mitglieder:
        return _mit_grund(ergebnis, "Das Land hat keine zkT.")
    if mit_ziel == 0:
        return _mit_grund(
            ergebnis,
            f"Keiner der {len(mitglieder)} zkT hat ein Zielniveau (Monitoring oder noch keine "
            "Einigung).",
        )
    if mit_ziel < len(mitglieder):
        ohne = [z.ags for (_, z), (u, o) in zip(mitglieder, grenzen, strict=True)
                if u is None or o is None]  # fmt: skip
        return _mit_grund(
            ergebnis,
            f"Ein Landesziel gibt es erst, wenn alle {len(mitglieder)} zkT ein Zielniveau haben "
            f"({mit_ziel} von {len(mitglieder)}; ohne: {', '.join(ohne)}).",
        )
    if fehlend:
        return _mit_grund(
            ergebnis,
            f"Daten des Basisjahres {jahr - 1} fehlen für {', '.join(fehlend)}; ohne sie gibt es "
            "kein Landesziel.",
        )
    gewichte = [s[1] for s, _ in vollstaendig]
    # Hier haben alle zkT beide Grenzen (oben geprüft).
    unten = [(u, w) for (u, _), w in zip(grenzen, gewichte, strict=True) if u is not None]
    oben = [(o, w) for (_, o), w in zip(grenzen, gewichte, strict=True) if o is not None]
    niveaus = [landesniveau(code, unten), landesniveau(code, oben)]
    if niveaus[0] is None or niveaus[1] is None:
        return _mit_grund(ergebnis, "Die Nenner des Basisjahres sind zusammen 0.")
    untere, obere = _genau(niveaus[0]), _genau(niveaus[1])
    hoeher = zielindikator_definition(code).besser == HOEHER
    niveau = untere if hoeher else obere  # die Schwelle, ab der das Ziel erreicht ist
    veraenderung = _relativ(niveau, basis) if basis else None
    return Landesziel(code, jahr, len(mitglieder), mit_ziel, basis, niveau, untere, obere,
                      veraenderung)  # fmt: skip


def _mit_grund(ziel: Landesziel, grund: str) -> Landesziel:
    return Landesziel(ziel.zielindikator, ziel.jahr, ziel.traeger, ziel.mit_ziel, ziel.basiswert,
                      grund=grund)  # fmt: skip


def summenreihe(reihen: Sequence[Zeitreihe]) -> dict[int, dict[str, int | None]]:
    """Die Reihe der Gruppe: je Monat, den alle Mitglieder haben, die Summe jedes Feldes (leer,
    wenn ein Mitglied es nicht gemeldet hat) – Grundlage für Basiswert und Kontext des Landes."""
    if not reihen:
        return {}
    monate = set.intersection(*(set(m for m, z in r.items() if z is not None) for r in reihen))
    ergebnis: dict[int, dict[str, int | None]] = {}
    for m in sorted(monate):
        zeilen = [r[m] for r in reihen]
        felder = set().union(*(z.keys() for z in zeilen))
        summe: dict[str, int | None] = {}
        for f in felder:
            werte = [z.get(f) for z in zeilen]
            summe[f] = None if any(w is None for w in werte) else sum(w for w in werte if w)
        ergebnis[m] = summe
    return ergebnis
