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
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch-Migrationen bauen Tabellen neu auf (neu anlegen, kopieren, alte löschen);
            # mit eingeschalteten Fremdschlüsseln scheitert das Löschen, sobald andere Zeilen
            # auf die Tabelle verweisen. Alembic-Doku „Dealing with Constraints“: für die Dauer
            # der Migration aus (wirkt nur außerhalb einer Transaktion), danach prüfen.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # SQLAlchemy hat dafür eine Transaktion begonnen
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                verletzt = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if verletzt:
                    raise RuntimeError(f"Fremdschlüssel nach der Migration verletzt: {verletzt}")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
