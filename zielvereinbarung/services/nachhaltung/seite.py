"""Die Nachhaltungsseite einer Zielvereinbarung (DOMAIN.md § 7): je Zielindikator Wert,
Vorjahr, Veränderung, Ziel, Zielerreichungsgrad, Projektion mit Methode, Status, Datenstand,
Ränge, Monatsdiagramm; dazu Zielnachhaltedialoge, Jahresergebnisse und die seit dem letzten
Bericht oder Besuch neuen Datenstände.

Nur für Vereinbarungen in `unterzeichnet` oder `abgeschlossen` (sonst `NichtVerfuegbar`), nie
für eine Änderungsvereinbarung (ihre Ziele zeigt die Nachhaltung des Originals). Lesen
dürfen alle, die den Träger sehen dürfen. Der Besuch wird vermerkt (flush, kein Commit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from ...documents.berichtsmodell import BudgetStand, DialogZeile, IndikatorZeile
from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur, darf_traeger_aendern, darf_traeger_sehen
from ...domain.nachhaltung import letzter_monat
from ...domain.namen import genitiv
from ...domain.zielindikatoren import PROJEKTIONSMETHODE
from ...fehler import FachlicherFehler
from ...format import monat_lang
from ...models import (
    Bericht,
    DialogBestaetigung,
    DialogVersion,
    Jahresergebnis,
    NachhaltungBesuch,
    Traeger,
    Zielnachhaltedialog,
    Zielvereinbarung,
)
from ..basiszahlen.datenstaende import neue_datenstaende_seit
from ..budget.stand import budget_stand, dialog_budgets
from ..kennzahlen.berechnung import lade_datenbasis
from ..verhandlung.lesen import lade_vereinbarung, pruefe_lesen
from .anzeige import datum_text, rohwerte, zeilen
from .daten import GUELTIG, berechne
from .dialoganzeige import dialog_zeilen
from .jahresabschluss import JahresergebnisZeile, jahresergebnis_zeilen


class NichtVerfuegbar(FachlicherFehler):
    """Die Nachhaltung beginnt erst mit der Unterzeichnung."""


@dataclass(frozen=True)
class NachhaltungAnsicht:
    vereinbarung_id: int
    ags: str
    traeger_name: str
    land_code: str
    vergleichstyp: str | None
    jahr: int
    zustand: str
    zustand_bezeichnung: str
    monat: str | None  # 'YYYY-MM' oder None: noch keine Daten im Jahr
    monat_text: str
    monate: tuple[str, ...]  # wählbare Monate mit Daten
    zeilen: tuple[IndikatorZeile, ...]
    dialoge: tuple[DialogZeile, ...]
    neue_datenstaende: tuple[str, ...]
    neue_datenstaende_seit: str | None  # „seit dem letzten Bericht vom 03.07.2026“
    jahresergebnisse: tuple[JahresergebnisZeile, ...]
    darf_dialog: bool
    darf_jahresabschluss: bool
    jahresabschluss_hinweis: str | None
    methode: str
    demodaten: bool
    rohwerte: dict[str, dict] = field(default_factory=dict)  # je Zielindikator (Download)
    budget: BudgetStand | None = None  # Budgetrahmen und Ausgaben (DOMAIN.md § 10)
    dialog_budgets: dict[int, str] = field(default_factory=dict)  # Dialog-id → Budget zum Stand


def gueltige_vereinbarung(session: Session, vereinbarung_id: int, akteur: Akteur):
    """(Vereinbarung, Träger) – NichtGefunden, KeineBerechtigung oder NichtVerfuegbar."""
    v, traeger = dialog_vereinbarung(session, vereinbarung_id, akteur)
    if traeger.ags is None:  # BMAS ↔ Land: das Aggregat der zkT steht auf der Seite des Landes
        raise NichtVerfuegbar(
            f"Die Nachhaltung der Zielvereinbarung {v.jahr} zwischen BMAS und {traeger.name} "
            f"(Aggregat der zkT gegen die Ziele) steht unter /bund/{traeger.land_code}/{v.jahr}."
        )
    return v, traeger


def dialog_vereinbarung(session: Session, vereinbarung_id: int, akteur: Akteur):
    """(Vereinbarung, Träger oder `Vertragspartner`) wie `gueltige_vereinbarung`, aber auch für
    BMAS ↔ Land (dann das Land als `Vertragspartner`):
    Zielnachhaltedialoge und Sitzungen des Kooperationsausschusses (DOMAIN.md § 9) laufen über
    dieselben Dienste."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    pruefe_lesen(akteur, traeger)
    if v.aenderung_von_id is not None:
        raise NichtVerfuegbar(
            f"Eine Änderungsvereinbarung hat keine eigene Nachhaltung: ihre Ziele gelten ab der "
            f"Unterzeichnung in der Nachhaltung der Zielvereinbarung {v.jahr} "
            f"(Nr. {v.aenderung_von_id})."
        )
    if v.zustand not in GUELTIG:
        raise NichtVerfuegbar(
            f"Die Nachhaltung beginnt mit der Unterzeichnung; die Zielvereinbarung {v.jahr} mit "
            f"{traeger.name} ist im Stand „{vh.zustand_bezeichnung(v.zustand)}“."
        )
    return v, traeger


