"""Audit-Protokoll: nur anhängen, verkettet über SHA-256 (siehe `services.audit`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel


class AuditEreignis(SQLModel, table=True):
    """Ein protokolliertes Ereignis.

    `hash` = SHA-256 über das kanonische JSON aus id, zeitpunkt, akteur, aktion, objekt_typ,
    objekt_id, details und `vorgaenger_hash` (dem `hash` des Ereignisses mit der nächstkleineren
    id; beim ersten Ereignis 64 Nullen). Wer eine Zeile ändert oder löscht, bricht die Kette.
    """

    __tablename__ = "audit_ereignis"
    __table_args__ = (Index("ix_audit_ereignis_objekt", "objekt_typ", "objekt_id"),)

    id: int | None = Field(default=None, primary_key=True)
    zeitpunkt: datetime = Field(index=True)
    akteur: str = Field(max_length=120, index=True)  # Benutzername oder 'system'
    aktion: str = Field(max_length=60, index=True)
    objekt_typ: str | None = Field(default=None, max_length=60)
    objekt_id: str | None = Field(default=None, max_length=120)
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    vorgaenger_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
