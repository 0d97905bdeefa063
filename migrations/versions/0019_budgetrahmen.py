"""Budgetrahmen (geplante Eingliederungs- und Verwaltungsmittel je Träger und Jahr) und die
monatlichen Ausgaben mit Datenstand (Issue 11, DOMAIN.md § 10).

Revision ID: 0019_budgetrahmen
Revises: 0018_dialog_korrektur
Create Date: 2026-12-02 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0019_budgetrahmen"
down_revision: str | None = "0018_dialog_korrektur"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "budgetrahmen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ags", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("jahr", sa.Integer(), nullable=False),
        sa.Column("eingliederung", sa.BigInteger(), nullable=False),
        sa.Column("verwaltung", sa.BigInteger(), nullable=False),
        sa.Column("quelle", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("benutzer", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("zeitpunkt", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["ags"], ["traeger.ags"], name=op.f("fk_budgetrahmen_ags_traeger")),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["import_protokoll.id"],
            name=op.f("fk_budgetrahmen_import_id_import_protokoll"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budgetrahmen")),
    )
    op.create_index("ix_budgetrahmen_ags_jahr", "budgetrahmen", ["ags", "jahr"], unique=False)
    op.create_table(
        "ausgabe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ags", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("monat", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("datenstand", sa.Date(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("eingliederung", sa.BigInteger(), nullable=True),
        sa.Column("verwaltung", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["ags"], ["traeger.ags"], name=op.f("fk_ausgabe_ags_traeger")),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["import_protokoll.id"],
            name=op.f("fk_ausgabe_import_id_import_protokoll"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ausgabe")),
    )
    op.create_index("ix_ausgabe_ags_monat", "ausgabe", ["ags", "monat"], unique=False)
    op.create_index(op.f("ix_ausgabe_import_id"), "ausgabe", ["import_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ausgabe_import_id"), table_name="ausgabe")
    op.drop_index("ix_ausgabe_ags_monat", table_name="ausgabe")
    op.drop_table("ausgabe")
    op.drop_index("ix_budgetrahmen_ags_jahr", table_name="budgetrahmen")
    op.drop_table("budgetrahmen")
