"""`flask db upgrade|downgrade|current|revision`: dünne Hülle um Alembic."""

import click

from .. import migration
from . import datenbank_url, db_gruppe


@db_gruppe.command("upgrade")
@click.argument("revision", default="heads")
def upgrade(revision: str) -> None:
    """Schema anlegen oder auf REVISION (Standard: head) migrieren."""
    migration.upgrade(datenbank_url(), revision)
    from ..db import transaktion
    from ..services.basiszahlen.katalog import synchronisiere_katalog

    with transaktion(datenbank_url()) as session:
        synchronisiere_katalog(session)
    click.echo("Datenbankschema ist aktuell.")


@db_gruppe.command("downgrade")
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Schema auf REVISION zurückmigrieren (z. B. „base“)."""
    migration.downgrade(datenbank_url(), revision)


@db_gruppe.command("current")
def current() -> None:
    """Aktuellen Stand der Migrationen anzeigen."""
    migration.current(datenbank_url())


@db_gruppe.command("revision")
@click.option("-m", "--message", required=True, help="Kurzbeschreibung der Migration")
def revision(message: str) -> None:
    """Neue Migration aus den Modellen erzeugen (danach prüfen!)."""
    migration.neue_revision(datenbank_url(), message)
