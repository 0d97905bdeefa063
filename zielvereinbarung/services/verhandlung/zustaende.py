"""Zustandswechsel einer Zielvereinbarung (DOMAIN.md § 5): die Schritte ohne Werte
(„unterzeichnen“, „gegenzeichnen“, „Jahresabschluss“) und das gemeinsame Schreiben jedes
Wechsels – Zustand mit Versionszähler (parallele Schreiber → `Konflikt`), `Zustandswechsel`,
Audit-Ereignis und Benachrichtigungen für die Gegenseite. Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...fehler import FachlicherFehler, Konflikt
from ...mail import Nachricht
from ...models import Revision, Traeger, Zielvereinbarung, Zustandswechsel
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from .benachrichtigung import aktionsnachrichten
from .lesen import Eingabe, Vertragspartner, lade_vereinbarung, pruefe_partei


@dataclass(frozen=True)
class Aktionsergebnis:
    vereinbarung_id: int
    zustand: str
    am_zug: str | None
    # die neue Revision; bei Wiederholung die vorhandene, bei Annahme die angenommene
    revision_nummer: int | None
    neu: bool  # False: identische Wiederholung, nichts angelegt
    meldung: str
    benachrichtigungen: list[Nachricht]


def wechsle_zustand(
    session: Session,
    vereinbarung_id: int,
    aktion: str,
    akteur: Akteur,
    jetzt: datetime,
    dezember_vorhanden: bool | None = None,
) -> Aktionsergebnis:
    """Schritte ohne Werte: „unterzeichnen“, „gegenzeichnen“, „Jahresabschluss“. Der
    Jahresabschluss braucht die Daten des Dezembers (`dezember_vorhanden`; None = prüfen)."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    rolle = pruefe_partei(akteur, traeger)
    a = vh.aktion(aktion)
    if a.art != vh.OHNE_WERTE:
        raise vh.UnzulaessigerUebergang(f"„{a.bezeichnung}“ geht nur über das Formular mit Werten.")
    if v.zustand == a.nach:
        wiederholt = letzter_wechsel(session, v)
        if wiederholt and wiederholt.aktion == a.code and wiederholt.akteur == akteur.benutzername:
            return wiederholung(v, None, f"„{a.bezeichnung}“ war bereits erledigt.")
    nach = vh.uebergang(v.zustand, a, rolle, v.ags is None)
    if a.code == vh.JAHRESABSCHLUSS:
        _pruefe_jahresabschluss(session, v)
        if dezember_vorhanden is None:
            from ..kennzahlen.berechnung import lade_datenbasis
            from .planung import zkt_des_landes

            ags = (
                [v.ags]
                if v.ags
                else [t.ags for t in zkt_des_landes(session, traeger.land_code, v.jahr)]
            )
            reihen = lade_datenbasis(session, ags, "gesamt").reihen
            dezember_vorhanden = bool(ags) and all(
                reihen[a].get(v.jahr * 12 + 11) is not None for a in ags
            )
        if not dezember_vorhanden:
            raise FachlicherFehler(
                f"Für den Jahresabschluss fehlen die Daten für Dezember {v.jahr}."
            )
    von = setze_zustand(session, v, nach, jetzt, None, None)
    return schliesse_ab(session, v, traeger, von, a.code, rolle, akteur, jetzt, None)


def _pruefe_jahresabschluss(session: Session, v: Zielvereinbarung) -> None:
    """Abgeschlossen wird das Original, nie eine Änderung; und erst, wenn keine Änderung mehr
    verhandelt wird (DOMAIN.md § 8: sie gälte für das ganze Jahr)."""
    from .aenderung import offene_aenderung

    if v.aenderung_von_id is not None:
        raise vh.UnzulaessigerUebergang(
            "Eine Änderungsvereinbarung hat keinen eigenen Jahresabschluss; abgeschlossen wird "
            f"die Zielvereinbarung (Nr. {v.aenderung_von_id})."
        )
    offen = offene_aenderung(session, gespeicherte_id(v.id))
    if offen is not None:
        raise FachlicherFehler(
            f"Änderungsvereinbarung Nr. {offen.aenderung_nr} ist noch nicht unterzeichnet (Stand "
            f"„{vh.zustand_bezeichnung(offen.zustand)}“); der Jahresabschluss ist erst möglich, "
            "wenn sie unterzeichnet ist."
        )


def setze_zustand(
    session: Session,
    v: Zielvereinbarung,
    nach: str,
    jetzt: datetime,
    rev: Revision | None,
    eingabe: Eingabe | None,
) -> str:
    """Zustand setzen und (mit neuer Revision) schreiben; der Versionszähler schützt vor
    parallelen Schreibern, eine doppelte Revisionsnummer ebenso → Konflikt."""
    von = v.zustand
    am_zug = vh.am_zug(nach, v.ags is None)
    if v.aenderung_von_id is not None and nach == vh.UNTERZEICHNET:
        am_zug = None  # eine Änderung endet unterzeichnet (kein eigener Jahresabschluss)
    v.zustand, v.am_zug, v.geaendert_am = nach, am_zug, jetzt
    if rev is not None:
        session.add(rev)
    try:
        session.flush()
    except (StaleDataError, IntegrityError):
        raise Konflikt(
            None,
            eingabe,
            "Die Zielvereinbarung wurde gerade von jemand anderem "
            "geändert; Ihre Eingabe ist nicht gespeichert.",
        ) from None
    return von


def letzter_wechsel(session: Session, v: Zielvereinbarung) -> Zustandswechsel | None:
    return session.scalars(
        select(Zustandswechsel)
        .where(col(Zustandswechsel.vereinbarung_id) == v.id)
        .order_by(col(Zustandswechsel.id).desc())
        .limit(1)
    ).first()


def schliesse_ab(
    session: Session,
    v: Zielvereinbarung,
    traeger: Traeger | Vertragspartner,
    von: str,
    code: str,
    rolle: str,
    akteur: Akteur,
    jetzt: datetime,
    rev: Revision | None,
) -> Aktionsergebnis:
    """Den Wechsel `von` → `v.zustand` (Aktion `code`) festhalten: `Zustandswechsel`,
    Audit-Ereignis und die Benachrichtigungen."""
    a = vh.AKTION[code]
    v_id = gespeicherte_id(v.id)
    session.add(
        Zustandswechsel(
            vereinbarung_id=v_id,
            von=von,
            nach=v.zustand,
            aktion=code,
            akteur=akteur.benutzername,
            rolle=rolle,
            zeitpunkt=jetzt,
            revision_id=rev.id if rev else None,
        )
    )
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "zustandswechsel",
        "zielvereinbarung",
        v_id,
        {"von": von, "nach": v.zustand, "aktion": code, "revision": rev.nummer if rev else None},
        jetzt,
    )
    return Aktionsergebnis(
        v_id,
        v.zustand,
        v.am_zug,
        rev.nummer if rev else None,
        True,
        f"„{a.bezeichnung}“ ausgeführt{_nummer(rev)}: "
        f"{vh.zustand_bezeichnung(v.zustand, v.ags is None)}.",
        aktionsnachrichten(session, v, traeger, a, rolle, akteur.benutzername, rev, jetzt),
    )


def _nummer(rev: Revision | None) -> str:
    return f" (Revision {rev.nummer})" if rev else ""


def wiederholung(v: Zielvereinbarung, nummer: int | None, meldung: str) -> Aktionsergebnis:
    """Ergebnis einer identischen Wiederholung: nichts angelegt, niemand benachrichtigt."""
    return Aktionsergebnis(gespeicherte_id(v.id), v.zustand, v.am_zug, nummer, False, meldung, [])
