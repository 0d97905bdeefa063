"""Der Zeitplan eines Landes für die Planung und Verhandlung eines Vereinbarungsjahres
(DOMAIN.md § 1: Planung Sep–Nov, Verhandlung Nov–Feb, Unterzeichnung Q1): die Termine setzt das
Land; sie sind die Fristen auf den Startseiten der Beteiligten. Alle Termine sind optional."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from . import stammdaten  # noqa: F401  (Fremdschlüsselziele)


class LandZeitplan(SQLModel, table=True):
    __tablename__ = "land_zeitplan"

    land_code: str = Field(foreign_key="land.code", primary_key=True, max_length=2)
    jahr: int = Field(primary_key=True)  # das Vereinbarungsjahr
    frist_angebote: date | None = None  # bis dahin reichen die Träger ihr Angebot ein
    ziel_einigung: date | None = None  # bis dahin wollen sich Land und Träger einigen
    unterzeichnung: date | None = None  # bis dahin unterzeichnen beide
    geaendert_am: datetime
    geaendert_von: str = Field(max_length=120)
