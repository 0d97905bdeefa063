"""Zielnachhaltedialoge einmalig und korrigierbar (Issue 8): Formular-Token (eindeutig je
Vereinbarung), Version mit letzter Korrektur, Verweis `korrektur_von` auf den bestätigten Dialog,
den ein neuer korrigiert (je Dialog höchstens einer), die bestätigte Version in
`dialog_bestaetigung` und die ersetzten Versionen in `dialog_version`. Bestehende Dialoge und
Bestätigungen haben Version 1.

Nur Spalten und eindeutige Indizes hinzufügen: SQLite muss die Tabelle dafür nicht neu aufbauen
(ein Neuaufbau scheiterte an den Bestätigungen, die auf die Dialoge verweisen). `korrektur_von`
daher ohne Fremdschlüssel (Dialoge werden nie gelöscht; der Dienst prüft den Verweis).

Revision ID: 0018_dialog_korrektur
Revises: 0017_bund_land
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0018_dialog_korrektur"
down_revision: str | None = "0017_bund_land"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_ZEIT = sqlmodel.sql.sqltypes.UTCDateTime
_DIALOG = "zielnachhaltedialog"


def upgrade() -> None:
    op.add_column(_DIALOG, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column(_DIALOG, sa.Column("geaendert_von", _TEXT(length=120), nullable=True))
    op.add_column(_DIALOG, sa.Column("geaendert_am", _ZEIT(), nullable=True))
    op.add_column(_DIALOG, sa.Column("formular_token", _TEXT(length=64), nullable=True))
    op.add_column(_DIALOG, sa.Column("korrektur_von", sa.Integer(), nullable=True))
    op.create_index(
        "uq_zielnachhaltedialog_formular_token",
        _DIALOG,
        ["vereinbarung_id", "formular_token"],
        unique=True,
    )
    op.create_index("uq_zielnachhaltedialog_korrektur_von", _DIALOG, ["korrektur_von"], unique=True)
    op.add_column(
        "dialog_bestaetigung",
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    )
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
    op.drop_column("dialog_bestaetigung", "version")
    op.drop_index("uq_zielnachhaltedialog_korrektur_von", table_name=_DIALOG)
    op.drop_index("uq_zielnachhaltedialog_formular_token", table_name=_DIALOG)
    for spalte in ("korrektur_von", "formular_token", "geaendert_am", "geaendert_von", "version"):
        op.drop_column(_DIALOG, spalte)
