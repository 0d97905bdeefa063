"""Exakte Auswertung einer geprüften Formel (DOMAIN.md § 11) – nie mit `eval`, nie mit float.

Gerechnet wird mit ganzen Zahlen und Brüchen (`Fraction`); erst das Ergebnis wird wie in der
Kennzahlen-Engine einmal in eine Decimal mit 28 Stellen geteilt. Der gespeicherte ganzzahlige
Wert einer Basiszahl wird durch ihren Skalenteiler geteilt (Euro: Cent / 100).

Nicht berechenbar (wie `domain.kennzahlen`, dieselben Gründe in derselben Reihenfolge):
1. fehlt für einen benötigten Monat die Zeile → „Daten für JJJJ-MM fehlen“ (der früheste Monat);
   gesetzliche und ring-eigene Basiszahlen haben je eigene Zeilen (`reihe` und `zusatz`);
2. sonst ist eine benötigte Zelle leer (oder ihr Schlüssel fehlt) → „Wert „code“ für JJJJ-MM
   nicht gemeldet“ (der früheste Monat, darin die Basiszahl, die in der Formel zuerst steht);
3. sonst ist ein Nenner 0 → „Nenner ist 0“.

Aggregate: ein Träger zählt mit, wenn er alle benötigten Zellen hat; deren Werte werden je
Basiszahl und Monat addiert, dann wird die Formel auf die Summen angewandt (nie Mittelwerte von
Quoten). `abdeckung` zählt die einbezogenen Träger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

from ..basiszahlen import FELD, grund_daten_fehlen, grund_nicht_gemeldet
from ..kennzahlen import DEZIMALREGELN, KEIN_TRAEGER, NENNER_NULL, Ergebnis, Zeitreihe
from .pruefung import Formel
from .syntax import Aufruf, Klammer, Knoten, Name, Negation, Rechnung, Zahl, ohne_klammer

Zelle = tuple[str, int]  # (Basiszahl, Monatsindex)


class _NennerNull(Exception):
    pass


def fenster(aufruf: Aufruf, t: int) -> range:
    """Die Monate, über die ein Funktionsaufruf im Berichtsmonat t läuft."""
    name = aufruf.name
    if name == "vorjahr":
        return range(t - 12, t - 11)
    if name == "vormonat":
        return range(t - 1, t)
    if name in ("jahr_bis", "jahresmittel_bis"):
        return range(t - t % 12, t + 1)  # Monatsindex: Januar hat Rest 0
    n = int(ohne_klammer(aufruf.args[1]).wert)  # type: ignore[union-attr]
    if name in ("summe", "mittel"):
        return range(t - n + 1, t + 1)
    return range(t - n, t)  # summe_vor, mittel_vor


def zellen(formel: Formel, t: int) -> list[Zelle]:
    """Alle Zellen, die die Formel im Monat t liest: in Formelreihenfolge, ohne Doppelte."""
    gesehen: dict[Zelle, None] = {}
    _sammle(formel.baum, t, gesehen)
    return list(gesehen)


def _sammle(knoten: Knoten, t: int, gesehen: dict[Zelle, None]) -> None:
    if isinstance(knoten, Name):
        gesehen.setdefault((knoten.code, t), None)
    elif isinstance(knoten, Rechnung):
        _sammle(knoten.links, t, gesehen)
        _sammle(knoten.rechts, t, gesehen)
    elif isinstance(knoten, Negation):
        _sammle(knoten.arg, t, gesehen)
    elif isinstance(knoten, Klammer):
        _sammle(knoten.inhalt, t, gesehen)
    elif isinstance(knoten, Aufruf):
        for s in fenster(knoten, t):
            _sammle(knoten.args[0], s, gesehen)


def _quelle(name: str, reihe: Zeitreihe, zusatz: Zeitreihe | None) -> Zeitreihe:
    if zusatz is None or name in FELD:
        return reihe
    return zusatz


def luecken_grund(
    reihe: Zeitreihe, bedarf: list[Zelle], zusatz: Zeitreihe | None = None
) -> str | None:
    """Wie `kennzahlen.luecken_grund`: erst der früheste fehlende Monat, dann die früheste leere
    Zelle (im selben Monat die Basiszahl, die in der Formel zuerst steht); sonst None.

    `zusatz`: die Zeilen der ring-eigenen Basiszahlen; ein Monat fehlt für eine Basiszahl, wenn
    die Zeile ihrer Quelle fehlt. Ein fehlender Schlüssel in einer Zeile ist eine leere Zelle.
    """
    je_monat: dict[int, list[str]] = {}
    for name, m in bedarf:
        je_monat.setdefault(m, []).append(name)
    monate = sorted(je_monat)
    for m in monate:
        for name in je_monat[m]:
            if _quelle(name, reihe, zusatz).get(m) is None:
                return grund_daten_fehlen(m)
    for m in monate:
        for name in je_monat[m]:
            if _quelle(name, reihe, zusatz)[m].get(name) is None:
                return grund_nicht_gemeldet(name, m)
    return None


def _lies_zellen(
    reihe: Zeitreihe, bedarf: list[Zelle], zusatz: Zeitreihe | None
) -> dict[Zelle, int]:
    return {(n, m): _quelle(n, reihe, zusatz)[m][n] for n, m in bedarf}  # type: ignore[misc]


def _wert(knoten: Knoten, t: int, lese: Callable[[str, int], Fraction]) -> Fraction:
    if isinstance(knoten, Zahl):
        return knoten.wert
    if isinstance(knoten, Name):
        return lese(knoten.code, t)
    if isinstance(knoten, Klammer):
        return _wert(knoten.inhalt, t, lese)
    if isinstance(knoten, Negation):
        return -_wert(knoten.arg, t, lese)
    if isinstance(knoten, Rechnung):
        links, rechts = _wert(knoten.links, t, lese), _wert(knoten.rechts, t, lese)
        if knoten.op == "+":
            return links + rechts
        if knoten.op == "-":
            return links - rechts
        if knoten.op == "*":
            return links * rechts
        if not rechts:
            raise _NennerNull
        return links / rechts
    monate = fenster(knoten, t)
    summe = sum((_wert(knoten.args[0], s, lese) for s in monate), Fraction(0))
    return summe / len(monate) if "mittel" in knoten.name else summe


def _auswerten(formel: Formel, t: int, werte: dict[Zelle, int]) -> Fraction | str:
    skalen = formel.skalen

    def lese(name: str, m: int) -> Fraction:
        return Fraction(werte[(name, m)], skalen[name])

    try:
        return _wert(formel.baum, t, lese)
    except _NennerNull:
        return NENNER_NULL


def _als_ergebnis(wert: Fraction | str, abdeckung: int | None = None) -> Ergebnis:
    if isinstance(wert, str):
        return Ergebnis(None, wert, abdeckung)
    with localcontext(DEZIMALREGELN):
        return Ergebnis(Decimal(wert.numerator) / wert.denominator, None, abdeckung)


def berechne_exakt(
    formel: Formel, reihe: Zeitreihe, t: int, zusatz: Zeitreihe | None = None
) -> Fraction | str:
    """Der exakte Wert im Monat t oder der Grund, warum er nicht berechenbar ist.

    `reihe`: die gesetzlichen Basiszahlen (§ 2) eines Trägers; `zusatz`: seine ring-eigenen
    Basiszahlen (None: alle Namen stehen in `reihe`)."""
    bedarf = zellen(formel, t)
    grund = luecken_grund(reihe, bedarf, zusatz)
    if grund is not None:
        return grund
    return _auswerten(formel, t, _lies_zellen(reihe, bedarf, zusatz))


def berechne(formel: Formel, reihe: Zeitreihe, t: int, zusatz: Zeitreihe | None = None) -> Ergebnis:
    """Wert eines Trägers im Monat t als `Ergebnis` (Decimal, 28 Stellen) – wie die Engine."""
    return _als_ergebnis(berechne_exakt(formel, reihe, t, zusatz))


def berechne_verlauf(
    formel: Formel, reihe: Zeitreihe, monate: Iterable[int], zusatz: Zeitreihe | None = None
) -> dict[int, Ergebnis]:
    return {t: berechne(formel, reihe, t, zusatz) for t in monate}


def aggregat_exakt(
    formel: Formel,
    reihen: Sequence[Zeitreihe],
    t: int,
    zusaetze: Sequence[Zeitreihe | None] | None = None,
) -> tuple[Fraction | str, int]:
    """(Wert oder Grund, Zahl der einbezogenen Träger) eines Aggregats im Monat t.

    `zusaetze[i]` gehört zu `reihen[i]` (ring-eigene Basiszahlen)."""
    bedarf = zellen(formel, t)
    summen = dict.fromkeys(bedarf, 0)
    anzahl = 0
    for i, reihe in enumerate(reihen):
        zusatz = zusaetze[i] if zusaetze is not None else None
        if luecken_grund(reihe, bedarf, zusatz) is not None:
            continue
        anzahl += 1
        for zelle, wert in _lies_zellen(reihe, bedarf, zusatz).items():
            summen[zelle] += wert
    if not anzahl:
        return KEIN_TRAEGER, 0
    return _auswerten(formel, t, summen), anzahl


def berechne_aggregat(
    formel: Formel,
    reihen: Sequence[Zeitreihe],
    t: int,
    zusaetze: Sequence[Zeitreihe | None] | None = None,
) -> Ergebnis:
    """Aggregat als `Ergebnis` mit `abdeckung` (wie `kennzahlen.berechne_aggregat`)."""
    wert, anzahl = aggregat_exakt(formel, reihen, t, zusaetze)
    return _als_ergebnis(wert, anzahl)
