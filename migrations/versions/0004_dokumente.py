"""Dokumente: Fassungen des Vereinbarungsdokuments (Dokumentablage), Anlagen und die
Signaturzertifikate der Organisationen (PKCS#12 und Passphrase nur verschlüsselt).

Paralleler Zweig zu 0005 (beide auf 0003); `migration.upgrade` geht auf alle heads.
Erzeugt mit Alembic-Autogenerate gegen eine Datenbank auf 0003, auf die eigenen Tabellen
beschränkt, von Hand geprüft.

Revision ID: 0004_dokumente
Revises: 0003_verhandlung
Create Date: 2026-11-24 06:40:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0004_dokumente"
down_revision: Union[str, None] = "0003_verhandlung"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('zertifikat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('land_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('traeger_ags', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('inhaber', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('aussteller', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('seriennummer', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('fingerabdruck', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('gueltig_von', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('gueltig_bis', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('zertifikat_pem', sa.Text(), nullable=False),
    sa.Column('pkcs12_verschluesselt', sa.Text(), nullable=False),
    sa.Column('passphrase_verschluesselt', sa.Text(), nullable=False),
    sa.Column('vertreter', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('funktion', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('ort', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('aktiv', sa.Boolean(), nullable=False),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('erstellt_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['land_code'], ['land.code'], name=op.f('fk_zertifikat_land_code_land')),
    sa.ForeignKeyConstraint(['traeger_ags'], ['traeger.ags'], name=op.f('fk_zertifikat_traeger_ags_traeger')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zertifikat'))
    )
    with op.batch_alter_table('zertifikat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zertifikat_land_code'), ['land_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_zertifikat_traeger_ags'), ['traeger_ags'], unique=False)

    op.create_table('anlage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('nummer', sa.Integer(), nullable=False),
    sa.Column('titel', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('dateiname', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('medientyp', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('pfad', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('groesse', sa.Integer(), nullable=False),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('erstellt_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_anlage_vereinbarung_id_zielvereinbarung')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anlage')),
    sa.UniqueConstraint('vereinbarung_id', 'nummer', name=op.f('uq_anlage_vereinbarung_id_nummer'))
    )
    with op.batch_alter_table('anlage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_anlage_vereinbarung_id'), ['vereinbarung_id'], unique=False)

    op.create_table('dokument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=25), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('inhalt_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('pfad', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('groesse', sa.Integer(), nullable=False),
    sa.Column('signaturen', sa.Integer(), nullable=False),
    sa.Column('herkunft', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('unterzeichner', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('erstellt_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('vorgaenger_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], name=op.f('fk_dokument_revision_id_revision')),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_dokument_vereinbarung_id_zielvereinbarung')),
    sa.ForeignKeyConstraint(['vorgaenger_id'], ['dokument.id'], name=op.f('fk_dokument_vorgaenger_id_dokument')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dokument')),
    sa.UniqueConstraint('vereinbarung_id', 'version', name=op.f('uq_dokument_vereinbarung_id_version'))
    )
    with op.batch_alter_table('dokument', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dokument_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_dokument_vereinbarung_id'), ['vereinbarung_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dokument', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dokument_vereinbarung_id'))
        batch_op.drop_index(batch_op.f('ix_dokument_sha256'))

    op.drop_table('dokument')
    with op.batch_alter_table('anlage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_anlage_vereinbarung_id'))

    op.drop_table('anlage')
    with op.batch_alter_table('zertifikat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zertifikat_traeger_ags'))
        batch_op.drop_index(batch_op.f('ix_zertifikat_land_code'))

    op.drop_table('zertifikat')
