"""Anmeldung mit Sperre nach Fehlversuchen und Drosselung je IP-Adresse.

Regeln:
- Falscher Benutzername oder falsches Passwort: immer dieselbe Meldung
  „Benutzername oder Passwort falsch“ (kein Hinweis, ob es das Konto gibt; unbekannte Namen
  kosten dieselbe Rechenzeit).
- Nach `MAX_FEHLVERSUCHE` (5) aufeinanderfolgenden Fehlversuchen ist das Konto `SPERRDAUER`
  (15 Minuten) gesperrt; während der Sperre wird jede Anmeldung abgelehnt, auch mit richtigem
  Passwort. Eine erfolgreiche Anmeldung setzt den Zähler zurück.
- Je IP-Adresse höchstens `IP_MAX_FEHLVERSUCHE` (20) Fehlversuche in `IP_FENSTER` (15 Minuten);
  danach `ZuVieleAnmeldeversuche` (HTTP 429), ohne das Passwort zu prüfen.
- Jede Anmeldung und jeder Fehlversuch kommt ins Audit-Protokoll (mit IP, ohne Passwort; bei
  unbekannten Namen als Akteur „unbekannt“, damit kein vertipptes Passwort protokolliert wird).
Die Fehlversuche werden geschrieben (flush), bevor die Ausnahme fliegt: der Aufrufer muss die
Transaktion trotz der Ausnahme festschreiben (die Anmeldeseite antwortet dann mit 200).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, delete, func, select

from ...fehler import FachlicherFehler
from ...models import Benutzer, LoginVersuch
from ..audit.kette import protokolliere
from .passwort import braucht_neuen_hash, hash_passwort, passwort_stimmt

MAX_FEHLVERSUCHE = 5
SPERRDAUER = timedelta(minutes=15)
IP_MAX_FEHLVERSUCHE = 20
IP_FENSTER = timedelta(minutes=15)

FALSCH = "Benutzername oder Passwort falsch."
GESPERRT = "Zu viele Fehlversuche – Anmeldung für 15 Minuten gesperrt."
GEDROSSELT = (
    "Zu viele fehlgeschlagene Anmeldeversuche von diesem Rechner – bitte versuchen Sie es in "
    "15 Minuten erneut."
)


class AnmeldungAbgelehnt(FachlicherFehler):
    """Falsche Zugangsdaten, inaktives oder gesperrtes Konto (Meldung für den Benutzer)."""


class ZuVieleAnmeldeversuche(FachlicherFehler):
    """Drosselung je IP-Adresse (HTTP 429)."""


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
    zaehlt: bool = True,
    details: dict | None = None,
) -> None:
    """Fehlversuch ins Audit-Protokoll; `zaehlt`: auch für die Drosselung je IP vormerken."""
    if zaehlt:
        session.add(LoginVersuch(ip=ip, zeitpunkt=jetzt, benutzername=name[:120]))
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


def pruefe_drosselung(session: Session, ip: str, jetzt: datetime) -> None:
    """`ZuVieleAnmeldeversuche`, wenn von `ip` zu viele Fehlversuche im Fenster kamen."""
    versuche = session.exec(
        select(func.count())
        .select_from(LoginVersuch)
        .where(LoginVersuch.ip == ip, LoginVersuch.zeitpunkt >= jetzt - IP_FENSTER)
    ).one()
    if versuche >= IP_MAX_FEHLVERSUCHE:
        raise ZuVieleAnmeldeversuche(GEDROSSELT)


def raeume_versuche_auf(session: Session, jetzt: datetime) -> None:
    session.exec(delete(LoginVersuch).where(col(LoginVersuch.zeitpunkt) < jetzt - IP_FENSTER))


def anmelden(
    session: Session,
    benutzername: str,
    passwort: str,
    ip: str,
    jetzt: datetime,
    sperre: Callable[[Benutzer], str | None] | None = None,
) -> Benutzer:
    """Prüft die Zugangsdaten; gibt den Benutzer zurück oder wirft `AnmeldungAbgelehnt` /
    `ZuVieleAnmeldeversuche`.

    `sperre(benutzer)`: nach richtigem Passwort geprüft; eine Meldung statt None lehnt ab (z. B.
    lokale Anmeldung nur für Administratoren) – erst nach dem Passwort, damit sie nichts verrät."""
    jetzt = utc(jetzt)
    ip = (ip or "unbekannt")[:45]
    name = (benutzername or "").strip().lower()
    # Erst lesen und das Passwort prüfen (Argon2 dauert), dann schreiben: auf SQLite hält die
    # erste Änderung die Schreibsperre der ganzen Datenbank bis zum Commit – während der
    # Passwortprüfung gehalten, staut sie bei vielen gleichzeitigen Anmeldungen alle Schreiber
    # bis zum Timeout („database is locked“, gefunden mit bench/last.py).
    pruefe_drosselung(session, ip, jetzt)

    benutzer = session.exec(select(Benutzer).where(Benutzer.benutzername == name)).first()
    gesperrt = (
        benutzer is not None and benutzer.gesperrt_bis is not None and jetzt < benutzer.gesperrt_bis
    )
    richtig = not gesperrt and passwort_stimmt(
        benutzer.passwort_hash if benutzer else None, passwort or ""
    )
    raeume_versuche_auf(session, jetzt)
    if gesperrt:
        vermerke_fehlschlag(session, benutzer, name, ip, "gesperrt", jetzt)
        raise AnmeldungAbgelehnt(GESPERRT)

    if benutzer is None or not richtig or not benutzer.aktiv:
        grund = "unbekannt" if benutzer is None else ("passwort" if not richtig else "inaktiv")
        vermerke_fehlschlag(session, benutzer, name, ip, grund, jetzt)
        if benutzer is not None and not richtig:
            benutzer.fehlversuche += 1
            if benutzer.fehlversuche >= MAX_FEHLVERSUCHE:
                benutzer.fehlversuche = 0
                benutzer.gesperrt_bis = jetzt + SPERRDAUER
                session.flush()
                protokolliere(
                    session,
                    "system",
                    "konto_gesperrt",
                    "benutzer",
                    benutzer.id,
                    {"benutzername": benutzer.benutzername, "bis": benutzer.gesperrt_bis},
                    jetzt,
                )
                raise AnmeldungAbgelehnt(GESPERRT)
        session.flush()
        raise AnmeldungAbgelehnt(FALSCH)

    if sperre is not None and (meldung := sperre(benutzer)):
        vermerke_fehlschlag(session, benutzer, name, ip, "lokal_abgeschaltet", jetzt, zaehlt=False)
        session.flush()
        raise AnmeldungAbgelehnt(meldung)

    benutzer.fehlversuche = 0
    benutzer.gesperrt_bis = None
    benutzer.letzte_anmeldung = jetzt
    if braucht_neuen_hash(benutzer.passwort_hash):
        benutzer.passwort_hash = hash_passwort(passwort)
    session.flush()
    protokolliere(
        session, benutzer.benutzername, "anmeldung", "benutzer", benutzer.id, {"ip": ip}, jetzt
    )
    return benutzer


def melde_ab(session: Session, benutzername: str, jetzt: datetime) -> None:
    """Abmeldung protokollieren (die Sitzung selbst beendet die Weboberfläche)."""
    benutzer = session.exec(select(Benutzer).where(Benutzer.benutzername == benutzername)).first()
    protokolliere(
        session,
        benutzername,
        "abmeldung",
        "benutzer",
        benutzer.id if benutzer else None,
        {},
        utc(jetzt),
    )
