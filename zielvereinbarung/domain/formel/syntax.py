"""Syntax der Formelsprache für Ring-Kennzahlen (DOMAIN.md § 11): Grammatik (lark, LALR),
Syntaxbaum und deutsche Syntaxfehler mit Stelle.

Sprache: Zahlen mit Dezimalpunkt (`100`, `0.5`), Namen von Basiszahlen, `+ - * /` (auch `−`
und `×`, wie im Katalog geschrieben), Vorzeichen `-`, Klammern und Funktionsaufrufe
`name(arg, …)`. Welche Namen und Funktionen es gibt, prüft erst `pruefung`.

Stellen sind 0-basierte Zeichenpositionen im Formeltext; Meldungen nennen sie 1-basiert
(„an Stelle 7“), wie ein Mensch zählt.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import cast

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

MAX_LAENGE = 1000  # Zeichen
MAX_TIEFE = 40  # Verschachtelung (Klammern, Vorzeichen, Funktionen)

GRAMMATIK = r"""
?start: summe
?summe: produkt
      | summe PLUS produkt -> rechnung
      | summe MINUS produkt -> rechnung
?produkt: vorzeichen
        | produkt MAL vorzeichen -> rechnung
        | produkt GETEILT vorzeichen -> rechnung
?vorzeichen: atom
           | MINUS vorzeichen -> negation
?atom: ZAHL -> zahl
     | NAME -> name
     | NAME LPAR [summe (KOMMA summe)*] RPAR -> aufruf
     | LPAR summe RPAR -> klammer
