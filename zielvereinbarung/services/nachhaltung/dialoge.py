"""Zielnachhaltedialoge erfassen (DOMAIN.md §§ 1 Nr. 4, 7): Datum, Teilnehmende, Datenstand
(„Daten bis 2026-06“), eine Würdigung je Zielindikator und die vereinbarten Maßnahmen.

Regeln:
- Anlegen dürfen nur die Parteien (Land des Trägers, der Träger selbst; bei BMAS ↔ Land das BMAS
  und das Land: Sitzungen des Kooperationsausschusses, DOMAIN.md § 9), nur in `unterzeichnet`
  oder `abgeschlossen`; Leser und Admin nicht (`KeineBerechtigung`).
- Pflichtangaben und ihre Prüfung: `dialoginhalt`.
- Einmalig: das Formular trägt ein Token (`neues_formular_token`), eindeutig je Vereinbarung
  (Eindeutigkeitsbeschränkung in der Datenbank). Ein zweites Absenden mit demselben Token – oder
  mit genau demselben Inhalt derselben Partei – legt nichts an und liefert den gespeicherten
  Dialog (`Gespeichert.neu` ist dann False). Schreiber einer Vereinbarung nehmen zuerst
  `sperre_dialoge`, damit der zweite den ersten sieht; kommt doch einer durch, weist die
  Datenbank ihn ab, und er bekommt den gespeicherten Dialog.
- Korrektur eines bestätigten Dialogs: ein neuer Dialog mit `korrektur_von` (je Dialog höchstens
  eine; einen noch nicht bestätigten korrigiert die erfassende Partei direkt, `korrektur`).
- Jedes Anlegen steht im Audit-Protokoll ('zielnachhaltedialog', mit `korrektur_von`).
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from ...domain.berechtigung import Akteur
from ...domain.texteingabe import texte_bereinigt
from ...fehler import FachlicherFehler, NichtGefunden
from ...format import datum as datum_text
from ...models import DialogBestaetigung, Zielnachhaltedialog, Zielvereinbarung
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from ..verhandlung.lesen import pruefe_partei
from .dialoginhalt import Inhalt, pruefe_inhalt, ziele_der_vereinbarung
from .seite import dialog_vereinbarung

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_SPERRSCHLUESSEL = 48_482_003  # pg_advisory_xact_lock(Schlüssel, Vereinbarung) „Dialoge“


class SchonBestaetigt(FachlicherFehler):
    """Der Dialog ist bereits bestätigt (z. B. doppelt abgeschickt)."""


class DialogKonflikt(FachlicherFehler):
    """Der Dialog ist inzwischen bestätigt (eingefroren) oder korrigiert worden (409)."""


@dataclass(frozen=True)
class Gespeichert:
    dialog: Zielnachhaltedialog
    neu: bool  # False: dasselbe war schon gespeichert (zweites Absenden, gleiche Korrektur)


def neues_formular_token() -> str:
    return secrets.token_urlsafe(24)


def sperre_dialoge(session: Session, vereinbarung_id: int) -> None:
    """Dialoge einer Vereinbarung bis zum Ende der Transaktion für andere Schreiber sperren
    (PostgreSQL: Advisory-Lock; SQLite: die Schreibsperre der Datenbank, genommen durch ein
    UPDATE ohne Wirkung). Danach gelesene Dialoge und Bestätigungen sind aktuell."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:a, :b)"),
            {"a": _SPERRSCHLUESSEL, "b": vereinbarung_id},
        )
    else:
        session.execute(
            update(Zielvereinbarung)
            .where(col(Zielvereinbarung.id) == vereinbarung_id)
            .values(id=Zielvereinbarung.id)
            .execution_options(synchronize_session=False)
        )


def dialoge_aktuell(session: Session, vereinbarung_id: int) -> list[Zielnachhaltedialog]:
    """Alle Dialoge der Vereinbarung, frisch aus der Datenbank (auch schon geladene)."""
    return list(
        session.scalars(
            select(Zielnachhaltedialog)
            .where(col(Zielnachhaltedialog.vereinbarung_id) == vereinbarung_id)
            .order_by(col(Zielnachhaltedialog.id))
            .execution_options(populate_existing=True)
        )
    )


def ist_bestaetigt(session: Session, dialog_id: int) -> bool:
    return (
        session.execute(
            select(col(DialogBestaetigung.dialog_id)).where(
                col(DialogBestaetigung.dialog_id) == dialog_id
            )
        ).first()
        is not None
    )


def korrektur_zu(session: Session, dialog_id: int) -> Zielnachhaltedialog | None:
    """Der neue Dialog, der den (bestätigten) Dialog `dialog_id` korrigiert, falls es ihn gibt."""
    return session.execute(
        select(Zielnachhaltedialog).where(col(Zielnachhaltedialog.korrektur_von) == dialog_id)
    ).scalar_one_or_none()


