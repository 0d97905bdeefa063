"""Die 15 Kennzahlen nach § 48a SGB II (DOMAIN.md § 3), exakt gerechnet.

Jede Kennzahl ist ein Zähler N und ein Nenner D, beide ganzzahlige Summen einer Basiszahl über
ein Monatsfenster relativ zum Berichtsmonat t (Geldbeträge in Cent). Der Wert entsteht aus
genau einer Decimal-Division (Genauigkeit 28 Stellen), gerundet wird erst in der Anzeige:

- Veränderung (K1, K1E1, K1E2, K3): N = x[t], D = x[t-12], Wert = (N − D) × 100 / D
  = (N / D − 1) × 100 in Prozent.
- Quote über Summen (K1E3, K1E4, K2E3, K3E2, K3E3, K3E4): Wert = N × 100 / D in Prozent.
- Quote über einen 12-Monats-Durchschnitt (K2, K2E1, K2E2, K2E4, K3E1): D = Σ x[t-12..t-1],
  Ø = D / 12, also Wert = N × 1200 / D in Prozent.

Nicht berechenbar (Wert None mit deutschem Grund, nie 0, nie eine Ausnahme): fehlt ein
benötigter Monat → „Daten für JJJJ-MM fehlen“ (der früheste), ist eine benötigte Zelle leer →
„Wert „feld“ für JJJJ-MM nicht gemeldet“, ist D = 0 → „Nenner ist 0“.

Aggregate addieren erst N und D der vollständigen Mitglieder, dann wird geteilt;
`abdeckung` zählt die einbezogenen Träger.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from functools import lru_cache
from itertools import accumulate, repeat
from operator import is_, itemgetter, mul, or_, sub, truediv
from typing import NamedTuple

from zielvereinbarung.domain.basiszahlen import (
    FELDNAMEN,
    grund_daten_fehlen,
    grund_nicht_gemeldet,
)
from zielvereinbarung.domain.katalog import KENNZAHL_CODES

Zeitreihe = Mapping[int, Mapping[str, int | None]]
"""Monatsindex (`monat_index`) → {Feldname → ganze Zahl (Geld in Cent) oder None = leer}."""

DEZIMALREGELN = Context(prec=28, rounding=ROUND_HALF_EVEN)

NENNER_NULL = "Nenner ist 0"
KEIN_TRAEGER = "Für keinen Träger vollständige Daten"


class Ergebnis(NamedTuple):
    """Ein Kennzahlwert oder der Grund, warum er nicht berechenbar ist (unveränderlich).

    Ein Tupel, damit `berechne_verlauf` Hunderttausende davon in C bauen kann (`_TUPEL`)."""

    wert: Decimal | None
    grund: str | None
    abdeckung: int | None = None  # nur bei Aggregaten: Zahl der einbezogenen Träger


_TUPEL = tuple.__new__  # _TUPEL(Ergebnis, (wert, grund, abdeckung)) ohne Python-__new__


@dataclass(frozen=True)
class Fenster:
    """Σ feld[t+von .. t+bis] (Versätze relativ zum Berichtsmonat t, beide einschließlich)."""

    feld: str
    von: int
    bis: int


@dataclass(frozen=True)
class Formel:
    code: str
    zaehler: Fenster
    nenner: Fenster
    faktor: int  # Wert = N × faktor / D
    veraenderung: bool = False  # Wert = (N − D) × 100 / D

    def wert(self, n: int, d: int) -> Decimal:
        """Der exakte Wert aus N und D (D ≠ 0), eine Division im lokalen Kontext."""
        with localcontext(DEZIMALREGELN):
            return Decimal((n - d) * 100 if self.veraenderung else n * self.faktor) / d


def _aend(code: str, feld: str) -> Formel:
    return Formel(code, Fenster(feld, 0, 0), Fenster(feld, -12, -12), 100, True)


def _quote(code: str, zaehler: Fenster, nenner: Fenster, faktor: int = 100) -> Formel:
    return Formel(code, zaehler, nenner, faktor)


_JAHR = (-11, 0)  # t-11 .. t
_VORJAHR = (-12, -1)  # t-12 .. t-1

FORMELN: tuple[Formel, ...] = (
    _aend("K1", "llu"),
    _aend("K1E1", "luh"),
    _aend("K1E2", "elb"),
    _quote("K1E3", Fenster("elb_zugang", *_JAHR), Fenster("elb", *_JAHR)),
    _quote("K1E4", Fenster("elb_abgang", *_JAHR), Fenster("elb", *_VORJAHR)),
    _quote("K2", Fenster("integrationen", *_JAHR), Fenster("elb", *_VORJAHR), 1200),
    _quote("K2E1", Fenster("eintritte_minijob", *_JAHR), Fenster("elb", *_VORJAHR), 1200),
    _quote("K2E2", Fenster("eintritte_gefoerdert", *_JAHR), Fenster("elb", *_VORJAHR), 1200),
    _quote(
        "K2E3",
        Fenster("integrationen_svb_kontinuierlich", *_JAHR),
        Fenster("integrationen_svb", *_JAHR),
    ),
    _quote(
        "K2E4",
        Fenster("integrationen_alleinerziehend", *_JAHR),
        Fenster("elb_alleinerziehend", *_VORJAHR),
        1200,
    ),
    _aend("K3", "lzb"),
    _quote("K3E1", Fenster("lzb_integrationen", *_JAHR), Fenster("lzb", *_VORJAHR), 1200),
    _quote("K3E2", Fenster("lzb_aktiviert", 0, 0), Fenster("lzb", 0, 0)),
    _quote("K3E3", Fenster("lzb_zugang", *_JAHR), Fenster("lzb", *_JAHR)),
    _quote("K3E4", Fenster("lzb_abgang", *_JAHR), Fenster("lzb", *_VORJAHR)),
)
assert tuple(f.code for f in FORMELN) == KENNZAHL_CODES
FORMEL: dict[str, Formel] = {f.code: f for f in FORMELN}

# -------------------------------------------------- Bausteine (auch für Zielindikatoren)


def luecken_grund(reihe: Zeitreihe, bedarf: Sequence[tuple[str, int, int]]) -> str | None:
    """Grund, warum die Zellen `feld[von..bis]` (absolute Monate) nicht alle vorliegen, sonst None.

    Zuerst zählt der früheste fehlende Monat, danach die früheste leere Zelle (bei mehreren
    Feldern im selben Monat das zuerst verlangte).
    """
    monate = sorted({m for _, von, bis in bedarf for m in range(von, bis + 1)})
    for m in monate:
        if reihe.get(m) is None:
            return grund_daten_fehlen(m)
    for m in monate:
        zeile = reihe[m]
        for feld, von, bis in bedarf:
            if von <= m <= bis and zeile.get(feld) is None:
                return grund_nicht_gemeldet(feld, m)
    return None


def fenster_summe(reihe: Zeitreihe, feld: str, von: int, bis: int) -> int:
    """Σ feld[von..bis]; setzt voraus, dass `luecken_grund` None ergab."""
    return sum(reihe[m][feld] for m in range(von, bis + 1))  # type: ignore[misc]


def komponenten(reihe: Zeitreihe, formel: Formel, monat: int) -> tuple[int, int] | str:
    """(N, D) der Kennzahl im Monat, oder der Grund, warum Daten fehlen."""
    z, n = formel.zaehler, formel.nenner
    bedarf = ((z.feld, monat + z.von, monat + z.bis), (n.feld, monat + n.von, monat + n.bis))
    grund = luecken_grund(reihe, bedarf)
    if grund is not None:
        return grund
    return tuple(fenster_summe(reihe, *b) for b in bedarf)  # type: ignore[return-value]


def _ergebnis(formel: Formel, n: int, d: int, abdeckung: int | None = None) -> Ergebnis:
    if d == 0:
        return Ergebnis(None, NENNER_NULL, abdeckung)
    return Ergebnis(formel.wert(n, d), None, abdeckung)


# -------------------------------------------------- ein Monat (Referenz, direkt)


def berechne_kennzahlen(reihe: Zeitreihe, monat: int) -> dict[str, Ergebnis]:
    """Alle 15 Kennzahlen eines Trägers im Monat `monat` (Monatsindex), in Katalogreihenfolge."""
    ergebnis: dict[str, Ergebnis] = {}
    for formel in FORMELN:
        k = komponenten(reihe, formel, monat)
        ergebnis[formel.code] = Ergebnis(None, k) if isinstance(k, str) else _ergebnis(formel, *k)
    return ergebnis


def berechne_aggregat(reihen: Sequence[Zeitreihe], monat: int) -> dict[str, Ergebnis]:
    """Die 15 Kennzahlen eines Aggregats: Σ N und Σ D der vollständigen Mitglieder, dann teilen."""
    ergebnis: dict[str, Ergebnis] = {}
    for formel in FORMELN:
        n = d = anzahl = 0
        for reihe in reihen:
            k = komponenten(reihe, formel, monat)
            if not isinstance(k, str):
                n, d, anzahl = n + k[0], d + k[1], anzahl + 1
        ergebnis[formel.code] = (
            _ergebnis(formel, n, d, anzahl) if anzahl else Ergebnis(None, KEIN_TRAEGER, 0)
        )
    return ergebnis


# -------------------------------------------------- viele Monate (Präfixsummen)


class _Praefix:
    """Präfixsummen je Feld über die Monate lo..hi: Werte (Lücken als 0) und Zahl der Lücken.

    Damit sind jede Fenstersumme und die Prüfung „Fenster vollständig?“ O(1). Für Gründe gibt es
    (erst bei Bedarf) je Feld die Position der nächsten Lücke ab jedem Monat, ebenfalls O(1).
    """

    __slots__ = ("lo", "zeilen", "teile", "_naechste")

    def __init__(self, reihe: Zeitreihe, lo: int, hi: int) -> None:
        self.lo = lo
        self.zeilen = zeilen = [reihe.get(m) for m in range(lo, hi + 1)]
        self._naechste: dict[str | None, list[int]] = {}
        summe: dict[str, list[int]] = {}
        luecke: dict[str, list[int]] = {}
        leer = (None,) * len(FELDNAMEN)
        try:  # je Monat die Werte in der Reihenfolge von FELDNAMEN
            tupel = [leer if z is None else _ALLE_FELDER(z) for z in zeilen]
        except KeyError:  # ein Monat ohne manche Felder: die fehlen dann (None)
            tupel = [leer if z is None else tuple(z.get(f) for f in FELDNAMEN) for z in zeilen]
        for feld, werte in zip(FELDNAMEN, zip(*tupel, strict=True), strict=True):
            summe[feld] = list(accumulate([w or 0 for w in werte], initial=0))
            luecke[feld] = list(accumulate(map(is_, werte, repeat(None)), initial=0))
        # Je Formel: Listen und Indexversätze; Fenster = Positionen t + a bis t + b − 1.
        self.teile = [
            (
                summe[f.zaehler.feld],
                luecke[f.zaehler.feld],
                f.zaehler.von - lo,
                f.zaehler.bis - lo + 1,
                summe[f.nenner.feld],
                luecke[f.nenner.feld],
                f.nenner.von - lo,
                f.nenner.bis - lo + 1,
            )
            for f in FORMELN
        ]

    def naechste(self, feld: str | None) -> list[int]:
        """Je Position i die erste Position ≥ i ohne Monat (feld None) bzw. ohne Zelle `feld`."""
        if feld not in self._naechste:
            if feld is None:
                fehlt = [z is None for z in self.zeilen]
            else:
                fehlt = [z is None or z.get(feld) is None for z in self.zeilen]
            naechste = [len(fehlt)] * (len(fehlt) + 1)
            for i in range(len(fehlt) - 1, -1, -1):
                naechste[i] = i if fehlt[i] else naechste[i + 1]
            self._naechste[feld] = naechste
        return self._naechste[feld]

    def grund(self, i: int, t: int) -> str:
        """Derselbe Grund wie `luecken_grund` für Formel Nr. i im Monat t (Lücke im Fenster)."""
        return _ohne_wert(*self._luecke(i, t)).grund  # type: ignore[return-value]

    def ohne_wert(self, i: int, t: int) -> Ergebnis:
        """`Ergebnis(None, grund(i, t))` – ein geteiltes Objekt je Grund."""
        return _ohne_wert(*self._luecke(i, t))

    def _luecke(self, i: int, t: int) -> tuple[int, str | None]:
        """(Monat, None): der früheste fehlende Monat; (Monat, Feld): die früheste leere Zelle."""
        formel = FORMELN[i]
        _, _, za, zb, _, _, na, nb = self.teile[i]
        bedarf = ((formel.zaehler.feld, t + za, t + zb), (formel.nenner.feld, t + na, t + nb))
        fehlt = self.naechste(None)
        monate = [j for _, a, b in bedarf if (j := fehlt[a]) < b]
        if monate:
            return self.lo + min(monate), None
        beste: tuple[int, str] | None = None
        for feld, a, b in bedarf:
            j = self.naechste(feld)[a]
            if j < b and (beste is None or j < beste[0]):  # bei Gleichstand: Zähler zuerst
                beste = (j, feld)
        assert beste is not None
        return self.lo + beste[0], beste[1]


@lru_cache(maxsize=8192)
def _ohne_wert(monat: int, feld: str | None) -> Ergebnis:
    if feld is None:
        return Ergebnis(None, grund_daten_fehlen(monat))
    return Ergebnis(None, grund_nicht_gemeldet(feld, monat))


def _grenzen(monate: list[int]) -> tuple[int, int]:
    return min(monate) - 12, max(monate)


def berechne_verlauf(reihe: Zeitreihe, monate: Iterable[int]) -> dict[int, dict[str, Ergebnis]]:
    """`berechne_kennzahlen` für viele Monate, mit Präfixsummen (O(1) je Kennzahl und Monat).

    Aufeinanderfolgende Monate (der Normalfall) werden je Kennzahl spaltenweise gerechnet: Zähler,
    Nenner und Lücken aller Monate als Differenzen zweier Listenausschnitte, die Divisionen –
    eine je Wert, wie immer – in C (`_spalte`)."""
    monate = list(monate)
    if not monate:
        return {}
    p = _Praefix(reihe, *_grenzen(monate))
    zusammenhaengend = monate == list(range(monate[0], monate[0] + len(monate)))
    spalten: list[list[Ergebnis]] = []
    with localcontext(DEZIMALREGELN):
        for i, (formel, teile) in enumerate(zip(FORMELN, p.teile, strict=True)):
            if zusammenhaengend:
                spalten.append(_spalte(p, i, formel, teile, monate[0], monate[-1] + 1))
            else:
                spalten.append([_wert(p, i, formel, teile, t) for t in monate])
    return {
        t: dict(zip(KENNZAHL_CODES, zeile, strict=True))
        for t, zeile in zip(monate, zip(*spalten, strict=True), strict=True)
    }


_NENNER_NULL = Ergebnis(None, NENNER_NULL)
# (Σ Zähler, Lücken Zähler, von, bis, Σ Nenner, Lücken Nenner, von, bis) – siehe _Praefix.teile
_Teile = tuple[list[int], list[int], int, int, list[int], list[int], int, int]
_FRUEHESTER_VERSATZ = [min(f.zaehler.von, f.nenner.von) for f in FORMELN]
_ALLE_FELDER = itemgetter(*FELDNAMEN)


def _wert(p: _Praefix, i: int, formel: Formel, teile: _Teile, t: int) -> Ergebnis:
    """Eine Kennzahl in einem Monat (im Dezimalkontext des Aufrufers)."""
    zs, zl, za, zb, ns, nl, na, nb = teile
    if zl[t + zb] - zl[t + za] or nl[t + nb] - nl[t + na]:
        return p.ohne_wert(i, t)
    d = ns[t + nb] - ns[t + na]
    if d == 0:
        return _NENNER_NULL
    n = zs[t + zb] - zs[t + za]
    return Ergebnis(Decimal((n - d) * 100 if formel.veraenderung else n * formel.faktor) / d, None)


def _spalte(p: _Praefix, i: int, formel: Formel, teile: _Teile, a: int, b: int) -> list[Ergebnis]:
    """Formel Nr. i für die Monate a .. b−1 (im Dezimalkontext des Aufrufers)."""
    zs, zl, za, zb, ns, nl, na, nb = teile
    luecken = list(
        map(
            or_,
            map(sub, zl[a + zb : b + zb], zl[a + za : b + za]),
            map(sub, nl[a + nb : b + nb], nl[a + na : b + na]),
        )
    )
    # Ab dem Monat nach der letzten Lücke ist jedes Fenster vollständig.
    k = len(luecken) - next((j for j, lu in enumerate(reversed(luecken)) if lu), len(luecken))
    d = list(map(sub, ns[a + k + nb : b + nb], ns[a + k + na : b + na]))
    if 0 in d:
        k = len(luecken)  # „Nenner ist 0“ irgendwo: Monat für Monat
        d = []
    # Vor den Monaten mit vollständigen Fenstern: fehlt der früheste Monat der Fenster (meist,
    # weil die Daten erst später beginnen), ist er der Grund – sonst die genaue Prüfung.
    zeilen, lo, vor = p.zeilen, p.lo, _FRUEHESTER_VERSATZ[i]
    spalte = [
        _ohne_wert(t + vor, None) if zeilen[t + vor - lo] is None else _wert(p, i, formel, teile, t)
        for t in range(a, a + k)
    ]
    n = map(sub, zs[a + k + zb : b + zb], zs[a + k + za : b + za])
    zaehler = (
        map(mul, map(sub, n, d), repeat(100))
        if formel.veraenderung
        else map(mul, n, repeat(formel.faktor))
    )
    werte = map(truediv, map(Decimal, zaehler), d)  # N × faktor / D bzw. (N − D) × 100 / D
    spalte.extend(map(_TUPEL, repeat(Ergebnis), zip(werte, repeat(None), repeat(None))))
    return spalte


def berechne_aggregat_verlauf(
    reihen: Sequence[Zeitreihe], monate: Iterable[int]
) -> dict[int, dict[str, Ergebnis]]:
    """`berechne_aggregat` für viele Monate, mit Präfixsummen je Mitglied."""
    monate = list(monate)
    if not monate:
        return {}
    lo, hi = _grenzen(monate)
    praefixe = [_Praefix(r, lo, hi) for r in reihen]
    teile_je_formel = [[p.teile[i] for p in praefixe] for i in range(len(FORMELN))]
    verlauf: dict[int, dict[str, Ergebnis]] = {}
    for t in monate:
        zeile: dict[str, Ergebnis] = {}
        for formel, teile in zip(FORMELN, teile_je_formel, strict=True):
            n = d = anzahl = 0
            for zs, zl, za, zb, ns, nl, na, nb in teile:
                if zl[t + zb] - zl[t + za] or nl[t + nb] - nl[t + na]:
                    continue
                n += zs[t + zb] - zs[t + za]
                d += ns[t + nb] - ns[t + na]
                anzahl += 1
            zeile[formel.code] = (
                _ergebnis(formel, n, d, anzahl) if anzahl else Ergebnis(None, KEIN_TRAEGER, 0)
            )
        verlauf[t] = zeile
    return verlauf
