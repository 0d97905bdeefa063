"""Sitzungen beenden, eigenes Passwort ändern, Anmeldedrosselung einsehen und aufheben.

- `beende_alle_sitzungen` (Admin, z. B. bei verlorenem Gerät): jede Sitzung des Kontos gilt ab
  dem Commit als abgemeldet (`Benutzer.sitzungs_generation` + 1).
- `aendere_eigenes_passwort`: nur mit dem bisherigen Passwort; beendet alle Sitzungen des Kontos
  (die Weboberfläche meldet die aktuelle danach neu an).
- Die Anmeldedrosselung (`web.kern.drossel`) steht in `drossel_eintrag`; ihre
  Schlüssel beginnen mit `LIMITER/konto:<name>/` bzw. `LIMITER/geraet:<name>:`.
  `drosselung` zählt die Fehlversuche des Kontos der letzten 24 Stunden (je Topf; der mit dem
  längsten Fenster hat alle),
  `hebe_drosselung_auf` (Admin) löscht sie – danach gilt sofort wieder jede Anmeldung.
Jede Aktion steht im Audit-Protokoll.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_
from sqlmodel import Session, col, select

from ...domain import berechtigung as b
from ...models import Benutzer, DrosselEintrag
from ...models.benutzer import LOKAL
from ..audit.kette import protokolliere
from .anmeldung import beende_sitzungen, utc
from .benutzer import VERZEICHNISKONTO_OHNE_PASSWORT, Eingabefehler, hole_benutzer
from .passwort import hash_passwort, passwort_stimmt


def _konto_topf(name: str) -> ColumnElement[bool]:
    schluessel = col(DrosselEintrag.schluessel)
    return or_(
        schluessel.startswith(f"LIMITER/konto:{name}/", autoescape=True),
        schluessel.startswith(f"LIMITER/geraet:{name}:", autoescape=True),
    )


def drosselung(session: Session, benutzername: str, jetzt: datetime) -> int:
    """Gezählte Fehlversuche für diesen Benutzernamen in den letzten 24 Stunden. Jede Grenze
    („5 per 5 minutes; 30 per day“) zählt in einem eigenen Schlüssel; der volle Schlüssel mit
    dem längsten Fenster hat alle."""
    seit = utc(jetzt).timestamp() - 24 * 3600
    je_topf = session.exec(
        select(func.count())
        .select_from(DrosselEintrag)
        .where(_konto_topf(benutzername), col(DrosselEintrag.zeitpunkt) > seit)
        .group_by(col(DrosselEintrag.schluessel))
    ).all()
    return max(je_topf, default=0)


def loesche_drosselung(session: Session, benutzername: str) -> None:
    session.exec(delete(DrosselEintrag).where(_konto_topf(benutzername)))
    session.flush()


def hebe_drosselung_auf(session: Session, benutzer_id: int, *, akteur: str, jetzt: datetime) -> int:
    """Alle gezählten Fehlversuche des Kontos löschen; gibt ihre Anzahl zurück."""
    benutzer = hole_benutzer(session, benutzer_id)
    anzahl = drosselung(session, benutzer.benutzername, jetzt)
    loesche_drosselung(session, benutzer.benutzername)
    protokolliere(
        session,
        akteur,
        "anmeldedrosselung_aufgehoben",
        "benutzer",
        benutzer.id,
        {"benutzername": benutzer.benutzername, "fehlversuche": anzahl},
        utc(jetzt),
    )
    return anzahl


def beende_alle_sitzungen(
    session: Session, benutzer_id: int, *, akteur: str, jetzt: datetime
) -> Benutzer:
    benutzer = hole_benutzer(session, benutzer_id)
    beende_sitzungen(session, benutzer)
    protokolliere(
        session,
        akteur,
        "sitzungen_beendet",
        "benutzer",
        benutzer.id,
        {"benutzername": benutzer.benutzername},
        utc(jetzt),
    )
    return benutzer


def aendere_eigenes_passwort(
    session: Session, benutzer_id: int, bisher: str, neu: str, jetzt: datetime
) -> Benutzer:
    """Das eigene Passwort ändern; `Eingabefehler` je Feld (bisheriges falsch, neues zu schwach)."""
    benutzer = hole_benutzer(session, benutzer_id)
    if benutzer.herkunft != LOKAL:
        raise Eingabefehler({"passwort": VERZEICHNISKONTO_OHNE_PASSWORT})
    if not passwort_stimmt(benutzer.passwort_hash, bisher or ""):
        raise Eingabefehler({"bisheriges_passwort": "Das bisherige Passwort stimmt nicht."})
    if meldung := b.pruefe_passwort(neu, benutzer.benutzername):
        raise Eingabefehler({"passwort": meldung})
    if passwort_stimmt(benutzer.passwort_hash, neu):
        raise Eingabefehler(
            {"passwort": "Das neue Passwort muss sich vom bisherigen unterscheiden."}
        )
    benutzer.passwort_hash = hash_passwort(neu)
    beende_sitzungen(session, benutzer)
    protokolliere(
        session,
        benutzer.benutzername,
        "passwort_geaendert",
        "benutzer",
        benutzer.id,
        {"benutzername": benutzer.benutzername},
        utc(jetzt),
    )
    return benutzer
