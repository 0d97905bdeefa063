"""Alembic programmatisch aufrufen (für `flask db …` und Tests). Nie beim Start der App."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from .config import PROJEKT_WURZEL


def alembic_config(database_url: str) -> Config:
    cfg = Config(str(PROJEKT_WURZEL / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJEKT_WURZEL / "migrations"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(database_url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def current(database_url: str) -> None:
    command.current(alembic_config(database_url), verbose=False)


def neue_revision(database_url: str, nachricht: str) -> None:
    command.revision(alembic_config(database_url), message=nachricht, autogenerate=True)
