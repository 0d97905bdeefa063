"""Konten aus dem Verzeichnis bereitstellen („just in time“, bei jeder Anmeldung über LDAP oder
OpenID Connect).

Regeln:
- Rolle und Bereich folgen bei **jeder** Anmeldung aus den Gruppen (`domain.gruppenzuordnung`);
  Änderungen kommen als `benutzer_geaendert` (Akteur „verzeichnis“) ins Audit-Protokoll.
- Ergeben die Gruppen keine Rolle, wird abgewiesen (`KEINE_ROLLE`); ebenso, wenn der Bereich in
  dieser Anwendung unbekannt ist. Erst nach erfolgreicher Prüfung der Zugangsdaten – die
  Meldungen verraten also niemandem ohne Passwort etwas.
- Das Konto gehört zur Kennung im Verzeichnis (`herkunft`, `externe_id`), nicht zum Namen: ein
  Verzeichnisbenutzer „admin“ übernimmt nie das lokale Konto „admin“ (`KONFLIKT`).
- Ein von der Administration deaktiviertes Konto bleibt deaktiviert (`INAKTIV`).
- Konten aus dem Verzeichnis bekommen ein zufälliges Passwort, das niemand kennt: eine lokale
  Anmeldung damit scheitert wie jede mit falschem Passwort.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from sqlmodel import Session, select

from ...domain.gruppenzuordnung import Zuordnung, lokaler_benutzername
from ...models import Benutzer, Land, Ring, Traeger
from ..audit.kette import protokolliere
from .anmeldung import AnmeldungAbgelehnt, utc, vermerke_fehlschlag
from .passwort import hash_passwort

AKTEUR = "verzeichnis"
MAX_GRUPPEN_IM_PROTOKOLL = 20

KEINE_ROLLE = (
    "Ihr Verzeichniskonto ist keiner Rolle in dieser Anwendung zugeordnet. Bitte wenden Sie "
    "sich an die Administration Ihres Landes, damit Ihre Gruppe freigeschaltet wird."
)
BEREICH_UNBEKANNT = (
    "Ihre Gruppe im Verzeichnis verweist auf einen Bereich („{bereich}“), den es in dieser "
    "Anwendung nicht gibt. Bitte wenden Sie sich an die Administration."
)
KONFLIKT = (
    "Den Benutzernamen „{name}“ gibt es in dieser Anwendung schon für ein anderes Konto. Bitte "
    "wenden Sie sich an die Administration."
)
NAME_UNGUELTIG = (
    "Ihr Anmeldename aus dem Verzeichnis passt nicht zu den Regeln dieser Anwendung (3–40 "
    "Zeichen: Kleinbuchstaben, Ziffern, Punkt, Binde- und Unterstrich). Bitte wenden Sie sich "
    "an die Administration."
)
INAKTIV = (
    "Ihr Konto ist in dieser Anwendung deaktiviert. Bitte wenden Sie sich an die Administration."
)


@dataclass(frozen=True)
class Identitaet:
    """Was das Verzeichnis über den Benutzer sagt (nach geprüfter Anmeldung)."""

    herkunft: str  # models.benutzer.LDAP oder OIDC
    externe_id: str
    benutzername: str
    name: str | None
    email: str | None
    gruppen: tuple[str, ...]


def _ablehnen(
    session: Session,
    identitaet: Identitaet,
    konto: Benutzer | None,
    grund: str,
    meldung: str,
    ip: str,
    jetzt: datetime,
    **details,
) -> NoReturn:
    """Abweisung protokollieren (Akteur: der geprüfte Name aus dem Verzeichnis) und werfen."""
    vermerke_fehlschlag(
        session,
        konto,
        identitaet.benutzername,
        ip,
        grund,
        jetzt,
        details={
            "methode": identitaet.herkunft,
            "verzeichnisname": identitaet.benutzername[:120],
            "gruppen": list(identitaet.gruppen[:MAX_GRUPPEN_IM_PROTOKOLL]),
            **details,
        },
    )
    session.flush()
    raise AnmeldungAbgelehnt(meldung, zaehlt=False)  # Zugangsdaten waren richtig


def _bereich_fehlt(
    session: Session, land_code: str | None, traeger_ags: str | None, ring_id: int | None = None
) -> bool:
    if land_code and session.get(Land, land_code) is None:
        return True
    if ring_id is not None and session.get(Ring, ring_id) is None:
        return True
    return bool(traeger_ags) and session.get(Traeger, traeger_ags) is None


def stelle_bereit(
    session: Session,
    identitaet: Identitaet,
    zuordnung: Zuordnung | None,
    ip: str,
    jetzt: datetime,
) -> Benutzer:
    """Konto zur geprüften Identität anlegen oder aktualisieren und die Anmeldung protokollieren;
    wirft `AnmeldungAbgelehnt` mit einer deutschen Meldung (und protokolliert die Abweisung)."""
    jetzt = utc(jetzt)
    konto = session.exec(
        select(Benutzer).where(
            Benutzer.herkunft == identitaet.herkunft,
            Benutzer.externe_id == identitaet.externe_id,
        )
    ).first()
    zugeordnet, hinweise = (
        zuordnung.bestimme(identitaet.gruppen) if zuordnung else (None, ["keine Zuordnung"])
    )
    if zugeordnet is None:
        _ablehnen(
            session, identitaet, konto, "keine_rolle", KEINE_ROLLE, ip, jetzt, hinweise=hinweise
        )
    if _bereich_fehlt(session, zugeordnet.land_code, zugeordnet.traeger_ags, zugeordnet.ring_id):
        meldung = BEREICH_UNBEKANNT.format(bereich=zugeordnet.bereich)
        _ablehnen(session, identitaet, konto, "bereich_unbekannt", meldung, ip, jetzt)
    if konto is None:
        konto = _lege_an(session, identitaet, zugeordnet, ip, jetzt)
    elif not konto.aktiv:
        _ablehnen(session, identitaet, konto, "inaktiv", INAKTIV, ip, jetzt)
    else:
        _aktualisiere(session, konto, identitaet, zugeordnet, jetzt)
    konto.letzte_anmeldung = jetzt
    session.flush()
    protokolliere(
        session,
        konto.benutzername,
        "anmeldung",
        "benutzer",
        konto.id,
        {
            "ip": ip,
            "methode": identitaet.herkunft,
            "regel": zugeordnet.regel,
            "gruppe": zugeordnet.gruppe[:200],
        },
        jetzt,
    )
    return konto


def _lege_an(session: Session, identitaet: Identitaet, zugeordnet, ip: str, jetzt) -> Benutzer:
    name = lokaler_benutzername(identitaet.benutzername)
    if name is None:
        _ablehnen(session, identitaet, None, "name_ungueltig", NAME_UNGUELTIG, ip, jetzt)
    if session.exec(select(Benutzer).where(Benutzer.benutzername == name)).first():
        _ablehnen(session, identitaet, None, "konflikt", KONFLIKT.format(name=name), ip, jetzt)
    konto = Benutzer(
        benutzername=name,
        name=(identitaet.name or name)[:120],
        email=_email(identitaet.email),
        passwort_hash=hash_passwort(secrets.token_urlsafe(32)),
        rolle=zugeordnet.rolle,
        land_code=zugeordnet.land_code,
        traeger_ags=zugeordnet.traeger_ags,
        ring_id=zugeordnet.ring_id,
        erstellt_am=jetzt,
        herkunft=identitaet.herkunft,
        externe_id=identitaet.externe_id,
    )
    session.add(konto)
    session.flush()
    protokolliere(
        session,
        AKTEUR,
        "benutzer_angelegt",
        "benutzer",
        konto.id,
        {
            "benutzername": name,
            "rolle": konto.rolle,
            "land_code": konto.land_code,
            "traeger_ags": konto.traeger_ags,
            "methode": identitaet.herkunft,
        },
        jetzt,
    )
    return konto


def _email(wert: str | None) -> str | None:
    wert = (wert or "").strip()
    return wert if wert and len(wert) <= 254 and "@" in wert and " " not in wert else None


def _aktualisiere(session: Session, konto: Benutzer, identitaet: Identitaet, zugeordnet, jetzt):
    neu = {
        "name": (identitaet.name or konto.name)[:120],
        "email": _email(identitaet.email) or konto.email,
        "rolle": zugeordnet.rolle,
        "land_code": zugeordnet.land_code,
        "traeger_ags": zugeordnet.traeger_ags,
        "ring_id": zugeordnet.ring_id,
    }
    aenderungen = {
        feld: [getattr(konto, feld), wert]
        for feld, wert in neu.items()
        if getattr(konto, feld) != wert
    }
    if not aenderungen:
        return
    for feld, (_alt, wert) in aenderungen.items():
        setattr(konto, feld, wert)
    session.flush()
    protokolliere(
        session,
        AKTEUR,
        "benutzer_geaendert",
        "benutzer",
        konto.id,
        {"benutzername": konto.benutzername, "aenderungen": aenderungen},
        jetzt,
    )
