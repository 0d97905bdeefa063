"""Die Flask-Anwendung. `create_app()` liest sich wie ein Inhaltsverzeichnis.

`create_app(seiten=False)` ist die Anwendung für `flask zv …` und `flask db …` (siehe `app.py`):
dieselbe Konfiguration mit denselben Prüfungen und dieselben Kommandos, aber ohne Seiten
(Blueprints, Anmeldung, CSRF, Fehlerseiten, Vorlagenhelfer) – deren Module werden dann gar nicht
erst geladen, der Start eines Befehls bleibt nahe am Import von Flask und SQLModel.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from flask import Flask

from ..config import Konfiguration, anmelde_einstellungen
from ..services.dokumente.einstellungen import pruefe_schluessel
from .kern.datenbank import Anwendung


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
        UHR=lambda: datetime.now(UTC),  # Tests setzen eine eigene Uhr
        BESTAETIGUNG_MINUTEN=konfiguration.bestaetigung_minuten,
        API_RATENLIMIT=konfiguration.api_ratenlimit,
        API_RATENLIMIT_SPEICHER=konfiguration.api_ratenlimit_speicher,
    )
    if seiten:  # Sitzungen, Anmeldedrosselung, gerettete Eingaben, Cookie, CSRF, Obergrenzen
        from .kern import drossel, gerettete_eingaben, sicherheit

        app.config.update(
            SITZUNG_LEERLAUF=timedelta(minutes=konfiguration.sitzung_leerlauf_min),
            SITZUNG_HOECHSTDAUER=timedelta(hours=konfiguration.sitzung_hoechstdauer_h),
            ANMELDUNG_LIMIT_KONTO=konfiguration.anmeldung_limit_konto,
            ANMELDUNG_LIMIT_GERAET=konfiguration.anmeldung_limit_geraet,
            ANMELDUNG_LIMIT_IP=konfiguration.anmeldung_limit_ip,
            RETTUNG_MAX_KB=gerettete_eingaben.MAX_KB,
            RETTUNG_MAX_ANZAHL=konfiguration.rettung_max_anzahl,
            RETTUNG_GESAMT_KB=konfiguration.rettung_gesamt_kb,
        )
        app.config.update(
            sicherheit.konfiguration(konfiguration.produktion, app.config["SITZUNG_HOECHSTDAUER"])
        )
    app.config.update(overrides)


def _register_web_grundlagen(app: Flask) -> None:
    """Begrenzte ids in Adressen, Sitzung je Anfrage, CSRF und Header, Anmeldung, Fehlerseiten,
    Vorlagenhelfer.

    Die Reihenfolge zählt: before_request-Funktionen laufen in Registrierungsreihenfolge,
    after_request-Funktionen umgekehrt."""
    from .kern import (
        adressen,
        anzeige,
        datenbank,
        drossel,
        erneute_anmeldung,
        fehlerseiten,
        konto,
        navigation,
        sicherheit,
        sitzungsdauer,
    )

    adressen.register(app)  # vor den Blueprints: ihre Regeln übernehmen den Umwandler
    drossel.register(app)  # zählt Fehlversuche erst nach dem Commit der Anfrage
    datenbank.register(app)
    sitzungsdauer.register(app)  # abgelaufene Sitzung leeren, bevor CSRF prüft
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
    from .bund import bp as bund_bp
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
    app.register_blueprint(bund_bp)
    app.register_blueprint(verhandlung_bp)
    app.register_blueprint(zeichnung_bp)
    _register_nachhaltung(app)
    _register_dokumente(app)
    _register_api(app)
    _register_ringe(app)


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


def _register_api(app: Flask) -> None:
    """JSON-API mit OpenAPI-Dokument und Zugriffstokens (Issue 13)."""
    from . import api
    from .tokens import bp as tokens_bp

    app.register_blueprint(tokens_bp)
    api.register(app)


def _register_ringe(app: Flask) -> None:
    """Vergleichsringe (Issue 12)."""
    from .ringe import bp as ringe_bp

    app.register_blueprint(ringe_bp)
