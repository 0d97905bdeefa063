"""Anmeldung an einem LDAP-Verzeichnis / Active Directory (ldap3).

Zwei Wege (`LdapEinstellungen.modus`):
- „suchen“: mit dem Dienstkonto (`bind_dn`, sonst anonym) den Benutzer unter `benutzer_basis`
  mit `benutzer_filter` suchen – genau ein Treffer –, dann als dessen DN mit dem Passwort binden.
- „direkt“: als `benutzer_dn` (Muster mit {benutzername}: DN oder UPN) binden und mit dieser
  Verbindung den eigenen Eintrag lesen.
Gruppen: aus dem Attribut `attr_gruppen` (AD/memberof: `memberOf`) oder – ist `gruppen_basis`
gesetzt – per Suche mit `gruppen_filter` ({dn} = DN des Benutzers).

Sicherheit: Benutzernamen nur aus `ERLAUBT` (sonst wie ein falsches Passwort), in Filtern und
DNs maskiert; leere Passwörter werden nie gesendet (ein „unauthenticated bind“ gälte manchem
Server als Erfolg). StartTLS/LDAPS prüfen das Zertifikat immer (`ca_datei` oder die Systemliste).
Findet die Suche niemanden, wird trotzdem einmal (vergeblich) gebunden – die Antwortzeit verrät
nicht, ob es den Namen gibt.
"""

from __future__ import annotations

import logging
import math
import re
import ssl
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ldap3 import BASE, FIRST, SUBTREE, Connection, Server, ServerPool, Tls
from ldap3.core.exceptions import (
    LDAPBindError,
    LDAPCommunicationError,
    LDAPException,
    LDAPPasswordIsMandatoryError,
    LDAPServerPoolExhaustedError,
    LDAPSocketOpenError,
    LDAPStartTLSError,
)
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from ...config.anmeldung import MODUS_DIREKT, LdapEinstellungen
from ...fehler import FachlicherFehler

log = logging.getLogger(__name__)

ERLAUBT = re.compile(r"[A-Za-z0-9._@-]{1,128}")
ATTRAPPE_RDN = "cn=zv-attrappe-fuer-unbekannte"
MAX_GRUPPEN = 500


class VerzeichnisFalsch(FachlicherFehler):
    """Unbekannter Name oder falsches Passwort (für den Benutzer nicht zu unterscheiden)."""


class VerzeichnisNichtErreichbar(FachlicherFehler):
    """Server nicht erreichbar, TLS gescheitert, Zeitüberschreitung, Protokollfehler."""


@dataclass(frozen=True)
class VerzeichnisPerson:
    dn: str
    externe_id: str
    benutzername: str
    name: str | None
    email: str | None
    gruppen: tuple[str, ...]


def _tls(e: LdapEinstellungen) -> Tls:
    return Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=e.ca_datei)


def _server(e: LdapEinstellungen) -> Server | ServerPool:
    tls = _tls(e)
    server = [
        Server(
            url,
            use_ssl=url.lower().startswith("ldaps://"),
            tls=tls,
            connect_timeout=e.timeout,
            get_info="NO_INFO",
        )
        for url in e.urls
    ]
    if len(server) == 1:
        return server[0]
    # Der Reihe nach; jeder Server einmal, dann aufgeben (nicht endlos kreisen).
    return ServerPool(server, FIRST, active=1, exhaust=False)


@contextmanager
def _gebunden(e: LdapEinstellungen, dn: str | None, passwort: str | None) -> Iterator[Connection]:
    """Geöffnete, gebundene Verbindung, danach immer geschlossen; wirft `LDAPBindError` bei
    falschen Zugangsdaten."""
    conn = _verbinde(e, dn, passwort)
    try:
        yield conn
    finally:
        conn.unbind()


