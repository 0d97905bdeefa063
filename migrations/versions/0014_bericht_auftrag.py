"""Warteschlange des verteilten Berichtslaufs: je zu erzeugendem Bericht ein Auftrag, den
Worker-Prozesse mit SELECT … FOR UPDATE SKIP LOCKED und Frist übernehmen.

Folgt auf 0013_sitzungen_drosselung (die Kette ist linear).

Revision ID: 0014_bericht_auftrag
Revises: 0013_sitzungen_drosselung
Create Date: 2026-12-01 23:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0014_bericht_auftrag"
down_revision: Union[str, None] = "0013_sitzungen_drosselung"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "bericht_auftrag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("art", text(length=7), nullable=False),
        sa.Column("schluessel", text(length=5), nullable=False),
        sa.Column("ags", text(length=5), nullable=True),
        sa.Column("land_code", text(length=2), nullable=False),
        sa.Column("monat", text(length=7), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerabdruck", text(length=64), nullable=False),
        sa.Column("modell", sa.JSON(), nullable=False),
        sa.Column("kennwerte", sa.JSON(), nullable=False),
        sa.Column("status", text(length=10), nullable=False),
        sa.Column("versuche", sa.Integer(), nullable=False),
        sa.Column("inhaber", text(length=120), nullable=True),
        sa.Column("frist_bis", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("eingereiht_am", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("eingereiht_von", text(length=120), nullable=False),
        sa.Column("erledigt_am", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("bericht_id", sa.Integer(), nullable=True),
        sa.Column("fehler", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["bericht_id"], ["bericht.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("art", "schluessel", "monat", "version"),
    )
    op.create_index(
        "ix_bericht_auftrag_status_frist", "bericht_auftrag", ["status", "frist_bis"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_bericht_auftrag_status_frist", table_name="bericht_auftrag")
    op.drop_table("bericht_auftrag")
