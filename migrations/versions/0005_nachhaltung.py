"""Nachhaltung und Berichte: Zielnachhaltedialoge, Jahresergebnisse, Besuche der
Nachhaltungsseite, Fortschrittsberichte und Abonnements, Jobläufe, Jobsperren, Merker,
Erinnerungen und die Tabelle des APScheduler-Jobstores (Schema wie SQLAlchemyJobStore 3.x).

Folgt auf 0004_dokumente (die Kette ist linear).
Dezimalwerte exakt als Text (`models.typen.DezimalText`, hier VARCHAR(40)). Autogeneriert gegen
eine leere SQLite-Datenbank auf 0003, auf die eigenen Tabellen beschränkt, von Hand geprüft.

Revision ID: 0005_nachhaltung
Revises: 0004_dokumente
Create Date: 2026-11-24 06:19:30.380748
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision: str = "0005_nachhaltung"
down_revision: Union[str, None] = "0004_dokumente"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('apscheduler_jobs',
    sa.Column('id', sa.Unicode(length=191), nullable=False),
    sa.Column('next_run_time', sa.Float(precision=25), nullable=True),
    sa.Column('job_state', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_apscheduler_jobs'))
    )
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apscheduler_jobs_next_run_time'), ['next_run_time'], unique=False)

    op.create_table('job_lauf',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('ausgeloest', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('angefordert_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('angefordert_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('beginn', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('ende', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('prozess', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('ergebnis', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_lauf'))
    )
    with op.batch_alter_table('job_lauf', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_lauf_job'), ['job'], unique=False)

    op.create_table('job_merker',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('wert', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('geaendert_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_merker'))
    )
    op.create_table('job_sperre',
    sa.Column('job', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('inhaber', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('bis', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('lauf_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('job', name=op.f('pk_job_sperre'))
    )
    op.create_table('bericht',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('art', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('schluessel', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('ags', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('land_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('monat', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('datei', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('groesse', sa.Integer(), nullable=False),
    sa.Column('datenstand_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('titel', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('erstellt_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('kennwerte', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['ags'], ['traeger.ags'], name=op.f('fk_bericht_ags_traeger')),
    sa.ForeignKeyConstraint(['land_code'], ['land.code'], name=op.f('fk_bericht_land_code_land')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bericht')),
    sa.UniqueConstraint('art', 'schluessel', 'monat', 'version', name=op.f('uq_bericht_art_schluessel_monat_version'))
    )
    with op.batch_alter_table('bericht', schema=None) as batch_op:
        batch_op.create_index('ix_bericht_monat_land', ['monat', 'land_code'], unique=False)

    op.create_table('abonnement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('benutzer_id', sa.Integer(), nullable=False),
    sa.Column('art', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('schluessel', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['benutzer_id'], ['benutzer.id'], name=op.f('fk_abonnement_benutzer_id_benutzer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abonnement')),
    sa.UniqueConstraint('benutzer_id', 'art', 'schluessel', name=op.f('uq_abonnement_benutzer_id_art_schluessel'))
    )
    with op.batch_alter_table('abonnement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_abonnement_benutzer_id'), ['benutzer_id'], unique=False)

    op.create_table('jahresergebnis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('zielindikator', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('bezeichnung', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('zieltyp', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('wert', sa.String(length=40), nullable=True),
    sa.Column('vorjahr', sa.String(length=40), nullable=True),
    sa.Column('veraenderung', sa.String(length=40), nullable=True),
    sa.Column('basiswert', sa.String(length=40), nullable=True),
    sa.Column('zielniveau', sa.String(length=40), nullable=True),
    sa.Column('grad', sa.String(length=40), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('korridor_lage', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('grund', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('datenstand', sa.Date(), nullable=True),
    sa.Column('festgestellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('festgestellt_von', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_jahresergebnis_vereinbarung_id_zielvereinbarung')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jahresergebnis')),
    sa.UniqueConstraint('vereinbarung_id', 'zielindikator', name=op.f('uq_jahresergebnis_vereinbarung_id_zielindikator'))
    )
    op.create_table('nachhaltung_besuch',
    sa.Column('benutzer_id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('zeitpunkt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['benutzer_id'], ['benutzer.id'], name=op.f('fk_nachhaltung_besuch_benutzer_id_benutzer')),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_nachhaltung_besuch_vereinbarung_id_zielvereinbarung')),
    sa.PrimaryKeyConstraint('benutzer_id', 'vereinbarung_id', name=op.f('pk_nachhaltung_besuch'))
    )
    op.create_table('zielnachhaltedialog',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('datum', sa.Date(), nullable=False),
    sa.Column('teilnehmende', sa.Text(), nullable=False),
    sa.Column('datenstand', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('wuerdigungen', sa.JSON(), nullable=False),
    sa.Column('massnahmen', sa.Text(), nullable=True),
    sa.Column('autor', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('erstellt_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_zielnachhaltedialog_vereinbarung_id_zielvereinbarung')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zielnachhaltedialog'))
    )
    with op.batch_alter_table('zielnachhaltedialog', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zielnachhaltedialog_vereinbarung_id'), ['vereinbarung_id'], unique=False)

    op.create_table('erinnerung',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vereinbarung_id', sa.Integer(), nullable=False),
    sa.Column('wechsel_id', sa.Integer(), nullable=False),
    sa.Column('stufe', sa.Integer(), nullable=False),
    sa.Column('partei', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('an', sa.JSON(), nullable=False),
    sa.Column('gesendet_am', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['vereinbarung_id'], ['zielvereinbarung.id'], name=op.f('fk_erinnerung_vereinbarung_id_zielvereinbarung')),
    sa.ForeignKeyConstraint(['wechsel_id'], ['zustandswechsel.id'], name=op.f('fk_erinnerung_wechsel_id_zustandswechsel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erinnerung')),
    sa.UniqueConstraint('vereinbarung_id', 'wechsel_id', 'stufe', name=op.f('uq_erinnerung_vereinbarung_id_wechsel_id_stufe'))
    )


def downgrade() -> None:
    op.drop_table('erinnerung')
    with op.batch_alter_table('zielnachhaltedialog', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zielnachhaltedialog_vereinbarung_id'))

    op.drop_table('zielnachhaltedialog')
    op.drop_table('nachhaltung_besuch')
    op.drop_table('jahresergebnis')
    with op.batch_alter_table('abonnement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_abonnement_benutzer_id'))

    op.drop_table('abonnement')
    with op.batch_alter_table('bericht', schema=None) as batch_op:
        batch_op.drop_index('ix_bericht_monat_land')

    op.drop_table('bericht')
    op.drop_table('job_sperre')
    op.drop_table('job_merker')
    with op.batch_alter_table('job_lauf', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_lauf_job'))

    op.drop_table('job_lauf')
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apscheduler_jobs_next_run_time'))

    op.drop_table('apscheduler_jobs')
