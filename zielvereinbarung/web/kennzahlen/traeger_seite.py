"""Die Kennzahlenseite eines Trägers als Ansichtsmodell (nur fertige Texte und SVG).

Inhalt: die 15 Kennzahlen des letzten Monats (Name aus dem Katalog, gültig in diesem Monat),
ihr Verlauf über 24 Monate als Tabelle, Diagramme (K2, K3, K1 über 24 Monate; IQ und LZB als
Jahresfortschrittswerte des laufenden und des Vorjahres), die Zielindikatoren mit Vorjahr und
Veränderung, Plausibilitätshinweise der verwendeten Basiszahlen, Datenstand, Demodaten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from ...documents.diagramme import Reihe, liniendiagramm
from ...domain.basiszahlen import monat_text
from ...domain.katalog import KENNZAHL_CODES, PERSONEN, ZIELINDIKATOREN, definition
from ...domain.markierung import ist_markiert, kennzahl_zellen, markierende_hinweise
from ...domain.plausibilitaet import hinweis_text
from ...domain.zielindikatoren import bedarf
from ...format import MONATSKUERZEL, monat_lang, monat_lang_index
from ...services.kennzahlen.lesen import ZIELINDIKATOR_REIHE, TraegerDaten
from ...tabellen import modell as tm
from ...tabellen.modell import Spalte, Tabelle
from .format import (
    EINHEIT_NAME,
    GESCHLECHT_TEXT,
    Fussnoten,
    datenstand_text,
    einheit_text,
    kennzahl_art,
    kennzahl_text,
    kennzahl_zelle,
    richtung,
    veraenderung_zelle,
    wert_zelle,
)

DIAGRAMM_KENNZAHLEN = ("K2", "K3", "K1")


@dataclass(frozen=True)
class DiagrammAnsicht:
    titel: str
    svg: Markup
    kopf: list[str]  # Werte als Tabelle: Spaltenköpfe …
    zeilen: list[tuple[str, list[str]]]  # … und (Zeilenkopf, Werte)


@dataclass
class TraegerSeite:
    titel: str
    ags: str
    land_code: str
    traegerform: str
    vergleichstyp: str | None
    geschlecht: str
    geschlecht_text: str
    datenstand: str
    demodaten: bool
    monat: str | None  # „August 2026“: letzter Monat mit Daten der Gruppe
    monat_kurz: str | None = None  # „2026-08“
    # Die Tabellen der Seite – dieselben Zeilen wie im Download (ohne Daten: None).
    kennzahlen: Tabelle | None = None
    zielindikatoren: Tabelle | None = None
    verlauf: Tabelle | None = None
    zi_stand: str | None = None  # „Januar bis August 2026“
    diagramme: list[DiagrammAnsicht] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)  # verwendete Plausibilitätshinweise

    @property
    def tabellen(self) -> list[Tabelle]:
        return [t for t in (self.kennzahlen, self.zielindikatoren, self.verlauf) if t is not None]

    @property
    def markiert(self) -> bool:
        return any(t.markiert for t in self.tabellen)


class _Hinweisliste:
    """Sammelt die Plausibilitätshinweise, die markierte Werte verwenden (Text je Monat/Gruppe)."""

    def __init__(self) -> None:
        self.texte: dict[tuple[int, str, str], str] = {}

    def markiere(self, hinweise: dict, zellen, gruppe: str) -> bool:
        treffer = markierende_hinweise(hinweise, zellen) if ist_markiert(hinweise, zellen) else []
        for m, h in treffer:
            self.texte[(m, gruppe, h.get("regel", ""))] = (
                f"{monat_lang_index(m)} ({GESCHLECHT_TEXT[gruppe]}): {hinweis_text(h)}"
            )
        return bool(treffer)

    def liste(self) -> list[str]:
        return [self.texte[k] for k in sorted(self.texte)]


def baue_traeger_seite(daten: TraegerDaten) -> TraegerSeite:
    t = daten.traeger
    seite = TraegerSeite(
        titel=f"{t.name} ({t.ags})",
        ags=t.ags,
        land_code=t.land_code,
        traegerform=t.traegerform,
        vergleichstyp=t.vergleichstyp,
        geschlecht=daten.geschlecht,
        geschlecht_text=GESCHLECHT_TEXT[daten.geschlecht],
        datenstand=datenstand_text(daten.datenstand),
        demodaten=daten.demodaten,
        monat=monat_lang_index(daten.monate[-1]) if daten.monate else None,
        monat_kurz=monat_text(daten.monate[-1]) if daten.monate else None,
    )
    hinweise = _Hinweisliste()
    if daten.monate:
        _kennzahlen(seite, daten, hinweise)
        _verlauf(seite, daten, hinweise)
        seite.diagramme.extend(_kennzahl_diagramm(daten, code) for code in DIAGRAMM_KENNZAHLEN)
    if daten.zi_jahr is not None:
        _zielindikatoren(seite, daten, hinweise)
        seite.diagramme.extend(_jahres_diagramm(daten, code) for code in ("IQ", "LZB"))
    seite.hinweise = hinweise.liste()
    return seite


def _kennzahlen(seite: TraegerSeite, daten: TraegerDaten, hinweise: _Hinweisliste) -> None:
    letzter = daten.monate[-1]
    stichtag = date(letzter // 12, letzter % 12 + 1, 1)
    tabelle = Tabelle(
        "Kennzahlen",
        f"Die 15 Kennzahlen nach § 48a SGB II im {seite.monat}, Geschlechtergruppe "
        f"{seite.geschlecht_text}",
        [
            Spalte("Kennzahl", zeilenkopf=True),
            Spalte("Code"),
            Spalte("Formel"),
            Spalte("Wert", tm.PROZENT, einheit="%"),
            Spalte("Richtung"),
        ],
    )
    for code in KENNZAHL_CODES:
        d = definition(code, stichtag)
        markiert = hinweise.markiere(
            daten.hinweise, kennzahl_zellen(code, letzter), daten.geschlecht
        )
        tabelle.zeile(
            d.name,
            code,
            d.formel,
            kennzahl_zelle(code, daten.verlauf[letzter][code], markiert),
            richtung(d.besser),
        )
    seite.kennzahlen = tabelle


def _verlauf(seite: TraegerSeite, daten: TraegerDaten, hinweise: _Hinweisliste) -> None:
    letzter = daten.monate[-1]
    stichtag = date(letzter // 12, letzter % 12 + 1, 1)
    spalten = [Spalte("Monat", zeilenkopf=True)] + [
        Spalte(c, kennzahl_art(c), langtitel=definition(c, stichtag).name) for c in KENNZAHL_CODES
    ]
    tabelle = Tabelle(
        "Verlauf",
        f"Verlauf der letzten {len(daten.monate)} Monate: alle Kennzahlen je Monat "
        f"({seite.geschlecht_text}), neuester Monat zuerst",
        spalten,
    )
    fussnoten = Fussnoten()
    for m in reversed(daten.monate):  # neuester Monat zuerst
        tabelle.zeile(
            monat_lang_index(m),
            *(
                kennzahl_zelle(
                    code,
                    daten.verlauf[m][code],
                    hinweise.markiere(daten.hinweise, kennzahl_zellen(code, m), daten.geschlecht),
                    fussnoten,
                )
                for code in KENNZAHL_CODES
            ),
        )
    tabelle.fussnoten = fussnoten.liste()
    seite.verlauf = tabelle


def _zielindikatoren(seite: TraegerSeite, daten: TraegerDaten, hinweise: _Hinweisliste) -> None:
    jahr, monat = daten.zi_jahr, daten.zi_monat
    assert jahr is not None and monat is not None
    seite.zi_stand = (
        f"Januar bis {monat_lang_index(jahr * 12 + monat - 1)}"
        if monat > 1
        else monat_lang_index(jahr * 12)
    )
    tabelle = Tabelle(
        "Zielindikatoren",
        f"Zielindikatoren {seite.zi_stand}: Wert, Vorjahreswert (gleicher Zeitraum) und "
        "Veränderung",
        [
            Spalte("Zielindikator", zeilenkopf=True),
            Spalte("Code"),
            Spalte("Einheit"),
            Spalte("Wert", tm.ZAHL),
            Spalte("Vorjahr", tm.ZAHL),
            Spalte("Veränderung", tm.VERAENDERUNG),
            Spalte("Richtung"),
        ],
    )
    for z in ZIELINDIKATOREN:
        gruppe, formel = ZIELINDIKATOR_REIHE[z.code]
        w = daten.zielindikatoren[z.code]
        quelle = daten.zi_hinweise.get(gruppe, {})
        jetzt = hinweise.markiere(quelle, bedarf(formel, jahr, monat), gruppe)
        vorher = hinweise.markiere(quelle, bedarf(formel, jahr - 1, monat), gruppe)
        tabelle.zeile(
            z.name,
            z.code,
            EINHEIT_NAME.get(z.einheit, "%"),
            wert_zelle(z.einheit, w.wert, w.gruende.get("wert"), jetzt),
            wert_zelle(z.einheit, w.vorjahr, w.gruende.get("vorjahr"), vorher),
            veraenderung_zelle(w.veraenderung, w.gruende.get("veraenderung"), jetzt or vorher),
            richtung(z.besser),
        )
    seite.zielindikatoren = tabelle


def _kennzahl_diagramm(daten: TraegerDaten, code: str) -> DiagrammAnsicht:
    letzter = daten.monate[-1]
    name = definition(code, date(letzter // 12, letzter % 12 + 1, 1)).name
    beschriftungen = [monat_text(m) for m in daten.monate]
    werte = [daten.verlauf[m][code].wert for m in daten.monate]
    titel = (
        f"{code} {name} ({GESCHLECHT_TEXT[daten.geschlecht]}), "
        f"{monat_lang_index(daten.monate[0])} bis {monat_lang_index(daten.monate[-1])}"
    )
    svg = liniendiagramm(titel, beschriftungen, [Reihe(code, werte)])
    zeilen = [
        (monat_lang(b), [kennzahl_text(code, w)])
        for b, w in zip(beschriftungen, werte, strict=False)
    ]
    return DiagrammAnsicht(titel, Markup(svg), ["Monat", code], zeilen)


def _jahres_diagramm(daten: TraegerDaten, code: str) -> DiagrammAnsicht:
    z = next(d for d in ZIELINDIKATOREN if d.code == code)
    verlauf = daten.jahresverlauf[code]
    jahre = sorted(verlauf)
    # neuestes Jahr zuerst: dieselbe Strichart wie „dieses Jahr“ in der Nachhaltung
    reihen = [Reihe(str(j), [e.wert if e else None for e in verlauf[j]]) for j in reversed(jahre)]
    titel = f"{code} {z.name}: Jahresfortschrittswerte {jahre[0]} und {jahre[-1]}"
    personen = z.einheit == PERSONEN
    svg = liniendiagramm(
        titel,
        list(MONATSKUERZEL),
        reihen,
        einheit="Personen" if personen else "%",
        nachkommastellen=0 if personen else 1,
    )
    zeilen = [
        (MONATSKUERZEL[i], [einheit_text(z.einheit, r.werte[i]) for r in reihen]) for i in range(12)
    ]
    return DiagrammAnsicht(titel, Markup(svg), ["Monat", *(r.name for r in reihen)], zeilen)
