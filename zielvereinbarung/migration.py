"""Alembic programmatisch aufrufen (für `flask db …` und Tests). Nie beim Start der App.

Alembic (mit Mako und Pygments) wird erst beim Aufruf geladen: jeder `flask zv …`-Befehl lädt
dieses Modul mit, braucht Alembic aber nicht.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import PROJEKT_WURZEL

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    cfg = Config(str(PROJEKT_WURZEL / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJEKT_WURZEL / "migrations"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(database_url: str, revision: str = "heads") -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)


def current(database_url: str) -> None:
    from alembic import command

    command.current(alembic_config(database_url), verbose=False)


def neue_revision(database_url: str, nachricht: str) -> None:
    from alembic import command

    command.revision(alembic_config(database_url), message=nachricht, autogenerate=True)


def kopf() -> str:
    """Der Schemastand, den diese Version erwartet (die eine Kopf-Revision der Migrationen)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("")).get_current_head() or "base"
