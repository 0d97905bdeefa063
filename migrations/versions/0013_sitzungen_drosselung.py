"""Sitzungen und Anmeldedrosselung: `benutzer.sitzungs_generation` (serverseitiges Beenden aller
Sitzungen eines Kontos), Tabelle `drossel_eintrag` (Flask-Limiter-Speicher in der Datenbank);
die Kontosperre (`benutzer.fehlversuche`, `benutzer.gesperrt_bis`) und der eigene Zähler
`login_versuch` entfallen – Fehlversuche bremsen jetzt, statt ein Konto zu sperren.

Revision ID: 0013_sitzungen_drosselung
Revises: 0012_zugriffstokens
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0013_sitzungen_drosselung"
down_revision: Union[str, None] = "0012_zugriffstokens"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "drossel_eintrag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schluessel", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("zeitpunkt", sa.Float(), nullable=False),
        sa.Column("ablauf", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drossel_eintrag")),
    )
    with op.batch_alter_table("drossel_eintrag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drossel_eintrag_ablauf"), ["ablauf"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_drossel_eintrag_schluessel"), ["schluessel"], unique=False
        )
    with op.batch_alter_table("benutzer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sitzungs_generation", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.drop_column("fehlversuche")
        batch_op.drop_column("gesperrt_bis")
    with op.batch_alter_table("login_versuch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_versuch_ip"))
        batch_op.drop_index(batch_op.f("ix_login_versuch_zeitpunkt"))
    op.drop_table("login_versuch")


def downgrade() -> None:
    op.create_table(
        "login_versuch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ip", sqlmodel.sql.sqltypes.AutoString(length=45), nullable=False),
        sa.Column("zeitpunkt", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("benutzername", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_versuch")),
    )
    with op.batch_alter_table("login_versuch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_versuch_ip"), ["ip"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_versuch_zeitpunkt"), ["zeitpunkt"], unique=False)
    with op.batch_alter_table("benutzer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("gesperrt_bis", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("fehlversuche", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.drop_column("sitzungs_generation")
    with op.batch_alter_table("drossel_eintrag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drossel_eintrag_schluessel"))
        batch_op.drop_index(batch_op.f("ix_drossel_eintrag_ablauf"))
    op.drop_table("drossel_eintrag")
