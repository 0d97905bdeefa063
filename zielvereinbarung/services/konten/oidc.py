"""Anmeldung über OpenID Connect: geprüfte Claims → Identität → Konto (ohne Flask).

Das Protokoll (Authorization Code Flow mit PKCE, `state`, `nonce`, Signatur und Aussteller des
ID-Tokens) prüft `web.auth.oidc` mit Authlib; hierher kommen nur die geprüften Claims.

Regeln:
- Die Kennung im Verzeichnis ist „issuer sub“ (beide aus dem geprüften ID-Token): `sub` ist je
  Anbieter eindeutig und unveränderlich, der Benutzername nicht.
- Benutzername aus `benutzername_claim` (Standard `preferred_username`; bei „name@domain“ gilt
  der Teil vor „@“), Gruppen aus `gruppen_claim` (Liste oder einzelner Text).
- Eine E-Mail-Adresse wird nur übernommen, wenn der Anbieter sie nicht als unbestätigt meldet
  (`email_verified` ist nicht false).
- Jede Abweisung und jeder Fehler im Ablauf kommt ins Audit-Protokoll (`methode`: oidc).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ...config.anmeldung import AnmeldeEinstellungen, OidcEinstellungen
from ...models import Benutzer
from ...models.benutzer import OIDC
from .anmeldung import utc, vermerke_fehlschlag
from .bereitstellung import Identitaet, stelle_bereit

FEHLGESCHLAGEN = (
    "Die Anmeldung über {dienst} ist fehlgeschlagen oder wurde abgebrochen. Bitte versuchen Sie "
    "es erneut."
)
NICHT_ERREICHBAR = (
    "Der Anmeldedienst {dienst} ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen "
    "Minuten erneut; bleibt der Fehler, melden Sie ihn bitte der Administration."
)
ABGEBROCHEN = "Die Anmeldung wurde beim Anmeldedienst {dienst} abgebrochen."
MAX_GRUPPEN = 500


def _gruppen(wert) -> tuple[str, ...]:
    if isinstance(wert, str):
        return (wert,)
    if isinstance(wert, list | tuple):
        return tuple(str(g) for g in wert if isinstance(g, str | int))[:MAX_GRUPPEN]
    return ()


def identitaet(claims: dict, issuer: str, einstellungen: OidcEinstellungen) -> Identitaet:
    """Identität aus geprüften Claims (`sub` muss vorhanden sein)."""
    sub = str(claims["sub"])
    email = claims.get("email") if claims.get("email_verified") is not False else None
    return Identitaet(
        herkunft=OIDC,
        externe_id=f"{issuer} {sub}"[:255],
        benutzername=str(claims.get(einstellungen.benutzername_claim) or ""),
        name=str(claims["name"]) if claims.get("name") else None,
        email=str(email) if email else None,
        gruppen=_gruppen(claims.get(einstellungen.gruppen_claim)),
    )


def melde_an(
    session: Session,
    claims: dict,
    issuer: str,
    einstellungen: AnmeldeEinstellungen,
    ip: str,
    jetzt: datetime,
) -> Benutzer:
    """Konto zu den geprüften Claims bereitstellen; wirft `anmeldung.AnmeldungAbgelehnt` mit
    deutscher Meldung."""
    ip = (ip or "unbekannt")[:45]
    assert einstellungen.oidc is not None  # nur mit eingerichtetem OpenID Provider aufgerufen
    return stelle_bereit(
        session, identitaet(claims, issuer, einstellungen.oidc), einstellungen.zuordnung, ip, jetzt
    )


def vermerke_fehler(session: Session, grund: str, ip: str, jetzt: datetime, **details) -> None:
    """Fehler im Ablauf (abgebrochen, `state`/`nonce`/Signatur falsch, Anbieter nicht erreichbar)
    ins Audit-Protokoll."""
    vermerke_fehlschlag(
        session,
        None,
        "",
        (ip or "unbekannt")[:45],
        grund,
        utc(jetzt),
        details={"methode": OIDC, **{k: str(v)[:300] for k, v in details.items()}},
    )
    session.flush()