def _peers(session: Session, traeger: Traeger) -> list[Traeger]:
    bedingung = col(Traeger.land_code) == traeger.land_code
    if traeger.vergleichstyp:
        bedingung = or_(bedingung, col(Traeger.vergleichstyp) == traeger.vergleichstyp)
    return list(session.scalars(select(Traeger).where(bedingung).order_by(col(Traeger.ags))))


def dialoge_von(session: Session, vereinbarung_id: int) -> list[Zielnachhaltedialog]:
    """Die Dialoge, neueste zuerst."""
    return list(
        session.scalars(
            select(Zielnachhaltedialog)
            .where(col(Zielnachhaltedialog.vereinbarung_id) == vereinbarung_id)
            .order_by(col(Zielnachhaltedialog.datum).desc(), col(Zielnachhaltedialog.id).desc())
        )
    )


def bestaetigungen_von(
    session: Session, dialoge: list[Zielnachhaltedialog]
) -> dict[int, DialogBestaetigung]:
    if not dialoge:
        return {}
    return {
        b.dialog_id: b
        for b in session.scalars(
            select(DialogBestaetigung).where(
                col(DialogBestaetigung.dialog_id).in_([d.id for d in dialoge])
            )
        )
    }


def versionen_von(
    session: Session, dialoge: list[Zielnachhaltedialog]
) -> dict[int, list[DialogVersion]]:
    """Die durch Korrektur ersetzten Versionen je Dialog."""
    ergebnis: dict[int, list[DialogVersion]] = {}
    if dialoge:
        for dv in session.scalars(
            select(DialogVersion).where(col(DialogVersion.dialog_id).in_([d.id for d in dialoge]))
        ):
            ergebnis.setdefault(dv.dialog_id, []).append(dv)
    return ergebnis


def _bezug(session, ags, benutzer_id, vereinbarung_id) -> tuple[datetime | None, str | None]:
    """Der spätere von letztem Bericht des Trägers und letztem Besuch des Benutzers."""
    bericht = session.execute(
        select(func.max(col(Bericht.erstellt_am))).where(
            col(Bericht.art) == "traeger", col(Bericht.ags) == ags
        )
    ).scalar()
    besuch = session.get(NachhaltungBesuch, (benutzer_id, vereinbarung_id)) if benutzer_id else None
    kandidaten = (
        [(bericht, f"seit dem letzten Bericht vom {datum_text(bericht)}")] if bericht else []
    )
    if besuch:
        kandidaten.append(
            (besuch.zeitpunkt, f"seit Ihrem letzten Besuch am {datum_text(besuch.zeitpunkt)}")
        )
    return max(kandidaten, key=lambda k: k[0]) if kandidaten else (None, None)


def _vermerke_besuch(session, benutzer_id, vereinbarung_id, jetzt) -> None:
    besuch = session.get(NachhaltungBesuch, (benutzer_id, vereinbarung_id))
    if besuch is None:
        session.add(
            NachhaltungBesuch(
                benutzer_id=benutzer_id, vereinbarung_id=vereinbarung_id, zeitpunkt=jetzt
            )
        )
    else:
        besuch.zeitpunkt = jetzt
    session.flush()


