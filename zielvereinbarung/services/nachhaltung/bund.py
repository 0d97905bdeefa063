"""Nachhaltung der Vereinbarungen BMAS ↔ Land (DOMAIN.md §§ 7, 9): je Land das Aggregat seiner zkT
gegen die Ziele der Vereinbarung mit dem BMAS, und das BMAS-Cockpit über alle Länder mit zkT.

Regeln:
- Zeile eines Landes: je Zielindikator `domain.gruppenstand` über alle zkT des Landes (erst
  summieren, dann rechnen; Projektion mit dem Saisonfaktor des Vorjahres), das Zielniveau aus der
  geltenden Vereinbarung mit dem BMAS (unterzeichnet; sonst ohne Ziel, mit ihrem Zustand).
- Berichtsmonat: ohne Angabe der letzte Monat des Jahres, für den ein zkT Daten hat.
- Sehen: das Cockpit über alle Länder Admin und BMAS (`darf_bund_sehen`); ein Land zusätzlich
  Land und Land-Leser dieses Landes (`darf_bund_land_sehen`). Einzelne zkT zeigt nichts hier.
- Abfragen: eine feste Zahl (Länder, zkT, Vereinbarungen, Zielwerte, drei Datenbasen).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from ...documents.berichtsmodell import DialogZeile
from ...domain import verhandlung as vh
from ...domain.basiszahlen import GESCHLECHTER, monat_text
from ...domain.berechtigung import Akteur, bund_land_partei, darf_bund_land_sehen, darf_bund_sehen
from ...domain.gruppenstand import gruppenstand
from ...domain.nachhaltung import Schwellen
from ...domain.ziele import MONITORING, VEREINBARUNGS_INDIKATOREN, Zielvorgabe, bezeichnung
from ...domain.zielniveau import niveauanzeige
from ...domain.zielsaetze import kurztext
from ...fehler import KeineBerechtigung, NichtGefunden
from ...format import LEER
from ...models import Land, Traeger, Zielvereinbarung, Zielwert
from ..kennzahlen.berechnung import lade_datenbasis
from .cockpit import Zelle, _zelle
from .daten import GUELTIG
from .dialoganzeige import dialog_zeilen
from .seite import bestaetigungen_von, dialoge_von, versionen_von

GESCHLECHT = {"IQ_F": "frauen", "IQ_M": "maenner"}
INDIKATOREN = ("IQ", "IQ_AE", "IQ_LZB", "LZB", "LLU")  # Gesamtreihe; IQ_F/IQ_M auf der Landesseite


@dataclass(frozen=True)
class Landesstand:
    land_code: str
    land_name: str
    zkt: int
    vereinbarung_id: int | None
    zustand: str  # „unterzeichnet“, „in Verhandlung (Angebot eingereicht)“, „keine Vereinbarung“
    gilt: bool  # unterzeichnet (oder abgeschlossen): ihre Ziele gelten
    zellen: tuple[Zelle, ...]


@dataclass(frozen=True)
class BundCockpit:
    jahr: int
    monat: str | None
    indikatoren: tuple[tuple[str, str], ...]  # (Code, Name)
    laender: tuple[Landesstand, ...]


def _zustand(v: Zielvereinbarung | None) -> str:
    if v is None:
        return "keine Vereinbarung"
    text = vh.zustand_bezeichnung(v.zustand, True)
    return text if v.zustand in (vh.UNTERZEICHNET, vh.ABGESCHLOSSEN) else f"in Verhandlung ({text})"


def landesstaende(
    session: Session,
    laender: list[Land],
    jahr: int,
    monat: int | None = None,
    codes: tuple[str, ...] = INDIKATOREN,
) -> tuple[str | None, list[Landesstand]]:
    """(Berichtsmonat 'YYYY-MM', Stand je Land) – Regeln im Modulkopf."""
    codes_ = list(codes)
    zkt: dict[str, list[str]] = {l.code: [] for l in laender}  # noqa: E741
    for ags, land in session.execute(
        select(col(Traeger.ags), col(Traeger.land_code))
        .where(col(Traeger.land_code).in_(list(zkt)), col(Traeger.traegerform) == "zkT")
        .order_by(Traeger.ags)
    ).tuples():
        zkt[land].append(ags)
    alle = [a for liste in zkt.values() for a in liste]
    gruppen = {GESCHLECHT.get(c, "gesamt") for c in codes_} & set(GESCHLECHTER)
    reihen = {g: lade_datenbasis(session, alle, g).reihen for g in gruppen}
    if monat is None:
        monate = [
            m for r in reihen["gesamt"].values() for m, z in r.items() if m // 12 == jahr and z
        ]
        monat = max(monate) % 12 + 1 if monate else None
    vereinbarungen = {
        v.land_code: v
        for v in session.scalars(
            select(Zielvereinbarung).where(
                col(Zielvereinbarung.ags).is_(None),
                col(Zielvereinbarung.land_code).in_(list(zkt)),
                col(Zielvereinbarung.jahr) == jahr,
                col(Zielvereinbarung.aenderung_von_id).is_(None),
            )
        )
    }
    gilt = {
        c: v for c, v in vereinbarungen.items() if v.zustand in (vh.UNTERZEICHNET, vh.ABGESCHLOSSEN)
    }
    ziele: dict[int, dict[str, Zielwert]] = {}
    rev_ids = [v.vereinbarte_revision_id for v in gilt.values() if v.vereinbarte_revision_id]
    for zw in session.scalars(select(Zielwert).where(col(Zielwert.revision_id).in_(rev_ids))):
        ziele.setdefault(zw.revision_id, {})[zw.zielindikator] = zw
    staende = []
    for l in laender:  # noqa: E741
        v = vereinbarungen.get(l.code)
        eigene = ziele.get(v.vereinbarte_revision_id or 0, {}) if l.code in gilt and v else {}
        zellen = []
        for code in codes_:
            z = eigene.get(code)
            vorgabe = None
            if z is not None:
                vorgabe = Zielvorgabe(code, z.zieltyp, z.wert, z.untere, z.obere)
            niveau = niveauanzeige(vorgabe, z.basiswert).niveau if vorgabe and z else None
            mitglieder = [(reihen[GESCHLECHT.get(code, "gesamt")][a], None) for a in zkt[l.code]]
            if monat is None or not mitglieder:
                zellen.append(_leer(code))
                continue
            g = gruppenstand(code, mitglieder, jahr, monat, Schwellen(), vorgabe=niveau)
            ziel = kurztext(vorgabe) if vorgabe else "kein Ziel"
            if vorgabe is not None and vorgabe.zieltyp == MONITORING:
                ziel = "Monitoring"
            gruende = dict.fromkeys(t for k, t in g.gruende.items() if k != "zielniveau")
            hinweis = "; ".join([f"{g.abdeckung} von {g.mitglieder} zkT", *gruende])
            if not g.abdeckung:
                hinweis = f"noch keine vollständigen Daten der {g.mitglieder} zkT"
            zellen.append(_zelle(g, ziel, hinweis))
        staende.append(Landesstand(l.code, l.name, len(zkt[l.code]), v.id if v else None,
                                   _zustand(v), l.code in gilt, tuple(zellen)))  # fmt: skip
    return (monat_text(jahr * 12 + monat - 1) if monat else None), staende


def _leer(code: str) -> Zelle:
    return Zelle(code, None, None, None, None, None, "neutral", "kein Ziel", LEER, LEER, LEER, LEER,
                 "keine Daten im Jahr")  # fmt: skip


def laender_mit_zkt(session: Session) -> list[Land]:
    return list(
        session.scalars(
            select(Land)
            .where(
                col(Land.code).in_(
                    select(col(Traeger.land_code)).where(col(Traeger.traegerform) == "zkT")
                )
            )
            .order_by(Land.name)
        )
    )


def bund_cockpit(session: Session, akteur: Akteur, jahr: int) -> BundCockpit:
    """Das BMAS-Cockpit: alle Länder mit zkT (Admin und BMAS)."""
    if not darf_bund_sehen(akteur):
        raise KeineBerechtigung("Das Cockpit über alle Länder ist dem BMAS vorbehalten.")
    monat, staende = landesstaende(session, laender_mit_zkt(session), jahr)
    return BundCockpit(jahr, monat, tuple((c, bezeichnung(c)) for c in INDIKATOREN),
                       tuple(staende))  # fmt: skip


def land_stand(session: Session, akteur: Akteur, land_code: str, jahr: int) -> Landesstand:
    """Der Stand eines Landes mit allen Zielindikatoren der Vereinbarung (auch IQ_F, IQ_M)."""
    land = session.get(Land, land_code)
    if land is None:
        raise NichtGefunden(f"Unbekanntes Land „{land_code}“.")
    if not darf_bund_land_sehen(akteur, land_code):
        raise KeineBerechtigung(
            f"Die Vereinbarung des BMAS mit {land.name} dürfen Sie nicht sehen."
        )
    _, staende = landesstaende(session, [land], jahr, codes=VEREINBARUNGS_INDIKATOREN)
    return staende[0]


def ausschuss_sitzungen(
    session: Session, akteur: Akteur, v: Zielvereinbarung | None
) -> tuple[tuple[DialogZeile, ...], bool]:
    """(Sitzungen des Kooperationsausschusses zur Vereinbarung BMAS ↔ Land, darf der Akteur eine
    erfassen). Dieselben Dialoge wie zwischen Land und Träger (`dialoge`, `korrektur`,
    `bestaetigung`), hier mit BMAS und Land als Parteien; erst ab der Unterzeichnung. Sehen darf
    sie, wer die Seite des Landes sehen darf (`land_stand` prüft das)."""
    if v is None or v.zustand not in GUELTIG or v.aenderung_von_id is not None:
        return (), False
    assert v.id is not None
    dialoge = dialoge_von(session, v.id)
    partei = bund_land_partei(akteur, v.land_code or "")
    zeilen = dialog_zeilen(
        dialoge,
        {c: bezeichnung(c) for c in VEREINBARUNGS_INDIKATOREN},
        bestaetigungen_von(session, dialoge),
        partei,
        versionen_von(session, dialoge),
        akteur.benutzername,
        bund_land=True,
    )
    return zeilen, partei is not None
