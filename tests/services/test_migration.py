"""Eine leere Datenbank, auf head migriert, hat genau das Schema der Modelle."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from zielvereinbarung import migration
from zielvereinbarung.models import alle_tabellen


@pytest.mark.echte_commits  # baut das Schema ab und wieder auf
def test_migration_auf_head_ergibt_genau_das_modellschema(db_url, engine):
    migration.downgrade(db_url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migration.upgrade(db_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        unterschiede = compare_metadata(ctx, alle_tabellen())
    assert unterschiede == []
    assert set(alle_tabellen().tables) <= set(inspect(engine).get_table_names())


@pytest.mark.echte_commits  # die Migration läuft über eine eigene Verbindung
def test_migrationen_ab_0015_mit_vorhandenen_vereinbarungen(engine, vereinbarung, db_url):
    """Zurück auf 0015 und wieder auf head, während eine unterzeichnete Vereinbarung mit
    Revisionen und Zustandswechseln besteht: SQLite baut dabei `zielvereinbarung` neu auf (Spalte
    `ags` wird leer erlaubt), die verweisenden Zeilen dürfen das nicht verhindern (env.py schaltet
    die Fremdschlüssel für die Dauer der Migration ab und prüft sie danach); alles bleibt da."""
    from sqlmodel import Session, select

    from zielvereinbarung.models import Revision, Zielvereinbarung

    with Session(engine) as s:
        vorher = (
            s.get(Zielvereinbarung, vereinbarung).zustand,
            len(s.exec(select(Revision)).all()),
        )
    engine.dispose()
    try:
        migration.downgrade(db_url, "0015_vergleichsringe")
    finally:
        migration.upgrade(db_url)
    with Session(engine) as s:
        v = s.get(Zielvereinbarung, vereinbarung)
        assert (v.zustand, len(s.exec(select(Revision)).all())) == vorher
        assert (v.ags, v.aenderung_nr, v.land_code) == ("01054", None, None)
