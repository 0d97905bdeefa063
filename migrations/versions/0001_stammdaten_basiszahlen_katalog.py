"""stammdaten basiszahlen katalog

Revision ID: 618cc87d5fe0
Revises: 
Create Date: 2026-11-24 05:49:24.118692
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = '618cc87d5fe0'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    
    op.create_table('import_protokoll',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zeitpunkt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('benutzer', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('dateiname', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('zeilen_gelesen', sa.Integer(), nullable=False),
    sa.Column('zeilen_neu', sa.Integer(), nullable=False),
    sa.Column('zeilen_revision', sa.Integer(), nullable=False),
    sa.Column('zeilen_unveraendert', sa.Integer(), nullable=False),
    sa.Column('warnungen', sa.Integer(), nullable=False),
    sa.Column('ergebnis', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('demodaten', sa.Boolean(), nullable=False),
    sa.Column('fehler', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_protokoll'))
    )
    with op.batch_alter_table('import_protokoll', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_protokoll_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_protokoll_zeitpunkt'), ['zeitpunkt'], unique=False)

    op.create_table('kennzahl_definition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('formel', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('besser', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('gueltig_ab', sa.Date(), nullable=False),
    sa.Column('gueltig_bis', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kennzahl_definition')),
    sa.UniqueConstraint('code', 'version', name=op.f('uq_kennzahl_definition_code_version'))
    )
    with op.batch_alter_table('kennzahl_definition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kennzahl_definition_code'), ['code'], unique=False)

    op.create_table('land',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_land'))
    )
    op.create_table('traeger',
    sa.Column('ags', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('kurzname', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('land_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('traegerform', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('vergleichstyp', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('gueltig_ab', sa.Date(), nullable=True),
    sa.Column('gueltig_bis', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['land_code'], ['land.code'], name=op.f('fk_traeger_land_code_land')),
    sa.PrimaryKeyConstraint('ags', name=op.f('pk_traeger'))
    )
    with op.batch_alter_table('traeger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_traeger_land_code'), ['land_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_traeger_vergleichstyp'), ['vergleichstyp'], unique=False)

    op.create_table('basiszahl',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ags', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('monat', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('geschlecht', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('datenstand', sa.Date(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('elb', sa.BigInteger(), nullable=True),
    sa.Column('elb_zugang', sa.BigInteger(), nullable=True),
    sa.Column('elb_abgang', sa.BigInteger(), nullable=True),
    sa.Column('llu', sa.BigInteger(), nullable=True),
    sa.Column('luh', sa.BigInteger(), nullable=True),
    sa.Column('integrationen', sa.BigInteger(), nullable=True),
    sa.Column('integrationen_svb', sa.BigInteger(), nullable=True),
    sa.Column('integrationen_svb_kontinuierlich', sa.BigInteger(), nullable=True),
    sa.Column('eintritte_minijob', sa.BigInteger(), nullable=True),
    sa.Column('eintritte_gefoerdert', sa.BigInteger(), nullable=True),
    sa.Column('elb_alleinerziehend', sa.BigInteger(), nullable=True),
    sa.Column('integrationen_alleinerziehend', sa.BigInteger(), nullable=True),
    sa.Column('lzb', sa.BigInteger(), nullable=True),
    sa.Column('lzb_zugang', sa.BigInteger(), nullable=True),
    sa.Column('lzb_abgang', sa.BigInteger(), nullable=True),
    sa.Column('lzb_integrationen', sa.BigInteger(), nullable=True),
    sa.Column('lzb_aktiviert', sa.BigInteger(), nullable=True),
    sa.Column('hinweise', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['ags'], ['traeger.ags'], name=op.f('fk_basiszahl_ags_traeger')),
    sa.ForeignKeyConstraint(['import_id'], ['import_protokoll.id'], name=op.f('fk_basiszahl_import_id_import_protokoll')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_basiszahl'))
    )
    with op.batch_alter_table('basiszahl', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_basiszahl_import_id'), ['import_id'], unique=False)
        batch_op.create_index('ix_basiszahl_schluessel', ['ags', 'geschlecht', 'monat'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('basiszahl', schema=None) as batch_op:
        batch_op.drop_index('ix_basiszahl_schluessel')
        batch_op.drop_index(batch_op.f('ix_basiszahl_import_id'))

    op.drop_table('basiszahl')
    with op.batch_alter_table('traeger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_traeger_vergleichstyp'))
        batch_op.drop_index(batch_op.f('ix_traeger_land_code'))

    op.drop_table('traeger')
    op.drop_table('land')
    with op.batch_alter_table('kennzahl_definition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kennzahl_definition_code'))

    op.drop_table('kennzahl_definition')
    with op.batch_alter_table('import_protokoll', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_protokoll_zeitpunkt'))
        batch_op.drop_index(batch_op.f('ix_import_protokoll_sha256'))

    op.drop_table('import_protokoll')
    