PLUS: "+"
MINUS: "-" | "−"
MAL: "*" | "×"
GETEILT: "/"
LPAR: "("
RPAR: ")"
KOMMA: ","
ZAHL: /[0-9]+(\.[0-9]+)?/
NAME: /[A-Za-z_ÄÖÜäöüß][A-Za-z0-9_ÄÖÜäöüß]*/
%ignore /[ \t\r\n]+/
"""


@cache
def _parser() -> Lark:
    """Der LALR-Parser, beim ersten Gebrauch gebaut (nicht bei jedem Start der Kommandozeile)."""
    return Lark(GRAMMATIK, parser="lalr", propagate_positions=True, maybe_placeholders=False)


class FormelFehler(ValueError):
    """Eine Formel ist ungültig: deutsche Meldung mit Stelle (0-basiert) und Länge des Fehlers."""

    def __init__(self, meldung: str, stelle: int | None = None, laenge: int = 1):
        super().__init__(meldung)
        self.meldung = meldung
        self.stelle = stelle
        self.laenge = max(1, laenge)

    def __str__(self) -> str:
        return self.meldung


# ------------------------------------------------------------------ Syntaxbaum


@dataclass(frozen=True, slots=True)
class Zahl:
    wert: Fraction
    text: str
    stelle: int


@dataclass(frozen=True, slots=True)
class Name:
    code: str
    stelle: int


@dataclass(frozen=True, slots=True)
class Negation:
    arg: Knoten
    stelle: int


@dataclass(frozen=True, slots=True)
class Rechnung:
    op: str  # '+', '-', '*', '/'
    links: Knoten
    rechts: Knoten
    stelle: int  # des Rechenzeichens


@dataclass(frozen=True, slots=True)
class Aufruf:
    name: str
    args: tuple[Knoten, ...]
    stelle: int  # des Funktionsnamens
    ende: int  # hinter der schließenden Klammer


@dataclass(frozen=True, slots=True)
class Klammer:
    """Nur für Stellenangaben: `(x)` ist fachlich x."""

    inhalt: Knoten
    stelle: int
    ende: int


Knoten = Zahl | Name | Negation | Rechnung | Aufruf | Klammer

_OPS = {"+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "/": "/"}


def anfang(knoten: Knoten) -> int:
    """Erste Zeichenposition eines Teilausdrucks."""
    while isinstance(knoten, Rechnung):
        knoten = knoten.links
    return knoten.stelle


def ende(knoten: Knoten) -> int:
    """Position hinter dem letzten Zeichen eines Teilausdrucks."""
    while True:
        if isinstance(knoten, Rechnung):
            knoten = knoten.rechts
        elif isinstance(knoten, Negation):
            knoten = knoten.arg
        elif isinstance(knoten, Zahl):
            return knoten.stelle + len(knoten.text)
        elif isinstance(knoten, Name):
            return knoten.stelle + len(knoten.code)
        else:
            return knoten.ende


def ohne_klammer(knoten: Knoten) -> Knoten:
    while isinstance(knoten, Klammer):
        knoten = knoten.inhalt
    return knoten


# ------------------------------------------------------------------ Parsen


def stelle_text(formel: str, stelle: int) -> str:
    """„Stelle 7“ bzw. bei mehrzeiligen Formeln „Zeile 2, Stelle 3“ (1-basiert)."""
    if "\n" not in formel:
        return f"Stelle {stelle + 1}"
    zeile = formel.count("\n", 0, stelle) + 1
    spalte = stelle - (formel.rfind("\n", 0, stelle) + 1) + 1
    return f"Zeile {zeile}, Stelle {spalte}"


_ERWARTET = {
    "ZAHL": "eine Zahl",
    "NAME": "eine Basiszahl",
    "LPAR": "„(“",
    "MINUS": "„-“",
    "RPAR": "„)“",
    "KOMMA": "„,“",
    "PLUS": "„+“",
    "MAL": "„*“",
    "GETEILT": "„/“",
}
_OPERAND = {"ZAHL", "NAME", "LPAR"}


def _erwartet(menge: set[str] | frozenset[str]) -> str:
    if _OPERAND <= set(menge):
        return "eine Zahl, eine Basiszahl, eine Funktion oder „(“"
    if "RPAR" in menge and "KOMMA" not in menge:
        return "„)“ oder ein Rechenzeichen"
    if "RPAR" in menge:
        return "„,“, „)“ oder ein Rechenzeichen"
    return "ein Rechenzeichen (+ - * /)"


def _syntaxfehler(formel: str, fehler: UnexpectedInput) -> FormelFehler:
    if isinstance(fehler, UnexpectedCharacters):
        # Lark deklariert `pos_in_stream` als None; UnexpectedCharacters setzt die Stelle (int).
        stelle = cast(int, fehler.pos_in_stream)
        zeichen = formel[stelle]
        tipp = ""
        if zeichen == "[":
            tipp = (
                " Monate werden mit Funktionen angegeben: vorjahr(x), vormonat(x), summe(x, 12) …"
            )
        elif zeichen in ";:":
            tipp = " Argumente werden mit „,“ getrennt, geteilt wird mit „/“."
        return FormelFehler(
            f"Unerwartetes Zeichen „{zeichen}“ an {stelle_text(formel, stelle)}.{tipp}", stelle
        )
    assert isinstance(fehler, UnexpectedToken)
    token = fehler.token
    erwartet = _erwartet(fehler.expected)
    if token.type == "$END":
        stelle = len(formel.rstrip())
        return FormelFehler(
            f"Die Formel endet unvollständig an {stelle_text(formel, stelle)}; erwartet: "
            f"{erwartet}.",
            stelle,
        )
    stelle = token.start_pos
    wo = stelle_text(formel, stelle)
    art = {"ZAHL": "Unerwartete Zahl", "NAME": "Unerwarteter Name"}.get(
        token.type, "Unerwartetes Zeichen"
    )
    if token.type == "KOMMA" and "KOMMA" not in fehler.expected:
        tipp = "Dezimalzahlen werden mit Punkt geschrieben (0.5); „,“ trennt Funktionsargumente."
    elif token.type in ("ZAHL", "NAME", "LPAR") and not _OPERAND <= set(fehler.expected):
        tipp = "fehlt davor ein Rechenzeichen (+ - * /)?"
    else:
        tipp = f"erwartet: {erwartet}."
    return FormelFehler(f"{art} „{token.value}“ an {wo} – {tipp}", stelle, len(token.value))


def parse(formel: str) -> Knoten:
    """Formeltext → Syntaxbaum; `FormelFehler` mit Stelle bei jedem Syntaxfehler."""
    if not isinstance(formel, str) or not formel.strip():
        raise FormelFehler("Die Formel ist leer.", 0)
    if len(formel) > MAX_LAENGE:
        raise FormelFehler(
            f"Die Formel ist zu lang ({len(formel)} Zeichen, höchstens {MAX_LAENGE}).", MAX_LAENGE
        )
    try:
        baum = _parser().parse(formel)
    except UnexpectedInput as fehler:
        raise _syntaxfehler(formel, fehler) from None
    return _knoten(formel, baum, 0)


def _token(kind: Tree[Token] | Token) -> Token:
    """Ein Kind, das laut Grammatik ein Token ist (Zahl, Name, Rechenzeichen, Klammer)."""
    assert isinstance(kind, Token), kind
    return kind


def _anfang(token: Token) -> int:
    assert token.start_pos is not None  # Lark setzt die Stellen beim Zerlegen des Textes
    return token.start_pos


def _ende(token: Token) -> int:
    assert token.end_pos is not None  # Lark setzt die Stellen beim Zerlegen des Textes
    return token.end_pos


def _knoten(formel: str, baum: Tree[Token] | Token, tiefe: int) -> Knoten:
    if tiefe > MAX_TIEFE:
        stelle = _anfang(baum) if isinstance(baum, Token) else baum.meta.start_pos
        raise FormelFehler(
            f"Die Formel ist zu tief verschachtelt (mehr als {MAX_TIEFE} Ebenen) an "
            f"{stelle_text(formel, stelle)}.",
            stelle,
        )
    if isinstance(baum, Token):  # nur über `?atom` denkbar, der Vollständigkeit halber
        raise FormelFehler(f"Unerwartetes „{baum.value}“.", baum.start_pos)
    kinder = baum.children
    if baum.data == "zahl":
        token = _token(kinder[0])
        return Zahl(Fraction(token.value), token.value, _anfang(token))
    if baum.data == "name":
        token = _token(kinder[0])
        return Name(token.value, _anfang(token))
    if baum.data == "negation":
        return Negation(_knoten(formel, kinder[1], tiefe + 1), _anfang(_token(kinder[0])))
    if baum.data == "rechnung":
        links, op, rechts = kinder
        op = _token(op)
        return Rechnung(
            _OPS[op.value],
            _knoten(formel, links, tiefe + 1),
            _knoten(formel, rechts, tiefe + 1),
            _anfang(op),
        )
    if baum.data == "klammer":
        return Klammer(
            _knoten(formel, kinder[1], tiefe + 1),
            _anfang(_token(kinder[0])),
            _ende(_token(kinder[2])),
        )
    assert baum.data == "aufruf", baum.data
    name, *mitte, rpar = kinder
    args = tuple(
        _knoten(formel, k, tiefe + 1)
        for k in mitte
        if not (isinstance(k, Token) and k.type in ("LPAR", "KOMMA"))
    )
    return Aufruf(_token(name).value, args, _anfang(_token(name)), _ende(_token(rpar)))
