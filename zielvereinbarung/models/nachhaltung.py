"""Nachhaltung (DOMAIN.md § 7): Zielnachhaltedialoge, eingefrorene Jahresergebnisse und der
letzte Besuch eines Benutzers auf der Nachhaltungsseite (für „Neue Datenstände seit …“).

- Ein Dialog wird angelegt, nie geändert oder gelöscht (eine Korrektur ist ein neuer Dialog);
  jedes Anlegen steht im Audit-Protokoll. `partei` ist die Partei, die ihn erfasst hat (Land
  oder Träger); die andere Partei bestätigt ihn (`DialogBestaetigung`, ebenso unveränderlich).
- Jahresergebnisse sind unveränderlich: der Jahresabschluss friert je Zielindikator das Ergebnis
  mit dem Datenstand ein, auf dem es beruht; spätere Datenstände werden daneben gezeigt.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, Text, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from . import benutzer, vereinbarung  # noqa: F401  (Fremdschlüsselziele)
from .typen import DezimalText
from .vereinbarung import UnveraenderlichError


def _dezimal() -> Decimal | None:
    return Field(default=None, sa_type=DezimalText)


class Zielnachhaltedialog(SQLModel, table=True):
    __tablename__ = "zielnachhaltedialog"

    id: int | None = Field(default=None, primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id", index=True)
    datum: date
    teilnehmende: str = Field(sa_type=Text)
    datenstand: str = Field(max_length=7)  # 'YYYY-MM': „Daten bis 2026-06“
    # Zielindikator (oder Q1 …) → Würdigung in Worten
    wuerdigungen: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    massnahmen: str | None = Field(default=None, sa_type=Text)
    autor: str = Field(max_length=120)
    erstellt_am: datetime
    partei: str | None = Field(default=None, max_length=10)  # 'land'/'traeger': wer erfasst hat


class DialogBestaetigung(SQLModel, table=True):
    """Die Gegenseite bestätigt einen Zielnachhaltedialog (höchstens einmal)."""

    __tablename__ = "dialog_bestaetigung"

    dialog_id: int = Field(foreign_key="zielnachhaltedialog.id", primary_key=True)
    partei: str = Field(max_length=10)
    benutzername: str = Field(max_length=120)
    zeitpunkt: datetime


class Jahresergebnis(SQLModel, table=True):
    """Das festgestellte Ergebnis eines Zielindikators zum Jahresabschluss."""

    __tablename__ = "jahresergebnis"
    __table_args__ = (UniqueConstraint("vereinbarung_id", "zielindikator"),)

    id: int | None = Field(default=None, primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id")
    zielindikator: str = Field(max_length=10)
    bezeichnung: str = Field(max_length=200)
    zieltyp: str = Field(max_length=12)
    wert: Decimal | None = _dezimal()
    vorjahr: Decimal | None = _dezimal()
    veraenderung: Decimal | None = _dezimal()
    basiswert: Decimal | None = _dezimal()
    zielniveau: Decimal | None = _dezimal()
    grad: Decimal | None = _dezimal()
    status: str | None = Field(default=None, max_length=20)
    korridor_lage: str | None = Field(default=None, max_length=60)
    grund: str | None = Field(default=None, max_length=300)  # warum nicht berechenbar
    datenstand: date | None = None
    # „geändert durch Änderungsvereinbarung Nr. 1 vom 12.06.2026“ (DOMAIN.md § 8)
    aenderung: str | None = Field(default=None, max_length=200)
    festgestellt_am: datetime
    festgestellt_von: str = Field(max_length=120)


class NachhaltungBesuch(SQLModel, table=True):
    """Wann ein Benutzer die Nachhaltungsseite einer Vereinbarung zuletzt gesehen hat."""

    __tablename__ = "nachhaltung_besuch"

    benutzer_id: int = Field(foreign_key="benutzer.id", primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id", primary_key=True)
    zeitpunkt: datetime


def _verweigere(_mapper, _connection, ziel) -> None:
    raise UnveraenderlichError(f"{type(ziel).__name__} ist unveränderlich (id {ziel.id}).")


for _klasse in (Zielnachhaltedialog, DialogBestaetigung, Jahresergebnis):
    event.listen(_klasse, "before_update", _verweigere)
    event.listen(_klasse, "before_delete", _verweigere)
