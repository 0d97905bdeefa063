"""Einstellungen der Anmeldung: lokale Konten, LDAP/Active Directory, OpenID Connect.

Alle Werte aus Umgebungsvariablen (`ZV_LOKALE_ANMELDUNG`, `ZV_GRUPPEN_ZUORDNUNG`, `ZV_LDAP_*`,
`ZV_OIDC_*`; Bedeutung in docs/anmeldung.md), einmal beim Start geprüft: eine fehlerhafte
Angabe ist ein Startfehler mit deutscher Meldung, kein stiller Standardwert.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from ..domain.berechtigung import ADMIN
from ..domain.gruppenzuordnung import Zuordnung, ZuordnungUngueltig, lade_zuordnung
from ..fehler import KonfigurationsFehler

LOKAL_ALLE = "alle"
LOKAL_NUR_ADMINS = "admins"
MODUS_SUCHEN = "suchen"  # mit Dienstkonto (oder anonym) suchen, dann als Benutzer binden
MODUS_DIREKT = "direkt"  # direkt als Benutzer binden (DN oder UPN aus einem Muster)


@dataclass(frozen=True)
class LdapEinstellungen:
    urls: tuple[str, ...]  # ldap://… oder ldaps://…; mehrere: der Reihe nach (Ausfall)
    modus: str = MODUS_SUCHEN
    starttls: bool = False
    ca_datei: str | None = None
    bind_dn: str | None = None  # Dienstkonto für die Suche (Modus „suchen“); leer: anonym
    bind_passwort: str | None = None
    benutzer_basis: str | None = None
    benutzer_filter: str = "(uid={benutzername})"
    benutzer_dn: str | None = None  # Modus „direkt“: z. B. „uid={benutzername},ou=…“ oder UPN
    gruppen_basis: str | None = None  # gesetzt: Gruppen suchen statt `attr_gruppen` lesen
    gruppen_filter: str = "(member={dn})"
    attr_benutzername: str = "uid"
    attr_name: str = "cn"
    attr_email: str = "mail"
    attr_gruppen: str = "memberOf"
    attr_id: str = "entryUUID"  # unveränderliche Kennung; AD: objectGUID
    timeout: float = 5.0

    @property
    def tls(self) -> bool:
        return self.starttls or all(url.lower().startswith("ldaps://") for url in self.urls)


@dataclass(frozen=True)
class OidcEinstellungen:
    issuer: str
    client_id: str
    client_secret: str | None = None  # leer: öffentlicher Client (nur PKCE)
    scope: str = "openid profile email"
    gruppen_claim: str = "groups"
    benutzername_claim: str = "preferred_username"
    bezeichnung: str = "Landesportal"  # Beschriftung des Knopfs auf der Anmeldeseite
    ca_datei: str | None = None
    abmelden_beim_anbieter: bool = True  # RP-initiiertes Abmelden, wenn der Anbieter es kann
    timeout: float = 10.0

    @property
    def metadaten_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


@dataclass(frozen=True)
class AnmeldeEinstellungen:
    lokal: str = LOKAL_ALLE
    zuordnung: Zuordnung | None = None
    ldap: LdapEinstellungen | None = None
    oidc: OidcEinstellungen | None = None

    def lokal_erlaubt(self, rolle: str) -> bool:
        """Lokale Passwörter: für alle oder (ZV_LOKALE_ANMELDUNG=admins) nur für Administratoren."""
        return self.lokal == LOKAL_ALLE or rolle == ADMIN

    @classmethod
    def aus_umgebung(cls, env: Mapping[str, str]) -> AnmeldeEinstellungen:
        """Aus den Umgebungsvariablen `env` (gelesen von `config.anmelde_einstellungen`)."""
        lokal = (env.get("ZV_LOKALE_ANMELDUNG") or LOKAL_ALLE).strip().lower()
        if lokal not in (LOKAL_ALLE, LOKAL_NUR_ADMINS):
            raise KonfigurationsFehler(
                f"ZV_LOKALE_ANMELDUNG muss „{LOKAL_ALLE}“ oder „{LOKAL_NUR_ADMINS}“ sein, "
                f"nicht „{lokal}“."
            )
        ldap, oidc = _ldap(env), _oidc(env)
        pfad = (env.get("ZV_GRUPPEN_ZUORDNUNG") or "").strip()
        if (ldap or oidc) and not pfad:
            raise KonfigurationsFehler(
                "Für die Anmeldung über LDAP oder OpenID Connect fehlt ZV_GRUPPEN_ZUORDNUNG "
                "(Datei mit den Regeln Gruppe → Rolle und Bereich, siehe docs/anmeldung.md)."
            )
        zuordnung = lade_zuordnungsdatei(Path(pfad)) if pfad else None
        return cls(lokal=lokal, zuordnung=zuordnung, ldap=ldap, oidc=oidc)


def lade_zuordnungsdatei(pfad: Path) -> Zuordnung:
    """TOML-Datei mit `[[regel]]`-Tabellen (siehe `domain.gruppenzuordnung`)."""
    try:
        daten = tomllib.loads(pfad.read_text(encoding="utf-8"))
    except OSError as e:
        raise KonfigurationsFehler(
            f"ZV_GRUPPEN_ZUORDNUNG: Datei {pfad} nicht lesbar ({e.strerror})."
        ) from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise KonfigurationsFehler(f"ZV_GRUPPEN_ZUORDNUNG: {pfad} ist kein TOML ({e}).") from e
    try:
        return lade_zuordnung(daten.get("regel"))
    except ZuordnungUngueltig as e:
        raise KonfigurationsFehler(f"ZV_GRUPPEN_ZUORDNUNG ({pfad}): {e}") from e


@overload
def _text(env: Mapping[str, str], name: str) -> str | None: ...
@overload
def _text(env: Mapping[str, str], name: str, standard: str) -> str: ...
def _text(env: Mapping[str, str], name: str, standard: str | None = None) -> str | None:
    """Der Wert ohne Leerraum; leer oder nicht gesetzt: `standard`."""
    wert = (env.get(name) or "").strip()
    return wert or standard


def _ja(env: Mapping[str, str], name: str, standard: bool) -> bool:
    wert = (env.get(name) or "").strip().lower()
    if not wert:
        return standard
    if wert in ("1", "ja", "true", "yes", "an"):
        return True
    if wert in ("0", "nein", "false", "no", "aus"):
        return False
    raise KonfigurationsFehler(f"{name} muss „ja“ oder „nein“ sein, nicht „{wert}“.")


def _sekunden(env: Mapping[str, str], name: str, standard: float) -> float:
    wert = _text(env, name)
    try:
        zahl = float(wert) if wert else standard
    except ValueError:
        zahl = -1
    if not 0 < zahl <= 120:
        raise KonfigurationsFehler(f"{name} muss eine Zahl von Sekunden (0–120) sein.")
    return zahl


def _datei(env: Mapping[str, str], name: str) -> str | None:
    pfad = _text(env, name)
    if pfad and not Path(pfad).is_file():
        raise KonfigurationsFehler(f"{name}: Datei {pfad} gibt es nicht.")
    return pfad


def _ldap(env: Mapping[str, str]) -> LdapEinstellungen | None:
    urls = tuple((env.get("ZV_LDAP_URL") or "").split())
    if not urls:
        return None
    if falsch := [u for u in urls if not u.lower().startswith(("ldap://", "ldaps://"))]:
        raise KonfigurationsFehler(
            f"ZV_LDAP_URL: „{falsch[0]}“ beginnt nicht mit ldap:// oder ldaps://."
        )
    modus = (_text(env, "ZV_LDAP_MODUS", MODUS_SUCHEN) or "").lower()
    if modus not in (MODUS_SUCHEN, MODUS_DIREKT):
        raise KonfigurationsFehler(
            f"ZV_LDAP_MODUS muss „{MODUS_SUCHEN}“ oder „{MODUS_DIREKT}“ sein."
        )
    e = LdapEinstellungen(
        urls=urls,
        modus=modus,
        starttls=_ja(env, "ZV_LDAP_STARTTLS", False),
        ca_datei=_datei(env, "ZV_LDAP_CA_DATEI"),
        bind_dn=_text(env, "ZV_LDAP_BIND_DN"),
        bind_passwort=env.get("ZV_LDAP_BIND_PASSWORT") or None,
        benutzer_basis=_text(env, "ZV_LDAP_BENUTZER_BASIS"),
        benutzer_filter=_text(env, "ZV_LDAP_BENUTZER_FILTER", "(uid={benutzername})"),
        benutzer_dn=_text(env, "ZV_LDAP_BENUTZER_DN"),
        gruppen_basis=_text(env, "ZV_LDAP_GRUPPEN_BASIS"),
        gruppen_filter=_text(env, "ZV_LDAP_GRUPPEN_FILTER", "(member={dn})"),
        attr_benutzername=_text(env, "ZV_LDAP_ATTR_BENUTZERNAME", "uid"),
        attr_name=_text(env, "ZV_LDAP_ATTR_NAME", "cn"),
        attr_email=_text(env, "ZV_LDAP_ATTR_EMAIL", "mail"),
        attr_gruppen=_text(env, "ZV_LDAP_ATTR_GRUPPEN", "memberOf"),
        attr_id=_text(env, "ZV_LDAP_ATTR_ID", "entryUUID"),
        timeout=_sekunden(env, "ZV_LDAP_TIMEOUT", 5.0),
    )
    pruefe_ldap(e)
    return e


def pruefe_ldap(e: LdapEinstellungen) -> None:
    """Zusammenhänge der LDAP-Einstellungen (auch für Einstellungen, die Tests bauen)."""
    if e.modus == MODUS_SUCHEN and not e.benutzer_basis:
        raise KonfigurationsFehler("ZV_LDAP_BENUTZER_BASIS fehlt (Suchbasis für Benutzer).")
    if e.modus == MODUS_SUCHEN and "{benutzername}" not in e.benutzer_filter:
        raise KonfigurationsFehler("ZV_LDAP_BENUTZER_FILTER muss {benutzername} enthalten.")
    if e.modus == MODUS_DIREKT:
        if not e.benutzer_dn or "{benutzername}" not in e.benutzer_dn:
            raise KonfigurationsFehler(
                "Im Modus „direkt“ muss ZV_LDAP_BENUTZER_DN gesetzt sein und {benutzername} "
                "enthalten (z. B. uid={benutzername},ou=personen,dc=land,dc=example oder "
                "{benutzername}@land.example)."
            )
        if "=" not in e.benutzer_dn and not e.benutzer_basis:
            raise KonfigurationsFehler(
                "Bindet ZV_LDAP_BENUTZER_DN mit einem UPN, braucht es ZV_LDAP_BENUTZER_BASIS, "
                "um den Eintrag des Benutzers zu finden."
            )
    if e.gruppen_basis and "{dn}" not in e.gruppen_filter:
        raise KonfigurationsFehler("ZV_LDAP_GRUPPEN_FILTER muss {dn} enthalten.")
    if bool(e.bind_dn) != bool(e.bind_passwort):
        raise KonfigurationsFehler(
            "ZV_LDAP_BIND_DN und ZV_LDAP_BIND_PASSWORT bitte zusammen setzen (oder beide leer "
            "für eine anonyme Suche)."
        )


def _oidc(env: Mapping[str, str]) -> OidcEinstellungen | None:
    issuer = _text(env, "ZV_OIDC_ISSUER")
    if not issuer:
        return None
    if not issuer.lower().startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise KonfigurationsFehler("ZV_OIDC_ISSUER muss eine https://-Adresse sein.")
    client_id = _text(env, "ZV_OIDC_CLIENT_ID")
    if not client_id:
        raise KonfigurationsFehler("ZV_OIDC_CLIENT_ID fehlt.")
    scope = _text(env, "ZV_OIDC_SCOPE", "openid profile email") or ""
    if "openid" not in scope.split():
        raise KonfigurationsFehler("ZV_OIDC_SCOPE muss „openid“ enthalten.")
    return OidcEinstellungen(
        issuer=issuer,
        client_id=client_id,
        client_secret=env.get("ZV_OIDC_CLIENT_SECRET") or None,
        scope=scope,
        gruppen_claim=_text(env, "ZV_OIDC_GRUPPEN_CLAIM", "groups"),
        benutzername_claim=_text(env, "ZV_OIDC_BENUTZERNAME_CLAIM", "preferred_username"),
        bezeichnung=_text(env, "ZV_OIDC_BEZEICHNUNG", "Landesportal"),
        ca_datei=_datei(env, "ZV_OIDC_CA_DATEI"),
        abmelden_beim_anbieter=_ja(env, "ZV_OIDC_ABMELDEN", True),
        timeout=_sekunden(env, "ZV_OIDC_TIMEOUT", 10.0),
    )
