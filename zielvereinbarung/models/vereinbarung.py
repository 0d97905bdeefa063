"""Zielvereinbarungen, ihre Revisionen und Zielwerte, Zustandswechsel, Orientierungswerte und
Einstellungen eines Landes (DOMAIN.md §§ 4 und 5).

- Revisionen und Zielwerte sind unveränderlich: einmal geschrieben, nie geändert oder gelöscht
  (die ORM-Ereignisse unten verweigern UPDATE und DELETE über die Session).
- `Zielvereinbarung.version_id` ist der Versionszähler für optimistisches Sperren: jedes UPDATE
  prüft ihn (`WHERE version_id = alt`) und erhöht ihn; ein paralleler Schreiber führt zu
  `StaleDataError`.
- `vereinbarte_revision_id` zeigt auf die angenommene Revision. Bewusst ohne Fremdschlüssel:
  Revision → Vereinbarung und Vereinbarung → Revision wären ein Zyklus, den weder das Leeren der
  Tabellen noch PostgreSQL-Migrationen ohne Umwege vertragen; der Service setzt nur eigene
  Revisionen ein.
- Je Träger und Jahr gibt es höchstens eine ursprüngliche Vereinbarung (Teil-Unique-Index);
  Änderungsvereinbarungen (`aenderung_von_id`) verweisen auf das Original und sind je Original
  nummeriert (`aenderung_nr`, eindeutig; DOMAIN.md § 8, `domain.aenderung`).
- **Vereinbarung BMAS ↔ Land** (DOMAIN.md § 9, `art = bund_land`): `ags` ist leer, `land_code`
  nennt das Land (für die zkT des Landes insgesamt); höchstens eine ursprüngliche je Land und
  Jahr. Bei Vereinbarungen mit einem Träger bleibt `land_code` leer (das Land folgt aus dem
  Träger). Die Parteien heißen dann BMAS (statt Land) und Land (statt Träger).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, Index, Integer, Text, UniqueConstraint, event, false, text
from sqlmodel import Field, SQLModel

from . import stammdaten  # noqa: F401  (Fremdschlüsselziele)
from .typen import DezimalText


def _dezimal() -> Decimal | None:
    return Field(default=None, sa_type=DezimalText)


def _text() -> str | None:
    return Field(default=None, sa_type=Text)


class Orientierungswert(SQLModel, table=True):
    """Vorgabe des Landes für einen Zielindikator (oder qualitatives Ziel Q1, …) und ein Jahr."""

    __tablename__ = "orientierungswert"
    __table_args__ = (UniqueConstraint("land_code", "jahr", "zielindikator"),)

    id: int | None = Field(default=None, primary_key=True)
    land_code: str = Field(foreign_key="land.code", max_length=2)
    jahr: int
    zielindikator: str = Field(max_length=10)
    zieltyp: str = Field(max_length=12)
    wert: Decimal | None = _dezimal()
    untere: Decimal | None = _dezimal()
    obere: Decimal | None = _dezimal()
    text: str | None = _text()
    bezeichnung: str | None = Field(default=None, max_length=200)
    kommentar: str | None = _text()
    geaendert_am: datetime
    geaendert_von: str = Field(max_length=120)


class LandEinstellung(SQLModel, table=True):
    """Schwellen des Status in Prozent Zielerreichung: erreicht ≥ schwelle_erreicht, knapp ≥
    schwelle_knapp (unterjährig: auf Kurs, gefährdet). `vier_augen`: vor der Gegenzeichnung des
    Landes gibt eine zweite zeichnungsberechtigte Person frei (`models.zeichnung.Freigabe`)."""

    __tablename__ = "land_einstellung"

    land_code: str = Field(foreign_key="land.code", primary_key=True, max_length=2)
    schwelle_erreicht: Decimal = Field(default=Decimal(100), sa_type=DezimalText, nullable=False)
    schwelle_knapp: Decimal = Field(default=Decimal(97), sa_type=DezimalText, nullable=False)
    vier_augen: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


_version = Column("version_id", Integer, nullable=False)


class Zielvereinbarung(SQLModel, table=True):
    __tablename__ = "zielvereinbarung"
    __table_args__ = (
        Index("ix_zielvereinbarung_ags_jahr", "ags", "jahr"),
        Index(
            "uq_zielvereinbarung_original",
            "ags",
            "jahr",
            unique=True,
            sqlite_where=text("aenderung_von_id IS NULL"),
            postgresql_where=text("aenderung_von_id IS NULL"),
        ),
        Index(
            "uq_zielvereinbarung_bund_land",
            "land_code",
            "jahr",
            unique=True,
            sqlite_where=text("ags IS NULL AND aenderung_von_id IS NULL"),
            postgresql_where=text("ags IS NULL AND aenderung_von_id IS NULL"),
        ),
        Index("uq_zielvereinbarung_aenderung_nr", "aenderung_von_id", "aenderung_nr", unique=True),
    )
    __mapper_args__ = {"version_id_col": _version}

    id: int | None = Field(default=None, primary_key=True)
    ags: str | None = Field(default=None, foreign_key="traeger.ags", max_length=5)
    land_code: str | None = Field(default=None, foreign_key="land.code", max_length=2)  # bund_land
    jahr: int
    zustand: str = Field(max_length=25)
    am_zug: str | None = Field(default=None, max_length=10)  # Partei: 'land', 'traeger', 'bund'
    version_id: int | None = Field(default=None, sa_column=_version)
    aenderung_von_id: int | None = Field(default=None, foreign_key="zielvereinbarung.id")
    aenderung_nr: int | None = None  # Nr. 1, 2, … je Original (nur Änderungsvereinbarungen)
    vereinbarte_revision_id: int | None = None  # → revision.id (ohne FK, siehe Modulkopf)
    erstellt_am: datetime
    geaendert_am: datetime


class Revision(SQLModel, table=True):
    """Eine unveränderliche Revision der Zielwerte: Entwurf, Angebot oder Gegenvorschlag."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("vereinbarung_id", "nummer"),)

    id: int | None = Field(default=None, primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id")
    nummer: int  # 1 … n je Vereinbarung
    art: str = Field(max_length=15)  # 'entwurf', 'angebot', 'gegenvorschlag'
    rolle: str = Field(max_length=10)  # 'system', 'land', 'traeger', 'bund'
    autor: str = Field(max_length=120)
    zeitpunkt: datetime
    kommentar: str | None = _text()
    basis_nummer: int | None = None  # die Revision, auf der die Eingabe beruhte


class Zielwert(SQLModel, table=True):
    """Ziel für einen Zielindikator (oder ein qualitatives Ziel 'Q1', …) in einer Revision, mit
    dem Basiswert und Kontext, wie sie beim Entwurf galten."""

    __tablename__ = "zielwert"

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    reihenfolge: int
    zielindikator: str = Field(max_length=10)
    bezeichnung: str = Field(max_length=200)
    zieltyp: str = Field(max_length=12)
    wert: Decimal | None = _dezimal()
    untere: Decimal | None = _dezimal()
    obere: Decimal | None = _dezimal()
    text: str | None = _text()
    kommentar: str | None = _text()
    basiswert: Decimal | None = _dezimal()
    basiswert_vorlaeufig: bool = False
    basiswert_monat: str | None = Field(default=None, max_length=7)  # 'YYYY-MM'
    basiswert_grund: str | None = Field(default=None, max_length=300)  # warum nicht berechenbar
    orientierungswert: str | None = Field(default=None, max_length=200)  # z. B. „+2,5 %“
    kontext: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Zustandswechsel(SQLModel, table=True):
    __tablename__ = "zustandswechsel"

    id: int | None = Field(default=None, primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id", index=True)
    von: str | None = Field(default=None, max_length=25)  # None: Vereinbarung angelegt
    nach: str = Field(max_length=25)
    aktion: str = Field(max_length=40)
    akteur: str = Field(max_length=120)
    rolle: str = Field(max_length=10)
    zeitpunkt: datetime
    revision_id: int | None = Field(default=None, foreign_key="revision.id")


class UnveraenderlichError(Exception):
    """Revisionen und Zielwerte werden nie geändert oder gelöscht."""


def _verweigere(_mapper, _connection, ziel) -> None:
    raise UnveraenderlichError(f"{type(ziel).__name__} ist unveränderlich (id {ziel.id}).")


for _klasse in (Revision, Zielwert):
    event.listen(_klasse, "before_update", _verweigere)
    event.listen(_klasse, "before_delete", _verweigere)
