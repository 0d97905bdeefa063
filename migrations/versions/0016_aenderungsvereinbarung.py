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
    with op.batch_alter_table("zielvereinbarung", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aenderung_nr", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_zielvereinbarung_aenderung_von_id_aenderung_nr"),
            ["aenderung_von_id", "aenderung_nr"],
        )
    with op.batch_alter_table("jahresergebnis", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("aenderung", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("jahresergebnis", schema=None) as batch_op:
        batch_op.drop_column("aenderung")
    with op.batch_alter_table("zielvereinbarung", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_zielvereinbarung_aenderung_von_id_aenderung_nr"), type_="unique"
        )
        batch_op.drop_column("aenderung_nr")
