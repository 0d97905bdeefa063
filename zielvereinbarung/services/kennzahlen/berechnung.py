"""Kennzahlen und Zielindikatoren aus der Datenbank berechnen.

Lädt je Träger, Monat und Geschlechtergruppe den jeweils geltenden Stand (neuester Datenstand, bei
Gleichstand der spätere Import) und übergibt sie dem Domänenkern.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Text, cast, select
from sqlmodel import Session, col

from ...domain.basiszahlen import FELDNAMEN, GESCHLECHTER, monat_index, monat_text
from ...domain.kennzahlen import Ergebnis, Zeitreihe, berechne_aggregat_verlauf, berechne_verlauf
from ...domain.zielindikatoren import ZielindikatorWert, berechne_zielindikatoren
from ...fehler import FachlicherFehler
from ...models import Basiszahl, ImportProtokoll, Land, Traeger
from ...models.tabellen import tabelle
from ..sammelpause import sammelpause


@dataclass
class Datenbasis:
    """Die geltenden Basiszahlen einer Träger-Auswahl für eine Geschlechtergruppe."""

    reihen: dict[str, dict[int, dict[str, int | None]]] = field(default_factory=dict)
    hinweise: dict[tuple[str, int], list[dict]] = field(default_factory=dict)
    demodaten: bool = False

    def monate(self) -> list[int]:
        return sorted({m for reihe in self.reihen.values() for m in reihe})


@dataclass
class KennzahlZeile:
    monat: str
    werte: dict[str, Ergebnis]
    hinweise: list[dict]  # Plausibilitätshinweise der verwendeten Basiszahlen dieses Monats


def pruefe_geschlecht(geschlecht: str) -> None:
    if geschlecht not in GESCHLECHTER:
        raise FachlicherFehler(
            f"Unbekannte Geschlechtergruppe „{geschlecht}“ (gesamt, frauen, maenner)."
        )


def lade_datenbasis(
    session: Session, ags_liste: list[str], geschlecht: str, von: str | None = None
) -> Datenbasis:
    """Eine Abfrage für alle Träger; je (ags, monat) gilt der neueste Datenstand.

    `von` ('YYYY-MM'): nur Monate ab diesem (z. B. für eine Übersicht eines einzelnen Monats).
    """
    pruefe_geschlecht(geschlecht)
    basis = Datenbasis(reihen={ags: {} for ags in ags_liste})
    if not ags_liste:
        return basis
    basiszahl, protokoll = tabelle(Basiszahl), tabelle(ImportProtokoll)
    b, p = basiszahl.c, protokoll.c
    # Core statt ORM (keine Verarbeitung je Zeile); die Hinweise als Text, dekodiert wird nur,
    # wo es welche gibt.
    abfrage = (
        select(b.ags, b.monat, cast(b.hinweise, Text), p.demodaten, *(b[f] for f in FELDNAMEN))
        .join_from(basiszahl, protokoll, p.id == b.import_id)
        .where(b.geschlecht == geschlecht)
        .order_by(b.ags, b.monat, b.datenstand, b.import_id)
    )
    # Für eine Auswahl filtert die Datenbank; für (fast) alle Träger ist ein Lauf über die ganze
    # Tabelle billiger als eine riesige IN-Liste – Fremdes fällt dann unten weg.
    if len(ags_liste) < 500:
        abfrage = abfrage.where(b.ags.in_(ags_liste))
    if von is not None:
        abfrage = abfrage.where(b.monat >= von)
    gewaehlt = basis.reihen
    demo_genutzt: dict[tuple[str, int], bool] = {}
    monate: dict[str, int] = {}
    zeilen = session.connection().execute(abfrage).tuples().all()
    for ags, monat, hinweise_text, demo, *werte in zeilen:
        reihe = gewaehlt.get(ags)
        if reihe is None:
            continue
        m = monate.get(monat)
        if m is None:
            m = monate[monat] = monat_index(monat)
        # Aufsteigend sortiert: die letzte Zeile je Monat ist der geltende Stand.
        reihe[m] = dict(zip(FELDNAMEN, werte, strict=True))
        hinweise = json.loads(hinweise_text) if hinweise_text not in (None, "[]") else None
        if hinweise:
            basis.hinweise[(ags, m)] = hinweise
        else:
            basis.hinweise.pop((ags, m), None)
        demo_genutzt[(ags, m)] = demo
    basis.demodaten = any(demo_genutzt.values())
    return basis


def traeger_oder_fehler(session: Session, ags: str) -> Traeger:
    traeger = session.get(Traeger, ags)
    if traeger is None:
        raise FachlicherFehler(f"Unbekannter Träger „{ags}“ (Kreisschlüssel, 5 Ziffern).")
    return traeger


def mitglieder(session: Session, art: str, schluessel: str | None) -> list[str]:
    """Die AGS der Träger eines Aggregats: art 'land', 'vergleichstyp' oder 'bund' (alle)."""
    abfrage = select(col(Traeger.ags)).order_by(col(Traeger.ags))
    if art == "land":
        if session.get(Land, schluessel) is None:
            raise FachlicherFehler(f"Unbekanntes Land „{schluessel}“ (Kürzel wie NI, BY).")
        abfrage = abfrage.where(col(Traeger.land_code) == schluessel)
    elif art == "vergleichstyp":
        abfrage = abfrage.where(col(Traeger.vergleichstyp) == schluessel)
    ags_liste: list[str] = list(session.execute(abfrage).scalars())
    if not ags_liste:
        raise FachlicherFehler(f"Kein Träger gehört zu {art} „{schluessel}“.")
    return ags_liste


def _monate(basis: Datenbasis, monate: list[str] | None) -> list[int]:
    if not monate:
        return basis.monate()
    try:
        return sorted({monat_index(m) for m in monate})
    except ValueError as fehler:
        raise FachlicherFehler(f"Ungültiger Monat „{fehler}“ (erwartet JJJJ-MM).") from None


def kennzahlen_traeger(
    session: Session, ags: str, geschlecht: str = "gesamt", monate: list[str] | None = None
) -> tuple[list[KennzahlZeile], Datenbasis]:
    traeger_oder_fehler(session, ags)
    basis = lade_datenbasis(session, [ags], geschlecht)
    reihe = basis.reihen[ags]
    verlauf = berechne_verlauf(reihe, _monate(basis, monate))
    zeilen = [
        KennzahlZeile(monat_text(m), werte, basis.hinweise.get((ags, m), []))
        for m, werte in sorted(verlauf.items())
    ]
    return zeilen, basis


def kennzahlen_aggregat(
    session: Session,
    art: str,
    schluessel: str | None,
    geschlecht: str = "gesamt",
    monate: list[str] | None = None,
) -> tuple[list[KennzahlZeile], Datenbasis]:
    ags_liste = mitglieder(session, art, schluessel)
    basis = lade_datenbasis(session, ags_liste, geschlecht)
    reihen: list[Zeitreihe] = [basis.reihen[a] for a in ags_liste]
    verlauf = berechne_aggregat_verlauf(reihen, _monate(basis, monate))
    zeilen = [
        KennzahlZeile(
            monat_text(m),
            werte,
            [h for a in ags_liste for h in basis.hinweise.get((a, m), [])],
        )
        for m, werte in sorted(verlauf.items())
    ]
    return zeilen, basis


def alle_kennzahlen(
    session: Session, geschlecht: str = "gesamt"
) -> dict[str, dict[int, dict[str, Ergebnis]]]:
    """Alle Kennzahlen für alle Träger und alle Monate mit Daten (z. B. für Übersichten,
    Benchmark)."""
    ags_liste: list[str] = list(
        session.execute(select(col(Traeger.ags)).order_by(col(Traeger.ags))).scalars()
    )
    with sammelpause():
        basis = lade_datenbasis(session, ags_liste, geschlecht)
        return {
            ags: berechne_verlauf(reihe, sorted(reihe))
            for ags, reihe in basis.reihen.items()
            if reihe
        }


def zielindikatoren_traeger(
    session: Session, ags: str, jahr: int, monat: int | None = None, geschlecht: str = "gesamt"
) -> tuple[int, dict[str, ZielindikatorWert], Datenbasis]:
    """Zielindikatoren im Jahr `jahr` bis Monat `monat` (Standard: letzter Monat mit Daten)."""
    traeger_oder_fehler(session, ags)
    basis = lade_datenbasis(session, [ags], geschlecht)
    reihe = basis.reihen[ags]
    if monat is None:
        im_jahr = [m % 12 + 1 for m in reihe if m // 12 == jahr]
        if not im_jahr:
            raise FachlicherFehler(
                f"Für {ags} liegen im Jahr {jahr} keine Basiszahlen ({geschlecht}) vor."
            )
        monat = max(im_jahr)
    if not 1 <= monat <= 12:
        raise FachlicherFehler(f"Ungültiger Monat {monat} (1 bis 12).")
    return monat, berechne_zielindikatoren(reihe, jahr, monat), basis
