"""Der Stand der Nachhaltung für viele Träger auf einmal: vereinbarte Ziele, Zielindikatoren im
Monat m des Jahres Y, Datenstände und Ränge im Land und im Vergleichstyp.

Gemeinsame Grundlage der Nachhaltungsseite (ein Träger samt Vergleichsgruppen) und der
Fortschrittsberichte (alle Träger) – beide zeigen so dieselben Zahlen.

- Maßgeblich ist die unterzeichnete (oder abgeschlossene) Vereinbarung des Jahres mit ihren
  geltenden Zielen (`verhandlung.geltende_ziele`: die vereinbarten Zielwerte, geändert durch
  unterzeichnete Änderungsvereinbarungen, die jedes geänderte Ziel nennt). Ohne solche
  Vereinbarung wird jeder Zielindikator wie `monitoring` gezeigt.
- Ränge: Quoten nach Wert, LZB und LLU nach Veränderung gegenüber dem Vorjahreszeitraum
  (`domain.nachhaltung.rangmass`; alle Träger der Gruppe mit Wert, Richtung des Indikators) und
  nach Zielerreichungsgrad (nur Träger mit Ziel und Grad; höher ist besser).
- Datenstand: der jüngste `datenstand` der verwendeten Basiszahlen (Monate (Y−2)-12 … Y-m) der
  Geschlechtergruppe des Indikators.
- Drei Abfragen für die Basiszahlen (je Geschlechtergruppe), eine für die Datenstände, zwei für
  die Vereinbarungen (eine dritte, wenn unterzeichnete Änderungen bestehen).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.basiszahlen import GESCHLECHTER
from ...domain.katalog import HOEHER
from ...domain.nachhaltung import (
    GESCHLECHT_FUER,
    Indikatorstand,
    Rang,
    Schwellen,
    Ziel,
    bewerte,
    rang,
    rangmass,
)
from ...domain.ziele import MONITORING, VEREINBARUNGS_INDIKATOREN, bezeichnung, ist_qualitativ
from ...models import Basiszahl, LandEinstellung, Traeger, Zielvereinbarung
from ...models.ids import gespeicherte_id
from ..kennzahlen.berechnung import lade_datenbasis
from ..verhandlung.geltende_ziele import geltende_ziele_aus

GUELTIG = (vh.UNTERZEICHNET, vh.ABGESCHLOSSEN)


@dataclass(frozen=True)
class Vereinbart:
    vereinbarung_id: int
    zustand: str
    ziele: tuple[Ziel, ...]
    # Zielindikator → „geändert durch Änderungsvereinbarung Nr. 1 vom …“ (DOMAIN.md § 8)
    geaendert: dict[str, str] = field(default_factory=dict)


@dataclass
class TraegerStand:
    ags: str
    name: str
    kurzname: str
    land_code: str
    vergleichstyp: str | None
    vereinbarung: Vereinbart | None
    hinweis: str | None  # warum ohne Vereinbarung, z. B. „noch nicht unterzeichnet (Angebot)“
    staende: list[Indikatorstand]
    datenstaende: dict[str, date | None]  # Geschlechtergruppe → jüngster Datenstand
    hat_daten: bool  # Zeile für den Berichtsmonat vorhanden
    raenge: dict[str, dict[str, Rang | None]] = field(default_factory=dict)
    offener_zustand: str | None = None  # Zustand einer noch nicht unterzeichneten Vereinbarung
    zkt: bool = False  # zugelassener kommunaler Träger (nur mit ihnen vereinbart das Land Ziele)

    def datenstand(self, code: str) -> date | None:
        return self.datenstaende.get(GESCHLECHT_FUER.get(code, "gesamt"))


@dataclass
class Nachhaltungsdaten:
    jahr: int
    monat: int
    traeger: dict[str, TraegerStand]
    demodaten: bool = False
    reihen: dict[str, dict] = field(default_factory=dict)  # Geschlecht → AGS → Zeitreihe


def schwellen_je_land(session: Session) -> dict[str, Schwellen]:
    return {
        e.land_code: Schwellen(e.schwelle_erreicht, e.schwelle_knapp)
        for e in session.scalars(select(LandEinstellung))
    }


def lade_ziele(
    session: Session, ags_liste: list[str], jahr: int
) -> tuple[dict[str, Vereinbart], dict[str, str]]:
    """Je AGS die unterzeichnete Vereinbarung mit ihren geltenden Zielen
    (`verhandlung.geltende_ziele`: samt unterzeichneter Änderungen); für die übrigen mit einer
    (noch nicht unterzeichneten) Vereinbarung im Jahr deren Zustand."""
    alle = list(
        session.scalars(
            select(Zielvereinbarung)
            .where(col(Zielvereinbarung.ags).in_(ags_liste), col(Zielvereinbarung.jahr) == jahr)
            .order_by(col(Zielvereinbarung.id))
        )
    )
    originale = [v for v in alle if v.aenderung_von_id is None]
    geltend = geltende_ziele_aus(session, alle)
    ergebnis: dict[str, Vereinbart] = {}
    offen: dict[str, str] = {}
    for v in originale:
        ags = v.ags
        assert ags is not None  # nach ags_liste gefiltert
        g = geltend.get(gespeicherte_id(v.id))
        if g is None:
            offen[ags] = v.zustand
            continue
        ergebnis[ags] = Vereinbart(
            g.vereinbarung_id,
            v.zustand,
            tuple(
                Ziel(
                    z.zielindikator,
                    z.bezeichnung,
                    z.zieltyp,
                    z.wert,
                    z.untere,
                    z.obere,
                    z.basiswert,
                    z.text,
                )
                for z in g.ziele
            ),  # fmt: skip
            {c: b.geaendert_durch for c, b in g.geaendert.items()},
        )
    return ergebnis, offen


def lade_datenstaende(
    session: Session, ags_liste: list[str], von: str, bis: str
) -> dict[tuple[str, str], date]:
    """(ags, geschlecht) → jüngster Datenstand der Basiszahlen der Monate `von` … `bis`."""
    abfrage = (
        select(col(Basiszahl.ags), col(Basiszahl.geschlecht), func.max(col(Basiszahl.datenstand)))
        .where(col(Basiszahl.monat) >= von, col(Basiszahl.monat) <= bis)
        .group_by(Basiszahl.ags, Basiszahl.geschlecht)
    )
    if len(ags_liste) < 500:
        abfrage = abfrage.where(col(Basiszahl.ags).in_(ags_liste))
    return {(a, g): d for a, g, d in session.execute(abfrage).tuples()}


def _ziele_fuer(vereinbart: Vereinbart | None) -> list[Ziel]:
    """Die Ziele der Vereinbarung; fehlende Zielindikatoren (und ohne Vereinbarung alle) als
    Monitoring, damit jeder Träger in jedem Rang erscheinen kann."""
    vorhanden = {z.zielindikator: z for z in vereinbart.ziele} if vereinbart else {}
    ziele = [
        vorhanden.get(c) or Ziel(c, bezeichnung(c), MONITORING) for c in VEREINBARUNGS_INDIKATOREN
    ]
    return ziele + [z for z in vorhanden.values() if ist_qualitativ(z.zielindikator)]


def berechne(
    session: Session, traeger: list[Traeger], jahr: int, monat: int, verlaeufe: bool = True
) -> Nachhaltungsdaten:
    """Stand aller `traeger` im Monat `monat` des Jahres `jahr`, mit Rängen innerhalb der
    übergebenen Träger (je Land und je Vergleichstyp); `verlaeufe=False`: ohne Monatsverläufe
    (`domain.nachhaltung.bewerte`)."""
    ags_liste = [t.ags for t in traeger]
    # Alles Gerechnete braucht Monate ab Dezember Y−2 (Nenner des Vorjahres im Januar).
    basen = {g: lade_datenbasis(session, ags_liste, g, f"{jahr - 2}-12") for g in GESCHLECHTER}
    ziele, offen = lade_ziele(session, ags_liste, jahr)
    stichmonat = jahr * 12 + monat - 1
    datenstaende = lade_datenstaende(session, ags_liste, f"{jahr - 2}-12", f"{jahr}-{monat:02d}")
    schwellen = schwellen_je_land(session)
    staende: dict[str, TraegerStand] = {}
    for t in traeger:
        reihen = {g: basen[g].reihen.get(t.ags, {}) for g in GESCHLECHTER}
        v = ziele.get(t.ags)
        s = schwellen.get(t.land_code, Schwellen())
        staende[t.ags] = TraegerStand(
            t.ags,
            t.name,
            t.kurzname,
            t.land_code,
            t.vergleichstyp,
            v,
            None if v else _hinweis(jahr, offen.get(t.ags)),
            [bewerte(z, reihen, jahr, monat, s, verlaeufe) for z in _ziele_fuer(v)],
            {g: datenstaende.get((t.ags, g)) for g in GESCHLECHTER},
            reihen["gesamt"].get(stichmonat) is not None,
            offener_zustand=None if v else offen.get(t.ags),
            zkt=t.traegerform == "zkT",
        )
    _raenge(staende)
    return Nachhaltungsdaten(
        jahr, monat, staende, basen["gesamt"].demodaten, {g: b.reihen for g, b in basen.items()}
    )


def _hinweis(jahr: int, zustand: str | None) -> str:
    if zustand is None:
        return f"Für {jahr} besteht keine Zielvereinbarung."
    return (
        f"Die Zielvereinbarung {jahr} ist noch nicht unterzeichnet "
        f"(Stand: {vh.zustand_bezeichnung(zustand)})."
    )


def _raenge(staende: dict[str, TraegerStand]) -> None:
    gruppen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ags, t in staende.items():
        gruppen[("land", t.land_code)].append(ags)
        if t.vergleichstyp:
            gruppen[("typ", t.vergleichstyp)].append(ags)
    for (art, _), mitglieder in gruppen.items():
        for code in VEREINBARUNGS_INDIKATOREN:
            mass = rangmass(code)
            je = {a: _stand(staende[a], code) for a in mitglieder}
            werte = {a: getattr(s, mass) if s else None for a, s in je.items()}
            grade = {a: s.grad if s else None for a, s in je.items()}
            for a, s in je.items():
                if s is None:
                    continue
                r = staende[a].raenge.setdefault(code, {})
                r[f"{art}_{mass}"] = rang(werte, a, s.besser == HOEHER)
                r[f"{art}_grad"] = rang(grade, a, True)


def _stand(t: TraegerStand, code: str) -> Indikatorstand | None:
    return next((s for s in t.staende if s.zielindikator == code), None)
