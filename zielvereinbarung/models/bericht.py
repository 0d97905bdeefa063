"""Fortschrittsberichte (PDF) und ihre Abonnements (DOMAIN.md § 7).

- Ein `Bericht` ist einmal gespeichert und unveränderlich: Datei unter
  `ZV_BERICHTE_PATH/<sha256[:2]>/<sha256>.pdf` (inhaltsadressiert), `datenstand_hash` ist der
  Fingerabdruck aller Zahlen und Texte, die in den Bericht eingehen. Derselbe Monat mit
  denselben Daten ergibt keinen neuen Bericht; mit geänderten Daten eine neue `version` –
  nie ein Überschreiben. UNIQUE (art, schluessel, monat, version) verhindert Doppel auch bei
  zwei gleichzeitigen Erzeugern.
- `art` 'traeger' (schluessel = AGS) oder 'land' (schluessel = Länderkürzel).
- Ein `BerichtAuftrag` ist ein zu erzeugender Bericht in der Warteschlange des verteilten
  Berichtslaufs (`services.berichte.warteschlange`): das fertige Ansichtsmodell als JSON, Status
  offen → in_arbeit (mit `inhaber` und Frist `frist_bis`) → erledigt (mit `bericht_id`) oder
  fehler. UNIQUE (art, schluessel, monat, version) wie beim Bericht: zwei Läufe reihen denselben
  Bericht nur einmal ein.
- Ein `Abonnement` (art, schluessel) bekommt eine E-Mail, sobald ein neuer Bericht bereitliegt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from . import benutzer, stammdaten  # noqa: F401  (Fremdschlüsselziele)
from .vereinbarung import UnveraenderlichError

TRAEGER = "traeger"
LAND = "land"


class Bericht(SQLModel, table=True):
    __tablename__ = "bericht"
    __table_args__ = (
        UniqueConstraint("art", "schluessel", "monat", "version"),
        Index("ix_bericht_monat_land", "monat", "land_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    art: str = Field(max_length=7)  # 'traeger' | 'land'
    schluessel: str = Field(max_length=5)  # AGS oder Länderkürzel
    ags: str | None = Field(default=None, foreign_key="traeger.ags", max_length=5)
    land_code: str = Field(foreign_key="land.code", max_length=2)
    monat: str = Field(max_length=7)  # Berichtsmonat 'YYYY-MM'
    version: int
    sha256: str = Field(max_length=64)
    datei: str = Field(max_length=255)  # relativ zu ZV_BERICHTE_PATH
    groesse: int
    datenstand_hash: str = Field(max_length=64)
    titel: str = Field(max_length=200)
    erstellt_am: datetime
    erstellt_von: str = Field(max_length=120)
    # die Kennwerte des Berichts (für „Neue Datenstände seit dem letzten Bericht“)
    kennwerte: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


OFFEN, IN_ARBEIT, ERLEDIGT, FEHLER = "offen", "in_arbeit", "erledigt", "fehler"


class BerichtAuftrag(SQLModel, table=True):
    __tablename__ = "bericht_auftrag"
    __table_args__ = (
        UniqueConstraint("art", "schluessel", "monat", "version"),
        Index("ix_bericht_auftrag_status_frist", "status", "frist_bis"),
    )

    id: int | None = Field(default=None, primary_key=True)
    art: str = Field(max_length=7)
    schluessel: str = Field(max_length=5)
    ags: str | None = Field(default=None, max_length=5)
    land_code: str = Field(max_length=2)
    monat: str = Field(max_length=7)
    version: int
    fingerabdruck: str = Field(max_length=64)
    modell: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    kennwerte: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(max_length=10)  # offen, in_arbeit, erledigt, fehler
    versuche: int = 0
    inhaber: str | None = Field(default=None, max_length=120)  # Rechner:PID des Workers
    frist_bis: datetime | None = None
    eingereiht_am: datetime
    eingereiht_von: str = Field(max_length=120)
    erledigt_am: datetime | None = None
    bericht_id: int | None = Field(default=None, foreign_key="bericht.id")
    fehler: str | None = Field(default=None, sa_type=Text)


class Abonnement(SQLModel, table=True):
    __tablename__ = "abonnement"
    __table_args__ = (UniqueConstraint("benutzer_id", "art", "schluessel"),)

    id: int | None = Field(default=None, primary_key=True)
    benutzer_id: int = Field(foreign_key="benutzer.id", index=True)
    art: str = Field(max_length=7)  # 'traeger' | 'land'
    schluessel: str = Field(max_length=5)
    erstellt_am: datetime


def _verweigere(_mapper, _connection, ziel) -> None:
    raise UnveraenderlichError(f"Bericht {ziel.id} ist unveränderlich.")


event.listen(Bericht, "before_update", _verweigere)
event.listen(Bericht, "before_delete", _verweigere)
