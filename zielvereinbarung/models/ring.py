"""Vergleichsringe (DOMAIN.md § 11): Ring, Mitglieder je Jahr, eigene Basiszahlen mit ihren
Werten (Datenstände wie bei den Basiszahlen, nie überschrieben), eigene Kennzahlen (versioniert)
und die Jahresberichte.

Werte der eigenen Basiszahlen stehen als ganze Zahlen in der Einheit ihrer Skala (Anzahl; Euro
in Cent; Anteil in Zehntausendsteln), siehe `domain.ringe.BASISZAHL_EINHEITEN`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from . import basiszahlen, stammdaten  # noqa: F401  (Fremdschlüsselziele)


class Ring(SQLModel, table=True):
    """Ein Vergleichsring. `laender_sehen`: auch die Länder der Mitglieder dürfen den Ring sehen.
    `freigegeben_bis` ('JJJJ-MM'): bis zu diesem Monat sind die Werte für Mitglieder (und ggf.
    Länder) freigegeben; die Koordination sieht immer alles."""

    __tablename__ = "ring"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    beschreibung: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    laender_sehen: bool = False
    freigegeben_bis: str | None = Field(default=None, max_length=7)
    demodaten: bool = False
    erstellt_am: datetime


class RingMitglied(SQLModel, table=True):
    __tablename__ = "ring_mitglied"
    __table_args__ = (UniqueConstraint("ring_id", "jahr", "ags"),)

    id: int | None = Field(default=None, primary_key=True)
    ring_id: int = Field(foreign_key="ring.id", index=True)
    jahr: int
    ags: str = Field(foreign_key="traeger.ags", max_length=5, index=True)


class RingBasiszahl(SQLModel, table=True):
    """Eine eigene Basiszahl; der Code ist über alle Ringe eindeutig (er ist eine Importspalte)."""

    __tablename__ = "ring_basiszahl"

    id: int | None = Field(default=None, primary_key=True)
    ring_id: int = Field(foreign_key="ring.id", index=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=120)
    einheit: str = Field(max_length=7)  # 'anzahl', 'euro', 'anteil'
    kategorie: str = Field(default="", max_length=60)
    beschreibung: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    obergrenze: str | None = Field(default=None, max_length=40)  # Plausibilität: Wert ≤ diese


class RingKennzahl(SQLModel, table=True):
    """Eine Version einer eigenen Kennzahl; die Formel einer Version ändert sich nie."""

    __tablename__ = "ring_kennzahl"
    __table_args__ = (UniqueConstraint("ring_id", "code", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    ring_id: int = Field(foreign_key="ring.id", index=True)
    code: str = Field(max_length=20)
    version: int
    name: str = Field(max_length=200)
    kategorie: str = Field(max_length=10)  # 'basis', 'struktur', 'qualitaet', 'kosten'
    einheit: str = Field(max_length=10)  # 'prozent', 'euro', 'anzahl', 'faktor'
    richtung: str = Field(max_length=10)  # 'hoeher', 'niedriger', 'neutral'
    formel: str = Field(sa_column=Column(Text, nullable=False))
    gueltig_ab: date
    gueltig_bis: date | None = None
    ba_unterschied: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class RingWert(SQLModel, table=True):
    """Ein Wert einer eigenen Basiszahl für Träger, Monat und Geschlechtergruppe in einem
    Datenstand; es gilt die Fassung mit dem neuesten Datenstand (dann der spätere Import)."""

    __tablename__ = "ring_wert"
    __table_args__ = (Index("ix_ring_wert_schluessel", "ags", "geschlecht", "monat"),)

    id: int | None = Field(default=None, primary_key=True)
    basiszahl_id: int = Field(foreign_key="ring_basiszahl.id", index=True)
    ags: str = Field(foreign_key="traeger.ags", max_length=5)
    monat: str = Field(max_length=7)
    geschlecht: str = Field(max_length=7)
    datenstand: date
    import_id: int = Field(foreign_key="import_protokoll.id", index=True)
    wert: int | None = Field(default=None, sa_type=BigInteger)  # None = nicht gemeldet
    hinweise: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class RingBericht(SQLModel, table=True):
    """Der Jahresbericht (PDF) eines Rings; unveränderlich, neue Daten ergeben eine neue Version."""

    __tablename__ = "ring_bericht"
    __table_args__ = (UniqueConstraint("ring_id", "jahr", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    ring_id: int = Field(foreign_key="ring.id", index=True)
    jahr: int
    version: int
    sha256: str = Field(max_length=64)
    datei: str = Field(max_length=255)  # relativ zur Berichtsablage (ZV_BERICHTE_PATH)
    groesse: int
    datenstand_hash: str = Field(max_length=64)
    titel: str = Field(max_length=200)
    erstellt_am: datetime
    erstellt_von: str = Field(max_length=120)
