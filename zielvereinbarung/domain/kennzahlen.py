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
from itertools import accumulate

from zielvereinbarung.domain.basiszahlen import FELDNAMEN, monat_text
from zielvereinbarung.domain.katalog import KENNZAHL_CODES

Zeitreihe = Mapping[int, Mapping[str, int | None]]
"""Monatsindex (`monat_index`) → {Feldname → ganze Zahl (Geld in Cent) oder None = leer}."""

DEZIMALREGELN = Context(prec=28, rounding=ROUND_HALF_EVEN)

NENNER_NULL = "Nenner ist 0"
KEIN_TRAEGER = "Für keinen Träger vollständige Daten"


@dataclass(frozen=True, slots=True)
class Ergebnis:
    wert: Decimal | None
    grund: str | None
    abdeckung: int | None = None  # nur bei Aggregaten: Zahl der einbezogenen Träger


# Schneller Bau von Ergebnis(wert, None) über die Slot-Deskriptoren: der von `frozen` erzeugte
# __init__ (object.__setattr__ je Feld) kostete in `berechne_verlauf` rund ein Drittel der Zeit.
_NEU = object.__new__
_SETZE = (
    Ergebnis.wert.__set__,  # type: ignore[attr-defined]
    Ergebnis.grund.__set__,  # type: ignore[attr-defined]
    Ergebnis.abdeckung.__set__,  # type: ignore[attr-defined]
)


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
            return f"Daten für {monat_text(m)} fehlen"
    for m in monate:
        zeile = reihe[m]
        for feld, von, bis in bedarf:
            if von <= m <= bis and zeile.get(feld) is None:
                return f"Wert „{feld}“ für {monat_text(m)} nicht gemeldet"
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
        for feld in FELDNAMEN:
            werte = [None if z is None else z.get(feld) for z in zeilen]
            summe[feld] = list(accumulate([0 if w is None else w for w in werte], initial=0))
            luecke[feld] = list(accumulate([w is None for w in werte], initial=0))
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
        formel = FORMELN[i]
        _, _, za, zb, _, _, na, nb = self.teile[i]
        bedarf = ((formel.zaehler.feld, t + za, t + zb), (formel.nenner.feld, t + na, t + nb))
        fehlt = self.naechste(None)
        monate = [j for _, a, b in bedarf if (j := fehlt[a]) < b]
        if monate:
            return f"Daten für {monat_text(self.lo + min(monate))} fehlen"
        beste: tuple[int, str] | None = None
        for feld, a, b in bedarf:
            j = self.naechste(feld)[a]
            if j < b and (beste is None or j < beste[0]):  # bei Gleichstand: Zähler zuerst
                beste = (j, feld)
        assert beste is not None
        return f"Wert „{beste[1]}“ für {monat_text(self.lo + beste[0])} nicht gemeldet"


def _grenzen(monate: list[int]) -> tuple[int, int]:
    return min(monate) - 12, max(monate)


def berechne_verlauf(reihe: Zeitreihe, monate: Iterable[int]) -> dict[int, dict[str, Ergebnis]]:
    """`berechne_kennzahlen` für viele Monate, mit Präfixsummen (O(1) je Kennzahl und Monat)."""
    monate = list(monate)
    if not monate:
        return {}
    p = _Praefix(reihe, *_grenzen(monate))
    nenner_null = Ergebnis(None, NENNER_NULL)
    neu, (setze_wert, setze_grund, setze_abdeckung) = _NEU, _SETZE
    spalten: list[list[Ergebnis]] = []
    with localcontext(DEZIMALREGELN):
        for i, (formel, (zs, zl, za, zb, ns, nl, na, nb)) in enumerate(
            zip(FORMELN, p.teile, strict=True)
        ):
            aend, faktor = formel.veraenderung, formel.faktor
            spalte: list[Ergebnis] = []
            for t in monate:
                if zl[t + zb] - zl[t + za] or nl[t + nb] - nl[t + na]:
                    spalte.append(Ergebnis(None, p.grund(i, t)))
                    continue
                d = ns[t + nb] - ns[t + na]
                if d == 0:
                    spalte.append(nenner_null)
                    continue
                n = zs[t + zb] - zs[t + za]
                # = Ergebnis(N × faktor / D oder (N − D) × 100 / D, None), siehe _SETZE
                e = neu(Ergebnis)
                setze_wert(e, Decimal((n - d) * 100 if aend else n * faktor) / d)
                setze_grund(e, None)
                setze_abdeckung(e, None)
                spalte.append(e)
            spalten.append(spalte)
    return {
        t: dict(zip(KENNZAHL_CODES, zeile, strict=True))
        for t, zeile in zip(monate, zip(*spalten, strict=True), strict=True)
    }


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
