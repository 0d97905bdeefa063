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
