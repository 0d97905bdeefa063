"""Die Flask-Anwendung. `create_app()` liest sich wie ein Inhaltsverzeichnis."""

from __future__ import annotations

import secrets

from flask import Flask

from ..config import Einstellungen, audit_schluessel, instanz_verzeichnis
from ..config_verzeichnis import AnmeldeEinstellungen
from ..services.dokument_einstellungen import pruefe_produktion
from . import adressen, anzeige, datenbank, fehlerseiten, konto, navigation, sicherheit


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(instanz_verzeichnis()),
        template_folder="../../templates",
        static_folder="static",
    )
    _register_config(app, overrides or {})
    _register_web_grundlagen(app)
    _register_cli(app)
    _register_blueprints(app)
    return app


def _register_config(app: Flask, overrides: dict) -> None:
    einstellungen = Einstellungen.aus_umgebung()
    if einstellungen.produktion and not einstellungen.secret_key:
        raise RuntimeError("ZV_SECRET_KEY muss im Produktionsbetrieb gesetzt sein.")
    # Schlüssel für Zertifikate/Passphrasen: fehlt er im Produktionsbetrieb, startet die App nicht.
    pruefe_produktion(einstellungen.produktion)
    audit_schluessel()  # Produktionsbetrieb: Pflicht (sonst Startfehler)
    app.config.update(
        DATABASE_URL=einstellungen.database_url,
        SECRET_KEY=einstellungen.secret_key or secrets.token_hex(32),
        PRODUKTION=einstellungen.produktion,
        ANMELDUNG=AnmeldeEinstellungen.aus_umgebung(),  # lokal, LDAP, OpenID Connect
    )
    app.config.update(sicherheit.konfiguration(einstellungen.produktion))
    app.config.update(overrides)


def _register_web_grundlagen(app: Flask) -> None:
    """Begrenzte ids in Adressen, Sitzung je Anfrage, CSRF und Header, Anmeldung, Fehlerseiten,
    Vorlagenhelfer."""
    adressen.register(app)  # vor den Blueprints: ihre Regeln übernehmen den Umwandler
    datenbank.register(app)
    sicherheit.register(app)  # CSRF-Prüfung vor der Anmeldepflicht
    konto.register(app)
    fehlerseiten.register(app)
    anzeige.register(app)
    navigation.register(app)


def _register_cli(app: Flask) -> None:
    from ..cli import db_gruppe, zv_gruppe

    app.cli.add_command(db_gruppe)
    app.cli.add_command(zv_gruppe)


def _register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .auth import oidc
    from .import_ import bp as import_bp
    from .kennzahlen import bp as kennzahlen_bp
    from .planung import bp as planung_bp
    from .start import bp as start_bp
    from .verhandlung import bp as verhandlung_bp

    app.register_blueprint(start_bp)
    app.register_blueprint(auth_bp)
    oidc.register(app)  # Authlib-Client, wenn OpenID Connect eingerichtet ist
    app.register_blueprint(admin_bp)
    app.register_blueprint(kennzahlen_bp)
    app.register_blueprint(import_bp)
    app.register_blueprint(planung_bp)
    app.register_blueprint(verhandlung_bp)
    _register_nachhaltung(app)
    _register_dokumente(app)


def _register_nachhaltung(app: Flask) -> None:
    """Nachhaltung, Berichtsarchiv und Jobs (Issue 5)."""
    from .berichte import bp as berichte_bp
    from .jobs import bp as jobs_bp
    from .nachhaltung import bp as nachhaltung_bp

    app.register_blueprint(nachhaltung_bp)
    app.register_blueprint(berichte_bp)
    app.register_blueprint(jobs_bp)


def _register_dokumente(app: Flask) -> None:
    """Vereinbarungsdokument, Unterschriften, Prüfung (Issue 4)."""
    from .dokumente import bp as dokumente_bp

    app.register_blueprint(dokumente_bp)
