"""Zielnachhaltedialoge (DOMAIN.md §§ 1 Nr. 4, 7): Datum, Teilnehmende, Datenstand („Daten bis
2026-06“), eine Würdigung je Zielindikator und die vereinbarten Maßnahmen.

Regeln:
- Anlegen dürfen nur die Parteien (Land des Trägers, der Träger selbst), nur in `unterzeichnet`
  oder `abgeschlossen`; Leser und Admin nicht (`KeineBerechtigung`).
- Pflicht: Datum (nicht in der Zukunft), Teilnehmende, Datenstand als JJJJ-MM zwischen Dezember
  des Vorjahres und Dezember des Vereinbarungsjahres; Würdigungen nur für Ziele der Vereinbarung
  (je höchstens 4.000 Zeichen), mindestens eine Würdigung oder Maßnahmen.
- Ein Dialog ist unveränderlich; jedes Anlegen steht im Audit-Protokoll ('zielnachhaltedialog').
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from ...domain.berechtigung import Akteur
from ...domain.texteingabe import texte_bereinigt
from ...domain.ziele import MAX_KOMMENTAR, Feldfehler
from ...fehler import FachlicherFehler
from ...models import Zielnachhaltedialog, Zielwert
from ..audit.kette import protokolliere
from ..verhandlung.lesen import pruefe_partei
from .seite import gueltige_vereinbarung

_MONAT = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_TEILNEHMENDE = 2_000


class UngueltigerDialog(FachlicherFehler):
    """`details` sind `Feldfehler` (str mit `.feld`)."""


def ziele_der_vereinbarung(session: Session, revision_id: int | None) -> list[Zielwert]:
    if revision_id is None:
        return []
    return list(
        session.execute(
            select(Zielwert)
            .where(Zielwert.revision_id == revision_id)
            .order_by(Zielwert.reihenfolge)
        ).scalars()
    )


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
    pruefe_partei(akteur, traeger)
    codes = {z.zielindikator for z in ziele_der_vereinbarung(session, v.vereinbarte_revision_id)}
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
