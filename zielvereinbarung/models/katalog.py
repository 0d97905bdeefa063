"""Der versionierte Kennzahlenkatalog (Definitionen mit Gültigkeitszeitraum)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class KennzahlDefinition(SQLModel, table=True):
    __tablename__ = "kennzahl_definition"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=10, index=True)
    version: int
    name: str = Field(max_length=200)
    formel: str = Field(max_length=400)
    besser: str = Field(max_length=10)  # 'niedriger', 'hoeher', 'neutral'
    gueltig_ab: date
    gueltig_bis: date | None = None