def nachhaltung_lesen(
    session: Session,
    vereinbarung_id: int,
    akteur: Akteur,
    jetzt: datetime,
    monat: str | None = None,
    benutzer_id: int | None = None,
) -> NachhaltungAnsicht:
    """Die Nachhaltungsseite im Monat `monat` ('YYYY-MM' im Vereinbarungsjahr; Standard: der
    letzte Monat des Jahres mit Daten des Trägers)."""
    v, traeger = gueltige_vereinbarung(session, vereinbarung_id, akteur)
    reihe = lade_datenbasis(session, [v.ags], "gesamt").reihen[v.ags]
    monate = tuple(f"{v.jahr}-{m:02d}" for m in range(1, 13) if reihe.get(v.jahr * 12 + m - 1))
    m = letzter_monat(reihe, v.jahr)
    if monat is not None:
        if monat not in monate:
            raise FachlicherFehler(
                f"Für {monat_lang(monat)} liegen keine Daten {genitiv(traeger.name)} vor "
                f"(wählbar: {', '.join(map(monat_lang, monate)) or 'keine'})."
            )
        m = int(monat[5:])
    dialoge = dialoge_von(session, v.id)
    staende_zeilen: tuple[IndikatorZeile, ...] = ()
    demodaten = False
    roh: dict[str, dict] = {}
    if m is not None:
        daten = berechne(session, _peers(session, traeger), v.jahr, m)
        staende_zeilen = zeilen(daten.traeger[v.ags], dialoge)
        roh = {s.zielindikator: rohwerte(s) for s in daten.traeger[v.ags].staende}
        demodaten = daten.demodaten
    seit, seit_text = _bezug(session, v.ags, benutzer_id, v.id)
    neue_datenstaende = tuple(neue_datenstaende_seit(session, v.ags, seit)) if seit else ()
    if benutzer_id is not None:
        _vermerke_besuch(session, benutzer_id, v.id, jetzt)
    ergebnisse = list(
        session.scalars(
            select(Jahresergebnis)
            .where(Jahresergebnis.vereinbarung_id == v.id)
            .order_by(col(Jahresergebnis.id))
        )
    )
    partei = akteur.rolle in vh.PARTEIEN and darf_traeger_aendern(
        akteur, traeger.ags, traeger.land_code
    )
    dezember = reihe.get(v.jahr * 12 + 11) is not None
    darf_abschluss = partei and akteur.rolle == vh.LAND and v.zustand == vh.UNTERZEICHNET
    hinweis = None
    if darf_abschluss and not dezember:
        darf_abschluss = False
        hinweis = (
            f"Der Jahresabschluss ist möglich, sobald die Daten für Dezember {v.jahr} vorliegen."
        )
    namen = {z.code: z.bezeichnung for z in staende_zeilen}
    return NachhaltungAnsicht(
        v.id,
        v.ags,
        traeger.name,
        traeger.land_code,
        traeger.vergleichstyp,
        v.jahr,
        v.zustand,
        vh.zustand_bezeichnung(v.zustand),
        None if m is None else f"{v.jahr}-{m:02d}",
        monat_lang(f"{v.jahr}-{m:02d}") if m else f"noch keine Daten für {v.jahr}",
        monate,
        staende_zeilen,
        dialog_zeilen(
            dialoge,
            namen,
            bestaetigungen_von(session, dialoge),
            akteur.rolle if partei else None,
            versionen_von(session, dialoge),
            akteur.benutzername,
        ),
        neue_datenstaende,
        seit_text,
        jahresergebnis_zeilen(ergebnisse),
        partei,
        darf_abschluss,
        hinweis,
        PROJEKTIONSMETHODE,
        demodaten,
        roh,
        budget=budget_stand(session, v.ags, v.jahr, m),
        dialog_budgets=dialog_budgets(session, v.ags, v.jahr, dialoge),
    )


@dataclass(frozen=True)
class ListenZeile:
    vereinbarung_id: int
    ags: str
    name: str
    land_code: str
    jahr: int
    zustand: str


def nachhaltung_liste(session: Session, akteur: Akteur) -> list[ListenZeile]:
    """Die unterzeichneten und abgeschlossenen Vereinbarungen, die der Akteur sehen darf
    (neueste Jahre zuerst); Einstieg in die Nachhaltung."""
    abfrage = (
        select(Zielvereinbarung, Traeger)
        .join(Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags))
        .where(
            col(Zielvereinbarung.zustand).in_(GUELTIG),
            col(Zielvereinbarung.aenderung_von_id).is_(None),
        )
        .order_by(
            col(Zielvereinbarung.jahr).desc(),
            col(Traeger.land_code),
            col(Traeger.name),
            col(Zielvereinbarung.id),
        )
    )
    if akteur.rolle != "admin":
        if akteur.land_code:
            abfrage = abfrage.where(col(Traeger.land_code) == akteur.land_code)
        elif akteur.traeger_ags:
            abfrage = abfrage.where(col(Traeger.ags) == akteur.traeger_ags)
        else:
            return []
    return [
        ListenZeile(v.id, t.ags, t.name, t.land_code, v.jahr, vh.zustand_bezeichnung(v.zustand))
        for v, t in session.execute(abfrage).tuples()
        if darf_traeger_sehen(akteur, t.ags, t.land_code)
    ]