def _verbinde(e: LdapEinstellungen, dn: str | None, passwort: str | None) -> Connection:
    conn = Connection(
        _server(e),
        user=dn,
        password=passwort,
        read_only=True,
        receive_timeout=max(1, math.ceil(e.timeout)),  # ldap3 will ganze Sekunden
        raise_exceptions=False,
        auto_referrals=False,
    )
    conn.open()
    if e.starttls and not conn.server.ssl and not conn.start_tls():
        conn.unbind()
        raise LDAPStartTLSError(f"StartTLS abgelehnt: {conn.result}")
    if not conn.bind():
        ergebnis = conn.result or {}
        conn.unbind()
        if ergebnis.get("description") in ("invalidCredentials", "invalidDNSyntax"):
            raise LDAPBindError(ergebnis.get("description"))
        raise LDAPCommunicationError(f"Bind gescheitert: {ergebnis}")
    return conn


def _erster(eintrag: dict, name: str) -> str | None:
    for schluessel, werte in eintrag.items():
        if schluessel.lower() == name.lower() and werte:
            wert = werte[0] if isinstance(werte, list) else werte
            return str(wert).strip() or None
    return None


def _alle(eintrag: dict, name: str) -> list[str]:
    for schluessel, werte in eintrag.items():
        if schluessel.lower() == name.lower():
            return [str(w) for w in (werte if isinstance(werte, list) else [werte])]
    return []


def _kennung(roh: dict, attribute: dict, name: str, dn: str) -> str:
    """Unveränderliche Kennung: objectGUID (16 Bytes) als UUID, sonst der Text; ohne: der DN."""
    for schluessel, werte in roh.items():
        if schluessel.lower() == name.lower() and werte:
            wert = werte[0]
            if isinstance(wert, bytes) and len(wert) == 16 and name.lower() == "objectguid":
                return str(uuid.UUID(bytes_le=wert))
            return wert.decode("utf-8", "replace") if isinstance(wert, bytes) else str(wert)
    return _erster(attribute, name) or dn.lower()


def _lies_eintrag(conn: Connection, e: LdapEinstellungen, basis: str, filter_: str, scope):
    attribute = [e.attr_benutzername, e.attr_name, e.attr_email, e.attr_id]
    if not e.gruppen_basis:
        attribute.append(e.attr_gruppen)
    conn.search(basis, filter_, search_scope=scope, attributes=attribute, size_limit=2)
    ergebnis = (conn.result or {}).get("description")
    if ergebnis not in ("success", "sizeLimitExceeded", "noSuchObject"):
        raise LDAPCommunicationError(f"Suche gescheitert: {conn.result}")
    return [r for r in conn.response or [] if r.get("type") == "searchResEntry"]


def _gruppen(conn: Connection, e: LdapEinstellungen, dn: str, eintrag: dict) -> tuple[str, ...]:
    if not e.gruppen_basis:
        return tuple(_alle(eintrag["attributes"], e.attr_gruppen)[:MAX_GRUPPEN])
    filter_ = e.gruppen_filter.replace("{dn}", escape_filter_chars(dn))
    conn.search(
        e.gruppen_basis,
        filter_,
        search_scope=SUBTREE,
        attributes=["cn"],
        size_limit=MAX_GRUPPEN,
    )
    return tuple(r["dn"] for r in conn.response or [] if r.get("type") == "searchResEntry")


def _person(conn: Connection, e: LdapEinstellungen, eintrag: dict) -> VerzeichnisPerson:
    attribute, roh = eintrag.get("attributes", {}), eintrag.get("raw_attributes", {})
    dn = eintrag["dn"]
    return VerzeichnisPerson(
        dn=dn,
        externe_id=_kennung(roh, attribute, e.attr_id, dn),
        benutzername=_erster(attribute, e.attr_benutzername) or "",
        name=_erster(attribute, e.attr_name),
        email=_erster(attribute, e.attr_email),
        gruppen=_gruppen(conn, e, dn, eintrag),
    )


