"""Die Zeilen der Importvorschau: seitenweise, gefiltert nach neu / neuer Datenstand /
unverändert / mit Warnung; bei einem neuen Datenstand je Spalte alter und neuer Wert.

Gezeigt werden nur die Wertspalten, die in der Datei stehen (gesetzliche und die der
Vergleichsringe); was nicht in der Datei steht, bleibt bei einer Teilkorrektur unverändert (das
sagt die Vorschau darüber). Eine Zeile ist „neuer Datenstand“, wenn sich ein gespeicherter Wert
ändert, sonst „neu“, wenn etwas Neues hinzukommt, sonst „unverändert“. Werte deutsch formatiert:
Anzahlen mit Tausenderpunkt, Beträge in Euro mit Cent, Monate ausgeschrieben, „–“ = nicht
gemeldet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ...domain.basiszahlen import FELDNAMEN, GELDFELDER
from ...domain.datenstaende import NEU, NEUER_DATENSTAND, UNVERAENDERT
from ...domain.importpruefung import Datensatz
from ...domain.plausibilitaet import hinweis_text
from ...format import LEER, datum, euro, monat_lang, zahl
from ...services.basiszahlen.importer import ImportErgebnis

PRO_SEITE = 50
ALLE, WARNUNG = "alle", "warnung"
FILTER = {
    ALLE: "Alle Zeilen",
    NEU: "Neu",
    NEUER_DATENSTAND: "Neuer Datenstand",
    UNVERAENDERT: "Unverändert",
    WARNUNG: "Mit Warnung",
}
ART_TEXT = {NEU: "neu", NEUER_DATENSTAND: "neuer Datenstand", UNVERAENDERT: "unverändert"}
GESCHLECHT_TEXT = {"gesamt": "gesamt", "frauen": "Frauen", "maenner": "Männer"}
_POS = {name: i for i, name in enumerate(FELDNAMEN)}


@dataclass(frozen=True)
class Wert:
    text: str  # neuer Wert
    alt: str | None = None  # bisheriger Wert, nur wenn er sich ändert


@dataclass(frozen=True)
class Zeile:
    nummer: int  # Zeile in der Datei (Kopf = 1)
    ags: str
    name: str
    monat: str
    geschlecht: str
    datenstand: str
    art: str
    art_text: str
    werte: list[Wert]
    hinweise: list[str]
    geaendert: int  # Zahl der geänderten Werte (neuer Datenstand)


@dataclass
class Vorschauseite:
    spalten: list[str]  # Wertspalten der Datei
    zeilen: list[Zeile]
    filter: list[dict] = field(default_factory=list)  # text, anzahl, url, aktiv
    aktiv: str = ALLE
    seite: int = 1
    seiten: int = 1
    treffer: int = 0
    zurueck: str | None = None
    weiter: str | None = None
    spaltenansage: str = ""
    teilkorrektur: str | None = None
    neue_ohne_spalten: str | None = None


def wert_text(name: str, wert: int | None) -> str:
    if wert is None:
        return LEER
    if name in GELDFELDER:
        return euro(Decimal(wert) / 100)
    return zahl(wert)


def zeilenart(satz: Datensatz) -> str:
    """Art der ganzen Zeile aus der gesetzlichen (`art`, leer bei einer Datei nur mit
    Ringspalten) und denen der Ringzellen: neuer Datenstand vor neu vor unverändert."""
    arten = {satz.art, *satz.zusatz_art.values()}
    for art in (NEUER_DATENSTAND, NEU):
        if art in arten:
            return art
    return UNVERAENDERT


def passt(satz: Datensatz, art: str) -> bool:
    if art == ALLE:
        return True
    if art == WARNUNG:
        return bool(satz.hinweise or satz.zusatz_hinweise)
    return zeilenart(satz) == art


def _zeile(
    satz: Datensatz,
    spalten: list[str],
    namen: Mapping[str, str],
    ringtext: Callable[[str, int], str],
) -> Zeile:
    def ring(spalte: str, wert: int | None) -> str:
        return LEER if wert is None else ringtext(spalte, wert)

    werte, geaendert = [], 0
    for name in spalten:
        text: Callable[[str, int | None], str]
        if name in _POS:
            i, text = _POS[name], wert_text
            neu = satz.werte[i]
            alt = satz.alt[i] if satz.art == NEUER_DATENSTAND and satz.alt is not None else neu
        else:  # Ringspalte (fehlt, wo die Zeile sie nicht tragen darf und die Zelle leer ist)
            neu, text = satz.zusatz.get(name), ring
            alt = satz.zusatz_alt[name] if satz.zusatz_art.get(name) == NEUER_DATENSTAND else neu
        if alt != neu:
            werte.append(Wert(text(name, neu), text(name, alt)))
            geaendert += 1
        else:
            werte.append(Wert(text(name, neu)))
    art = zeilenart(satz)
    return Zeile(
        satz.zeile,
        satz.ags,
        namen.get(satz.ags, ""),
        monat_lang(satz.monat),
        GESCHLECHT_TEXT.get(satz.geschlecht, satz.geschlecht),
        datum(satz.datenstand),
        art,
        ART_TEXT.get(art, art),
        werte,
        [hinweis_text(h) for h in satz.hinweise + satz.zusatz_hinweise],
        geaendert,
    )


def vorschauseite(
    ergebnis: ImportErgebnis,
    art: str | None,
    seite: str | int | None,
    url: Callable[..., str],
    namen: Callable[[set[str]], Mapping[str, str]] = lambda _ags: {},
) -> Vorschauseite:
    """Die gewählte Seite der Vorschau; `url(art=…, seite=…)` baut Filter- und Blätterlinks,
    `namen(ags)` liefert die Namen der Träger auf der Seite."""
    art = art if art in FILTER else ALLE
    fehlend = set(ergebnis.fehlende_spalten)
    spalten = [name for name in FELDNAMEN if name not in fehlend] + list(ergebnis.ringspalten_datei)
    erweiterung = ergebnis.erweiterung
    ringtext = erweiterung.wert_text if erweiterung is not None else lambda _s, w: zahl(w)
    saetze = ergebnis.zeilen
    anzahl = {a: sum(1 for s in saetze if passt(s, a)) for a in FILTER}
    auswahl = [s for s in saetze if passt(s, art)]
    seiten = max(1, -(-len(auswahl) // PRO_SEITE))
    try:
        nummer = min(max(1, int(seite or 1)), seiten)
    except (TypeError, ValueError):
        nummer = 1
    start = (nummer - 1) * PRO_SEITE
    sichtbar = auswahl[start : start + PRO_SEITE]
    traeger = namen({s.ags for s in sichtbar})
    ergebnis_seite = Vorschauseite(
        spalten=spalten,
        zeilen=[_zeile(s, spalten, traeger, ringtext) for s in sichtbar],
        filter=[
            {
                "text": text,
                "anzahl": anzahl[a],
                "url": url(art=None if a == ALLE else a),
                "aktiv": a == art,
            }
            for a, text in FILTER.items()
        ],
        aktiv=art,
        seite=nummer,
        seiten=seiten,
        treffer=len(auswahl),
        zurueck=url(art=None if art == ALLE else art, seite=nummer - 1) if nummer > 1 else None,
        weiter=(
            url(art=None if art == ALLE else art, seite=nummer + 1) if nummer < seiten else None
        ),
        spaltenansage=ergebnis.spaltenansage,
        teilkorrektur=ergebnis.teilkorrektur,
    )
    if fehlend and ergebnis.neu:
        ergebnis_seite.neue_ohne_spalten = (
            f"Für {zahl(ergebnis.neu)} neue Zeilen (Träger und Monat noch nicht gespeichert) "
            "gelten die fehlenden Spalten als nicht gemeldet."
        )
    return ergebnis_seite
