"""Übersichtstabelle (Land, Vergleichstyp): je Träger die Hauptkennzahlen des letzten Monats und
eine Aggregatzeile mit Abdeckung, sortierbar ohne JavaScript.

Sortieren: Spaltenköpfe sind Links `?sort=K2&richtung=ab`; die aktive Spalte trägt `aria-sort`
und ein sichtbares Pfeilzeichen. Ein Klick auf die aktive Spalte kehrt die Richtung um; eine
andere Spalte beginnt bei Kennzahlen mit dem besseren Wert (höher besser: absteigend), bei
Texten aufsteigend. Nicht berechenbare Werte stehen in beiden Richtungen am Ende; bei gleichen
Werten entscheidet der Name. Die Aggregatzeile wird nicht mitsortiert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ...domain.basiszahlen import monat_text
from ...domain.katalog import HOEHER, definition, versionen
from ...domain.markierung import ist_markiert, kennzahl_zellen
from ...format import monat_lang_index, sortierschluessel, zahl
from ...models import Traeger
from ...services.kennzahlen.lesen import UebersichtDaten
from ...tabellen.modell import Sortierung, Spalte, Tabelle, Zelle, textzelle
from .format import Fussnoten, datenstand_text, kennzahl_art, kennzahl_zelle

HAUPTKENNZAHLEN = ("K1", "K2", "K3")
TEXTSPALTEN = {"name": "Träger", "ags": "Kreisschlüssel", "form": "Trägerform"}
AUF, AB = "auf", "ab"
ARIA = {AUF: "ascending", AB: "descending"}
PFEIL = {AUF: "▲", AB: "▼"}
RICHTUNG_TEXT = {AUF: "aufsteigend", AB: "absteigend"}


@dataclass(frozen=True)
class Zeile:
    ags: str
    name: str
    url: str | None  # Link zur Trägerseite, wenn sichtbar
    form: str
    zkt: bool
    vergleichstyp: str | None
    werte: list[Zelle]
    roh: tuple[Decimal | None, ...] = ()  # ungerundete Werte der Kennzahlspalten, nur zum Sortieren


@dataclass
class Uebersicht:
    monat: str | None
    monat_kurz: str | None
    datenstand: str
    demodaten: bool
    tabelle: Tabelle  # Seite und Download: dieselben Zeilen
    zeilen: list[Zeile]
    anzahl_mitglieder: int = 0

    @property
    def markiert(self) -> bool:
        return self.tabelle.markiert


def sortierung(sort: str | None, richtung: str | None) -> tuple[str, str]:
    """Gültige (Spalte, Richtung) aus den Anfrageparametern; Unbekanntes fällt auf
    Voreinstellung."""
    if sort not in TEXTSPALTEN and sort not in HAUPTKENNZAHLEN:
        sort = "name"
    if richtung not in (AUF, AB):
        richtung = _start_richtung(sort)
    return sort, richtung


def _start_richtung(schluessel: str) -> str:
    if schluessel in HAUPTKENNZAHLEN:
        return AB if versionen(schluessel)[-1].besser == HOEHER else AUF
    return AUF


def baue_uebersicht(
    daten: UebersichtDaten,
    *,
    titel: str,
    aggregat_titel: str,
    sort: str,
    richtung: str,
    sortier_url: Callable[[str, str], str],
    traeger_url: Callable[[Traeger], str | None],
    zeilen_filter: Callable[[Traeger], bool] = lambda _t: True,
    leer_text: str = "Keine Träger.",
) -> Uebersicht:
    """Die Tabelle; `zeilen_filter` wählt die gezeigten Träger (das Aggregat umfasst immer alle)."""
    fussnoten = Fussnoten()
    monat = daten.monat
    zeilen = []
    for t in daten.traeger:
        if not zeilen_filter(t):
            continue
        werte = [_zelle(daten, t.ags, code, fussnoten) for code in HAUPTKENNZAHLEN]
        roh = tuple(
            daten.werte[t.ags][c].wert if monat is not None else None for c in HAUPTKENNZAHLEN
        )
        zeilen.append(
            Zeile(
                t.ags,
                t.name,
                traeger_url(t),
                t.traegerform,
                t.traegerform == "zkT",
                t.vergleichstyp,
                werte,
                roh,
            )
        )
    aggregat = (
        [
            kennzahl_zelle(
                code, daten.aggregat[code], fussnoten=fussnoten, abdeckung_von=len(daten.traeger)
            )
            for code in HAUPTKENNZAHLEN
        ]
        if monat is not None
        else []
    )
    spalten = [_spalte(s, TEXTSPALTEN[s], None, sort, richtung, sortier_url) for s in TEXTSPALTEN]
    spalten += [
        _spalte(c, c, None, sort, richtung, sortier_url, _name(c, monat)) for c in HAUPTKENNZAHLEN
    ]
    sortiert = sortiere(zeilen, sort, richtung)
    tabelle = Tabelle(
        "Kennzahlen",
        f"{titel} – {monat_lang_index(monat)}" if monat is not None else titel,
        spalten,
        [
            [
                textzelle(z.name, url=z.url),
                textzelle(z.ags),
                textzelle(z.form, klasse="betont" if z.zkt else None),
                *z.werte,
            ]
            for z in sortiert
        ],
        leer_text=leer_text,
    )
    if aggregat:
        leer = Zelle("", None)
        tabelle.fusszeilen.append(
            [
                textzelle(f"{aggregat_titel} ({zahl(len(daten.traeger))} Träger)"),
                leer,
                leer,
                *aggregat,
            ]
        )
    tabelle.fussnoten = fussnoten.liste()
    return Uebersicht(
        monat=monat_lang_index(monat) if monat is not None else None,
        monat_kurz=monat_text(monat) if monat is not None else None,
        datenstand=datenstand_text(daten.datenstand),
        demodaten=daten.demodaten,
        tabelle=tabelle,
        zeilen=sortiert,
        anzahl_mitglieder=len(daten.traeger),
    )


def _name(code: str, monat: int | None) -> str:
    if monat is None:
        return versionen(code)[-1].name
    return definition(code, date(monat // 12, monat % 12 + 1, 1)).name


def _zelle(daten: UebersichtDaten, ags: str, code: str, fussnoten: Fussnoten) -> Zelle:
    monat = daten.monat
    if monat is None:
        return Zelle()
    markiert = ist_markiert(daten.hinweise.get(ags, {}), kennzahl_zellen(code, monat))
    return kennzahl_zelle(code, daten.werte[ags][code], markiert, fussnoten)


def _spalte(schluessel, titel, untertitel, sort, richtung, sortier_url, name=None) -> Spalte:
    """Spalte mit Sortierlink; `name` (Kennzahlen): auf der Seite der Name, der Code darunter."""
    aktiv = schluessel == sort
    neue_richtung = (AB if richtung == AUF else AUF) if aktiv else _start_richtung(schluessel)
    sortierung = Sortierung(
        sortier_url(schluessel, neue_richtung),
        f"nach {name or titel} {RICHTUNG_TEXT[neue_richtung]} sortieren",
        ARIA[richtung] if aktiv else None,
        PFEIL[richtung] if aktiv else None,
    )
    if schluessel in HAUPTKENNZAHLEN:
        return Spalte(titel, kennzahl_art(schluessel), langtitel=name, sortierung=sortierung)
    return Spalte(titel, zeilenkopf=schluessel == "name", sortierung=sortierung)


def sortiere(zeilen: list[Zeile], sort: str, richtung: str) -> list[Zeile]:
    """Stabil nach Name vorsortiert, dann nach der Spalte; fehlende Werte immer zuletzt."""
    nach_name = sorted(zeilen, key=lambda z: (sortierschluessel(z.name), z.ags))
    if sort in HAUPTKENNZAHLEN:
        i = HAUPTKENNZAHLEN.index(sort)
        vorhanden = [z for z in nach_name if z.roh[i] is not None]
        fehlend = [z for z in nach_name if z.roh[i] is None]
        vorhanden.sort(key=lambda z: z.roh[i], reverse=richtung == AB)
        return vorhanden + fehlend
    feld = {
        "name": lambda z: sortierschluessel(z.name),
        "ags": lambda z: z.ags,
        "form": lambda z: z.form,
    }[sort]
    return sorted(nach_name, key=feld, reverse=richtung == AB)
