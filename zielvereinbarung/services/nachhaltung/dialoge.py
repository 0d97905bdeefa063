"""Zielnachhaltedialoge (DOMAIN.md §§ 1 Nr. 4, 7): Datum, Teilnehmende, Datenstand („Daten bis
2026-06“), eine Würdigung je Zielindikator und die vereinbarten Maßnahmen.

Regeln:
- Anlegen dürfen nur die Parteien (Land des Trägers, der Träger selbst), nur in `unterzeichnet`
  oder `abgeschlossen`; Leser und Admin nicht (`KeineBerechtigung`).
- Pflicht: Datum (nicht in der Zukunft), Teilnehmende, Datenstand als JJJJ-MM zwischen Dezember
  des Vorjahres und Dezember des Vereinbarungsjahres; Würdigungen nur für Ziele der Vereinbarung
  (je höchstens 4.000 Zeichen), mindestens eine Würdigung oder Maßnahmen.
- Ein Dialog ist unveränderlich; jedes Anlegen steht im Audit-Protokoll ('zielnachhaltedialog').
- Die Gegenseite der erfassenden Partei bestätigt den Dialog (`bestaetige_dialog`, einmal; im
  Audit-Protokoll 'dialog_bestaetigt'); bis dahin steht er auf ihrer Startseite. Erfassen und
  Bestätigen benachrichtigen die jeweils andere Partei (Hinweis und E-Mail, `nachrichten_an`).
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...domain.texteingabe import texte_bereinigt
from ...domain.ziele import MAX_KOMMENTAR, Feldfehler
from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from ...format import datum as datum_text
from ...format import monat_lang
from ...mail import Nachricht
from ...models import DialogBestaetigung, Traeger, Zielnachhaltedialog, Zielvereinbarung, Zielwert
from ..audit.kette import protokolliere
from ..verhandlung.benachrichtigung import nachrichten_an
from ..verhandlung.geltende_ziele import geltende_ziele_von
from ..verhandlung.lesen import pruefe_partei
from .anzeige import bestaetigende_partei
from .seite import gueltige_vereinbarung

_MONAT = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_TEILNEHMENDE = 2_000


class UngueltigerDialog(FachlicherFehler):
    """`details` sind `Feldfehler` (str mit `.feld`)."""


class SchonBestaetigt(FachlicherFehler):
    """Der Dialog ist bereits bestätigt (z. B. doppelt abgeschickt)."""


def ziele_der_vereinbarung(session: Session, v: Zielvereinbarung) -> list[Zielwert]:
    """Die geltenden Ziele (samt unterzeichneter Änderungen, `verhandlung.geltende_ziele`)."""
    geltend = geltende_ziele_von(session, v)
    return list(geltend.ziele) if geltend else []


@texte_bereinigt
def lege_dialog_an(
    session: Session,
    vereinbarung_id: int,
    akteur: Akteur,
    jetzt: datetime,
    datum: date | None,
    teilnehmende: str,
    datenstand: str,
    wuerdigungen: dict[str, str],
    massnahmen: str | None,
) -> Zielnachhaltedialog:
    v, traeger = gueltige_vereinbarung(session, vereinbarung_id, akteur)
    partei = pruefe_partei(akteur, traeger)
    codes = {z.zielindikator for z in ziele_der_vereinbarung(session, v)}
    teilnehmende = (teilnehmende or "").strip()
    massnahmen = (massnahmen or "").strip() or None
    wuerdigungen = {c: t.strip() for c, t in (wuerdigungen or {}).items() if t and t.strip()}
    fehler: list[Feldfehler] = []
    if datum is None:
        fehler.append(Feldfehler("datum", "Bitte das Datum des Dialogs angeben."))
    elif datum > jetzt.date():
        fehler.append(Feldfehler("datum", "Das Datum liegt in der Zukunft."))
    if not teilnehmende:
        fehler.append(Feldfehler("teilnehmende", "Bitte die Teilnehmenden angeben."))
    elif len(teilnehmende) > MAX_TEILNEHMENDE:
        fehler.append(Feldfehler("teilnehmende", "Höchstens 2.000 Zeichen."))
    treffer = _MONAT.match(datenstand or "")
    if not treffer:
        fehler.append(Feldfehler("datenstand", "Datenstand bitte als JJJJ-MM, z. B. 2026-06."))
    elif not (f"{v.jahr - 1}-12" <= datenstand <= f"{v.jahr}-12"):
        fehler.append(
            Feldfehler(
                "datenstand",
                f"Der Datenstand muss zwischen {v.jahr - 1}-12 und {v.jahr}-12 liegen.",
            )
        )
    for code, text in wuerdigungen.items():
        if code not in codes:
            fehler.append(
                Feldfehler(f"wuerdigung_{code}", f"„{code}“ ist kein Ziel der Vereinbarung.")
            )
        elif len(text) > MAX_KOMMENTAR:
            fehler.append(Feldfehler(f"wuerdigung_{code}", "Höchstens 4.000 Zeichen."))
    if massnahmen and len(massnahmen) > MAX_KOMMENTAR:
        fehler.append(Feldfehler("massnahmen", "Höchstens 4.000 Zeichen."))
    if not wuerdigungen and not massnahmen:
        fehler.append(
            Feldfehler(
                "massnahmen",
                "Bitte mindestens eine Würdigung oder die vereinbarten Maßnahmen eintragen.",
            )
        )
    if fehler:
        raise UngueltigerDialog("Die Eingabe enthält Fehler; es wurde nichts gespeichert.", fehler)
    dialog = Zielnachhaltedialog(
        vereinbarung_id=v.id,
        datum=datum,
        teilnehmende=teilnehmende,
        datenstand=datenstand,
        wuerdigungen=wuerdigungen,
        massnahmen=massnahmen,
        autor=akteur.benutzername,
        erstellt_am=jetzt,
        partei=partei,
    )
    session.add(dialog)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "zielnachhaltedialog",
        "zielvereinbarung",
        v.id,
        {
            "dialog": dialog.id,
            "datum": datum.isoformat(),
            "teilnehmende": teilnehmende,
            "datenstand": datenstand,
            "wuerdigungen": wuerdigungen,
            "massnahmen": massnahmen,
        },
        jetzt,
    )
    return dialog


def _pfad(dialog: Zielnachhaltedialog) -> str:
    return f"/vereinbarungen/{dialog.vereinbarung_id}/nachhaltung#dialog-{dialog.id}"


def zur_bestaetigung(
    session: Session, dialog: Zielnachhaltedialog, traeger: Traeger, jahr: int, jetzt: datetime
) -> list[Nachricht]:
    """Hinweise (und E-Mails) an die Gegenseite: ein neuer Dialog wartet auf ihre Bestätigung."""
    an = bestaetigende_partei(dialog)
    if an is None:
        return []
    betreff = f"Zielnachhaltedialog {traeger.kurzname} zur Bestätigung"
    text = (
        f"{dialog.autor} ({vh.PARTEI_BEZEICHNUNG[dialog.partei]}) hat den Zielnachhaltedialog "
        f"vom {datum_text(dialog.datum)} zur Zielvereinbarung {jahr} mit {traeger.name} erfasst "
        f"(Daten bis {monat_lang(dialog.datenstand)}). Bitte prüfen und bestätigen."
    )
    return nachrichten_an(session, an, [(traeger, betreff, text, _pfad(dialog))], jetzt, "dialog")


def bestaetige_dialog(
    session: Session, vereinbarung_id: int, dialog_id: int, akteur: Akteur, jetzt: datetime
) -> tuple[DialogBestaetigung, list[Nachricht]]:
    """Die Gegenseite bestätigt den Dialog; (Bestätigung, Nachrichten an die erfassende Partei).

    Ein Dialog einer anderen Vereinbarung ist `NichtGefunden`; die erfassende Partei selbst,
    Leser und Administration dürfen nicht (`KeineBerechtigung`);
    ein zweites Mal ist `SchonBestaetigt`.
    """
    v, traeger = gueltige_vereinbarung(session, vereinbarung_id, akteur)
    dialog = session.get(Zielnachhaltedialog, dialog_id)
    if dialog is None or dialog.vereinbarung_id != v.id:
        raise NichtGefunden("Diesen Zielnachhaltedialog gibt es nicht.")
    partei = pruefe_partei(akteur, traeger)
    erwartet = bestaetigende_partei(dialog)
    if erwartet is not None and partei != erwartet:
        raise KeineBerechtigung(
            f"Den Dialog hat {vh.PARTEI_BEZEICHNUNG[dialog.partei]} erfasst; bestätigen kann "
            f"ihn nur {vh.PARTEI_BEZEICHNUNG[erwartet]}."
        )
    if erwartet is None and dialog.autor == akteur.benutzername:
        raise KeineBerechtigung("Einen selbst erfassten Dialog bestätigt die Gegenseite.")
    if session.get(DialogBestaetigung, dialog.id) is not None:
        raise SchonBestaetigt("Dieser Zielnachhaltedialog ist bereits bestätigt.")
    bestaetigung = DialogBestaetigung(
        dialog_id=dialog.id, partei=partei, benutzername=akteur.benutzername, zeitpunkt=jetzt
    )
    session.add(bestaetigung)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "dialog_bestaetigt",
        "zielvereinbarung",
        v.id,
        {"dialog": dialog.id, "partei": partei},
        jetzt,
    )
    betreff = f"Zielnachhaltedialog {traeger.kurzname} bestätigt"
    text = (
        f"{akteur.benutzername} ({vh.PARTEI_BEZEICHNUNG[partei]}) hat den Zielnachhaltedialog "
        f"vom {datum_text(dialog.datum)} zur Zielvereinbarung {v.jahr} mit {traeger.name} "
        "bestätigt."
    )
    an = vh.gegenseite(partei)
    nachrichten = nachrichten_an(session, an, [(traeger, betreff, text, _pfad(dialog))], jetzt,
                                 "dialog")  # fmt: skip
    return bestaetigung, nachrichten


def offene_bestaetigungen(
    session: Session, akteur: Akteur
) -> list[tuple[Zielnachhaltedialog, Zielvereinbarung, Traeger]]:
    """Dialoge im Bereich des Akteurs, die auf die Bestätigung seiner Partei warten (älteste
    zuerst); eine Abfrage."""
    if akteur.rolle not in vh.PARTEIEN:
        return []
    abfrage = (
        select(Zielnachhaltedialog, Zielvereinbarung, Traeger)
        .join(Zielvereinbarung, Zielvereinbarung.id == Zielnachhaltedialog.vereinbarung_id)
        .join(Traeger, Traeger.ags == Zielvereinbarung.ags)
        .outerjoin(DialogBestaetigung, DialogBestaetigung.dialog_id == Zielnachhaltedialog.id)
        .where(
            DialogBestaetigung.dialog_id.is_(None),
            Zielnachhaltedialog.partei == vh.gegenseite(akteur.rolle),
            Zielvereinbarung.zustand.in_((vh.UNTERZEICHNET, vh.ABGESCHLOSSEN)),
        )
        .order_by(Zielnachhaltedialog.datum, Zielnachhaltedialog.id)
    )
    if akteur.rolle == vh.LAND:
        abfrage = abfrage.where(Traeger.land_code == (akteur.land_code or ""))
    else:
        abfrage = abfrage.where(Traeger.ags == (akteur.traeger_ags or ""))
    return [tuple(z) for z in session.execute(abfrage).all()]