def _suchen_und_binden(e: LdapEinstellungen, name: str, passwort: str) -> VerzeichnisPerson:
    filter_ = e.benutzer_filter.replace("{benutzername}", escape_filter_chars(name))
    with _gebunden(e, e.bind_dn, e.bind_passwort) as dienst:
        assert e.benutzer_basis  # Modus „suchen“: beim Start geprüft (config.anmeldung)
        treffer = _lies_eintrag(dienst, e, e.benutzer_basis, filter_, SUBTREE)
        if len(treffer) != 1:
            if len(treffer) > 1:
                log.warning("LDAP: %d Einträge für einen Anmeldenamen – abgewiesen", len(treffer))
            # Gleiche Arbeit wie bei einem bekannten Namen: ein vergeblicher Bind.
            try:
                _verbinde(e, f"{ATTRAPPE_RDN},{e.benutzer_basis}", passwort).unbind()
            except LDAPBindError:
                pass
            raise VerzeichnisFalsch("unbekannt")
        eintrag = treffer[0]
        try:
            _verbinde(e, eintrag["dn"], passwort).unbind()
        except LDAPBindError:
            raise VerzeichnisFalsch("passwort") from None
        return _person(dienst, e, eintrag)


def _direkt(e: LdapEinstellungen, name: str, passwort: str) -> VerzeichnisPerson:
    assert e.benutzer_dn  # Modus „direkt“: beim Start geprüft (config.anmeldung)
    bind_name = e.benutzer_dn.replace("{benutzername}", escape_rdn(name))
    try:
        conn = _verbinde(e, bind_name, passwort)
    except LDAPBindError:
        raise VerzeichnisFalsch("passwort") from None
    try:
        if e.benutzer_basis:
            filter_ = e.benutzer_filter.replace("{benutzername}", escape_filter_chars(name))
            treffer = _lies_eintrag(conn, e, e.benutzer_basis, filter_, SUBTREE)
        else:
            treffer = _lies_eintrag(conn, e, bind_name, "(objectClass=*)", BASE)
        if len(treffer) != 1:
            raise VerzeichnisFalsch("eintrag_nicht_lesbar")
        return _person(conn, e, treffer[0])
    finally:
        conn.unbind()


def authentifiziere(e: LdapEinstellungen, benutzername: str, passwort: str) -> VerzeichnisPerson:
    """Prüft Name und Passwort am Verzeichnis und liest Namen, E-Mail, Kennung und Gruppen.

    Wirft `VerzeichnisFalsch` (Meldung = Grund fürs Protokoll: unbekannt, passwort, …) oder
    `VerzeichnisNichtErreichbar` (Meldung = technischer Grund fürs Protokoll)."""
    name = (benutzername or "").strip()
    if not ERLAUBT.fullmatch(name):
        raise VerzeichnisFalsch("name_ungueltig")
    if not passwort:
        raise VerzeichnisFalsch("passwort_leer")
    try:
        if e.modus == MODUS_DIREKT:
            return _direkt(e, name, passwort)
        return _suchen_und_binden(e, name, passwort)
    except VerzeichnisFalsch:
        raise
    except LDAPBindError as fehler:  # das Dienstkonto selbst wurde abgewiesen
        log.error("LDAP: Dienstkonto abgewiesen: %s", fehler)
        raise VerzeichnisNichtErreichbar("dienstkonto_abgewiesen") from None
    except LDAPPasswordIsMandatoryError:
        raise VerzeichnisFalsch("passwort_leer") from None
    except (
        LDAPSocketOpenError,
        LDAPServerPoolExhaustedError,
        LDAPStartTLSError,
        LDAPCommunicationError,
        OSError,
    ) as fehler:
        log.warning("LDAP nicht erreichbar: %s: %s", type(fehler).__name__, fehler)
        raise VerzeichnisNichtErreichbar(type(fehler).__name__) from None
    except LDAPException as fehler:
        log.error("LDAP-Fehler: %s: %s", type(fehler).__name__, fehler)
        raise VerzeichnisNichtErreichbar(type(fehler).__name__) from None
