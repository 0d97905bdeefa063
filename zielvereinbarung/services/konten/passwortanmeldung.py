"""Anmeldung über das Formular (Benutzername + Passwort): lokal oder am LDAP-Verzeichnis.

Welcher Weg (ein Formular für beide):
- Gibt es ein **lokales** Konto dieses Namens und ist die lokale Anmeldung für seine Rolle
  erlaubt (`ZV_LOKALE_ANMELDUNG=alle`, oder es ist ein Administrator), zählt das lokale
  Passwort (`services.konten.anmeldung`) – auch wenn LDAP eingerichtet ist. So
  bleiben lokale Administratorkonten benutzbar, wenn das Verzeichnis ausfällt, und ein
  gleichnamiger Verzeichnisbenutzer kommt nie an sie heran.
- Sonst, wenn LDAP eingerichtet ist: das Verzeichnis prüft (`verzeichnis.authentifiziere`), das
  Konto wird bereitgestellt (`bereitstellung.stelle_bereit`).
- Sonst lokal; ist die lokale Anmeldung für die Rolle abgeschaltet, kommt die Meldung
  `LOKAL_ABGESCHALTET` – erst nach richtigem Passwort.
Falscher Name und falsches Passwort ergeben auf beiden Wegen dieselbe Meldung
(`anmeldung.FALSCH`); Fehlversuche am Verzeichnis zählen für die Anmeldedrosselung
(`web.kern.drossel`) wie lokale, sperren aber kein Konto (das macht das Verzeichnis selbst, z. B.
die Kontosperre im AD); ein nicht erreichbares Verzeichnis zählt nicht.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from ...config.anmeldung import AnmeldeEinstellungen
from ...models import Benutzer
from ...models.benutzer import LDAP, LOKAL
from .anmeldung import FALSCH, AnmeldungAbgelehnt, anmelden, utc, vermerke_fehlschlag
from .bereitstellung import Identitaet, stelle_bereit
from .verzeichnis import VerzeichnisFalsch, VerzeichnisNichtErreichbar, authentifiziere

LOKAL_ABGESCHALTET = (
    "Die Anmeldung mit einem Passwort dieser Anwendung ist abgeschaltet. Bitte melden Sie sich "
    "mit Ihrem Konto aus dem Verzeichnis Ihres Landes an."
)
NICHT_ERREICHBAR = (
    "Der Verzeichnisdienst für die Anmeldung ist gerade nicht erreichbar. Bitte versuchen Sie es "
    "in einigen Minuten erneut; bleibt der Fehler, melden Sie ihn bitte der Administration."
)


def anmelden_mit_passwort(
    session: Session,
    benutzername: str,
    passwort: str,
    ip: str,
    jetzt: datetime,
    einstellungen: AnmeldeEinstellungen,
) -> Benutzer:
    """Gibt den angemeldeten Benutzer zurück oder wirft `AnmeldungAbgelehnt` (deutsche Meldung;
    Fehlversuche sind geschrieben, nicht festgeschrieben)."""
    jetzt = utc(jetzt)
    ip = (ip or "unbekannt")[:45]
    name = (benutzername or "").strip().lower()
    konto = session.exec(select(Benutzer).where(Benutzer.benutzername == name)).first()
    lokal = (
        konto is not None and konto.herkunft == LOKAL and einstellungen.lokal_erlaubt(konto.rolle)
    )
    if einstellungen.ldap is not None and not lokal:
        verzeichniskonto = konto if konto is not None and konto.herkunft == LDAP else None
        return _ueber_ldap(
            session, benutzername, passwort, ip, jetzt, einstellungen, verzeichniskonto
        )

    def sperre(benutzer: Benutzer) -> str | None:
        return None if einstellungen.lokal_erlaubt(benutzer.rolle) else LOKAL_ABGESCHALTET

    return anmelden(session, benutzername, passwort, ip, jetzt, sperre=sperre)


def _ueber_ldap(
    session: Session,
    benutzername: str,
    passwort: str,
    ip: str,
    jetzt: datetime,
    einstellungen: AnmeldeEinstellungen,
    konto: Benutzer | None,
) -> Benutzer:
    name = (benutzername or "").strip()[:120]
    try:
        assert einstellungen.ldap is not None  # nur mit LDAP aufgerufen (oben)
        person = authentifiziere(einstellungen.ldap, benutzername, passwort)
    except VerzeichnisFalsch as fehler:
        vermerke_fehlschlag(
            session, konto, name, ip, fehler.meldung, jetzt, details={"methode": LDAP}
        )
        session.flush()
        raise AnmeldungAbgelehnt(FALSCH) from None
    except VerzeichnisNichtErreichbar as fehler:
        vermerke_fehlschlag(
            session,
            konto,
            name,
            ip,
            "verzeichnis_nicht_erreichbar",
            jetzt,
            details={"methode": LDAP, "fehler": fehler.meldung},
        )
        session.flush()
        raise AnmeldungAbgelehnt(NICHT_ERREICHBAR, zaehlt=False) from None
    identitaet = Identitaet(
        herkunft=LDAP,
        externe_id=person.externe_id,
        benutzername=person.benutzername or name,
        name=person.name,
        email=person.email,
        gruppen=person.gruppen,
    )
    return stelle_bereit(session, identitaet, einstellungen.zuordnung, ip, jetzt)