def _schon_gespeichert(
    dialoge: list[Zielnachhaltedialog],
    token: str | None,
    inhalt: Inhalt,
    partei: str,
    korrektur_von: int | None,
) -> Zielnachhaltedialog | None:
    """Derselbe Dialog noch einmal: gleiches Formular-Token, oder gleicher Inhalt von derselben
    Partei zum selben Bezug (dann hat ein Browser ein altes Formular neu geladen)."""
    for d in dialoge:
        if token and d.formular_token == token:
            return d
    for d in dialoge:
        if d.partei == partei and d.korrektur_von == korrektur_von and Inhalt.von(d) == inhalt:
            return d
    return None


def _pruefe_bezug(session: Session, dialoge: list[Zielnachhaltedialog], korrektur_von: int) -> None:
    """Korrigiert werden nur bestätigte Dialoge dieser Vereinbarung, jeder höchstens einmal."""
    bezug = next((d for d in dialoge if d.id == korrektur_von), None)
    if bezug is None:
        raise NichtGefunden("Diesen Zielnachhaltedialog gibt es bei dieser Vereinbarung nicht.")
    if not ist_bestaetigt(session, gespeicherte_id(bezug.id)):
        raise DialogKonflikt(
            "Dieser Dialog ist noch nicht bestätigt; die erfassende Seite kann ihn direkt "
            "korrigieren."
        )
    frueher = next((d for d in dialoge if d.korrektur_von == bezug.id), None)
    if frueher is not None:
        raise DialogKonflikt(
            f"Zum Dialog vom {datum_text(bezug.datum)} ist bereits eine Korrektur erfasst "
            f"(Dialog vom {datum_text(frueher.datum)}, erfasst von {frueher.autor}). Bitte "
            "korrigieren Sie diese."
        )


@texte_bereinigt(ausser=frozenset({"formular_token"}))
def erfasse_dialog(
    session: Session,
    vereinbarung_id: int,
    akteur: Akteur,
    jetzt: datetime,
    datum: date | None,
    teilnehmende: str,
    datenstand: str,
    wuerdigungen: dict[str, str],
    massnahmen: str | None,
    formular_token: str | None = None,
    korrektur_von: int | None = None,
) -> Gespeichert:
    """Legt einen Dialog an – oder liefert den schon gespeicherten (siehe Modulkopf).

    `korrektur_von`: id eines bestätigten Dialogs derselben Vereinbarung, den dieser korrigiert.
    Ein Token, das nicht wie eines von `neues_formular_token` aussieht, zählt als keines.
    """
    v, traeger = dialog_vereinbarung(session, vereinbarung_id, akteur)
    partei = pruefe_partei(akteur, traeger)
    codes = {z.zielindikator for z in ziele_der_vereinbarung(session, v)}
    inhalt = pruefe_inhalt(
        v, codes, jetzt, datum, teilnehmende, datenstand, wuerdigungen, massnahmen
    )
    token = formular_token if formular_token and _TOKEN.match(formular_token) else None
    sperre_dialoge(session, v.id)
    dialoge = dialoge_aktuell(session, v.id)
    vorhanden = _schon_gespeichert(dialoge, token, inhalt, partei, korrektur_von)
    if vorhanden is not None:
        return Gespeichert(vorhanden, neu=False)
    if korrektur_von is not None:
        _pruefe_bezug(session, dialoge, korrektur_von)
    dialog = Zielnachhaltedialog(
        vereinbarung_id=v.id,
        datum=inhalt.datum,
        teilnehmende=inhalt.teilnehmende,
        datenstand=inhalt.datenstand,
        wuerdigungen=inhalt.wuerdigungen,
        massnahmen=inhalt.massnahmen,
        autor=akteur.benutzername,
        erstellt_am=jetzt,
        partei=partei,
        formular_token=token,
        korrektur_von=korrektur_von,
    )
    try:
        with session.begin_nested():  # die Datenbank weist ein zweites Token ab
            session.add(dialog)
    except IntegrityError:  # ein Schreiber ohne Sperre war schneller (Token oder Korrektur)
        dialoge = dialoge_aktuell(session, v.id)
        vorhanden = next((d for d in dialoge if token and d.formular_token == token), None)
        if vorhanden is not None:
            return Gespeichert(vorhanden, neu=False)
        if korrektur_von is not None:
            _pruefe_bezug(session, dialoge, korrektur_von)
        raise
    protokolliere(
        session,
        akteur.benutzername,
        "zielnachhaltedialog",
        "zielvereinbarung",
        v.id,
        {"dialog": dialog.id, "korrektur_von": korrektur_von, **inhalt.als_protokoll()},
        jetzt,
    )
    return Gespeichert(dialog, neu=True)


def lege_dialog_an(*args, **kwargs) -> Zielnachhaltedialog:
    """`erfasse_dialog` für Aufrufer, die nur den (gespeicherten) Dialog brauchen."""
    return erfasse_dialog(*args, **kwargs).dialog
