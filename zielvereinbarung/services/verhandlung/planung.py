"""Planung (DOMAIN.md § 1 Nr. 1, § 5): Orientierungswerte des Landes setzen und die Entwürfe der
Zielvereinbarungen für alle zkT eines Landes erzeugen.

Regeln:
- Orientierungswerte: siehe `services.verhandlung.orientierungswerte` (hier mit angeboten).
- Entwürfe (§ 48b Abs. 1 Satz 1 Nr. 4 SGB II: Vereinbarung Land–zkT) entstehen für jeden zkT des
  Landes, der für das Jahr noch keine Vereinbarung hat: Zustand `entwurf`, Revision 1 (Art
  `entwurf`, Rolle `system`) mit Basiswert, Orientierungswert und Kontext je Zielindikator
  (`domain.entwurf`). Ein zweiter Aufruf erzeugt nichts und sagt das. Ohne Orientierungswerte
  wird abgelehnt.
- Daten des ganzen Landes (und der Vergleichstypen) in drei Abfragen, je Geschlechtergruppe eine.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.basiszahlen import GESCHLECHTER
from ...domain.berechtigung import Akteur
from ...domain.entwurf import (
    basiswert,
    entwurf_vorgaben,
    kontext,
    median_monat,
    median_veraenderung,
)
from ...domain.ziele import VEREINBARUNGS_INDIKATOREN, bezeichnung
from ...domain.zielsaetze import kurztext
from ...fehler import FachlicherFehler
from ...mail import Nachricht
from ...models import Revision, Traeger, Zielvereinbarung, Zielwert, Zustandswechsel
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from ..kennzahlen.berechnung import lade_datenbasis
from .benachrichtigung import nachrichten_an
from .orientierungswerte import (
    lade_orientierungswerte,
    pruefe_land_akteur,
)

_GESCHLECHT = {"IQ_F": "frauen", "IQ_M": "maenner"}


@dataclass(frozen=True)
class ErzeugungsErgebnis:
    erzeugt: list[tuple[str, int]]  # (ags, vereinbarung_id) der neuen Entwürfe
    vorhanden: list[str]  # ags der zkT, die schon eine Vereinbarung für das Jahr haben
    meldung: str
    benachrichtigungen: list[Nachricht]


def zkt_des_landes(session: Session, land_code: str, jahr: int) -> list[Traeger]:
    return list(
        session.scalars(
            select(Traeger)
            .where(
                col(Traeger.land_code) == land_code,
                col(Traeger.traegerform) == "zkT",
                or_(
                    col(Traeger.gueltig_ab).is_(None), col(Traeger.gueltig_ab) <= date(jahr, 12, 31)
                ),
                or_(
                    col(Traeger.gueltig_bis).is_(None), col(Traeger.gueltig_bis) >= date(jahr, 1, 1)
                ),
            )
            .order_by(col(Traeger.name))
        )
    )


def erzeuge_entwuerfe(
    session: Session, land_code: str, jahr: int, akteur: Akteur, jetzt: datetime
) -> ErzeugungsErgebnis:
    """Ein Entwurf je zkT des Landes ohne Vereinbarung für `jahr` (Regeln im Modulkopf)."""
    land = pruefe_land_akteur(session, land_code, akteur)
    orientierung = lade_orientierungswerte(session, land_code, jahr)
    if not orientierung:
        raise FachlicherFehler(
            f"Für {land.name} sind für {jahr} noch keine Orientierungswerte "
            "festgelegt; bitte zuerst die Orientierungswerte setzen."
        )
    traeger = zkt_des_landes(session, land_code, jahr)
    if not traeger:
        raise FachlicherFehler(f"{land.name} hat keine zugelassenen kommunalen Träger.")
    mit_vereinbarung = set(
        session.scalars(
            select(col(Zielvereinbarung.ags)).where(
                col(Zielvereinbarung.ags).in_([t.ags for t in traeger]),
                col(Zielvereinbarung.jahr) == jahr,
                col(Zielvereinbarung.aenderung_von_id).is_(None),
            )
        )
    )
    vorhanden = {t.ags for t in traeger if t.ags in mit_vereinbarung}
    neu = [t for t in traeger if t.ags not in vorhanden]
    if not neu:
        return ErzeugungsErgebnis(
            [],
            sorted(vorhanden),
            (
                f"Keine neuen Entwürfe: alle {len(traeger)} zkT von {land.name} haben bereits eine "
                f"Zielvereinbarung {jahr}."
            ),
            [],
        )

    typen = {t.vergleichstyp for t in neu if t.vergleichstyp}
    mitglieder: dict[str, list[str]] = defaultdict(list)
    for ags, typ in session.execute(
        select(col(Traeger.ags), col(Traeger.vergleichstyp))
        .where(col(Traeger.vergleichstyp).in_(typen))
        .order_by(col(Traeger.ags))
    ).tuples():
        assert typ is not None  # nach Vergleichstyp ausgewählt
        mitglieder[typ].append(ags)
    alle = sorted({t.ags for t in neu} | {a for liste in mitglieder.values() for a in liste})
    basen = {g: lade_datenbasis(session, alle, g) for g in GESCHLECHTER}

    medians: dict[tuple, tuple] = {}
    entwuerfe = []
    for t in neu:
        werte: dict[str, tuple] = {}
        for code in VEREINBARUNGS_INDIKATOREN:
            reihen = basen[_GESCHLECHT.get(code, "gesamt")].reihen
            b = basiswert(reihen[t.ags], code, jahr)
            median = None
            if t.vergleichstyp:
                schluessel = (t.vergleichstyp, code, median_monat(b))
                if schluessel not in medians:  # je Vergleichstyp, Indikator und Monat einmal
                    medians[schluessel] = median_veraenderung(
                        [reihen[a] for a in mitglieder[t.vergleichstyp]],
                        code,
                        jahr - 1,
                        median_monat(b),
                    )
                median = medians[schluessel]
            k = kontext(reihen[t.ags], code, jahr, b, t.vergleichstyp, median)
            if basen["gesamt"].demodaten:
                k["demodaten"] = True
            werte[code] = (b, k)
        vorgaben = entwurf_vorgaben({c: b.wert for c, (b, _) in werte.items()}, orientierung)
        v = Zielvereinbarung(
            ags=t.ags,
            jahr=jahr,
            zustand=vh.ENTWURF,
            am_zug=vh.am_zug(vh.ENTWURF),
            erstellt_am=jetzt,
            geaendert_am=jetzt,
        )
        session.add(v)
        entwuerfe.append((t, v, vorgaben, werte))
    _flush(session)
    revs = []
    for _, v, _, _ in entwuerfe:
        rev = Revision(
            vereinbarung_id=gespeicherte_id(v.id),
            nummer=1,
            art="entwurf",
            rolle="system",
            autor=akteur.benutzername,
            zeitpunkt=jetzt,
            kommentar="Entwurf aus den Basiszahlen und den Orientierungswerten des Landes "
            f"{land.name}.",
        )
        session.add(rev)
        revs.append(rev)
    _flush(session)
    for (_, v, vorgaben, werte), rev in zip(entwuerfe, revs, strict=True):
        rev_id = gespeicherte_id(rev.id)
        for i, x in enumerate(vorgaben, start=1):
            b, k = werte.get(x.zielindikator, (None, None))
            o = orientierung.get(x.zielindikator)
            session.add(
                Zielwert(
                    revision_id=rev_id,
                    reihenfolge=i,
                    zielindikator=x.zielindikator,
                    bezeichnung=bezeichnung(x.zielindikator, x.bezeichnung),
                    zieltyp=x.zieltyp,
                    wert=x.wert,
                    untere=x.untere,
                    obere=x.obere,
                    text=x.text,
                    kommentar=x.kommentar,
                    basiswert=b.wert if b else None,
                    basiswert_vorlaeufig=b.vorlaeufig if b else False,
                    basiswert_monat=b.monat if b else None,
                    basiswert_grund=b.grund if b else None,
                    orientierungswert=kurztext(o) if o else None,
                    kontext=k,
                )
            )
        session.add(
            Zustandswechsel(
                vereinbarung_id=gespeicherte_id(v.id),
                von=None,
                nach=vh.ENTWURF,
                aktion=vh.ENTWUERFE_ERZEUGEN,
                akteur=akteur.benutzername,
                rolle=vh.LAND,
                zeitpunkt=jetzt,
                revision_id=rev_id,
            )
        )
    _flush(session)
    erzeugt = [(t.ags, gespeicherte_id(v.id)) for t, v, _, _ in entwuerfe]
    protokolliere(
        session,
        akteur.benutzername,
        "entwuerfe_erzeugt",
        "land",
        f"{land_code}/{jahr}",
        {"land": land_code, "jahr": jahr, "vereinbarungen": dict(erzeugt)},
        jetzt,
    )
    nachrichten = nachrichten_an(
        session,
        vh.TRAEGER,
        [
            (
                t,
                f"Zielvereinbarung {jahr} {t.kurzname}: Entwurf liegt vor",
                f"Das Land {land.name} hat den Entwurf der Zielvereinbarung {jahr} für {t.name} "
                "erzeugt. "
                "Bitte prüfen Sie die Werte und reichen Sie Ihr Angebot ein.",
                f"/vereinbarungen/{v.id}",
            )
            for t, v, _, _ in entwuerfe
        ],
        jetzt,
    )
    meldung = f"{len(erzeugt)} {'Entwurf' if len(erzeugt) == 1 else 'Entwürfe'} erzeugt"
    if vorhanden:
        meldung += f"; {len(vorhanden)} zkT hatten bereits eine Zielvereinbarung {jahr}"
    return ErzeugungsErgebnis(erzeugt, sorted(vorhanden), meldung + ".", nachrichten)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError:
        raise FachlicherFehler(
            "Die Entwürfe werden gerade von jemand anderem erzeugt; bitte die Seite neu laden."
        ) from None
