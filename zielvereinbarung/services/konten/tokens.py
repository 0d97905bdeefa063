"""Persönliche Zugriffstokens: anlegen (einmal im Klartext), auflisten, widerrufen, prüfen.

Regeln (`domain.tokens`, `domain.berechtigung`):
- Jeder Benutzer legt Tokens für sich an; Administratoren auch für andere Konten (Dienstkonten).
  Widerrufen darf der Inhaber und jeder Administrator.
- Gespeichert wird nur der SHA-256 des Tokens; der Klartext steht nur im Rückgabewert von
  `lege_token_an` und wird genau einmal angezeigt.
- `pruefe_token` lässt ein Token nur zu, wenn es bekannt, nicht widerrufen, nicht abgelaufen und
  sein Konto aktiv ist; Rolle und Bereich kommen bei jeder Nutzung frisch aus dem Konto.
- Anlegen, Widerrufen und jede Nutzung (auch abgewiesene eines bekannten Tokens) stehen im
  Audit-Protokoll – nie das Token selbst, nur id und Präfix.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from ...domain import berechtigung as b
from ...domain import tokens as t
from ...domain.berechtigung import Akteur
from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from ...models import Benutzer, ZugriffsToken
from ..audit.kette import protokolliere
from .anmeldung import utc
from .benutzer import Eingabefehler, hole_benutzer


class TokenAbgewiesen(FachlicherFehler):
    """Das Token gilt nicht (unbekannt, widerrufen, abgelaufen, Konto inaktiv)."""


@dataclass(frozen=True)
class NeuesToken:
    token: ZugriffsToken
    klartext: str  # nur jetzt bekannt


def _darf_verwalten(akteur: Akteur, benutzer: Benutzer) -> bool:
    return b.ist_admin(akteur) or akteur.benutzername == benutzer.benutzername


def lege_token_an(
    session: Session,
    benutzer_id: int,
    name: str,
    scopes: list[str],
    tage: int | None,
    akteur: Akteur,
    jetzt: datetime,
) -> NeuesToken:
    benutzer = hole_benutzer(session, benutzer_id)
    if not _darf_verwalten(akteur, benutzer):
        raise KeineBerechtigung("Tokens anderer Konten legt nur die Administration an.")
    scopes = [s for s in t.SCOPES if s in set(scopes)]  # feste Reihenfolge, keine Doppelten
    if fehler := t.pruefe_antrag(benutzer.rolle, name, scopes, tage):
        raise Eingabefehler(fehler)
    assert tage is not None
    klartext = t.PRAEFIX + secrets.token_urlsafe(32)
    token = ZugriffsToken(
        benutzer_id=benutzer_id,
        name=name.strip(),
        praefix=klartext[: t.PRAEFIX_LAENGE],
        token_hash=t.token_hash(klartext),
        scopes=" ".join(scopes),
        erstellt_am=utc(jetzt),
        erstellt_von=akteur.benutzername,
        laeuft_ab_am=utc(jetzt) + timedelta(days=tage),
    )
    session.add(token)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "token_angelegt",
        "zugriffs_token",
        token.id,
        {"benutzer": benutzer.benutzername, "praefix": token.praefix, "scopes": scopes},
        utc(jetzt),
    )
    return NeuesToken(token, klartext)


def tokens_des_benutzers(session: Session, benutzer_id: int) -> list[ZugriffsToken]:
    return list(
        session.exec(
            select(ZugriffsToken)
            .where(ZugriffsToken.benutzer_id == benutzer_id)
            .order_by(col(ZugriffsToken.erstellt_am).desc(), col(ZugriffsToken.id).desc())
        )
    )


def widerrufe_token(
    session: Session, token_id: int, akteur: Akteur, jetzt: datetime
) -> ZugriffsToken:
    token = session.get(ZugriffsToken, token_id)
    if token is None:
        raise NichtGefunden(f"Token {token_id} gibt es nicht.")
    benutzer = hole_benutzer(session, token.benutzer_id)
    if not _darf_verwalten(akteur, benutzer):
        raise KeineBerechtigung("Tokens anderer Konten widerruft nur die Administration.")
    if token.widerrufen_am is not None:
        return token
    token.widerrufen_am = utc(jetzt)
    session.add(token)
    protokolliere(
        session,
        akteur.benutzername,
        "token_widerrufen",
        "zugriffs_token",
        token.id,
        {"benutzer": benutzer.benutzername, "praefix": token.praefix},
        utc(jetzt),
    )
    session.flush()
    return token


def token_zustand(token: ZugriffsToken, jetzt: datetime) -> str:
    """„gültig“, „widerrufen“ oder „abgelaufen“."""
    if token.widerrufen_am is not None:
        return "widerrufen"
    if utc(token.laeuft_ab_am) <= utc(jetzt):
        return "abgelaufen"
    return "gültig"


ABGEWIESEN = "Das Zugriffstoken ist ungültig, abgelaufen oder widerrufen."


def pruefe_token(
    session: Session, klartext: str, jetzt: datetime
) -> tuple[ZugriffsToken, Benutzer]:
    """Das gültige Token und sein aktives Konto; sonst `TokenAbgewiesen` (eine Meldung für alle
    Gründe). Abgewiesene Nutzungen bekannter Tokens werden protokolliert (der Aufrufer schreibt
    sie trotz der Abweisung fest)."""
    if not t.sieht_aus_wie_token(klartext):
        raise TokenAbgewiesen(ABGEWIESEN)
    token = session.exec(
        select(ZugriffsToken).where(ZugriffsToken.token_hash == t.token_hash(klartext))
    ).first()
    if token is None:
        raise TokenAbgewiesen(ABGEWIESEN)
    benutzer = session.get(Benutzer, token.benutzer_id)
    zustand = token_zustand(token, jetzt)
    if benutzer is None or not benutzer.aktiv:
        zustand = "Konto inaktiv"
    if benutzer is None or zustand != "gültig":
        protokolliere(
            session,
            benutzer.benutzername if benutzer else "unbekannt",
            "token_abgewiesen",
            "zugriffs_token",
            token.id,
            {"praefix": token.praefix, "grund": zustand},
            utc(jetzt),
        )
        raise TokenAbgewiesen(ABGEWIESEN)
    return token, benutzer


def vermerke_nutzung(
    session: Session,
    token: ZugriffsToken,
    benutzername: str,
    methode: str,
    pfad: str,
    jetzt: datetime,
) -> None:
    """Jede zugelassene Nutzung: letzte Nutzung am Token und ein Audit-Eintrag (gilt mit der
    Transaktion der Anfrage)."""
    token.zuletzt_benutzt_am = utc(jetzt)
    session.add(token)
    protokolliere(
        session,
        benutzername,
        "api_zugriff",
        "zugriffs_token",
        token.id,
        {"praefix": token.praefix, "methode": methode, "pfad": pfad[:200]},
        utc(jetzt),
    )


def scopes_von(token: ZugriffsToken) -> frozenset[str]:
    return frozenset(token.scopes.split())
