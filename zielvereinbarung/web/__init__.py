"""Die Flask-Anwendung. `create_app()` liest sich wie ein Inhaltsverzeichnis.

`create_app(seiten=False)` ist die Anwendung für `flask zv …` und `flask db …` (siehe `app.py`):
dieselbe Konfiguration mit denselben Prüfungen und dieselben Kommandos, aber ohne Seiten
(Blueprints, Anmeldung, CSRF, Fehlerseiten, Vorlagenhelfer) – deren Module werden dann gar nicht
erst geladen, der Start eines Befehls bleibt nahe am Import von Flask und SQLModel.
"""

from __future__ import annotations

import secrets

from flask import Flask

from ..config import Konfiguration, anmelde_einstellungen
from ..services.dokumente.einstellungen import pruefe_schluessel
from .datenbank import Anwendung


def create_app(overrides: dict | None = None, *, seiten: bool = True) -> Flask:
    konfiguration = Konfiguration.aus_umgebung()
    app = Anwendung(
        __name__,
        instance_path=str(konfiguration.instanz),
        template_folder="../../templates",
        static_folder="static",
    )
    _register_config(app, konfiguration, overrides or {}, seiten)
    _register_cli(app)
    if seiten:
        _register_web_grundlagen(app)
        _register_blueprints(app)
    return app


def _register_config(
    app: Flask, konfiguration: Konfiguration, overrides: dict, seiten: bool
) -> None:
    """Einmal beim Start geprüft: im Produktionsbetrieb startet die App ohne `ZV_SECRET_KEY`
    oder ohne brauchbaren `ZV_SCHLUESSEL` nicht."""
    konfiguration.pruefe()
    pruefe_schluessel(konfiguration)
    app.config.update(
        DATABASE_URL=konfiguration.datenbank_url,
        SECRET_KEY=konfiguration.secret_key or secrets.token_hex(32),
        PRODUKTION=konfiguration.produktion,
        PROXY_HOPS=konfiguration.proxy_hops,
        ANMELDUNG=anmelde_einstellungen(),  # lokal, LDAP, OpenID Connect
        BESTAETIGUNG_MINUTEN=konfiguration.bestaetigung_minuten,
    )
    if seiten:  # Sitzungscookie, CSRF, Obergrenzen der Anfragen
        from .sicherheit import konfiguration as sicherheitskonfiguration

        app.config.update(sicherheitskonfiguration(konfiguration.produktion))
    app.config.update(overrides)


def _register_web_grundlagen(app: Flask) -> None:
    """Begrenzte ids in Adressen, Sitzung je Anfrage, CSRF und Header, Anmeldung, Fehlerseiten,
    Vorlagenhelfer."""
    from . import (
        adressen,
        anzeige,
        datenbank,
        erneute_anmeldung,
        fehlerseiten,
        konto,
        navigation,
        sicherheit,
    )

    adressen.register(app)  # vor den Blueprints: ihre Regeln übernehmen den Umwandler
    datenbank.register(app)
    sicherheit.register(app)  # CSRF-Prüfung vor der Anmeldepflicht
    konto.register(app)
    erneute_anmeldung.register(app)  # Zeitpunkt der Anmeldung für Unterzeichnen/Annehmen
    fehlerseiten.register(app)
    anzeige.register(app)
    navigation.register(app)


def _register_cli(app: Flask) -> None:
    from ..cli import db_gruppe, zv_gruppe

    app.cli.add_command(db_gruppe)
    app.cli.add_command(zv_gruppe)


def _register_blueprints(app: Flask) -> None:
    from . import hilfe
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .auth import oidc
    from .hinweise import bp as hinweise_bp
    from .import_ import bp as import_bp
    from .kennzahlen import bp as kennzahlen_bp
    from .planung import bp as planung_bp
    from .start import bp as start_bp
    from .verhandlung import bp as verhandlung_bp
    from .zeichnung import bp as zeichnung_bp

    app.register_blueprint(start_bp)
    app.register_blueprint(hinweise_bp)
    hilfe.register(app)
    app.register_blueprint(auth_bp)
    oidc.register(app)  # Authlib-Client, wenn OpenID Connect eingerichtet ist
    app.register_blueprint(admin_bp)
    app.register_blueprint(kennzahlen_bp)
    app.register_blueprint(import_bp)
    app.register_blueprint(planung_bp)
    app.register_blueprint(verhandlung_bp)
    app.register_blueprint(zeichnung_bp)
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
