"""Persönliche Zugriffstokens für die JSON-API: je Token Benutzer, Name, Präfix, SHA-256 des
Tokens (eindeutig), Scopes, Ablauf, Widerruf und letzte Nutzung.

Folgt auf 0011_dialog_bestaetigung (die Kette ist linear).

Revision ID: 0012_zugriffstokens
Revises: 0011_dialog_bestaetigung
Create Date: 2026-12-01 23:10:00
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0012_zugriffstokens"
down_revision: Union[str, None] = "0011_dialog_bestaetigung"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "zugriffs_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("benutzer_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("praefix", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("scopes", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("erstellt_am", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("erstellt_von", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("laeuft_ab_am", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("widerrufen_am", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("zuletzt_benutzt_am", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["benutzer_id"],
            ["benutzer.id"],
            name=op.f("fk_zugriffs_token_benutzer_id_benutzer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zugriffs_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_zugriffs_token_token_hash")),
    )
    with op.batch_alter_table("zugriffs_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_zugriffs_token_benutzer_id"), ["benutzer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("zugriffs_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zugriffs_token_benutzer_id"))
    op.drop_table("zugriffs_token")
