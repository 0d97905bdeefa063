"""Alembic-Umgebung: reines Alembic über SQLModel.metadata."""

from alembic import context

from zielvereinbarung.config import konfiguration
from zielvereinbarung.db import engine_fuer
from zielvereinbarung.models import alle_tabellen

config = context.config
target_metadata = alle_tabellen()


def _url() -> str:
    return config.attributes.get("database_url") or konfiguration().datenbank_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = engine_fuer(_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
