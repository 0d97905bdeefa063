"""Prüfung einer Formel beim Speichern (DOMAIN.md § 11): Namen, Funktionen und ihre Stelligkeit,
Monatszahlen, Divisionen, die nie berechenbar wären, und der Rechenaufwand.

Jeder Fehler ist ein `FormelFehler` mit deutscher Meldung und der Stelle im Formeltext.

„Nie berechenbar“ heißt: der Nenner ist als Ausdruck identisch 0 (`elb / 0`,
`x / (elb - elb)`, `x / (mittel(elb, 12) - summe(elb, 12) / 12)`). Dazu wird der Nenner in ein
Polynom über „Atomen“ normalisiert (eine Basiszahl, ein Fensteroperator auf einem Monom, ein
nicht polynomieller Teilausdruck); die Fensteroperatoren sind linear und werden über Summen
verteilt, `mittel(x, n)` ist `summe(x, n) / n`. Ein Nenner, der nur bei bestimmten Daten 0 ist,
ergibt später „Nenner ist 0“ für den betroffenen Monat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from fractions import Fraction
from typing import Any

from .syntax import (
    Aufruf,
    FormelFehler,
    Klammer,
    Knoten,
    Name,
    Negation,
    Rechnung,
    Zahl,
    anfang,
    ende,
    ohne_klammer,
    parse,
    stelle_text,
)

MAX_MONATE = 120  # größtes n in summe(x, n) …
MAX_AUFWAND = 20_000  # Zellen je Berichtsmonat (verschachtelte Fenster multiplizieren sich)


@dataclass(frozen=True)
class Funktion:
    name: str
    mit_n: bool  # zweites Argument: Zahl der Monate
    beschreibung: str


FUNKTIONEN: dict[str, Funktion] = {
    f.name: f
    for f in (
        Funktion("vorjahr", False, "x[t−12], derselbe Monat ein Jahr früher"),
        Funktion("vormonat", False, "x[t−1]"),
        Funktion("summe", True, "Σ x[t−n+1..t]"),
        Funktion("mittel", True, "Mittelwert von x[t−n+1..t]"),
        Funktion("summe_vor", True, "Σ x[t−n..t−1]"),
        Funktion("mittel_vor", True, "Mittelwert von x[t−n..t−1]"),
        Funktion("jahr_bis", False, "Σ x vom Januar des Jahres von t bis t"),
        Funktion("jahresmittel_bis", False, "Mittelwert von x vom Januar bis t"),
    )
}


@dataclass(frozen=True)
class Formel:
    """Eine geprüfte Formel. `skalen`: je verwendeter Basiszahl der Teiler vom gespeicherten
    ganzzahligen Wert zur fachlichen Größe (Euro: 100, weil in Cent gespeichert)."""

    text: str
    baum: Knoten
    skalen: Mapping[str, int]

    @property
    def namen(self) -> tuple[str, ...]:
        """Die verwendeten Basiszahlen in der Reihenfolge ihres ersten Vorkommens."""
        return tuple(self.skalen)

    @property
    def gelesen_als(self) -> str:
        from .darstellung import geklammert

        return geklammert(self.baum)


def lies_formel(text: str, namen: Mapping[str, int]) -> Formel:
    """Parst und prüft `text`. `namen`: bekannte Basiszahl-Codes → Skalenteiler (siehe Formel).

    `FormelFehler` mit Stelle bei Syntaxfehlern, unbekannten Namen, falscher Stelligkeit,
    ungültiger Monatszahl, einem Nenner, der immer 0 ist, zu großem Rechenaufwand oder einer
    Formel ohne Basiszahl.
    """
    baum = parse(text)
    verwendet: dict[str, int] = {}
    _pruefe(text, baum, namen, verwendet)
    if not verwendet:
        raise FormelFehler(
            "Die Formel enthält keine Basiszahl; ihr Wert wäre für jeden Träger gleich.",
            0,
            len(text),
        )
    aufwand = _aufwand(baum)
    if aufwand > MAX_AUFWAND:
        raise FormelFehler(
            f"Die Formel ist zu aufwendig: sie braucht je Berichtsmonat {aufwand} Werte "
            f"(höchstens {MAX_AUFWAND}); verschachtelte Summen über viele Monate vermeiden.",
            0,
            len(text),
        )
    return Formel(text, baum, verwendet)


def _pruefe(text: str, knoten: Knoten, namen: Mapping[str, int], verwendet: dict[str, Any]) -> None:
    if isinstance(knoten, Zahl):
        return
    if isinstance(knoten, Name):
        if knoten.code in namen:
            verwendet.setdefault(knoten.code, namen[knoten.code])
            return
        raise _unbekannt(text, knoten, namen)
    if isinstance(knoten, Negation | Klammer):
        _pruefe(
            text, knoten.arg if isinstance(knoten, Negation) else knoten.inhalt, namen, verwendet
        )
        return
    if isinstance(knoten, Rechnung):
        _pruefe(text, knoten.links, namen, verwendet)
        _pruefe(text, knoten.rechts, namen, verwendet)
        if knoten.op == "/" and not _polynom(knoten.rechts):
            von, bis = anfang(knoten.rechts), ende(knoten.rechts)
            raise FormelFehler(
                f"Division durch „{text[von:bis]}“ an {stelle_text(text, von)}: dieser Nenner "
                "ist immer 0, der Wert wäre nie berechenbar.",
                von,
                bis - von,
            )
        return
    assert isinstance(knoten, Aufruf)
    funktion = FUNKTIONEN.get(knoten.name)
    wo = stelle_text(text, knoten.stelle)
    if funktion is None:
        if knoten.name in namen:
            raise FormelFehler(
                f"„{knoten.name}“ an {wo} ist eine Basiszahl, keine Funktion; für Vormonate "
                "z. B. vormonat(x) oder vorjahr(x) schreiben.",
                knoten.stelle,
                len(knoten.name),
            )
        vorschlag = get_close_matches(knoten.name.lower(), FUNKTIONEN, n=1, cutoff=0.6)
        tipp = f" Gemeint ist vielleicht „{vorschlag[0]}“." if vorschlag else ""
        raise FormelFehler(
            f"Unbekannte Funktion „{knoten.name}“ an {wo}.{tipp} Bekannt sind: "
            f"{', '.join(FUNKTIONEN)}.",
            knoten.stelle,
            len(knoten.name),
        )
    soll = 2 if funktion.mit_n else 1
    if len(knoten.args) != soll:
        form = f"{funktion.name}(x, n)" if funktion.mit_n else f"{funktion.name}(x)"
        anzahl = {0: "kein Argument", 1: "1 Argument"}.get(
            len(knoten.args), f"{len(knoten.args)} Argumente"
        )
        raise FormelFehler(
            f"{funktion.name} an {wo} braucht {soll} Argument{'e' if soll > 1 else ''} "
            f"({form}), hat aber {anzahl}.",
            knoten.stelle,
            knoten.ende - knoten.stelle,
        )
    _pruefe(text, knoten.args[0], namen, verwendet)
    if funktion.mit_n:
        monate(text, knoten)


def monate(text: str, aufruf: Aufruf) -> int:
    """Das n eines Fensteroperators: eine ganze Zahl 1 … MAX_MONATE, sonst `FormelFehler`."""
    arg = ohne_klammer(aufruf.args[1])
    if isinstance(arg, Zahl) and arg.wert.denominator == 1 and 1 <= arg.wert <= MAX_MONATE:
        return int(arg.wert)
    von, bis = anfang(aufruf.args[1]), ende(aufruf.args[1])
    raise FormelFehler(
        f"Die Zahl der Monate in {aufruf.name} an {stelle_text(text, von)} muss eine ganze Zahl "
        f"von 1 bis {MAX_MONATE} sein, nicht „{text[von:bis]}“.",
        von,
        bis - von,
    )


def _unbekannt(text: str, knoten: Name, namen: Mapping[str, int]) -> FormelFehler:
    wo = stelle_text(text, knoten.stelle)
    if knoten.code in FUNKTIONEN:
        f = FUNKTIONEN[knoten.code]
        form = f"{f.name}(x, n)" if f.mit_n else f"{f.name}(x)"
        return FormelFehler(
            f"„{knoten.code}“ an {wo} ist eine Funktion und braucht Klammern: {form}.",
            knoten.stelle,
            len(knoten.code),
        )
    vorschlag = get_close_matches(knoten.code.lower(), list(namen), n=1, cutoff=0.7)
    if knoten.code.lower() in namen:
        vorschlag = [knoten.code.lower()]
    tipp = f" Gemeint ist vielleicht „{vorschlag[0]}“." if vorschlag else ""
    return FormelFehler(
        f"Unbekannte Basiszahl „{knoten.code}“ an {wo}.{tipp}", knoten.stelle, len(knoten.code)
    )


# ------------------------------------------------------------------ Aufwand


def _aufwand(knoten: Knoten) -> int:
    """Zahl der Zellen, die eine Auswertung je Berichtsmonat höchstens liest."""
    if isinstance(knoten, Zahl):
        return 0
    if isinstance(knoten, Name):
        return 1
    if isinstance(knoten, Negation):
        return _aufwand(knoten.arg)
    if isinstance(knoten, Klammer):
        return _aufwand(knoten.inhalt)
    if isinstance(knoten, Rechnung):
        return _aufwand(knoten.links) + _aufwand(knoten.rechts)
    breite = 12 if knoten.name in ("jahr_bis", "jahresmittel_bis") else 1
    if FUNKTIONEN[knoten.name].mit_n:
        breite = int(ohne_klammer(knoten.args[1]).wert)  # type: ignore[union-attr]
    return breite * _aufwand(knoten.args[0])


# ------------------------------------------------------------------ Nenner identisch 0?

Monom = tuple[str, ...]  # sortierte Atom-Schlüssel
Polynom = dict[Monom, Fraction]  # ohne Nullkoeffizienten; {} = identisch 0


def _plus(a: Polynom, b: Polynom, faktor: Fraction = Fraction(1)) -> Polynom:
    summe = dict(a)
    for m, c in b.items():
        neu = summe.get(m, Fraction(0)) + faktor * c
        if neu:
            summe[m] = neu
        else:
            summe.pop(m, None)
    return summe


def _mal(a: Polynom, b: Polynom) -> Polynom:
    produkt: Polynom = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            produkt = _plus(produkt, {tuple(sorted(ma + mb)): ca * cb})
    return produkt


def _polynom(knoten: Knoten) -> Polynom:
    """Normalform eines (bereits geprüften) Ausdrucks als Polynom über Atomen."""
    from .darstellung import geklammert

    if isinstance(knoten, Zahl):
        return {(): knoten.wert} if knoten.wert else {}
    if isinstance(knoten, Name):
        return {(knoten.code,): Fraction(1)}
    if isinstance(knoten, Klammer):
        return _polynom(knoten.inhalt)
    if isinstance(knoten, Negation):
        return {m: -c for m, c in _polynom(knoten.arg).items()}
    if isinstance(knoten, Rechnung):
        links, rechts = _polynom(knoten.links), _polynom(knoten.rechts)
        if knoten.op == "+":
            return _plus(links, rechts)
        if knoten.op == "-":
            return _plus(links, rechts, Fraction(-1))
        if knoten.op == "*":
            return _mal(links, rechts)
        if not links:
            return {}
        if set(rechts) == {()}:
            return {m: c / rechts[()] for m, c in links.items()}
        return {(f"[{geklammert(knoten)}]",): Fraction(1)}
    # Fensteroperatoren sind linear: f(Σ c·m) = Σ c·f(m).
    name = knoten.name
    n = int(ohne_klammer(knoten.args[1]).wert) if FUNKTIONEN[name].mit_n else 0  # type: ignore[union-attr]
    teiler = Fraction(1)
    if name in ("mittel", "mittel_vor"):
        name, teiler = name.replace("mittel", "summe"), Fraction(n)
    ergebnis: Polynom = {}
    for monom, c in _polynom(knoten.args[0]).items():
        if not monom and name in ("vorjahr", "vormonat", "jahresmittel_bis"):
            ergebnis = _plus(ergebnis, {(): c})
        elif not monom and name in ("summe", "summe_vor"):
            ergebnis = _plus(ergebnis, {(): c * n / teiler})
        else:
            atom = f"{name}({n})[{'*'.join(monom)}]"
            ergebnis = _plus(ergebnis, {(atom,): c / teiler})
    return ergebnis
