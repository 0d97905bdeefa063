"""Angemeldete Benutzer (Flask-Login) und die Pflicht zur Anmeldung.

- Jede Route verlangt eine Anmeldung, außer sie ist mit `@oeffentlich` markiert (und `static`).
  So kann keine neue Route die Anmeldung vergessen.
- Die Sitzung speichert `"<id>:<sitzungsgeneration>"`. Bei jeder Anfrage wird der Benutzer neu
  geladen: passt die Generation nicht mehr (Abmelden, Passwortwechsel, Deaktivieren, „Sitzungen
  beenden“ – auf irgendeinem Gerät) oder ist das Konto inaktiv, gilt die Sitzung sofort als
  abgemeldet: Lesen führt zur Anmeldung, Schreiben ebenso, ohne etwas zu schreiben.
- Wie lange eine Sitzung höchstens und ohne Aktivität gilt: `web.kern.sitzungsdauer`.
- `current_user.akteur` ist der `Akteur` für die Regeln in `domain.berechtigung`
  (für Anonyme `None`).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request, session
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user, login_user
from sqlalchemy.exc import SQLAlchemyError

from ...domain.berechtigung import ROLLEN_NAMEN, Akteur
from ...domain.vertragstexte import land_vertragsname
from ...models import Benutzer, Land, Traeger
from . import gerettete_eingaben, sitzungsdauer
from .datenbank import db

login_manager = LoginManager()
login_manager.login_view = "auth.anmelden"
login_manager.login_message = "Bitte melden Sie sich an, um diese Seite zu sehen."
login_manager.login_message_category = "info"


def oeffentlich(view):
    """Markiert eine View als ohne Anmeldung erreichbar (Anmeldeseite, Startseite …)."""
    view.zv_oeffentlich = True
    return view


@dataclass(frozen=True)
class AngemeldeterBenutzer(UserMixin):
    """Was die Weboberfläche über den angemeldeten Benutzer weiß (keine ORM-Instanz)."""

    id: int
    benutzername: str
    name: str
    rolle: str
    land_code: str | None
    traeger_ags: str | None
    sitzungs_generation: int
    herkunft: str  # lokal, ldap, oidc – nur lokale Konten ändern ihr Passwort hier
    ring_id: int | None = None

    @classmethod
    def aus(cls, benutzer: Benutzer) -> AngemeldeterBenutzer:
        return cls(
            benutzer.id,
            benutzer.benutzername,
            benutzer.name,
            benutzer.rolle,
            benutzer.land_code,
            benutzer.traeger_ags,
            benutzer.sitzungs_generation,
            benutzer.herkunft,
            benutzer.ring_id,
        )

    def get_id(self) -> str:
        return f"{self.id}:{self.sitzungs_generation}"

    @property
    def akteur(self) -> Akteur:
        return Akteur(self.benutzername, self.rolle, self.land_code, self.traeger_ags, self.ring_id)

    @property
    def rollenname(self) -> str:
        return ROLLEN_NAMEN.get(self.rolle, self.rolle)

    @property
    def organisation(self) -> str:
        """Für wen das Konto handelt, im Kopf jeder Seite: „Landkreis Peine“, „Land
        Niedersachsen“, „alle“ (Administration); unbekannte Schlüssel wie bisher
        („Träger 03157“)."""
        try:  # auch auf Fehlerseiten, deren Anfrage die Datenbanksitzung verdorben hat
            if self.traeger_ags:
                traeger = db().get(Traeger, self.traeger_ags)
                if traeger is not None:
                    return traeger.name
            elif self.land_code:
                land = db().get(Land, self.land_code)
                if land is not None:
                    return land_vertragsname(land.code, land.name)
        except SQLAlchemyError:
            pass
        return self.akteur.bereich


class Anonym(AnonymousUserMixin):
    akteur = None
    rolle = None


login_manager.anonymous_user = Anonym


def gueltiger_benutzer(sitzungs_id: str | None) -> Benutzer | None:
    """Der aktive Benutzer zu `"<id>:<generation>"`, wenn die Generation noch stimmt."""
    try:
        id_text, generation = (sitzungs_id or "").split(":", 1)
        benutzer = db().get(Benutzer, int(id_text))
        generation_zahl = int(generation)
    except (ValueError, TypeError):
        return None
    if benutzer is None or not benutzer.aktiv or benutzer.sitzungs_generation != generation_zahl:
        return None
    return benutzer


@login_manager.user_loader
def _lade_benutzer(sitzungs_id: str) -> AngemeldeterBenutzer | None:
    benutzer = gueltiger_benutzer(sitzungs_id)
    return AngemeldeterBenutzer.aus(benutzer) if benutzer else None


def starte_sitzung(benutzer: Benutzer) -> None:
    """Nach erfolgreicher Anmeldung (jeder Weg): neue Sitzung (gegen Session Fixation), die
    geretteten Eingaben bleiben – nur wenn sie diesem Benutzer gehören –, Anmeldezeitpunkt."""
    gerettet = gerettete_eingaben.sichern()
    session.clear()
    gerettete_eingaben.wiederherstellen(gerettet, benutzer.id)
    login_user(AngemeldeterBenutzer.aus(benutzer))
    session.permanent = True
    sitzungsdauer.beginne()


def _ist_oeffentlich(app: Flask, endpoint: str | None) -> bool:
    if endpoint is None:  # kein Routentreffer: 404/405 zeigt die Fehlerseite
        return True
    if endpoint == "static" or endpoint.endswith(".static"):
        return True
    if endpoint.startswith("api."):  # die API prüft ihr Zugriffstoken selbst (`api.zugang`)
        return True
    return getattr(app.view_functions.get(endpoint), "zv_oeffentlich", False)


def register(app: Flask) -> None:
    login_manager.init_app(app)

    @app.before_request
    def _anmeldung_erzwingen():
        if not _ist_oeffentlich(app, request.endpoint) and not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None
