"""Vergleichsringe (Issue 12, DOMAIN.md § 11): Ringe, Mitglieder je Jahr, eigene Basiszahlen und
ihre Werte (Datenstände je Zelle), eigene Kennzahlen (versioniert), Jahresberichte; dazu die
Spalte `benutzer.ring_id` für die Rolle Ring-Koordination.

Autogeneriert gegen eine leere SQLite-Datenbank auf dem vorigen Kopf, von Hand geprüft.

Revision ID: 0015_vergleichsringe
Revises: 0014_bericht_auftrag
Create Date: 2026-12-01 21:31:59.130998
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0015_vergleichsringe"
down_revision: str | None = "0014_bericht_auftrag"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ring",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("beschreibung", sa.Text(), nullable=False),
        sa.Column("laender_sehen", sa.Boolean(), nullable=False),
        sa.Column("freigegeben_bis", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True),
        sa.Column("demodaten", sa.Boolean(), nullable=False),
        sa.Column("erstellt_am", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ring")),
        sa.UniqueConstraint("name", name=op.f("uq_ring_name")),
    )
    op.create_table(
        "ring_basiszahl",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ring_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("einheit", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("kategorie", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("beschreibung", sa.Text(), nullable=False),
        sa.Column("obergrenze", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["ring_id"], ["ring.id"], name=op.f("fk_ring_basiszahl_ring_id_ring")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ring_basiszahl")),
        sa.UniqueConstraint("code", name=op.f("uq_ring_basiszahl_code")),
    )
    with op.batch_alter_table("ring_basiszahl", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ring_basiszahl_ring_id"), ["ring_id"], unique=False)

    op.create_table(
        "ring_bericht",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ring_id", sa.Integer(), nullable=False),
        sa.Column("jahr", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("datei", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("groesse", sa.Integer(), nullable=False),
        sa.Column("datenstand_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("titel", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("erstellt_am", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("erstellt_von", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["ring_id"], ["ring.id"], name=op.f("fk_ring_bericht_ring_id_ring")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ring_bericht")),
        sa.UniqueConstraint(
            "ring_id", "jahr", "version", name=op.f("uq_ring_bericht_ring_id_jahr_version")
        ),
    )
    with op.batch_alter_table("ring_bericht", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ring_bericht_ring_id"), ["ring_id"], unique=False)

    op.create_table(
        "ring_kennzahl",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ring_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kategorie", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("einheit", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("richtung", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("formel", sa.Text(), nullable=False),
        sa.Column("gueltig_ab", sa.Date(), nullable=False),
        sa.Column("gueltig_bis", sa.Date(), nullable=True),
        sa.Column("ba_unterschied", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ring_id"], ["ring.id"], name=op.f("fk_ring_kennzahl_ring_id_ring")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ring_kennzahl")),
        sa.UniqueConstraint(
            "ring_id", "code", "version", name=op.f("uq_ring_kennzahl_ring_id_code_version")
        ),
    )
    with op.batch_alter_table("ring_kennzahl", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ring_kennzahl_ring_id"), ["ring_id"], unique=False)

    op.create_table(
        "ring_mitglied",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ring_id", sa.Integer(), nullable=False),
        sa.Column("jahr", sa.Integer(), nullable=False),
        sa.Column("ags", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["ags"], ["traeger.ags"], name=op.f("fk_ring_mitglied_ags_traeger")
        ),
        sa.ForeignKeyConstraint(
            ["ring_id"], ["ring.id"], name=op.f("fk_ring_mitglied_ring_id_ring")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ring_mitglied")),
        sa.UniqueConstraint(
            "ring_id", "jahr", "ags", name=op.f("uq_ring_mitglied_ring_id_jahr_ags")
        ),
    )
    with op.batch_alter_table("ring_mitglied", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ring_mitglied_ags"), ["ags"], unique=False)
        batch_op.create_index(batch_op.f("ix_ring_mitglied_ring_id"), ["ring_id"], unique=False)

    op.create_table(
        "ring_wert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("basiszahl_id", sa.Integer(), nullable=False),
        sa.Column("ags", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("monat", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("geschlecht", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("datenstand", sa.Date(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("wert", sa.BigInteger(), nullable=True),
        sa.Column("hinweise", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["ags"], ["traeger.ags"], name=op.f("fk_ring_wert_ags_traeger")),
        sa.ForeignKeyConstraint(
            ["basiszahl_id"],
            ["ring_basiszahl.id"],
            name=op.f("fk_ring_wert_basiszahl_id_ring_basiszahl"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["import_protokoll.id"],
            name=op.f("fk_ring_wert_import_id_import_protokoll"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ring_wert")),
    )
    with op.batch_alter_table("ring_wert", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ring_wert_basiszahl_id"), ["basiszahl_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ring_wert_import_id"), ["import_id"], unique=False)
        batch_op.create_index(
            "ix_ring_wert_schluessel", ["ags", "geschlecht", "monat"], unique=False
        )

    with op.batch_alter_table("benutzer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ring_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_benutzer_ring_id_ring"), "ring", ["ring_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("benutzer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_benutzer_ring_id_ring"), type_="foreignkey")
        batch_op.drop_column("ring_id")

    with op.batch_alter_table("ring_wert", schema=None) as batch_op:
        batch_op.drop_index("ix_ring_wert_schluessel")
        batch_op.drop_index(batch_op.f("ix_ring_wert_import_id"))
        batch_op.drop_index(batch_op.f("ix_ring_wert_basiszahl_id"))

    op.drop_table("ring_wert")
    with op.batch_alter_table("ring_mitglied", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ring_mitglied_ring_id"))
        batch_op.drop_index(batch_op.f("ix_ring_mitglied_ags"))

    op.drop_table("ring_mitglied")
    with op.batch_alter_table("ring_kennzahl", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ring_kennzahl_ring_id"))

    op.drop_table("ring_kennzahl")
    with op.batch_alter_table("ring_bericht", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ring_bericht_ring_id"))

    op.drop_table("ring_bericht")
    with op.batch_alter_table("ring_basiszahl", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ring_basiszahl_ring_id"))

    op.drop_table("ring_basiszahl")
    op.drop_table("ring")
