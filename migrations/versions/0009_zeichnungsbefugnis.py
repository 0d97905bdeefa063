"""Wer unterzeichnen darf (DOMAIN.md § 6a): Zeichnungsbefugnisse je Konto und Organisation,
persönliche Zertifikate für externe qualifizierte Signaturen, Freigaben vor der Gegenzeichnung
(Vier-Augen-Prinzip, je Land einschaltbar: land_einstellung.vier_augen) und die unterzeichnende
Person je Dokumentfassung. Bestehende Konten haben keine Befugnis: nach dem Update erteilt die
Administration sie (`flask zv user zeichnung erteilen`).

Folgt auf 0008_verzeichnis_anmeldung (die Kette ist linear). Autogeneriert, von Hand geprüft.

Revision ID: 0009_zeichnungsbefugnis
Revises: 0008_verzeichnis_anmeldung
Create Date: 2026-12-01 20:07:55.115176
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0009_zeichnungsbefugnis"
down_revision: Union[str, None] = "0008_verzeichnis_anmeldung"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('personenzertifikat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('benutzer_id', sa.Integer(), nullable=False),
    sa.Column('fingerabdruck', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('inhaber', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('aussteller', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('seriennummer', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('gueltig_von', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('gueltig_bis', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('zertifikat_pem', sa.Text(), nullable=False),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('erstellt_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['benutzer_id'], ['benutzer.id'], name=op.f('fk_personenzertifikat_benutzer_id_benutzer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personenzertifikat')),
    sa.UniqueConstraint('benutzer_id', 'fingerabdruck', name=op.f('uq_personenzertifikat_benutzer_id_fingerabdruck'))
    )
    with op.batch_alter_table('personenzertifikat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personenzertifikat_benutzer_id'), ['benutzer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_personenzertifikat_fingerabdruck'), ['fingerabdruck'], unique=False)

    op.create_table('zeichnungsbefugnis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('benutzer_id', sa.Integer(), nullable=False),
    sa.Column('land_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('traeger_ags', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('funktion', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('erteilt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('erteilt_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('entzogen_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('entzogen_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.ForeignKeyConstraint(['benutzer_id'], ['benutzer.id'], name=op.f('fk_zeichnungsbefugnis_benutzer_id_benutzer')),
    sa.ForeignKeyConstraint(['land_code'], ['land.code'], name=op.f('fk_zeichnungsbefugnis_land_code_land')),
    sa.ForeignKeyConstraint(['traeger_ags'], ['traeger.ags'], name=op.f('fk_zeichnungsbefugnis_traeger_ags_traeger')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zeichnungsbefugnis'))
    )
    with op.batch_alter_table('zeichnungsbefugnis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zeichnungsbefugnis_benutzer_id'), ['benutzer_id'], unique=False)

    op.create_table('freigabe',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('dokument_id', sa.Integer(), nullable=False),
    sa.Column('benutzername', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('person', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('zeitpunkt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dokument_id'], ['dokument.id'], name=op.f('fk_freigabe_dokument_id_dokument')),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_freigabe_vereinbarung_id_zielvereinbarung')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_freigabe')),
    sa.UniqueConstraint('dokument_id', name=op.f('uq_freigabe_dokument_id'))
    )
    with op.batch_alter_table('freigabe', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_freigabe_vereinbarung_id'), ['vereinbarung_id'], unique=False)

    with op.batch_alter_table('dokument', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))

    with op.batch_alter_table('land_einstellung', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vier_augen', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('land_einstellung', schema=None) as batch_op:
        batch_op.drop_column('vier_augen')

    with op.batch_alter_table('dokument', schema=None) as batch_op:
        batch_op.drop_column('person')

    with op.batch_alter_table('freigabe', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_freigabe_vereinbarung_id'))

    op.drop_table('freigabe')
    with op.batch_alter_table('zeichnungsbefugnis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zeichnungsbefugnis_benutzer_id'))

    op.drop_table('zeichnungsbefugnis')
    with op.batch_alter_table('personenzertifikat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personenzertifikat_fingerabdruck'))
        batch_op.drop_index(batch_op.f('ix_personenzertifikat_benutzer_id'))

    op.drop_table('personenzertifikat')
