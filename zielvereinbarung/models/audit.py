"""Audit-Protokoll: nur anhängen, verkettet über HMAC-SHA-256 (siehe `services.audit`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

HMAC_SHA256 = "hmac-sha256"
ALT_SHA256 = "sha256"  # vor Migration 0007: ungeschlüsselt, bis `flask zv audit neu-verschluesseln`


class AuditEreignis(SQLModel, table=True):
    """Ein protokolliertes Ereignis.

    `hash` = HMAC-SHA-256 (Schlüssel außerhalb der Datenbank) über das kanonische JSON aus id,
    zeitpunkt, akteur, aktion, objekt_typ, objekt_id, details und `vorgaenger_hash` (dem `hash`
    des Ereignisses mit der nächstkleineren id; beim ersten Ereignis 64 Nullen). Die ids sind
    lückenlos. `verfahren` sagt, wie `hash` gebildet ist: `hmac-sha256`, oder `sha256` für
    Zeilen, die vor Migration 0007 entstanden und noch nicht neu verschlüsselt sind.
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
    verfahren: str = Field(
        default=HMAC_SHA256, max_length=12, sa_column_kwargs={"server_default": ALT_SHA256}
    )
