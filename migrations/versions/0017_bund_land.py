"""Vereinbarung BMAS ↔ Land (Issue 11 Punkt 2, DOMAIN.md § 9): `zielvereinbarung.ags` darf leer
sein, die neue Spalte `land_code` nennt dann das Land; höchstens eine ursprüngliche Vereinbarung
je Land und Jahr (Teil-Unique-Index). Die Rolle `bund` braucht keine Spalte (`benutzer.rolle`).

Revision ID: 0017_bund_land
Revises: 0016_aenderungsvereinbarung
Create Date: 2026-12-02 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0017_bund_land"
down_revision: str | None = "0016_aenderungsvereinbarung"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEDINGUNG = "ags IS NULL AND aenderung_von_id IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("zielvereinbarung", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("land_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True)
        )
        batch_op.alter_column("ags", existing_type=sa.VARCHAR(length=5), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_zielvereinbarung_land_code_land"), "land", ["land_code"], ["code"]
        )
        batch_op.create_index(
            "uq_zielvereinbarung_bund_land",
            ["land_code", "jahr"],
            unique=True,
            sqlite_where=sa.text(_BEDINGUNG),
            postgresql_where=sa.text(_BEDINGUNG),
        )


def downgrade() -> None:
    anzahl = op.get_bind().execute(
        sa.text("SELECT count(*) FROM zielvereinbarung WHERE ags IS NULL")
    )
    if anzahl.scalar():
        raise RuntimeError(
            "Es gibt Vereinbarungen BMAS ↔ Land; ohne Spalte land_code gingen sie verloren. "
            "Zurückstufen abgebrochen."
        )
    with op.batch_alter_table("zielvereinbarung", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_zielvereinbarung_bund_land",
            sqlite_where=sa.text(_BEDINGUNG),
            postgresql_where=sa.text(_BEDINGUNG),
        )
        batch_op.drop_constraint(
            batch_op.f("fk_zielvereinbarung_land_code_land"), type_="foreignkey"
        )
        batch_op.alter_column("ags", existing_type=sa.VARCHAR(length=5), nullable=False)
        batch_op.drop_column("land_code")
