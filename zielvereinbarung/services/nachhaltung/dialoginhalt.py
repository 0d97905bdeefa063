"""Inhalt eines Zielnachhaltedialogs prüfen (DOMAIN.md § 7): Datum (nicht in der Zukunft),
Teilnehmende, Datenstand als JJJJ-MM zwischen Dezember des Vorjahres und Dezember des
Vereinbarungsjahres; Würdigungen nur für Ziele der Vereinbarung (je höchstens 4.000 Zeichen),
mindestens eine Würdigung oder Maßnahmen. Gemeinsam für Erfassen und Korrigieren."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from ...domain.ziele import MAX_KOMMENTAR, Feldfehler
from ...fehler import FachlicherFehler
from ...models import Zielnachhaltedialog, Zielvereinbarung, Zielwert
from ..verhandlung.geltende_ziele import geltende_ziele_von

_MONAT = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_TEILNEHMENDE = 2_000


class UngueltigerDialog(FachlicherFehler):
    """`details` sind `Feldfehler` (str mit `.feld`)."""


@dataclass(frozen=True)
class Inhalt:
    """Geprüfte, bereinigte Eingaben eines Dialogs."""

    datum: date
    teilnehmende: str
    datenstand: str
    wuerdigungen: dict[str, str]
    massnahmen: str | None

    @staticmethod
    def von(dialog: Zielnachhaltedialog) -> Inhalt:
        return Inhalt(
            dialog.datum,
            dialog.teilnehmende,
            dialog.datenstand,
            dict(dialog.wuerdigungen or {}),
            dialog.massnahmen,
        )

    def als_protokoll(self) -> dict:
        return {
            "datum": self.datum.isoformat(),
            "teilnehmende": self.teilnehmende,
            "datenstand": self.datenstand,
            "wuerdigungen": self.wuerdigungen,
            "massnahmen": self.massnahmen,
        }


def ziele_der_vereinbarung(session: Session, v: Zielvereinbarung) -> list[Zielwert]:
    """Die geltenden Ziele (samt unterzeichneter Änderungen, `verhandlung.geltende_ziele`)."""
    geltend = geltende_ziele_von(session, v)
    return list(geltend.ziele) if geltend else []


def pruefe_inhalt(
    v: Zielvereinbarung,
    codes: set[str],
    jetzt: datetime,
    datum: date | None,
    teilnehmende: str,
    datenstand: str,
    wuerdigungen: dict[str, str],
    massnahmen: str | None,
) -> Inhalt:
    """Die Eingaben nach den Regeln im Modulkopf; sonst `UngueltigerDialog` mit allen Fehlern."""
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
    if not _MONAT.match(datenstand or ""):
        fehler.append(Feldfehler("datenstand", "Datenstand bitte als JJJJ-MM, z. B. 2026-06."))
    elif not (f"{v.jahr - 1}-12" <= datenstand <= f"{v.jahr}-12"):
        fehler.append(
            Feldfehler(
                "datenstand",
                f"Der Datenstand muss zwischen {v.jahr - 1}-12 und {v.jahr}-12 liegen.",
            )
        )
    for code, eintrag in wuerdigungen.items():
        if code not in codes:
            fehler.append(
                Feldfehler(f"wuerdigung_{code}", f"„{code}“ ist kein Ziel der Vereinbarung.")
            )
        elif len(eintrag) > MAX_KOMMENTAR:
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
    if fehler or datum is None:
        raise UngueltigerDialog("Die Eingabe enthält Fehler; es wurde nichts gespeichert.", fehler)
    return Inhalt(datum, teilnehmende, datenstand, wuerdigungen, massnahmen)
