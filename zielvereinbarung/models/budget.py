"""Budgetrahmen und Ausgaben (DOMAIN.md § 10): Eingliederungs- und Verwaltungsmittel je Träger.

- `Budgetrahmen`: die geplanten Mittel je Träger und Jahr (ganze Cent). Nie überschrieben: jede
  Erfassung (Formular oder Import) ist eine neue Zeile; es gilt die neueste (größte id).
- `Ausgabe`: die ausgegebenen Mittel je Träger und Monat mit Datenstand (ganze Cent; None = nicht
  gemeldet), importiert mit dem Basiszahlen-Import. Nie überschrieben: es gilt der neueste
  Datenstand, bei gleichem Datenstand der spätere Import (wie bei den Basiszahlen).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from . import basiszahlen, stammdaten  # noqa: F401  (Fremdschlüsselziele)


class Budgetrahmen(SQLModel, table=True):
    __tablename__ = "budgetrahmen"
    __table_args__ = (Index("ix_budgetrahmen_ags_jahr", "ags", "jahr"),)

    id: int | None = Field(default=None, primary_key=True)
    ags: str = Field(foreign_key="traeger.ags", max_length=5)
    jahr: int
    eingliederung: int = Field(sa_type=BigInteger)  # Cent
    verwaltung: int = Field(sa_type=BigInteger)  # Cent
    quelle: str = Field(max_length=20)  # 'formular', 'import', 'demo'
    import_id: int | None = Field(default=None, foreign_key="import_protokoll.id")
    benutzer: str = Field(max_length=120)
    zeitpunkt: datetime


class Ausgabe(SQLModel, table=True):
    __tablename__ = "ausgabe"
    __table_args__ = (Index("ix_ausgabe_ags_monat", "ags", "monat"),)

    id: int | None = Field(default=None, primary_key=True)
    ags: str = Field(foreign_key="traeger.ags", max_length=5)
    monat: str = Field(max_length=7)  # 'YYYY-MM'
    datenstand: date
    import_id: int = Field(foreign_key="import_protokoll.id", index=True)
    eingliederung: int | None = Field(default=None, sa_type=BigInteger)  # Cent
    verwaltung: int | None = Field(default=None, sa_type=BigInteger)  # Cent
