"""Anmeldung mit Passwort (lokal) und Abmeldung; Fehlversuche ins Audit-Protokoll.

Regeln:
- Falscher Benutzername, falsches Passwort oder inaktives Konto: immer dieselbe Meldung
  „Benutzername oder Passwort falsch“, und dieselbe Rechenzeit – für unbekannte Namen wird das
  Passwort gegen einen Attrappen-Hash geprüft (Argon2 mit denselben Parametern).
- Es gibt keine Kontosperre. Fehlversuche bremsen je Konto und je IP-Adresse; das zählt die
  Weboberfläche (`web.kern.drossel`) anhand von `AnmeldungAbgelehnt.zaehlt`, nicht
  dieser Service: so kann kein Fremder ein Konto aussperren.
- Jede Anmeldung und jeder Fehlversuch kommt ins Audit-Protokoll (mit IP, ohne Passwort; bei
  unbekannten Namen als Akteur „unbekannt“, damit kein vertipptes Passwort protokolliert wird).
  Der Fehlversuch wird geschrieben (flush), bevor die Ausnahme fliegt: der Aufrufer muss die
  Transaktion trotz der Ausnahme festschreiben (die Anmeldeseite antwortet dann mit 200).
- Abmelden beendet alle Sitzungen des Kontos (`sitzungs_generation` + 1), nicht nur die eine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlmodel import Session, select

from ...fehler import FachlicherFehler
from ...models import Benutzer
from ..audit.kette import protokolliere
from .passwort import braucht_neuen_hash, hash_passwort, passwort_stimmt

FALSCH = "Benutzername oder Passwort falsch."


class AnmeldungAbgelehnt(FachlicherFehler):
    """Falsche Zugangsdaten, inaktives Konto oder ein anderer Grund (Meldung für den Benutzer).

    `zaehlt`: ein Fehlversuch für die Anmeldedrosselung (falsche Zugangsdaten); nicht bei
    Gründen nach richtigem Passwort oder wenn das Verzeichnis nicht erreichbar ist."""

    def __init__(self, meldung: str, details: list | None = None, *, zaehlt: bool = True):
        super().__init__(meldung, details)
        self.zaehlt = zaehlt


def utc(jetzt: datetime) -> datetime:
    """Zeitpunkte sind immer zeitzonenbewusst; naive Werte gelten als UTC."""
    return jetzt if jetzt.tzinfo else jetzt.replace(tzinfo=UTC)


def vermerke_fehlschlag(
    session: Session,
    benutzer: Benutzer | None,
    name: str,
    ip: str,
    grund: str,
    jetzt: datetime,
    *,
    details: dict | None = None,
) -> None:
    """Einen Fehlversuch ins Audit-Protokoll schreiben (gezählt wird er in `web.kern.drossel`)."""
    akteur = benutzer.benutzername if benutzer else "unbekannt"
    protokolliere(
        session,
        akteur,
        "anmeldung_fehlgeschlagen",
        "benutzer",
        benutzer.id if benutzer else None,
        {"ip": ip, "grund": grund, **(details or {})},
        jetzt,
    )


def anmelden(
    session: Session,
    benutzername: str,
    passwort: str,
    ip: str,
    jetzt: datetime,
    sperre: Callable[[Benutzer], str | None] | None = None,
) -> Benutzer:
    """Prüft die Zugangsdaten; gibt den Benutzer zurück oder wirft `AnmeldungAbgelehnt`.

    `sperre(benutzer)`: nach richtigem Passwort geprüft; eine Meldung statt None lehnt ab (z. B.
    lokale Anmeldung nur für Administratoren) – erst nach dem Passwort, damit sie nichts verrät."""
    jetzt = utc(jetzt)
    ip = (ip or "unbekannt")[:45]
    name = (benutzername or "").strip().lower()
    # Erst lesen und das Passwort prüfen (Argon2 dauert), dann schreiben: auf SQLite hält die
    # erste Änderung die Schreibsperre der ganzen Datenbank bis zum Commit – während der
    # Passwortprüfung gehalten, staut sie bei vielen gleichzeitigen Anmeldungen alle Schreiber
    # bis zum Timeout („database is locked“, gefunden mit bench/last.py).
    benutzer = session.exec(select(Benutzer).where(Benutzer.benutzername == name)).first()
    richtig = passwort_stimmt(benutzer.passwort_hash if benutzer else None, passwort or "")
    if benutzer is None or not richtig or not benutzer.aktiv:
        grund = "unbekannt" if benutzer is None else ("passwort" if not richtig else "inaktiv")
        vermerke_fehlschlag(session, benutzer, name, ip, grund, jetzt)
        session.flush()
        raise AnmeldungAbgelehnt(FALSCH)

    if sperre is not None and (meldung := sperre(benutzer)):
        vermerke_fehlschlag(session, benutzer, name, ip, "lokal_abgeschaltet", jetzt)
        session.flush()
        raise AnmeldungAbgelehnt(meldung, zaehlt=False)

    benutzer.letzte_anmeldung = jetzt
    if braucht_neuen_hash(benutzer.passwort_hash):
        benutzer.passwort_hash = hash_passwort(passwort)
    session.flush()
    protokolliere(
        session, benutzer.benutzername, "anmeldung", "benutzer", benutzer.id, {"ip": ip}, jetzt
    )
    return benutzer


def beende_sitzungen(session: Session, benutzer: Benutzer) -> None:
    """Jede bestehende Sitzung des Kontos gilt ab dem Commit als abgemeldet."""
    benutzer.sitzungs_generation += 1
    session.flush()


def melde_ab(session: Session, benutzer_id: int, jetzt: datetime) -> None:
    """Abmelden: beendet alle Sitzungen des Kontos (auf allen Geräten) und protokolliert es."""
    benutzer = session.get(Benutzer, benutzer_id)
    if benutzer is None:
        return
    beende_sitzungen(session, benutzer)
    protokolliere(
        session, benutzer.benutzername, "abmeldung", "benutzer", benutzer.id, {}, utc(jetzt)
    )
