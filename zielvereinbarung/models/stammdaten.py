"""Stammdaten: Länder und Träger (Jobcenter)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel


class Land(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=60)


class Traeger(SQLModel, table=True):
    """Ein Jobcenter, identifiziert über den Kreisschlüssel (AGS, 5 Ziffern)."""

    ags: str = Field(primary_key=True, max_length=5)
    name: str = Field(max_length=120)
    kurzname: str = Field(max_length=60)
    land_code: str = Field(foreign_key="land.code", index=True, max_length=2)
    traegerform: str = Field(max_length=3)  # 'zkT' oder 'gE'
    vergleichstyp: str | None = Field(default=None, index=True, max_length=20)
    gueltig_ab: date | None = None
    gueltig_bis: date | None = None
