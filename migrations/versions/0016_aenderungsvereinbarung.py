"""Änderungsvereinbarungen (Issue 11, DOMAIN.md § 8): Nummer je Original
(`zielvereinbarung.aenderung_nr`, eindeutig mit `aenderung_von_id`) und der Hinweis auf die
Änderung am festgestellten Jahresergebnis (`jahresergebnis.aenderung`).

Revision ID: 0016_aenderungsvereinbarung
Revises: 0015_vergleichsringe
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0016_aenderungsvereinbarung"
down_revision: str | None = "0015_vergleichsringe"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nur neue Spalten und ein eindeutiger Index: SQLite baut die Tabellen dafür nicht neu auf
    # (ein Neuaufbau scheitert an den Fremdschlüsseln vorhandener Revisionen).
    op.add_column("zielvereinbarung", sa.Column("aenderung_nr", sa.Integer(), nullable=True))
    op.create_index(
        "uq_zielvereinbarung_aenderung_nr",
        "zielvereinbarung",
        ["aenderung_von_id", "aenderung_nr"],
        unique=True,
    )
    op.add_column(
        "jahresergebnis",
        sa.Column("aenderung", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("jahresergebnis", schema=None) as batch_op:
        batch_op.drop_column("aenderung")
    op.drop_index("uq_zielvereinbarung_aenderung_nr", table_name="zielvereinbarung")
    with op.batch_alter_table("zielvereinbarung", schema=None) as batch_op:
        batch_op.drop_column("aenderung_nr")
