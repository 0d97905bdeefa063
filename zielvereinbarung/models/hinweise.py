"""Hinweise in der Anwendung (neben der E-Mail) und der letzte Besuch der Startseite.

- Ein `Hinweis` gehört genau einem Benutzer: Titel, Text, ein Pfad in der Anwendung, wann er
  entstand und wann der Benutzer ihn gelesen hat (None = ungelesen). Er entsteht an denselben
  Stellen wie die E-Mail-Benachrichtigungen (`services.hinweise`), auch für Konten ohne
  E-Mail-Adresse, und wird nie geändert außer `gelesen_am`.
- `StartBesuch`: „neu seit Ihrem letzten Besuch“ der Startseite bezieht sich auf `bezug`; ein
  Besuch nach einer Pause von mehr als `services.arbeitsliste.PAUSE` schiebt `bezug` auf den
  vorigen Besuch (so bleibt die Liste beim Neuladen stehen).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from . import benutzer  # noqa: F401  (Fremdschlüsselziele)


class Hinweis(SQLModel, table=True):
    __tablename__ = "hinweis"
    __table_args__ = (Index("ix_hinweis_benutzer_gelesen", "benutzer_id", "gelesen_am"),)

    id: int | None = Field(default=None, primary_key=True)
    benutzer_id: int = Field(foreign_key="benutzer.id")
    art: str = Field(max_length=20)  # verhandlung, erinnerung, zeitplan, bericht, dialog, …
    titel: str = Field(max_length=200)
    text: str = Field(sa_type=Text)
    pfad: str | None = Field(default=None, max_length=300)  # z. B. „/vereinbarungen/17“
    erstellt_am: datetime = Field(index=True)
    gelesen_am: datetime | None = None


class StartBesuch(SQLModel, table=True):
    __tablename__ = "start_besuch"

    benutzer_id: int = Field(foreign_key="benutzer.id", primary_key=True)
    zuletzt: datetime  # letzter Aufruf der Startseite
    bezug: datetime | None = None  # „neu seit …“: der Besuch vor der letzten Pause
