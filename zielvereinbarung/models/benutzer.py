"""Benutzerkonten und die Einträge der Anmeldedrosselung."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from . import ring, stammdaten  # noqa: F401  (Fremdschlüsselziele)

LOKAL = "lokal"  # Passwort in dieser Anwendung
LDAP = "ldap"  # LDAP / Active Directory, angelegt bei der ersten Anmeldung
OIDC = "oidc"  # OpenID Connect, angelegt bei der ersten Anmeldung


class Benutzer(SQLModel, table=True):
    """Ein Konto mit Rolle und Bereich (siehe `domain.berechtigung`).

    `passwort_hash` ist ein Argon2id-Hash. `sitzungs_generation` steht in jedem Sitzungscookie
    des Kontos; Abmelden, Passwortwechsel, Deaktivieren und „Sitzungen beenden“ zählen sie hoch –
    damit gilt jede bestehende Sitzung (auch ein kopiertes Cookie) sofort als abgemeldet.

    `herkunft`: wo sich das Konto anmeldet (`LOKAL`, `LDAP`, `OIDC`). Konten aus dem Verzeichnis
    tragen dessen unveränderliche Kennung in `externe_id` (LDAP: entryUUID/objectGUID; OIDC:
    „issuer sub“) und ein Zufallspasswort, das niemand kennt; Rolle und Bereich setzt jede
    Anmeldung neu aus den Gruppen (`services.konten.bereitstellung`).
    """

    __table_args__ = (UniqueConstraint("herkunft", "externe_id"),)

    id: int | None = Field(default=None, primary_key=True)
    benutzername: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=120)
    email: str | None = Field(default=None, max_length=254)
    passwort_hash: str = Field(max_length=255)
    rolle: str = Field(max_length=10)  # 'admin', 'land', 'traeger', 'leser', 'ring', 'bund'
    land_code: str | None = Field(default=None, foreign_key="land.code", max_length=2)
    traeger_ags: str | None = Field(default=None, foreign_key="traeger.ags", max_length=5)
    ring_id: int | None = Field(default=None, foreign_key="ring.id")  # Ring-Koordination
    aktiv: bool = True
    sitzungs_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    erstellt_am: datetime
    letzte_anmeldung: datetime | None = None
    herkunft: str = Field(default=LOKAL, max_length=10, sa_column_kwargs={"server_default": LOKAL})
    externe_id: str | None = Field(default=None, max_length=255)


class DrosselEintrag(SQLModel, table=True):
    """Ein gezählter Fehlversuch in einem Topf der Anmeldedrosselung (`web.kern.drossel`, `limits`
    „moving window“): `schluessel` nennt Grenze und Topf (Konto, Gerät oder IP-Adresse),
    `zeitpunkt`/`ablauf` in Unix-Sekunden. Abgelaufene Einträge werden beim nächsten Zählen
    gelöscht."""

    __tablename__ = "drossel_eintrag"

    id: int | None = Field(default=None, primary_key=True)
    schluessel: str = Field(max_length=255, index=True)
    zeitpunkt: float
    ablauf: float = Field(index=True)
