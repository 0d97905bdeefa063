"""Zielnachhaltedialoge bestätigen: die Partei, die einen Dialog erfasst hat (bestehende Dialoge:
aus der Rolle des Autors), und die Bestätigung durch die Gegenseite (eigene Tabelle, der Dialog
selbst bleibt unveränderlich).

Revision ID: 0011_dialog_bestaetigung
Revises: 0010_arbeitsliste_hinweise
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0011_dialog_bestaetigung"
down_revision: Union[str, None] = "0010_arbeitsliste_hinweise"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("zielnachhaltedialog", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("partei", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True)
        )
    op.execute(
        "UPDATE zielnachhaltedialog SET partei = (SELECT benutzer.rolle FROM benutzer "
        "WHERE benutzer.benutzername = zielnachhaltedialog.autor "
        "AND benutzer.rolle IN ('land', 'traeger'))"
    )
    op.create_table(
        "dialog_bestaetigung",
        sa.Column("dialog_id", sa.Integer(), nullable=False),
        sa.Column("partei", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("benutzername", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("zeitpunkt", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialog_id"],
            ["zielnachhaltedialog.id"],
            name=op.f("fk_dialog_bestaetigung_dialog_id_zielnachhaltedialog"),
        ),
        sa.PrimaryKeyConstraint("dialog_id", name=op.f("pk_dialog_bestaetigung")),
    )


def downgrade() -> None:
    op.drop_table("dialog_bestaetigung")
    with op.batch_alter_table("zielnachhaltedialog", schema=None) as batch_op:
        batch_op.drop_column("partei")
