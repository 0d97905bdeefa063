"""Nachhaltung (DOMAIN.md § 7): Zielnachhaltedialoge, eingefrorene Jahresergebnisse und der
letzte Besuch eines Benutzers auf der Nachhaltungsseite (für „Neue Datenstände seit …“).

- Ein Dialog wird nie gelöscht. `partei` ist die Partei, die ihn erfasst hat (Land oder
  Träger); die andere Partei bestätigt ihn (`DialogBestaetigung`, unveränderlich, mit der
  bestätigten `version`). Bis dahin darf die erfassende Partei ihn korrigieren: `version` zählt
  hoch, die ersetzte Version bleibt als `DialogVersion` erhalten (Primärschlüssel Dialog +
  Version: zwei gleichzeitige Korrekturen derselben Version scheitern in der Datenbank). Ein
  bestätigter Dialog ist eingefroren (auch am Dienst vorbei: `_nur_unbestaetigt`); eine
  Korrektur ist dann ein neuer Dialog mit `korrektur_von` (je Dialog höchstens eine).
- `formular_token` macht das Absenden eines Formulars einmalig: eindeutig je Vereinbarung, ein
  zweites Absenden findet den gespeicherten Dialog. Anlegen, Korrigieren und Bestätigen stehen im
  Audit-Protokoll.
- Jahresergebnisse sind unveränderlich: der Jahresabschluss friert je Zielindikator das Ergebnis
  mit dem Datenstand ein, auf dem es beruht; spätere Datenstände werden daneben gezeigt.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, event, select
from sqlmodel import Field, SQLModel, col

from . import benutzer, vereinbarung  # noqa: F401  (Fremdschlüsselziele)
from .typen import DezimalText
from .vereinbarung import UnveraenderlichError


def _dezimal() -> Decimal | None:
    return Field(default=None, sa_type=DezimalText)


class Zielnachhaltedialog(SQLModel, table=True):
    __tablename__ = "zielnachhaltedialog"
    __table_args__ = (  # eindeutige Indizes (SQLite legt sie ohne Neuaufbau der Tabelle an)
        Index(
            "uq_zielnachhaltedialog_formular_token",
            "vereinbarung_id",
            "formular_token",
            unique=True,
        ),
        Index("uq_zielnachhaltedialog_korrektur_von", "korrektur_von", unique=True),
    )

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
    # jede Korrektur vor der Bestätigung zählt hoch
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    geaendert_von: str | None = Field(default=None, max_length=120)  # die letzte Korrektur
    geaendert_am: datetime | None = None
    formular_token: str | None = Field(default=None, max_length=64)
    # der bestätigte Dialog, den dieser korrigiert (→ zielnachhaltedialog.id, ohne Fremdschlüssel:
    # die Migration fügt nur Spalten hinzu; Dialoge werden nie gelöscht, der Dienst prüft)
    korrektur_von: int | None = None


class DialogBestaetigung(SQLModel, table=True):
    """Die Gegenseite bestätigt einen Zielnachhaltedialog (höchstens einmal)."""

    __tablename__ = "dialog_bestaetigung"

    dialog_id: int = Field(foreign_key="zielnachhaltedialog.id", primary_key=True)
    partei: str = Field(max_length=10)
    benutzername: str = Field(max_length=120)
    zeitpunkt: datetime
    # die Version des Dialogs, die bestätigt wurde
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class DialogVersion(SQLModel, table=True):
    """Eine durch Korrektur ersetzte Version eines Dialogs (wie sie vorher gespeichert war)."""

    __tablename__ = "dialog_version"

    dialog_id: int = Field(foreign_key="zielnachhaltedialog.id", primary_key=True)
    version: int = Field(primary_key=True)
    datum: date
    teilnehmende: str = Field(sa_type=Text)
    datenstand: str = Field(max_length=7)
    wuerdigungen: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    massnahmen: str | None = Field(default=None, sa_type=Text)
    verfasst_von: str = Field(max_length=120)  # wer diese Version geschrieben hat
    verfasst_am: datetime
    ersetzt_von: str = Field(max_length=120)  # wer sie korrigiert hat
    ersetzt_am: datetime


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


def _nur_unbestaetigt(mapper, connection, dialog: Zielnachhaltedialog) -> None:
    """Ein bestätigter Dialog ist eingefroren (die Bestätigung wird frisch gelesen)."""
    bestaetigt = connection.execute(
        select(col(DialogBestaetigung.dialog_id)).where(
            col(DialogBestaetigung.dialog_id) == dialog.id
        )
    ).first()
    if bestaetigt is not None:
        _verweigere(mapper, connection, dialog)


event.listen(Zielnachhaltedialog, "before_update", _nur_unbestaetigt)
for _klasse in (Zielnachhaltedialog, DialogBestaetigung, DialogVersion, Jahresergebnis):
    if _klasse is not Zielnachhaltedialog:
        event.listen(_klasse, "before_update", _verweigere)
    event.listen(_klasse, "before_delete", _verweigere)
