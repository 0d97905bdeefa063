"""Zeitplan eines Landes für Planung und Verhandlung eines Jahres (Regeln: `domain.zeitplan`).

- Setzen dürfen nur Landesbenutzer des Landes (`pruefe_land_akteur`); lesen jeder, der das Land
  oder einen seiner Träger sieht (die Startseite zeigt ihn).
- Ungültige Termine: `UngueltigerZeitplan` mit einem Fehler je Feld, nichts gespeichert.
- Jede Änderung steht im Audit-Protokoll ('zeitplan_geaendert'); die Träger-Benutzer aller zkT
  des Landes bekommen einen Hinweis und (mit Adresse) eine E-Mail nach dem Commit. Eine Eingabe
  ohne Änderung ändert nichts und benachrichtigt niemanden.
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...domain.zeitplan import FELDER, NAMEN, pruefe_zeitplan
from ...fehler import FachlicherFehler, NichtGefunden
from ...format import datum
from ...mail import Nachricht
from ...models import Land, LandZeitplan, Traeger
from ..audit.kette import protokolliere
from .benachrichtigung import nachrichten_an
from .orientierungswerte import pruefe_land_akteur


class UngueltigerZeitplan(FachlicherFehler):
    """`details` sind `Feldfehler` (str mit `.feld`)."""


@dataclass(frozen=True)
class Zeitplanergebnis:
    geaendert: bool
    meldung: str
    benachrichtigungen: list[Nachricht]


def lade_zeitplan(session: Session, land_code: str, jahr: int) -> dict[str, date | None]:
    """Die Termine (Feld → Datum oder None)."""
    z = session.get(LandZeitplan, (land_code, jahr))
    return {f: getattr(z, f) if z else None for f in FELDER}


def termine_text(termine: dict[str, date | None]) -> str:
    """„Frist für Angebote 30.11.2026, Ziel der Einigung 31.01.2027“ (nur gesetzte)."""
    return ", ".join(f"{NAMEN[f]} {datum(t)}" for f, t in termine.items() if t) or "keine Termine"


def setze_zeitplan(
    session: Session,
    land_code: str,
    jahr: int,
    termine: dict[str, date | None],
    akteur: Akteur,
    jetzt: datetime,
) -> Zeitplanergebnis:
    if session.get(Land, land_code) is None:
        raise NichtGefunden(f"Unbekanntes Land „{land_code}“.")
    land = pruefe_land_akteur(session, land_code, akteur)
    termine = {f: termine.get(f) for f in FELDER}
    fehler = pruefe_zeitplan(jahr, termine)
    if fehler:
        raise UngueltigerZeitplan(
            "Der Zeitplan enthält Fehler; es wurde nichts gespeichert.", fehler
        )
    z = session.get(LandZeitplan, (land_code, jahr))
    if z is not None and all(getattr(z, f) == termine[f] for f in FELDER):
        return Zeitplanergebnis(False, f"Der Zeitplan {jahr} ist unverändert.", [])
    if z is None:
        z = LandZeitplan(land_code=land_code, jahr=jahr, geaendert_am=jetzt,
                         geaendert_von=akteur.benutzername)  # fmt: skip
        session.add(z)
    for f in FELDER:
        setattr(z, f, termine[f])
    z.geaendert_am, z.geaendert_von = jetzt, akteur.benutzername
    session.flush()
    protokolliere(session, akteur.benutzername, "zeitplan_geaendert", "land", f"{land_code}/{jahr}",
                  {f: t.isoformat() if t else None for f, t in termine.items()}, jetzt)  # fmt: skip
    zkt = list(
        session.scalars(
            select(Traeger)
            .where(col(Traeger.land_code) == land_code, col(Traeger.traegerform) == "zkT")
            .order_by(col(Traeger.ags))
        )
    )
    text = (
        f"Das Land {land.name} hat den Zeitplan für die Zielvereinbarungen {jahr} festgelegt: "
        f"{termine_text(termine)}."
    )
    nachrichten = nachrichten_an(
        session,
        vh.TRAEGER,
        [(t, f"Zeitplan Zielvereinbarung {jahr} ({land.name})", text, "/") for t in zkt],
        jetzt,
        "zeitplan",
    )
    return Zeitplanergebnis(True, f"Der Zeitplan {jahr} ist gespeichert.", nachrichten)
