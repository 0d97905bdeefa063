"""Benutzerkonten, fehlgeschlagene Anmeldeversuche (Drosselung je IP) und das Audit-Protokoll.

Tabellen: benutzer (Rolle und Bereich, Argon2-Hash, Sperre nach Fehlversuchen), login_versuch,
audit_ereignis (nur anhängen, SHA-256-Hashkette). Geprüft von Hand gegen die Modelle.

Revision ID: 0002_benutzer_audit
Revises: 618cc87d5fe0
Create Date: 2026-11-24 05:56:52.340867
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0002_benutzer_audit"
down_revision: Union[str, None] = "618cc87d5fe0"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('audit_ereignis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('zeitpunkt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('akteur', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('aktion', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('objekt_typ', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('objekt_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('vorgaenger_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_ereignis'))
    )
    with op.batch_alter_table('audit_ereignis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_ereignis_akteur'), ['akteur'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_ereignis_aktion'), ['aktion'], unique=False)
        batch_op.create_index('ix_audit_ereignis_objekt', ['objekt_typ', 'objekt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_ereignis_zeitpunkt'), ['zeitpunkt'], unique=False)

    op.create_table('login_versuch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=45), nullable=False),
    sa.Column('zeitpunkt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('benutzername', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_versuch'))
    )
    with op.batch_alter_table('login_versuch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_versuch_ip'), ['ip'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_versuch_zeitpunkt'), ['zeitpunkt'], unique=False)

    op.create_table('benutzer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('benutzername', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('passwort_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('rolle', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('land_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('traeger_ags', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('aktiv', sa.Boolean(), nullable=False),
    sa.Column('fehlversuche', sa.Integer(), nullable=False),
    sa.Column('gesperrt_bis', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('letzte_anmeldung', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['land_code'], ['land.code'], name=op.f('fk_benutzer_land_code_land')),
    sa.ForeignKeyConstraint(['traeger_ags'], ['traeger.ags'], name=op.f('fk_benutzer_traeger_ags_traeger')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benutzer')),
    sa.UniqueConstraint('benutzername', name=op.f('uq_benutzer_benutzername'))
    )


def downgrade() -> None:
    op.drop_table('benutzer')
    with op.batch_alter_table('login_versuch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_versuch_zeitpunkt'))
        batch_op.drop_index(batch_op.f('ix_login_versuch_ip'))

    op.drop_table('login_versuch')
    with op.batch_alter_table('audit_ereignis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_ereignis_zeitpunkt'))
        batch_op.drop_index('ix_audit_ereignis_objekt')
        batch_op.drop_index(batch_op.f('ix_audit_ereignis_aktion'))
        batch_op.drop_index(batch_op.f('ix_audit_ereignis_akteur'))

    op.drop_table('audit_ereignis')
