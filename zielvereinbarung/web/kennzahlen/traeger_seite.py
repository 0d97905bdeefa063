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
from ...domain.zielindikatoren import bedarf
from ...format import MONATSKUERZEL, monat_lang_index, veraenderung
from ...services.kennzahlen.lesen import ZIELINDIKATOR_REIHE, TraegerDaten
from .format import (
    GESCHLECHT_TEXT,
    Fussnoten,
    Zelle,
    datenstand_text,
    einheit_text,
    kennzahl_text,
    kennzahl_zelle,
    richtung,
    wert_zelle,
)

DIAGRAMM_KENNZAHLEN = ("K2", "K3", "K1")


@dataclass(frozen=True)
class KennzahlAnsicht:
    code: str
    name: str
    formel: str
    richtung: str
    wert: Zelle


@dataclass(frozen=True)
class ZielindikatorAnsicht:
    code: str
    name: str
    richtung: str
    wert: Zelle
    vorjahr: Zelle
    veraenderung: Zelle


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
    kennzahlen: list[KennzahlAnsicht] = field(default_factory=list)
    verlauf_spalten: list[tuple[str, str]] = field(default_factory=list)  # (Code, Name)
    verlauf_zeilen: list[tuple[str, list[Zelle]]] = field(default_factory=list)
    verlauf_gruende: list[tuple[int, str]] = field(default_factory=list)
    zi_stand: str | None = None  # „Januar bis August 2026“
    zielindikatoren: list[ZielindikatorAnsicht] = field(default_factory=list)
    diagramme: list[DiagrammAnsicht] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)  # verwendete Plausibilitätshinweise

    @property
    def markiert(self) -> bool:
        return (
            any(k.wert.markiert for k in self.kennzahlen)
            or any(z.markiert for _, zellen in self.verlauf_zeilen for z in zellen)
            or any(z.wert.markiert or z.vorjahr.markiert for z in self.zielindikatoren)
        )


class _Hinweisliste:
    """Sammelt die Plausibilitätshinweise, die markierte Werte verwenden (Text je Monat/Gruppe)."""

    def __init__(self) -> None:
        self.texte: dict[tuple[int, str, str], str] = {}

    def markiere(self, hinweise: dict, zellen, gruppe: str) -> bool:
        treffer = markierende_hinweise(hinweise, zellen) if ist_markiert(hinweise, zellen) else []
        for m, h in treffer:
            regel = h.get("regel", "")
            self.texte[(m, gruppe, regel)] = (
                f"{monat_lang_index(m)} ({GESCHLECHT_TEXT[gruppe]}): {regel}"
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
    for code in KENNZAHL_CODES:
        d = definition(code, stichtag)
        markiert = hinweise.markiere(
            daten.hinweise, kennzahl_zellen(code, letzter), daten.geschlecht
        )
        seite.kennzahlen.append(
            KennzahlAnsicht(
                code,
                d.name,
                d.formel,
                richtung(d.besser),
                kennzahl_zelle(code, daten.verlauf[letzter][code], markiert),
            )
        )


def _verlauf(seite: TraegerSeite, daten: TraegerDaten, hinweise: _Hinweisliste) -> None:
    letzter = daten.monate[-1]
    stichtag = date(letzter // 12, letzter % 12 + 1, 1)
    seite.verlauf_spalten = [(c, definition(c, stichtag).name) for c in KENNZAHL_CODES]
    fussnoten = Fussnoten()
    for m in reversed(daten.monate):  # neuester Monat zuerst
        zellen = [
            kennzahl_zelle(
                code,
                daten.verlauf[m][code],
                hinweise.markiere(daten.hinweise, kennzahl_zellen(code, m), daten.geschlecht),
                fussnoten,
            )
            for code in KENNZAHL_CODES
        ]
        seite.verlauf_zeilen.append((monat_lang_index(m), zellen))
    seite.verlauf_gruende = fussnoten.liste()


def _zielindikatoren(seite: TraegerSeite, daten: TraegerDaten, hinweise: _Hinweisliste) -> None:
    jahr, monat = daten.zi_jahr, daten.zi_monat
    assert jahr is not None and monat is not None
    seite.zi_stand = (
        f"Januar bis {monat_lang_index(jahr * 12 + monat - 1)}"
        if monat > 1
        else monat_lang_index(jahr * 12)
    )
    for z in ZIELINDIKATOREN:
        gruppe, formel = ZIELINDIKATOR_REIHE[z.code]
        w = daten.zielindikatoren[z.code]
        quelle = daten.zi_hinweise.get(gruppe, {})
        jetzt = hinweise.markiere(quelle, bedarf(formel, jahr, monat), gruppe)
        vorher = hinweise.markiere(quelle, bedarf(formel, jahr - 1, monat), gruppe)
        seite.zielindikatoren.append(
            ZielindikatorAnsicht(
                z.code,
                z.name,
                richtung(z.besser),
                wert_zelle(einheit_text(z.einheit, w.wert), w.gruende.get("wert"), jetzt),
                wert_zelle(einheit_text(z.einheit, w.vorjahr), w.gruende.get("vorjahr"), vorher),
                wert_zelle(
                    veraenderung(w.veraenderung), w.gruende.get("veraenderung"), jetzt or vorher
                ),
            )
        )


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
    zeilen = [(b, [kennzahl_text(code, w)]) for b, w in zip(beschriftungen, werte, strict=False)]
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
