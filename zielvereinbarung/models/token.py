"""Persönliche Zugriffstokens für die JSON-API (`services.konten.tokens`)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from . import benutzer  # noqa: F401  (Fremdschlüsselziele)


class ZugriffsToken(SQLModel, table=True):
    """Ein Zugriffstoken eines Benutzers: gespeichert wird nur der SHA-256 des Tokens.

    `praefix` sind die ersten Zeichen des Tokens (zum Wiedererkennen in der Liste, nicht
    geheim); `scopes` die erlaubten Bereiche durch Leerzeichen getrennt (`lesen`, `importieren`,
    `verhandeln`). Ein Token gilt bis `laeuft_ab_am` (ausschließlich) und nie nach
    `widerrufen_am`; jede Nutzung prüft zusätzlich Rolle und Bereich seines Benutzers.
    """

    __tablename__ = "zugriffs_token"

    id: int | None = Field(default=None, primary_key=True)
    benutzer_id: int = Field(foreign_key="benutzer.id", index=True)
    name: str = Field(max_length=80)
    praefix: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True)
    scopes: str = Field(max_length=60)
    erstellt_am: datetime
    erstellt_von: str = Field(max_length=40)
    laeuft_ab_am: datetime
    widerrufen_am: datetime | None = None
    zuletzt_benutzt_am: datetime | None = None
