"""Die Flask-Anwendung. `create_app()` liest sich wie ein Inhaltsverzeichnis."""

from __future__ import annotations

import secrets

from flask import Flask

from ..config import Einstellungen, instanz_verzeichnis


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(instanz_verzeichnis()),
        template_folder="../../templates",
        static_folder="static",
    )
    _register_config(app, overrides or {})
    _register_cli(app)
    _register_blueprints(app)
    return app


def _register_config(app: Flask, overrides: dict) -> None:
    einstellungen = Einstellungen.aus_umgebung()
    if einstellungen.produktion and not einstellungen.secret_key:
        raise RuntimeError("ZV_SECRET_KEY muss im Produktionsbetrieb gesetzt sein.")
    app.config.update(
        DATABASE_URL=einstellungen.database_url,
        SECRET_KEY=einstellungen.secret_key or secrets.token_hex(32),
        PRODUKTION=einstellungen.produktion,
    )
    app.config.update(overrides)


def _register_cli(app: Flask) -> None:
    from ..cli import db_gruppe, zv_gruppe

    app.cli.add_command(db_gruppe)
    app.cli.add_command(zv_gruppe)


def _register_blueprints(app: Flask) -> None:
    from .start import bp as start_bp

    app.register_blueprint(start_bp)
