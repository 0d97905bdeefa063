"""Verhandlung: Zielvereinbarungen, Revisionen, Zielwerte, Zustandswechsel, Orientierungswerte,
Einstellungen der Länder.

Dezimalwerte stehen exakt als Text (`models.typen.DezimalText`, hier als VARCHAR(40)).
`zielvereinbarung.vereinbarte_revision_id` hat bewusst keinen Fremdschlüssel (Zyklus mit
`revision.vereinbarung_id`, siehe `models/vereinbarung.py`). Autogeneriert, von Hand geprüft.

Revision ID: 0003_verhandlung
Revises: 618cc87d5fe0
Create Date: 2026-11-24 05:59:36.463190
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0003_verhandlung"
down_revision: Union[str, None] = "0002_benutzer_audit"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('land_einstellung',
    sa.Column('land_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('schwelle_erreicht', sa.String(length=40), nullable=False),
    sa.Column('schwelle_knapp', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['land_code'], ['land.code'], name=op.f('fk_land_einstellung_land_code_land')),
    sa.PrimaryKeyConstraint('land_code', name=op.f('pk_land_einstellung'))
    )
    op.create_table('orientierungswert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('land_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('zielindikator', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('zieltyp', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('wert', sa.String(length=40), nullable=True),
    sa.Column('untere', sa.String(length=40), nullable=True),
    sa.Column('obere', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('bezeichnung', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('kommentar', sa.Text(), nullable=True),
    sa.Column('geaendert_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('geaendert_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['land_code'], ['land.code'], name=op.f('fk_orientierungswert_land_code_land')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orientierungswert')),
    sa.UniqueConstraint('land_code', 'jahr', 'zielindikator', name=op.f('uq_orientierungswert_land_code_jahr_zielindikator'))
    )
    op.create_table('zielvereinbarung',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ags', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('zustand', sqlmodel.sql.sqltypes.AutoString(length=25), nullable=False),
    sa.Column('am_zug', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('aenderung_von_id', sa.Integer(), nullable=True),
    sa.Column('vereinbarte_revision_id', sa.Integer(), nullable=True),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('geaendert_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['aenderung_von_id'], ['zielvereinbarung.id'], name=op.f('fk_zielvereinbarung_aenderung_von_id_zielvereinbarung')),
    sa.ForeignKeyConstraint(['ags'], ['traeger.ags'], name=op.f('fk_zielvereinbarung_ags_traeger')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zielvereinbarung'))
    )
    with op.batch_alter_table('zielvereinbarung', schema=None) as batch_op:
        batch_op.create_index('ix_zielvereinbarung_ags_jahr', ['ags', 'jahr'], unique=False)
        batch_op.create_index('uq_zielvereinbarung_original', ['ags', 'jahr'], unique=True, sqlite_where=sa.text('aenderung_von_id IS NULL'), postgresql_where=sa.text('aenderung_von_id IS NULL'))

    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('nummer', sa.Integer(), nullable=False),
    sa.Column('art', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('rolle', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('autor', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('zeitpunkt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('kommentar', sa.Text(), nullable=True),
    sa.Column('basis_nummer', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_revision_vereinbarung_id_zielvereinbarung')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision')),
    sa.UniqueConstraint('vereinbarung_id', 'nummer', name=op.f('uq_revision_vereinbarung_id_nummer'))
    )
    op.create_table('zielwert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('reihenfolge', sa.Integer(), nullable=False),
    sa.Column('zielindikator', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('bezeichnung', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('zieltyp', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('wert', sa.String(length=40), nullable=True),
    sa.Column('untere', sa.String(length=40), nullable=True),
    sa.Column('obere', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('kommentar', sa.Text(), nullable=True),
    sa.Column('basiswert', sa.String(length=40), nullable=True),
    sa.Column('basiswert_vorlaeufig', sa.Boolean(), nullable=False),
    sa.Column('basiswert_monat', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True),
    sa.Column('basiswert_grund', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('orientierungswert', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('kontext', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], name=op.f('fk_zielwert_revision_id_revision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zielwert'))
    )
    with op.batch_alter_table('zielwert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zielwert_revision_id'), ['revision_id'], unique=False)

    op.create_table('zustandswechsel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('von', sqlmodel.sql.sqltypes.AutoString(length=25), nullable=True),
    sa.Column('nach', sqlmodel.sql.sqltypes.AutoString(length=25), nullable=False),
    sa.Column('aktion', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('akteur', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('rolle', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('zeitpunkt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], name=op.f('fk_zustandswechsel_revision_id_revision')),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_zustandswechsel_vereinbarung_id_zielvereinbarung')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zustandswechsel'))
    )
    with op.batch_alter_table('zustandswechsel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zustandswechsel_vereinbarung_id'), ['vereinbarung_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('zustandswechsel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zustandswechsel_vereinbarung_id'))

    op.drop_table('zustandswechsel')
    with op.batch_alter_table('zielwert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zielwert_revision_id'))

    op.drop_table('zielwert')
    op.drop_table('revision')
    with op.batch_alter_table('zielvereinbarung', schema=None) as batch_op:
        batch_op.drop_index('uq_zielvereinbarung_original', sqlite_where=sa.text('aenderung_von_id IS NULL'), postgresql_where=sa.text('aenderung_von_id IS NULL'))
        batch_op.drop_index('ix_zielvereinbarung_ags_jahr')

    op.drop_table('zielvereinbarung')
    op.drop_table('orientierungswert')
    op.drop_table('land_einstellung')
