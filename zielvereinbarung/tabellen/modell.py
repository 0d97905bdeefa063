"""Das Tabellenmodell: eine `Mappe` (Titel, Datenstand, Demodaten, Dateiname) mit `Tabelle`n aus
`Spalte`n und Zeilen von `Zelle`n – rein, ohne Flask, ohne Datenbank.

Eine Zelle trägt beides: den Wert für die Datei (`wert`: Zahl, Datum, Text oder None) und den
Text für die Seite (`text`). Beide entstehen an einer Stelle, `Spalte.zelle(wert)`, aus der Art
der Spalte und `zielvereinbarung.format`; so zeigt die Seite genau die Zahl, die in der Datei
steht (auf die angezeigten Stellen gerundet, ROUND_HALF_UP).

Arten (`Spalte.art`) und ihr Wert:
- TEXT: str. ANZAHL: int. ZAHL: Decimal mit `stellen` Nachkommastellen.
- PROZENT: Prozentwert wie in der Anwendung (23,2 für 23,2 %); in XLSX als Bruchteil 0,232 mit
  Prozentformat, in CSV als 23,2 unter „… (%)“. VERAENDERUNG: ebenso, mit Vorzeichen.
  PROZENTPUNKTE: Differenz zweier Quoten, mit Vorzeichen, Einheit „Prozentpunkte“.
- EURO: Decimal in Euro, 2 Stellen. DATUM: date. ZEITPUNKT: datetime (deutsche Ortszeit).

Zusätze nur für die Seite (in der Datei als Kommentar oder Fußnote): `url`, `grund` (warum kein
Wert), `fussnote`, `markiert` (Plausibilitätshinweis), `zusatz` (zweite Zeile), `liste`
(Aufzählung, in der Datei mit „; “ verbunden), `hervorgehoben` („geändert“), `klasse` (Status).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from ..format import LEER, datum, gerundet, prozent, veraenderung, zahl, zeitpunkt

TEXT = "text"
ANZAHL = "anzahl"
ZAHL = "zahl"
PROZENT = "prozent"
VERAENDERUNG = "veraenderung"
PROZENTPUNKTE = "prozentpunkte"
EURO = "euro"
DATUM = "datum"
ZEITPUNKT = "zeitpunkt"

ARTEN = (TEXT, ANZAHL, ZAHL, PROZENT, VERAENDERUNG, PROZENTPUNKTE, EURO, DATUM, ZEITPUNKT)
ZAHLENARTEN = frozenset({ANZAHL, ZAHL, PROZENT, VERAENDERUNG, PROZENTPUNKTE, EURO})
EINHEIT = {PROZENT: "%", VERAENDERUNG: "%", PROZENTPUNKTE: "Prozentpunkte", EURO: "EUR"}
STELLEN = {ANZAHL: 0, ZAHL: 1, PROZENT: 1, VERAENDERUNG: 1, PROZENTPUNKTE: 1, EURO: 2}

DEMODATEN_TEXT = "Demodaten – synthetisch erzeugte Zahlen, keine amtliche Statistik."


@dataclass(frozen=True, slots=True)
class Sortierung:
    """Sortierlink im Spaltenkopf (nur Seite)."""

    url: str
    link_text: str  # für Screenreader: was der Klick tut
    aria_sort: str | None = None  # "ascending"/"descending" an der aktiven Spalte
    pfeil: str | None = None


@dataclass(frozen=True, slots=True)
class Zelle:
    text: str = LEER
    wert: object = None  # für die Datei; bei TEXT der Text
    art: str | None = None  # nur wenn sie von der Spalte abweicht (gemischte Spalten) …
    stellen: int | None = None  # … ebenso die Nachkommastellen
    url: str | None = None
    grund: str | None = None
    fussnote: int | None = None
    markiert: bool = False
    zusatz: str | None = None
    liste: tuple[str, ...] = ()
    hervorgehoben: bool = False
    klasse: str | None = None
    vorlesen: str | None = None  # nur Seite: unsichtbarer Zusatz für Screenreader (im Link)


@dataclass(frozen=True, slots=True)
class Spalte:
    titel: str
    art: str = TEXT
    stellen: int | None = None  # Nachkommastellen; ohne Angabe STELLEN der Art (Euro: 2)
    einheit: str | None = None  # ohne Angabe: aus der Art (%, EUR, Prozentpunkte)
    untertitel: str | None = None  # zweite Kopfzeile auf der Seite (z. B. der Kennzahlname)
    langtitel: str | None = None  # Seite: ausgeschrieben, der Titel (Code) als Zusatz darunter
    zeilenkopf: bool = False  # <th scope="row"> auf der Seite
    sortierung: Sortierung | None = None
    breite: int | None = None  # Spaltenbreite in der XLSX-Datei (Zeichen); sonst geschätzt
    hilfe: str | None = None  # nur Seite: Schlüssel des Glossars für den Hilfeverweis im Kopf

    def __post_init__(self) -> None:
        if self.art not in ARTEN:
            raise ValueError(f"Unbekannte Spaltenart {self.art!r}")

    @property
    def zahl(self) -> bool:
        return self.art in ZAHLENARTEN

    @property
    def kopf(self) -> str:
        """Spaltenkopf der Datei: Titel, Untertitel, Einheit („K2 Integrationsquote (%)“)."""
        zusatz = self.langtitel or self.untertitel
        titel = f"{self.titel} {zusatz}" if zusatz else self.titel
        einheit = self.einheit or EINHEIT.get(self.art)
        return f"{titel} ({einheit})" if einheit else titel

    def zelle(self, wert: object, **zusaetze) -> Zelle:
        """Zelle aus einem Wert: Seitentext und Dateiwert nach der Art der Spalte (oder `art=`)."""
        art = zusaetze.get("art") or self.art
        stellen = zusaetze.get("stellen")
        stellen = stellen if stellen is not None else self.stellen
        stellen = stellen if stellen is not None else STELLEN.get(art, 0)
        text = zusaetze.pop("text", None)
        if wert is None:
            return Zelle(text=LEER if text is None else text, wert=None, **zusaetze)
        wert = normiert(art, stellen, wert)
        if text is None:
            text = text_fuer(art, stellen, wert)
        return Zelle(text=text, wert=wert, **zusaetze)

    def art_und_stellen(self, zelle: Zelle) -> tuple[str, int]:
        """Art und Nachkommastellen, mit denen die Zelle geschrieben wird."""
        art = zelle.art or self.art
        for stellen in (zelle.stellen, self.stellen):
            if stellen is not None:
                return art, stellen
        return art, STELLEN.get(art, 0)


def normiert(art: str, stellen: int, wert: object) -> object:
    """Der Wert, wie er in die Datei kommt: Zahlen auf die angezeigten Stellen gerundet."""
    if art == TEXT:
        return str(wert)
    if art == ANZAHL:
        return int(gerundet(_zahl(wert), 0))
    if art in (ZAHL, PROZENT, VERAENDERUNG, PROZENTPUNKTE):
        return gerundet(_zahl(wert), stellen)
    if art == EURO:
        return gerundet(_zahl(wert), stellen)
    if art == DATUM:
        if isinstance(wert, datetime) or not isinstance(wert, date):
            raise TypeError(f"Kein Datum: {wert!r}")
        return wert
    if not isinstance(wert, datetime):
        raise TypeError(f"Kein Zeitpunkt: {wert!r}")
    return wert


def text_fuer(art: str, stellen: int, wert: object) -> str:
    """Der Seitentext eines (normierten) Werts – dieselbe Rundung wie in der Datei."""
    if art == TEXT:
        return str(wert)
    if art in (ANZAHL, ZAHL):
        return zahl(wert, 0 if art == ANZAHL else stellen)  # type: ignore[arg-type]
    if art == PROZENT:
        return prozent(wert, stellen)  # type: ignore[arg-type]
    if art == VERAENDERUNG:
        return veraenderung(wert, stellen)  # type: ignore[arg-type]
    if art == PROZENTPUNKTE:
        return veraenderung(wert, stellen)[:-2] + " Prozentpunkte"  # type: ignore[arg-type]
    if art == EURO:
        return zahl(wert, stellen) + " €"  # type: ignore[arg-type]
    if art == DATUM:
        return datum(wert)  # type: ignore[arg-type]
    return zeitpunkt(wert)  # type: ignore[arg-type]


def _zahl(wert: object) -> Decimal | int | Fraction:
    if isinstance(wert, bool) or not isinstance(wert, (Decimal, int, Fraction)):
        raise TypeError(f"Keine exakte Zahl: {wert!r}")
    return wert


def textzelle(text: str | None, **zusaetze) -> Zelle:
    """Textzelle; leer oder None wird „–“ auf der Seite und eine leere Zelle in der Datei."""
    if not text:
        return Zelle(text=LEER, wert=None, **zusaetze)
    return Zelle(text=text, wert=text, **zusaetze)


@dataclass
class Tabelle:
    """Eine Tabelle: Spalten, Zeilen, Fußzeilen (z. B. Aggregat) und Fußnoten.

    `name`: Blattname in der XLSX-Datei (höchstens 31 Zeichen, eindeutig in der Mappe).
    `titel`: Überschrift in der Datei und `<caption>` auf der Seite.
    `leer_text`: was die Seite ohne Zeilen zeigt.
    """

    name: str
    titel: str
    spalten: list[Spalte]
    zeilen: list[list[Zelle]] = field(default_factory=list)
    fusszeilen: list[list[Zelle]] = field(default_factory=list)
    fussnoten: list[tuple[int, str]] = field(default_factory=list)  # (Nummer, Text)
    anmerkungen: list[str] = field(default_factory=list)  # unter der Tabelle (Datei)
    leer_text: str = "Keine Einträge."

    def zeile(self, *werte: object) -> list[Zelle]:
        """Eine Zeile aus Werten oder fertigen Zellen (in Spaltenreihenfolge) anhängen."""
        if len(werte) != len(self.spalten):
            raise ValueError(f"{len(werte)} Werte für {len(self.spalten)} Spalten")
        zeile = [
            w if isinstance(w, Zelle) else s.zelle(w)
            for s, w in zip(self.spalten, werte, strict=True)
        ]
        self.zeilen.append(zeile)
        return zeile

    @property
    def markiert(self) -> bool:
        return any(z.markiert for zeile in self.zeilen + self.fusszeilen for z in zeile)


@dataclass
class Mappe:
    """Was eine Seite herunterladen lässt: eine oder mehrere Tabellen mit ihrem Kontext."""

    titel: str
    dateiname: str  # ohne Endung, z. B. „Kennzahlen Schleswig-Holstein September 2026“
    tabellen: list[Tabelle]
    datenstand: str | None = None  # „15.09.2026“; None: ohne Angabe
    demodaten: bool = False
    angaben: list[tuple[str, str]] = field(
        default_factory=list
    )  # z. B. ("Geschlechtergruppe", "Frauen")

    def kopfzeilen(self) -> list[str]:
        """Die Zeilen über jeder Tabelle der Datei: Titel, Angaben, Datenstand, Demodaten."""
        zeilen = [f"{name}: {wert}" for name, wert in self.angaben]
        if self.datenstand:
            zeilen.append(f"Datenstand: {self.datenstand}")
        if self.demodaten:
            zeilen.append(DEMODATEN_TEXT)
        return zeilen


_UNERLAUBT = re.compile(r"[^\w.\- ]+")


def dateiname(name: str, endung: str) -> str:
    """Deutscher Dateiname: Buchstaben (auch Umlaute), Ziffern, Punkt, Bindestrich; Leerzeichen
    und alles andere werden zu „_“; höchstens 120 Zeichen vor der Endung."""
    sauber = _UNERLAUBT.sub("_", name).strip(" ._")
    sauber = re.sub(r"[ _]+", "_", sauber)[:120] or "Tabelle"
    return f"{sauber}.{endung}"


def eindeutige_blattnamen(namen: Sequence[str]) -> list[str]:
    """Blattnamen, wie Excel sie erlaubt: ohne []:*?/\\, höchstens 31 Zeichen, eindeutig."""
    ergebnis: list[str] = []
    for name in namen:
        basis = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "Tabelle"
        kandidat, n = basis[:31], 2
        while kandidat.casefold() in {e.casefold() for e in ergebnis}:
            zusatz = f" ({n})"
            kandidat, n = basis[: 31 - len(zusatz)] + zusatz, n + 1
        ergebnis.append(kandidat)
    return ergebnis


def liste_als_tabelle(
    name: str,
    titel: str,
    spalten: list[Spalte],
    eintraege: Iterable,
    werte: Callable[[object], Sequence[object]],
    **weiteres,
) -> Tabelle:
    """Kurzform: je Eintrag eine Zeile aus `werte(eintrag)`."""
    tabelle = Tabelle(name, titel, spalten, **weiteres)
    for eintrag in eintraege:
        tabelle.zeile(*werte(eintrag))
    return tabelle


def mit(zelle: Zelle, **aenderungen) -> Zelle:
    return replace(zelle, **aenderungen)
