"""Startseite als Arbeitsliste: Hinweise in der Anwendung (gelesen/ungelesen), der letzte
Besuch der Startseite und der Zeitplan eines Landes für Planung und Verhandlung.

Revision ID: 0010_arbeitsliste_hinweise
Revises: 0009_zeichnungsbefugnis
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0010_arbeitsliste_hinweise"
down_revision: Union[str, None] = "0009_zeichnungsbefugnis"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('hinweis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('benutzer_id', sa.Integer(), nullable=False),
    sa.Column('art', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('titel', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('pfad', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('gelesen_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['benutzer_id'], ['benutzer.id'], name=op.f('fk_hinweis_benutzer_id_benutzer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hinweis'))
    )
    with op.batch_alter_table('hinweis', schema=None) as batch_op:
        batch_op.create_index('ix_hinweis_benutzer_gelesen', ['benutzer_id', 'gelesen_am'], unique=False)
        batch_op.create_index(batch_op.f('ix_hinweis_erstellt_am'), ['erstellt_am'], unique=False)

    op.create_table('start_besuch',
    sa.Column('benutzer_id', sa.Integer(), nullable=False),
    sa.Column('zuletzt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('bezug', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['benutzer_id'], ['benutzer.id'], name=op.f('fk_start_besuch_benutzer_id_benutzer')),
    sa.PrimaryKeyConstraint('benutzer_id', name=op.f('pk_start_besuch'))
    )
    op.create_table('land_zeitplan',
    sa.Column('land_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('jahr', sa.Integer(), nullable=False),
    sa.Column('frist_angebote', sa.Date(), nullable=True),
    sa.Column('ziel_einigung', sa.Date(), nullable=True),
    sa.Column('unterzeichnung', sa.Date(), nullable=True),
    sa.Column('geaendert_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('geaendert_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['land_code'], ['land.code'], name=op.f('fk_land_zeitplan_land_code_land')),
    sa.PrimaryKeyConstraint('land_code', 'jahr', name=op.f('pk_land_zeitplan'))
    )


def downgrade() -> None:
    op.drop_table('land_zeitplan')
    op.drop_table('start_besuch')
    with op.batch_alter_table('hinweis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hinweis_erstellt_am'))
        batch_op.drop_index('ix_hinweis_benutzer_gelesen')
    op.drop_table('hinweis')
