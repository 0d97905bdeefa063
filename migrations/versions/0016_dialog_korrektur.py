"""Zielnachhaltedialoge einmalig und korrigierbar (Issue 8): Formular-Token (eindeutig je
Vereinbarung), Version mit letzter Korrektur, Verweis `korrektur_von` auf den bestätigten Dialog,
den ein neuer korrigiert (je Dialog höchstens einer), die bestätigte Version in
`dialog_bestaetigung` und die ersetzten Versionen in `dialog_version`. Bestehende Dialoge und
Bestätigungen haben Version 1.

Revision ID: 0016_dialog_korrektur
Revises: 0015_vergleichsringe
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0016_dialog_korrektur"
down_revision: str | None = "0015_vergleichsringe"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_ZEIT = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("zielnachhaltedialog") as tabelle:
        tabelle.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        tabelle.add_column(sa.Column("geaendert_von", _TEXT(length=120), nullable=True))
        tabelle.add_column(sa.Column("geaendert_am", _ZEIT(), nullable=True))
        tabelle.add_column(sa.Column("formular_token", _TEXT(length=64), nullable=True))
        tabelle.add_column(sa.Column("korrektur_von", sa.Integer(), nullable=True))
    with op.batch_alter_table("zielnachhaltedialog") as tabelle:
        tabelle.alter_column("version", existing_type=sa.Integer(), server_default=None)
        tabelle.create_unique_constraint(
            op.f("uq_zielnachhaltedialog_vereinbarung_id_formular_token"),
            ["vereinbarung_id", "formular_token"],
        )
        tabelle.create_unique_constraint(
            op.f("uq_zielnachhaltedialog_korrektur_von"), ["korrektur_von"]
        )
        tabelle.create_foreign_key(
            op.f("fk_zielnachhaltedialog_korrektur_von_zielnachhaltedialog"),
            "zielnachhaltedialog",
            ["korrektur_von"],
            ["id"],
        )
    with op.batch_alter_table("dialog_bestaetigung") as tabelle:
        tabelle.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("dialog_bestaetigung") as tabelle:
        tabelle.alter_column("version", existing_type=sa.Integer(), server_default=None)
    op.create_table(
        "dialog_version",
        sa.Column("dialog_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("teilnehmende", sa.Text(), nullable=False),
        sa.Column("datenstand", _TEXT(length=7), nullable=False),
        sa.Column("wuerdigungen", sa.JSON(), nullable=False),
        sa.Column("massnahmen", sa.Text(), nullable=True),
        sa.Column("verfasst_von", _TEXT(length=120), nullable=False),
        sa.Column("verfasst_am", _ZEIT(), nullable=False),
        sa.Column("ersetzt_von", _TEXT(length=120), nullable=False),
        sa.Column("ersetzt_am", _ZEIT(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialog_id"],
            ["zielnachhaltedialog.id"],
            name=op.f("fk_dialog_version_dialog_id_zielnachhaltedialog"),
        ),
        sa.PrimaryKeyConstraint("dialog_id", "version", name=op.f("pk_dialog_version")),
    )


def downgrade() -> None:
    op.drop_table("dialog_version")
    with op.batch_alter_table("dialog_bestaetigung") as tabelle:
        tabelle.drop_column("version")
    with op.batch_alter_table("zielnachhaltedialog") as tabelle:
        tabelle.drop_constraint(
            op.f("fk_zielnachhaltedialog_korrektur_von_zielnachhaltedialog"), type_="foreignkey"
        )
        tabelle.drop_constraint(op.f("uq_zielnachhaltedialog_korrektur_von"), type_="unique")
        tabelle.drop_constraint(
            op.f("uq_zielnachhaltedialog_vereinbarung_id_formular_token"), type_="unique"
        )
        for spalte in ("korrektur_von", "formular_token", "geaendert_am", "geaendert_von"):
            tabelle.drop_column(spalte)
        tabelle.drop_column("version")
