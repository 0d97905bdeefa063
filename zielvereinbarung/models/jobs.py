"""Geplante Aufgaben: Läufe, Sperren gegen Doppelläufe, Merker, gesendete Erinnerungen und die
Tabelle des APScheduler-Jobstores (damit die Migration sie anlegt und das Schema vollständig ist).

- `JobLauf`: jeder Lauf (auch angeforderte „jetzt ausführen“ und verweigerte Doppelläufe).
- `JobSperre`: eine Zeile je laufendem Job (Lease bis `bis`); ein zweiter Scheduler-Prozess
  bekommt beim Einfügen einen IntegrityError und lässt den Lauf aus.
- `JobMerker`: kleine Zustände, z. B. der zuletzt verarbeitete Import.
- `Erinnerung`: je Vereinbarung, Wartebeginn (Zustandswechsel) und Stufe höchstens einmal.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Float, LargeBinary, Table, Text, Unicode, UniqueConstraint
from sqlmodel import Field, SQLModel

from . import vereinbarung  # noqa: F401  (Fremdschlüsselziele)


class JobLauf(SQLModel, table=True):
    __tablename__ = "job_lauf"

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=40, index=True)
    status: str = Field(max_length=15)  # angefordert, laeuft, ok, fehler, uebersprungen
    ausgeloest: str = Field(max_length=15)  # zeitplan, manuell, cli
    angefordert_von: str | None = Field(default=None, max_length=120)
    angefordert_am: datetime
    beginn: datetime | None = None
    ende: datetime | None = None
    prozess: str | None = Field(default=None, max_length=120)
    ergebnis: str | None = Field(default=None, sa_type=Text)


class JobSperre(SQLModel, table=True):
    __tablename__ = "job_sperre"

    job: str = Field(primary_key=True, max_length=40)
    inhaber: str = Field(max_length=120)
    bis: datetime
    lauf_id: int | None = None


class JobMerker(SQLModel, table=True):
    __tablename__ = "job_merker"

    name: str = Field(primary_key=True, max_length=60)
    wert: str = Field(max_length=200)
    geaendert_am: datetime


class Erinnerung(SQLModel, table=True):
    __tablename__ = "erinnerung"
    __table_args__ = (UniqueConstraint("vereinbarung_id", "wechsel_id", "stufe"),)

    id: int | None = Field(default=None, primary_key=True)
    vereinbarung_id: int = Field(foreign_key="zielvereinbarung.id")
    wechsel_id: int = Field(foreign_key="zustandswechsel.id")
    stufe: int  # 1: nach N Tagen, 2: nach 2 N Tagen, …
    partei: str = Field(max_length=10)
    an: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    gesendet_am: datetime


# Genau das Schema von apscheduler.jobstores.sqlalchemy.SQLAlchemyJobStore (3.x).
APSCHEDULER_TABELLE = "apscheduler_jobs"
apscheduler_jobs = Table(
    APSCHEDULER_TABELLE,
    SQLModel.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
