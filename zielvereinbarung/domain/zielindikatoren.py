"""Zielindikatoren einer Zielvereinbarung (DOMAIN.md § 4): Jahresfortschrittswerte, Vorjahr,
Veränderung, Zielniveau, Zielerreichungsgrad, Status und Projektion.

Jahresfortschrittswert im Monat m (1 … 12) des Jahres Y, exakt aus ganzzahligen Summen:

- IQ:     N = Σ integrationen[Y-01..Y-m], D = Σ elb[(Y−1)-12..Y-(m−1)] (m Monate: Dezember des
          Vorjahres bis Monat m−1), Wert = N / (D / m) × 100 = N × m × 100 / D in Prozent.
          Für m = 12 ist das K2 des Dezembers. IQ_AE: integrationen_alleinerziehend /
          elb_alleinerziehend, IQ_LZB: lzb_integrationen / lzb. IQ_F, IQ_M: IQ auf der Reihe
          der Geschlechtergruppe (der Aufrufer übergibt sie).
- LZB:    Ø lzb[Y-01..Y-m] = Σ lzb / m in Personen.
- LLU:    Σ llu[Y-01..Y-m] in EUR (Basiszahl in Cent, / 100 exakt).

Vorjahreswert: dieselbe Formel für Y−1 im Monat m. Veränderung = (Wert / Vorjahr − 1) × 100 in
Prozent, aus den ganzen Zahlen beider Jahre mit einer einzigen Division gerechnet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction

from zielvereinbarung.domain.katalog import HOEHER, NEUTRAL, NIEDRIGER
from zielvereinbarung.domain.kennzahlen import (
    DEZIMALREGELN,
    KEIN_TRAEGER,
    NENNER_NULL,
    Ergebnis,
    Zeitreihe,
    fenster_summe,
    luecken_grund,
)

VORJAHR_NULL = "Vorjahreswert ist 0"

# Code → (Zählerfeld, Nennerfeld oder None, Art)
_QUOTE, _DURCHSCHNITT, _EURO = "quote", "durchschnitt", "euro"
_FORMEL: dict[str, tuple[str, str | None, str]] = {
    "IQ": ("integrationen", "elb", _QUOTE),
    "IQ_F": ("integrationen", "elb", _QUOTE),
    "IQ_M": ("integrationen", "elb", _QUOTE),
    "IQ_AE": ("integrationen_alleinerziehend", "elb_alleinerziehend", _QUOTE),
    "IQ_LZB": ("lzb_integrationen", "lzb", _QUOTE),
    "LZB": ("lzb", None, _DURCHSCHNITT),
    "LLU": ("llu", None, _EURO),
}
# Die Indikatoren der Gesamtreihe; IQ_F und IQ_M rechnet der Aufrufer auf den Reihen der Gruppen.
BERICHTETE_CODES: tuple[str, ...] = ("IQ", "IQ_AE", "IQ_LZB", "LZB", "LLU")


@dataclass(frozen=True)
class ZielindikatorWert:
    wert: Decimal | None
    vorjahr: Decimal | None
    veraenderung: Decimal | None  # in Prozent
    gruende: dict[str, str] = field(default_factory=dict)  # 'wert'/'vorjahr'/'veraenderung'
    abdeckung: dict[str, int] | None = None  # nur Aggregate: je Schlüssel die Zahl der Träger


def bedarf(code: str, jahr: int, monat: int) -> list[tuple[str, int, int]]:
    """Die Basiszahl-Zellen des Jahresfortschrittswerts: [(feld, von, bis)] mit absoluten
    Monatsindizes – Zähler Januar … m, Nenner (falls vorhanden) Dezember Y−1 … m−1."""
    if not 1 <= monat <= 12:
        raise ValueError(f"Monat {monat} liegt nicht zwischen 1 und 12")
    try:
        zfeld, nfeld, _ = _FORMEL[code]
    except KeyError:
        raise KeyError(f"Unbekannter Zielindikator „{code}“") from None
    januar = jahr * 12  # = monat_index(f"{jahr}-01")
    zellen = [(zfeld, januar, januar + monat - 1)]
    if nfeld is not None:
        zellen.append((nfeld, januar - 1, januar + monat - 2))
    return zellen


def _summen(reihe: Zeitreihe, code: str, jahr: int, monat: int) -> tuple[int, int] | str:
    """(Σ Zähler, Σ Nenner) bzw. (Σ Zähler, 0) ohne Nennerfeld, oder der Grund einer Lücke."""
    zellen = bedarf(code, jahr, monat)
    grund = luecken_grund(reihe, zellen)
    if grund is not None:
        return grund
    summen = [fenster_summe(reihe, *b) for b in zellen]
    return summen[0], (summen[1] if len(zellen) > 1 else 0)


def _bruch(code: str, monat: int, n: int, d: int) -> tuple[int, int]:
    """Der Wert als ganzzahliger Bruch (p, q); q = 0 heißt „Nenner ist 0“."""
    art = _FORMEL[code][2]
    if art == _QUOTE:
        return n * monat * 100, d
    if art == _DURCHSCHNITT:
        return n, monat
    return n, 100  # Cent → EUR


def traeger_summen(reihe: Zeitreihe, code: str, jahr: int, monat: int) -> tuple[int, int] | str:
    """(Σ Zähler, Σ Nenner) des Jahresfortschrittswerts eines Trägers – ohne Nennerfeld (LZB,
    LLU) ist der Nenner 0 – oder der Grund, warum Daten fehlen. Grundlage für Aggregate, die
    selbst summieren (z. B. das Landesziel aus den Zielen der Träger)."""
    return _summen(reihe, code, jahr, monat)


def wert_aus_summen(code: str, monat: int, zaehler: int, nenner: int) -> Fraction | None:
    """Der exakte Wert zu (Σ Zähler, Σ Nenner) aus `summen` (auch summiert über Träger); None,
    wenn der Nenner 0 ist."""
    p, q = _bruch(code, monat, zaehler, nenner)
    return None if q == 0 else Fraction(p, q)


def _dezimal(p: int, q: int) -> Decimal:
    with localcontext(DEZIMALREGELN):
        return Decimal(p) / q


def _als_ergebnis(bruch: tuple[int, int] | str, abdeckung: int | None = None) -> Ergebnis:
    if isinstance(bruch, str):
        return Ergebnis(None, bruch, abdeckung)
    p, q = bruch
    if q == 0:
        return Ergebnis(None, NENNER_NULL, abdeckung)
    return Ergebnis(_dezimal(p, q), None, abdeckung)


def _veraenderung(jetzt: tuple[int, int] | str, vorher: tuple[int, int] | str) -> Ergebnis:
    """(p1/q1 ÷ p0/q0 − 1) × 100 = (p1·q0 − q1·p0) × 100 / (q1·p0), eine Division."""
    if isinstance(jetzt, str):
        return Ergebnis(None, jetzt)
    if jetzt[1] == 0:
        return Ergebnis(None, NENNER_NULL)
    if isinstance(vorher, str):
        return Ergebnis(None, vorher)
    if vorher[1] == 0:
        return Ergebnis(None, NENNER_NULL)
    (p1, q1), (p0, q0) = jetzt, vorher
    if p0 == 0:
        return Ergebnis(None, VORJAHR_NULL)
    return Ergebnis(_dezimal((p1 * q0 - q1 * p0) * 100, q1 * p0), None)


def _wert_objekt(
    wert: Ergebnis, vorjahr: Ergebnis, aend: Ergebnis, aggregat: bool
) -> ZielindikatorWert:
    teile = {"wert": wert, "vorjahr": vorjahr, "veraenderung": aend}
    return ZielindikatorWert(
        wert.wert,
        vorjahr.wert,
        aend.wert,
        {k: e.grund for k, e in teile.items() if e.grund is not None},
        {k: e.abdeckung or 0 for k, e in teile.items()} if aggregat else None,
    )


# -------------------------------------------------- ein Träger


def _bruch_traeger(reihe: Zeitreihe, code: str, jahr: int, monat: int) -> tuple[int, int] | str:
    s = _summen(reihe, code, jahr, monat)
    return s if isinstance(s, str) else _bruch(code, monat, *s)


def zielindikator(reihe: Zeitreihe, code: str, jahr: int, monat: int) -> Ergebnis:
    """Jahresfortschrittswert des Zielindikators `code` im Monat `monat` (1 … 12) des Jahres."""
    return _als_ergebnis(_bruch_traeger(reihe, code, jahr, monat))


def zielindikator_wert(reihe: Zeitreihe, code: str, jahr: int, monat: int) -> ZielindikatorWert:
    """Wert, Vorjahreswert (Y−1, gleicher Monat) und Veränderung in Prozent."""
    jetzt = _bruch_traeger(reihe, code, jahr, monat)
    vorher = _bruch_traeger(reihe, code, jahr - 1, monat)
    return _wert_objekt(
        _als_ergebnis(jetzt), _als_ergebnis(vorher), _veraenderung(jetzt, vorher), aggregat=False
    )


def berechne_zielindikatoren(
    reihe: Zeitreihe, jahr: int, monat: int
) -> dict[str, ZielindikatorWert]:
    """IQ, IQ_AE, IQ_LZB, LZB und LLU eines Trägers mit Vorjahr und Veränderung."""
    return {code: zielindikator_wert(reihe, code, jahr, monat) for code in BERICHTETE_CODES}


# -------------------------------------------------- Aggregate (erst summieren, dann rechnen)


def _aggregat_summen(
    reihen: Sequence[Zeitreihe], code: str, jahre: Sequence[int], monat: int
) -> tuple[list[tuple[int, int]], int]:
    """Je Jahr (Σ N, Σ D) über die Träger, die in allen `jahre` vollständig sind; ihre Zahl."""
    summen = [(0, 0)] * len(jahre)
    anzahl = 0
    for reihe in reihen:
        teil = [_summen(reihe, code, j, monat) for j in jahre]
        vollstaendig = [s for s in teil if not isinstance(s, str)]
        if len(vollstaendig) < len(teil):
            continue
        summen = [(a + s[0], b + s[1]) for (a, b), s in zip(summen, vollstaendig, strict=True)]
        anzahl += 1
    return summen, anzahl


def zielindikator_aggregat(
    reihen: Sequence[Zeitreihe], code: str, jahr: int, monat: int
) -> Ergebnis:
    """Wert eines Aggregats: Summen der vollständigen Träger, dann die Formel; mit Abdeckung."""
    (s,), anzahl = _aggregat_summen(reihen, code, [jahr], monat)
    if anzahl == 0:
        return Ergebnis(None, KEIN_TRAEGER, 0)
    return _als_ergebnis(_bruch(code, monat, *s), anzahl)


def zielindikator_wert_aggregat(
    reihen: Sequence[Zeitreihe], code: str, jahr: int, monat: int
) -> ZielindikatorWert:
    """Wert (Träger vollständig in Y), Vorjahr (vollständig in Y−1) und Veränderung (Träger, die
    in beiden Jahren vollständig sind: sonst verglichen sich verschiedene Trägermengen)."""
    wert = zielindikator_aggregat(reihen, code, jahr, monat)
    vorjahr = zielindikator_aggregat(reihen, code, jahr - 1, monat)
    (s1, s0), anzahl = _aggregat_summen(reihen, code, [jahr, jahr - 1], monat)
    if anzahl == 0:
        aend = Ergebnis(None, KEIN_TRAEGER, 0)
    else:
        v = _veraenderung(_bruch(code, monat, *s1), _bruch(code, monat, *s0))
        aend = Ergebnis(v.wert, v.grund, anzahl)
    return _wert_objekt(wert, vorjahr, aend, aggregat=True)


def berechne_zielindikatoren_aggregat(
    reihen: Sequence[Zeitreihe], jahr: int, monat: int
) -> dict[str, ZielindikatorWert]:
    """`berechne_zielindikatoren` für ein Aggregat (Land, Vergleichstyp, alle Träger)."""
    return {c: zielindikator_wert_aggregat(reihen, c, jahr, monat) for c in BERICHTETE_CODES}


# -------------------------------------------------- Zielerreichung (reine Hilfsfunktionen)

STATUS_JAHRESENDE = ("erreicht", "knapp", "verfehlt")
STATUS_UNTERJAEHRIG = ("auf Kurs", "gefährdet", "kritisch")
PROJEKTIONSMETHODE = "Saisonfaktor des Vorjahres: Wert(m) × Vorjahr(12) / Vorjahr(m)"


def _genau(bruch: Fraction) -> Decimal:
    """Ein exakter Bruch → Decimal mit einer einzigen Rundung (28 Stellen)."""
    return _dezimal(bruch.numerator, bruch.denominator)


def zielniveau(basiswert: Decimal | None, zieltyp: str, wert: Decimal | None) -> Decimal | None:
    """Zielniveau: `veraenderung` → Basiswert × (1 + v/100); `niveau` → der Wert selbst.

    `korridor`, `monitoring` und `qualitativ` haben kein Zielniveau (None).
    """
    if zieltyp == "veraenderung":
        if basiswert is None or wert is None:
            return None
        return _genau(Fraction(basiswert) * (100 + Fraction(wert)) / 100)
    if zieltyp == "niveau":
        return wert
    if zieltyp in ("korridor", "monitoring", "qualitativ"):
        return None
    raise ValueError(f"Unbekannter Zieltyp „{zieltyp}“")


def zielerreichungsgrad(ist: Decimal | None, ziel: Decimal | None, besser: str) -> Decimal | None:
    """Zielerreichungsgrad in Prozent: ist / ziel × 100 (höher besser), ziel / ist × 100 (niedriger
    besser). None, wenn ein Wert fehlt, der Teiler 0 ist oder die Richtung neutral ist."""
    if besser not in (HOEHER, NIEDRIGER, NEUTRAL):
        raise ValueError(f"Unbekannte Richtung „{besser}“")
    if ist is None or ziel is None or besser == NEUTRAL:
        return None
    oben, unten = (ist, ziel) if besser == HOEHER else (ziel, ist)
    if unten == 0:
        return None
    return _genau(Fraction(oben) * 100 / Fraction(unten))


def korridor_erreicht(
    veraenderung: Decimal | None, untere: Decimal, obere: Decimal, besser: str
) -> bool | None:
    """Erreicht, wenn die Veränderung im Korridor [untere, obere] liegt oder jenseits der besseren
    Grenze (über `obere`, wenn höher besser; unter `untere`, wenn niedriger besser)."""
    if untere > obere:
        raise ValueError("Die Untergrenze des Korridors liegt über der Obergrenze")
    if veraenderung is None:
        return None
    if besser == HOEHER:
        return veraenderung >= untere
    if besser == NIEDRIGER:
        return veraenderung <= obere
    return untere <= veraenderung <= obere


def status(
    grad: Decimal | None,
    schwelle_erreicht: Decimal = Decimal(100),
    schwelle_knapp: Decimal = Decimal(97),
    unterjaehrig: bool = False,
) -> str | None:
    """'erreicht' (grad ≥ schwelle_erreicht), 'knapp' (≥ schwelle_knapp), sonst 'verfehlt';
    unterjährig (auf die Projektion angewandt) 'auf Kurs', 'gefährdet', 'kritisch'."""
    if grad is None:
        return None
    stufen = STATUS_UNTERJAEHRIG if unterjaehrig else STATUS_JAHRESENDE
    if grad >= schwelle_erreicht:
        return stufen[0]
    return stufen[1] if grad >= schwelle_knapp else stufen[2]


def projektion(
    wert_m: Decimal | None, vorjahr_m: Decimal | None, vorjahr_12: Decimal | None
) -> Decimal | None:
    """Projektion auf Dezember: Wert(m) × Vorjahr(12) / Vorjahr(m) (siehe PROJEKTIONSMETHODE)."""
    if wert_m is None or vorjahr_m is None or vorjahr_12 is None or vorjahr_m == 0:
        return None
    return _genau(Fraction(wert_m) * Fraction(vorjahr_12) / Fraction(vorjahr_m))
