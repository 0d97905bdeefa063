"""Das Passwort eines angemeldeten Kontos erneut prüfen (vor dem Unterzeichnen, Freigeben,
Annehmen). Nur lokale Konten haben hier ein Passwort; Konten aus dem Verzeichnis (LDAP, OpenID
Connect) bestätigen sich durch eine frische Anmeldung (`web.kern.erneute_anmeldung`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from ...models import AuditEreignis, Benutzer
from ...models.benutzer import LOKAL
from .passwort import passwort_stimmt

FALSCH = "Das Passwort stimmt nicht. Es wurde nichts unterzeichnet oder angenommen."
VERZEICHNIS = (
    "Ihr Konto meldet sich über das Verzeichnis an; bitte bestätigen Sie, indem Sie sich neu "
    "anmelden; danach kommen Sie hierher zurück."
)


FEHLVERSUCHE_FENSTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Ergebnis:
    bestaetigt: bool
    meldung: str | None = None


def ist_verzeichniskonto(session: Session, benutzername: str) -> bool:
    """Meldet sich das Konto über LDAP/OpenID Connect an (dann gibt es hier kein Passwort)?"""
    benutzer = session.exec(select(Benutzer).where(Benutzer.benutzername == benutzername)).first()
    return benutzer is not None and benutzer.herkunft != LOKAL


def passwort_bestaetigt(session: Session, benutzername: str, passwort: str) -> Ergebnis:
    benutzer = session.exec(select(Benutzer).where(Benutzer.benutzername == benutzername)).first()
    if benutzer is None or not benutzer.aktiv:
        return Ergebnis(False, FALSCH)
    if benutzer.herkunft != LOKAL:
        return Ergebnis(False, VERZEICHNIS)
    if passwort_stimmt(benutzer.passwort_hash, passwort):
        return Ergebnis(True)
    return Ergebnis(False, FALSCH)


def fehlversuche(session: Session, benutzername: str, jetzt: datetime) -> int:
    """Falsche Bestätigungen dieses Kontos in den letzten 15 Minuten laut Audit-Protokoll. Anders
    als ein Zähler in der Sitzung lässt sich das nicht durch ein zurückgespieltes Cookie auf 0
    setzen."""
    return session.exec(
        select(func.count())
        .select_from(AuditEreignis)
        .where(
            AuditEreignis.akteur == benutzername,
            AuditEreignis.aktion == "bestaetigung_fehlgeschlagen",
            AuditEreignis.zeitpunkt >= jetzt - FEHLVERSUCHE_FENSTER,
        )
    ).one()
