"""Kennzahlen für die Seiten eines Trägers und für Übersichten (Land, Vergleichstyp) lesen.

Liefert ungerundete Ergebnisse (Formatierung ist Sache der Anzeige). Ein Träger: nur seine
Zeilen werden geladen (je Geschlechtergruppe eine Abfrage über den Index ags/geschlecht/monat).

- Verlauf: die letzten `VERLAUF_MONATE` Monate bis zum letzten Monat mit Daten der gewählten
  Geschlechtergruppe; Monate ohne Daten erscheinen mit Gründen.
- Zielindikatoren: immer im letzten Monat mit Daten der Gruppe `gesamt` (Jahr Y, Monat m):
  IQ, IQ_AE, IQ_LZB, LZB, LLU aus `gesamt`, IQ_F/IQ_M als IQ der Gruppen `frauen`/`maenner`.
  Dazu die Jahresfortschrittswerte Januar … Dezember von IQ und LZB für Y und Y−1 (Diagramme).
- Datenstand: ältester und neuester Datenstand der geltenden Stände (je Träger und Monat der
  neueste), über alle Geschlechtergruppen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...domain.basiszahlen import GESCHLECHTER, monat_index, monat_text
from ...domain.kennzahlen import Ergebnis, berechne_aggregat_verlauf, berechne_verlauf
from ...domain.zielindikatoren import (
    BERICHTETE_CODES,
    ZielindikatorWert,
    zielindikator,
    zielindikator_wert,
)
from ...format import sortierschluessel
from ...models import Basiszahl, Land, Traeger
from .berechnung import Datenbasis, lade_datenbasis, pruefe_geschlecht

VERLAUF_MONATE = 24
JAHRESVERLAUF_CODES = ("IQ", "LZB")
# Zielindikator → (Geschlechtergruppe der Reihe, Code der Formel)
ZIELINDIKATOR_REIHE = {
    "IQ": ("gesamt", "IQ"),
    "IQ_F": ("frauen", "IQ"),
    "IQ_M": ("maenner", "IQ"),
    "IQ_AE": ("gesamt", "IQ_AE"),
    "IQ_LZB": ("gesamt", "IQ_LZB"),
    "LZB": ("gesamt", "LZB"),
    "LLU": ("gesamt", "LLU"),
}
assert set(BERICHTETE_CODES) <= set(ZIELINDIKATOR_REIHE)


def hinweise_je_monat(basis: Datenbasis, ags: str) -> dict[int, list[dict]]:
    """Die Plausibilitätshinweise eines Trägers aus der Datenbasis: Monatsindex → Hinweise."""
    return {m: h for (a, m), h in basis.hinweise.items() if a == ags}


@dataclass
class TraegerDaten:
    traeger: Traeger
    geschlecht: str
    monate: list[int]  # die Verlaufsmonate, aufsteigend (leer: keine Daten der Gruppe)
    verlauf: dict[int, dict[str, Ergebnis]]
    hinweise: dict[int, list[dict]]  # der gewählten Gruppe
    zi_jahr: int | None
    zi_monat: int | None  # 1 … 12
    zielindikatoren: dict[str, ZielindikatorWert] = field(default_factory=dict)
    zi_hinweise: dict[str, dict[int, list[dict]]] = field(default_factory=dict)  # je Gruppe
    jahresverlauf: dict[str, dict[int, list[Ergebnis | None]]] = field(default_factory=dict)
    datenstand: tuple[date, date] | None = None
    demodaten: bool = False


def datenstand(
    session: Session, ags_liste: list[str], von: str | None = None
) -> tuple[date, date] | None:
    """(ältester, neuester) Datenstand der geltenden Stände (Monate ab `von`); None ohne Daten."""
    if not ags_liste:
        return None
    je_schluessel = (
        select(func.max(Basiszahl.datenstand).label("d"))
        .where(col(Basiszahl.ags).in_(ags_liste))
        .group_by(Basiszahl.ags, Basiszahl.geschlecht, Basiszahl.monat)
    )
    if von is not None:
        je_schluessel = je_schluessel.where(col(Basiszahl.monat) >= von)
    staende = je_schluessel.subquery()
    aeltester, neuester = (
        session.execute(select(func.min(staende.c.d), func.max(staende.c.d))).tuples().one()
    )
    return None if neuester is None else (aeltester, neuester)


def traeger_daten(session: Session, traeger: Traeger, geschlecht: str = "gesamt") -> TraegerDaten:
    """Alles für die Kennzahlenseite eines Trägers (Träger vorher auf Sichtbarkeit geprüft)."""
    pruefe_geschlecht(geschlecht)
    ags = traeger.ags
    basen = {g: lade_datenbasis(session, [ags], g) for g in GESCHLECHTER}
    reihe = basen[geschlecht].reihen[ags]
    monate: list[int] = []
    if reihe:
        letzter = max(reihe)
        monate = list(range(letzter - VERLAUF_MONATE + 1, letzter + 1))
    daten = TraegerDaten(
        traeger=traeger,
        geschlecht=geschlecht,
        monate=monate,
        verlauf=berechne_verlauf(reihe, monate),
        hinweise=hinweise_je_monat(basen[geschlecht], ags),
        zi_jahr=None,
        zi_monat=None,
        datenstand=datenstand(session, [ags]),
        demodaten=any(b.demodaten for b in basen.values()),
    )
    gesamt = basen["gesamt"].reihen[ags]
    if gesamt:
        letzter = max(gesamt)
        daten.zi_jahr, daten.zi_monat = letzter // 12, letzter % 12 + 1
        _zielindikatoren(daten, basen)
    return daten


def _zielindikatoren(daten: TraegerDaten, basen: dict[str, Datenbasis]) -> None:
    ags, jahr, monat = daten.traeger.ags, daten.zi_jahr, daten.zi_monat
    assert jahr is not None and monat is not None
    for code, (gruppe, formel) in ZIELINDIKATOR_REIHE.items():
        daten.zielindikatoren[code] = zielindikator_wert(
            basen[gruppe].reihen[ags], formel, jahr, monat
        )
    daten.zi_hinweise = {g: hinweise_je_monat(b, ags) for g, b in basen.items()}
    gesamt = basen["gesamt"].reihen[ags]
    for code in JAHRESVERLAUF_CODES:
        daten.jahresverlauf[code] = {
            j: [
                zielindikator(gesamt, code, j, m) if (j, m) <= (jahr, monat) else None
                for m in range(1, 13)
            ]
            for j in (jahr - 1, jahr)
        }


@dataclass
class UebersichtDaten:
    """Die Kennzahlen einer Träger-Auswahl und ihres Aggregats in einem Monat."""

    traeger: list[Traeger]
    monat: int | None  # letzter Monat mit Daten irgendeines Mitglieds
    werte: dict[str, dict[str, Ergebnis]]  # ags → Code → Ergebnis
    hinweise: dict[str, dict[int, list[dict]]]  # ags → Monat → Hinweise
    aggregat: dict[str, Ergebnis]
    datenstand: tuple[date, date] | None
    demodaten: bool


def uebersicht_daten(
    session: Session, traeger: list[Traeger], geschlecht: str = "gesamt"
) -> UebersichtDaten:
    """Kennzahlen aller `traeger` und ihr Aggregat (Summen der vollständigen Mitglieder) im
    letzten Monat, für den irgendein Mitglied Daten hat."""
    pruefe_geschlecht(geschlecht)
    ags_liste = [t.ags for t in traeger]
    letzter = (
        session.execute(
            select(func.max(Basiszahl.monat)).where(
                col(Basiszahl.ags).in_(ags_liste), col(Basiszahl.geschlecht) == geschlecht
            )
        ).scalar()
        if ags_liste
        else None
    )
    # Nur die 13 Monate, die die Kennzahlen des letzten Monats lesen (t-12 … t).
    von = monat_text(monat_index(letzter) - 12) if letzter else None
    basis = lade_datenbasis(session, ags_liste, geschlecht, von=von) if letzter else Datenbasis()
    monat = monat_index(letzter) if letzter else None
    werte: dict[str, dict[str, Ergebnis]] = {}
    aggregat: dict[str, Ergebnis] = {}
    hinweise: dict[str, dict[int, list[dict]]] = {ags: {} for ags in ags_liste}
    for (ags, m), liste in basis.hinweise.items():
        hinweise[ags][m] = liste
    if monat is not None:
        for ags in ags_liste:
            werte[ags] = berechne_verlauf(basis.reihen[ags], [monat])[monat]
        aggregat = berechne_aggregat_verlauf([basis.reihen[a] for a in ags_liste], [monat])[monat]
    return UebersichtDaten(
        traeger=traeger,
        monat=monat,
        werte=werte,
        hinweise=hinweise,
        aggregat=aggregat,
        datenstand=datenstand(session, ags_liste, von) if letzter else None,
        demodaten=basis.demodaten,
    )


def traeger_des_landes(session: Session, land_code: str) -> list[Traeger]:
    return sorted(
        session.execute(select(Traeger).where(col(Traeger.land_code) == land_code)).scalars(),
        key=lambda t: sortierschluessel(t.name),
    )


def traeger_des_vergleichstyps(session: Session, vergleichstyp: str) -> list[Traeger]:
    return sorted(
        session.execute(
            select(Traeger).where(col(Traeger.vergleichstyp) == vergleichstyp)
        ).scalars(),
        key=lambda t: sortierschluessel(t.name),
    )


def vergleichstypen(session: Session, land_code: str | None = None) -> list[str]:
    """Alle Vergleichstypen (mit mindestens einem Träger des Landes, falls angegeben)."""
    abfrage = (
        select(col(Traeger.vergleichstyp)).where(col(Traeger.vergleichstyp).is_not(None)).distinct()
    )
    if land_code:
        abfrage = abfrage.where(col(Traeger.land_code) == land_code)
    return sorted(session.execute(abfrage).scalars())


def alle_laender(session: Session) -> list[tuple[str, str]]:
    """(Kürzel, Name) aller Länder, nach Namen."""
    laender: list[Land] = list(session.execute(select(Land).order_by(col(Land.name))).scalars())
    return [(land.code, land.name) for land in laender]
