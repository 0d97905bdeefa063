"""Die Startseite als Arbeitsliste: was beim angemeldeten Benutzer liegt und was seit seinem
letzten Besuch neu ist.

- **Am Zug**: Vereinbarungen, bei denen die Partei des Benutzers (Land: alle Träger des Landes
  und die eigene Vereinbarung mit dem BMAS; Träger: der eigene; BMAS: die Vereinbarungen mit den
  Ländern) am Zug ist, mit dem nächsten Schritt und der Frist aus dem Zeitplan des
  Landes (`domain.zeitplan`); für das Land dazu der Jahresabschluss unterzeichneter
  Vereinbarungen, sobald die Dezemberdaten da sind. Überschrittene Fristen zuerst, dann nach
  Frist, dann nach Name. Leser und Administration sind nie am Zug.
- **Zeitplan** des Landes für das Verhandlungsjahr mit dem Stand der Vereinbarungen.
- **Neu seit dem letzten Besuch** (`StartBesuch.bezug`; beim ersten Besuch: die letzten 30 Tage):
  importierte Basiszahlen (je Import Datenstand, Zahl der Träger im eigenen Bereich, letzter
  Monat) und Fortschrittsberichte im eigenen Bereich.
- **Dialoge zur Bestätigung**: Zielnachhaltedialoge, die die Gegenseite erfasst hat und die auf
  die Bestätigung der eigenen Partei warten; getrennt davon die Sitzungen des
  Kooperationsausschusses (BMAS ↔ Land, `sitzungen`).
- Ein Aufruf vermerkt den Besuch (flush); war der vorige Aufruf länger als `PAUSE` her, gilt er
  fortan als „letzter Besuch“.
Feste Zahl von Abfragen, unabhängig von der Zahl der Träger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from ..domain import verhandlung as vh
from ..domain.berechtigung import ADMIN, BUND, LAND, TRAEGER, Akteur, darf_land_aendern
from ..domain.zeitplan import FELDER, FRIST_FUER, NAECHSTER_SCHRITT, NAMEN, Frist, frist
from ..format import datum, monat_lang, ortszeit, zeitpunkt
from ..models import (
    Basiszahl,
    Bericht,
    ImportProtokoll,
    Land,
    LandZeitplan,
    Orientierungswert,
    StartBesuch,
    Traeger,
    Zielvereinbarung,
)
from ..models.bericht import LAND as BERICHT_LAND
from .hinweise import ungelesen
from .nachhaltung.bestaetigung import offene_bestaetigungen, offene_sitzungen
from .nachhaltung.dialoganzeige import dialog_name

PAUSE = timedelta(minutes=30)
ERSTER_BESUCH = timedelta(days=30)
BERICHTE_GEZEIGT = 5


@dataclass(frozen=True)
class Aufgabe:
    titel: str  # „Landkreis Peine: Angebot einreichen“
    zusatz: str  # „Zielvereinbarung 2027, Stand: Entwurf“
    pfad: str
    frist: Frist | None = None


@dataclass(frozen=True)
class Zeitplanansicht:
    land_code: str
    land_name: str
    jahr: int
    termine: tuple[tuple[str, str, date | None], ...]  # (Feld, Name, Datum)
    stand: tuple[str, ...]  # „Orientierungswerte festgelegt“, „10 im Entwurf“, …
    darf_aendern: bool


@dataclass(frozen=True)
class Neues:
    text: str
    pfad: str | None = None


@dataclass(frozen=True)
class Arbeitsliste:
    aufgaben: tuple[Aufgabe, ...]
    zeitplan: Zeitplanansicht | None
    seit_text: str  # „seit Ihrem letzten Besuch am 30.11.2026, 14:05 Uhr“
    neue_daten: tuple[Neues, ...]
    neue_berichte: tuple[Neues, ...]
    weitere_berichte: int
    ungelesene_hinweise: int
    dialoge: tuple[Aufgabe, ...] = field(default=())
    sitzungen: tuple[Aufgabe, ...] = field(default=())


def _partei(akteur: Akteur) -> str | None:
    return akteur.rolle if akteur.rolle in (LAND, TRAEGER) else None


def _bereich(abfrage, akteur: Akteur, ags_spalte, land_spalte):
    """Die Abfrage auf den Bereich des Akteurs beschränken (Administration: alles)."""
    if akteur.rolle == ADMIN:
        return abfrage
    if akteur.land_code:
        return abfrage.where(land_spalte == akteur.land_code)
    return abfrage.where(ags_spalte == (akteur.traeger_ags or ""))


def aufgaben(session: Session, akteur: Akteur, heute: date) -> list[Aufgabe]:
    """Die Vereinbarungen, bei denen die Partei des Akteurs am Zug ist (Modulkopf)."""
    partei = _partei(akteur)
    if partei is None:
        return bund_aufgaben(session, akteur)
    zeilen = session.execute(
        _bereich(
            select(Zielvereinbarung, Traeger)
            .join(Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags))
            .where(col(Zielvereinbarung.am_zug) == partei,
                   col(Zielvereinbarung.zustand).in_([*FRIST_FUER, vh.UNTERZEICHNET])),
            akteur, Traeger.ags, Traeger.land_code,
        )
    ).tuples().all()  # fmt: skip
    dezember = _mit_dezemberdaten(session, [(v.ags, v.jahr) for v, _ in zeilen
                                            if v.zustand == vh.UNTERZEICHNET])  # fmt: skip
    plaene = _zeitplaene(session, {(t.land_code, v.jahr) for v, t in zeilen})
    liste = []
    for v, t in zeilen:
        if v.zustand == vh.UNTERZEICHNET and (v.ags, v.jahr) not in dezember:
            continue  # Jahresabschluss erst mit den Dezemberdaten
        art = "Änderungsvereinbarung" if v.aenderung_von_id else "Zielvereinbarung"
        pfad = (f"/vereinbarungen/{v.id}/nachhaltung" if v.zustand == vh.UNTERZEICHNET
                else f"/vereinbarungen/{v.id}")  # fmt: skip
        liste.append(
            Aufgabe(
                f"{t.name}: {NAECHSTER_SCHRITT[v.zustand]}",
                f"{art} {v.jahr}, Stand: {vh.zustand_bezeichnung(v.zustand)}",
                pfad,
                frist(v.zustand, plaene.get((t.land_code, v.jahr), {}), heute),
            )
        )

    def ordnung(a: Aufgabe):
        f = a.frist
        return (0 if f and f.ueberfaellig else 1, f.tag if f else date.max, a.titel)

    return sorted(liste + bund_aufgaben(session, akteur), key=ordnung)


def bund_aufgaben(session: Session, akteur: Akteur) -> list[Aufgabe]:
    """Vereinbarungen BMAS ↔ Land, bei denen BMAS bzw. das Land des Akteurs am Zug ist (bis zur
    Gegenzeichnung; ohne Frist: der Zeitplan des Landes gilt für seine zkT)."""
    if akteur.rolle not in (BUND, LAND):
        return []
    abfrage = (
        select(Zielvereinbarung, Land)
        .join(Land, col(Land.code) == col(Zielvereinbarung.land_code))
        .where(
            col(Zielvereinbarung.ags).is_(None),
            col(Zielvereinbarung.am_zug) == akteur.rolle,
            col(Zielvereinbarung.zustand).in_(FRIST_FUER),
        )
        .order_by(col(Zielvereinbarung.jahr), col(Land.name))
    )
    if akteur.rolle == LAND:
        abfrage = abfrage.where(col(Zielvereinbarung.land_code) == (akteur.land_code or ""))
    return [
        Aufgabe(
            f"BMAS und {land.name}: {NAECHSTER_SCHRITT[v.zustand]}",
            f"Zielvereinbarung {v.jahr} mit dem BMAS, Stand: "
            f"{vh.zustand_bezeichnung(v.zustand, True)}",
            f"/vereinbarungen/{v.id}",
        )
        for v, land in session.execute(abfrage).tuples()
    ]


def dialoge_zur_bestaetigung(session: Session, akteur: Akteur) -> list[Aufgabe]:
    """Zielnachhaltedialoge der Gegenseite, die auf die Bestätigung der eigenen Partei warten."""
    return [
        Aufgabe(
            f"{t.name}: {dialog_name(False)} vom {datum(d.datum)} bestätigen",
            f"Zielvereinbarung {v.jahr}, Daten bis {monat_lang(d.datenstand)}, "
            f"erfasst von {d.autor}",
            f"/vereinbarungen/{v.id}/nachhaltung#dialog-{d.id}",
        )
        for d, v, t in offene_bestaetigungen(session, akteur)
    ]


def sitzungen_zur_bestaetigung(session: Session, akteur: Akteur) -> list[Aufgabe]:
    """Sitzungen des Kooperationsausschusses (BMAS ↔ Land), die auf die Bestätigung der eigenen
    Partei warten."""
    return [
        Aufgabe(
            f"BMAS und {land.name}: {dialog_name(True)} vom {datum(d.datum)} bestätigen",
            f"Zielvereinbarung {v.jahr} mit dem BMAS, Daten bis {monat_lang(d.datenstand)}, "
            f"erfasst von {d.autor}",
            f"/bund/{land.code}/{v.jahr}#dialog-{d.id}",
        )
        for d, v, land in offene_sitzungen(session, akteur)
    ]


def _mit_dezemberdaten(session: Session, paare: list[tuple[str, int]]) -> set[tuple[str, int]]:
    if not paare:
        return set()
    monate = {f"{j}-12" for _, j in paare}
    vorhanden = set(
        session.execute(
            select(col(Basiszahl.ags), col(Basiszahl.monat))
            .where(col(Basiszahl.ags).in_({a for a, _ in paare}), col(Basiszahl.monat).in_(monate),
                   col(Basiszahl.geschlecht) == "gesamt")
            .distinct()
        ).all()
    )  # fmt: skip
    return {(a, j) for a, j in paare if (a, f"{j}-12") in vorhanden}


def _zeitplaene(session, schluessel: set[tuple[str, int]]) -> dict[tuple[str, int], dict]:
    if not schluessel:
        return {}
    laender = {land for land, _ in schluessel}
    return {
        (z.land_code, z.jahr): {f: getattr(z, f) for f in FELDER}
        for z in session.scalars(
            select(LandZeitplan).where(col(LandZeitplan.land_code).in_(laender))
        )
    }


def zeitplanansicht(session: Session, akteur: Akteur, jahr: int) -> Zeitplanansicht | None:
    """Der Zeitplan des eigenen Landes (für Träger: des Landes des Trägers) mit dem Stand."""
    land_code = akteur.land_code
    if not land_code and akteur.traeger_ags:
        traeger = session.get(Traeger, akteur.traeger_ags)
        land_code = traeger.land_code if traeger else None
    land = session.get(Land, land_code) if land_code else None
    if land is None:
        return None
    z = session.get(LandZeitplan, (land.code, jahr))
    termine = tuple((f, NAMEN[f], getattr(z, f) if z else None) for f in FELDER)
    zustaende = session.execute(
        _bereich(
            select(col(Zielvereinbarung.zustand), func.count())
            .join(Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags))
            .where(col(Zielvereinbarung.jahr) == jahr,
                   col(Zielvereinbarung.aenderung_von_id).is_(None))
            .group_by(Zielvereinbarung.zustand),
            akteur, Traeger.ags, Traeger.land_code,
        )
    ).all()  # fmt: skip
    orientierung: int = session.execute(
        select(func.count()).select_from(Orientierungswert)
        .where(col(Orientierungswert.land_code) == land.code, col(Orientierungswert.jahr) == jahr)
    ).scalar_one()  # fmt: skip
    stand = ["Orientierungswerte festgelegt" if orientierung else "Orientierungswerte noch offen"]
    je_zustand = dict(zustaende)
    stand += [
        f"{je_zustand[z]} {vh.zustand_bezeichnung(z)}" for z in vh.ZUSTAENDE if z in je_zustand
    ]
    if not je_zustand:
        stand.append("noch keine Vereinbarungen")
    darf = akteur.rolle == LAND and darf_land_aendern(akteur, land.code)
    return Zeitplanansicht(land.code, land.name, jahr, termine, tuple(stand), darf)


def vermerke_besuch(session: Session, benutzer_id: int, jetzt: datetime) -> datetime | None:
    """Den Aufruf vermerken; gibt den Bezug für „neu seit …“ zurück (None: erster Besuch)."""
    besuch = session.get(StartBesuch, benutzer_id)
    if besuch is None:
        session.add(StartBesuch(benutzer_id=benutzer_id, zuletzt=jetzt, bezug=None))
        session.flush()
        return None
    if _utc(jetzt) - _utc(besuch.zuletzt) > PAUSE:
        besuch.bezug = besuch.zuletzt
    besuch.zuletzt = jetzt
    session.flush()
    return besuch.bezug


def _utc(wert: datetime) -> datetime:
    return wert if wert.tzinfo else wert.replace(tzinfo=UTC)


def neue_daten(session: Session, akteur: Akteur, seit: datetime) -> list[Neues]:
    """Je Import seit `seit` (neueste zuerst, höchstens 10) die Träger im eigenen Bereich."""
    importe = session.execute(
        select(col(ImportProtokoll.id), col(ImportProtokoll.zeitpunkt))
        .where(col(ImportProtokoll.zeitpunkt) > seit, col(ImportProtokoll.ergebnis) == "importiert")
        .order_by(col(ImportProtokoll.zeitpunkt).desc()).limit(10)
    ).all()  # fmt: skip
    if not importe:
        return []
    zeiten = dict(importe)
    zeilen = session.execute(
        _bereich(
            select(col(Basiszahl.import_id), func.count(func.distinct(col(Basiszahl.ags))),
                   func.max(col(Basiszahl.monat)), func.max(col(Basiszahl.datenstand)))
            .join(Traeger, col(Traeger.ags) == col(Basiszahl.ags))
            .where(col(Basiszahl.import_id).in_(zeiten))
            .group_by(col(Basiszahl.import_id)),
            akteur, Basiszahl.ags, Traeger.land_code,
        )
    ).tuples().all()  # fmt: skip
    neu = []
    for import_id, anzahl, monat, stand in sorted(zeilen, key=lambda z: zeiten[z[0]], reverse=True):
        if akteur.traeger_ags and akteur.rolle != ADMIN:
            wer = "Ihren Träger"
        else:
            wer = f"{anzahl} Träger" + (" Ihres Landes" if akteur.land_code else "")
        neu.append(
            Neues(
                f"Basiszahlen mit Datenstand {datum(stand)} für {wer} (Daten bis "
                f"{monat_lang(monat)}), importiert am {datum(zeiten[import_id])}"
            )
        )
    return neu


def neue_berichte(session: Session, akteur: Akteur, seit: datetime) -> tuple[list[Neues], int]:
    """Die neuesten Berichte seit `seit` im eigenen Bereich (Landesübersichten zuerst) und wie
    viele weitere es gibt."""
    abfrage = select(Bericht).where(col(Bericht.erstellt_am) > seit)
    if akteur.rolle != ADMIN:
        if akteur.land_code:
            abfrage = abfrage.where(col(Bericht.land_code) == akteur.land_code)
        else:
            abfrage = abfrage.where(col(Bericht.art) != BERICHT_LAND,
                                    col(Bericht.ags) == (akteur.traeger_ags or ""))  # fmt: skip
    anzahl: int = session.execute(select(func.count()).select_from(abfrage.subquery())).scalar_one()
    berichte = session.scalars(
        abfrage.order_by(
            (col(Bericht.art) == BERICHT_LAND).desc(),
            col(Bericht.monat).desc(),
            col(Bericht.erstellt_am).desc(),
        ).limit(BERICHTE_GEZEIGT)
    )
    liste = [Neues(f"{b.titel} (Version {b.version})", f"/berichte/{b.id}/datei") for b in berichte]
    return liste, anzahl - len(liste)


def arbeitsliste(
    session: Session,
    akteur: Akteur,
    benutzer_id: int,
    jetzt: datetime,
    verhandlungsjahr: int,
) -> Arbeitsliste:
    """Die Startseite des Akteurs (Modulkopf); vermerkt den Besuch."""
    bezug = vermerke_besuch(session, benutzer_id, jetzt)
    seit = bezug or (jetzt - ERSTER_BESUCH)
    seit_text = (
        f"seit Ihrem letzten Besuch am {zeitpunkt(bezug)}" if bezug else "in den letzten 30 Tagen"
    )
    berichte, weitere = neue_berichte(session, akteur, seit)
    return Arbeitsliste(
        tuple(aufgaben(session, akteur, ortszeit(jetzt).date())),
        zeitplanansicht(session, akteur, verhandlungsjahr),
        seit_text,
        tuple(neue_daten(session, akteur, seit)),
        tuple(berichte),
        weitere,
        ungelesen(session, benutzer_id),
        tuple(dialoge_zur_bestaetigung(session, akteur)),
        tuple(sitzungen_zur_bestaetigung(session, akteur)),
    )
