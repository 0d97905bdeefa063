"""Anmeldung über OpenID Connect (Authorization Code Flow mit PKCE) mit Authlibs Flask-Client.

- POST /anmelden/oidc (mit CSRF-Token): leitet zum Anbieter; Authlib legt `state`, `nonce` und
  den PKCE-`code_verifier` (S256) in die Sitzung.
- GET /anmelden/oidc/rueckkehr: Authlib prüft `state`, tauscht den Code (mit `code_verifier`)
  und prüft das ID-Token (Signatur über JWKS, Aussteller, Empfänger, Ablauf, `nonce`); dazu die
  Claims vom Userinfo-Endpunkt (gleiches `sub`). Dann `services.konten.oidc.melde_an`.
- Abmelden (`abmelde_ziel`): die lokale Sitzung endet immer; bietet der Anbieter einen
  `end_session_endpoint` und ist `ZV_OIDC_ABMELDEN` an, geht es danach dorthin (RP-initiiertes
  Abmelden mit `id_token_hint`) und zurück zu GET /abgemeldet.
Jeder Fehler ergibt die Anmeldeseite mit deutscher Meldung (Status 200, damit der Eintrag im
Audit-Protokoll festgeschrieben wird), nie einen Traceback.

Hinweis: Eine spätere CSP-Regel `form-action 'self'` würde die Weiterleitung nach dem Absenden
in Chromium blockieren – dann den Anbieter dort aufnehmen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskOAuth2App, OAuth
from authlib.integrations.requests_client import OAuth2Session
from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user
from joserfc.errors import JoseError

from ...services.konten import oidc as dienst
from ...services.konten.anmeldung import AnmeldungAbgelehnt
from ..kern.datenbank import db, festschreiben
from ..kern.konto import oeffentlich, starte_sitzung
from .forms import AnmeldeFormular
from .routes import anmeldeseite, bp, sicheres_ziel

ERWEITERUNG = "zv_oidc"
ZIEL = "zv_oidc_ziel"
ID_TOKEN = "zv_oidc_id_token"
MAX_ID_TOKEN = 2500  # größere ID-Token nicht ins Sitzungscookie (Grenze ~4 KB)
PROTOKOLLFEHLER = (AuthlibBaseError, JoseError, ValueError, KeyError, TypeError)


class _Sitzung(OAuth2Session):
    """requests zieht REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE aus der Umgebung einer `verify`-Angabe der
    Sitzung vor (requests#3829) – hier gilt `ZV_OIDC_CA_DATEI`, wenn gesetzt."""

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        werte = super().merge_environment_settings(url, proxies, stream, verify, cert)
        if verify is None and isinstance(self.verify, str):
            werte["verify"] = self.verify
        return werte


class _Client(FlaskOAuth2App):
    client_cls = _Sitzung


class _OAuth(OAuth):
    oauth2_client_cls = _Client


def register(app: Flask) -> None:
    """Den Authlib-Client einrichten, wenn OpenID Connect konfiguriert ist."""
    einstellungen = app.config["ANMELDUNG"].oidc
    if einstellungen is None:
        return
    oauth = _OAuth(app)
    client_kwargs = {
        "scope": einstellungen.scope,
        "code_challenge_method": "S256",
        "default_timeout": einstellungen.timeout,
        "verify": einstellungen.ca_datei or True,
    }
    if not einstellungen.client_secret:
        client_kwargs["token_endpoint_auth_method"] = "none"
    app.extensions[ERWEITERUNG] = oauth.register(
        name="verzeichnis",
        client_id=einstellungen.client_id,
        client_secret=einstellungen.client_secret,
        server_metadata_url=einstellungen.metadaten_url,
        client_kwargs=client_kwargs,
    )


def _client():
    client = current_app.extensions.get(ERWEITERUNG)
    if client is None:
        abort(404)
    return client


def _dienst() -> str:
    return current_app.config["ANMELDUNG"].oidc.bezeichnung


def _abweisen(grund: str, meldung: str, **details):
    dienst.vermerke_fehler(
        db(), grund, request.remote_addr or "unbekannt", datetime.now(UTC), **details
    )
    form = AnmeldeFormular(formdata=None)
    form.form_errors.append(meldung)
    return anmeldeseite(form, session.pop(ZIEL, None))


@bp.post("/anmelden/oidc")
@oeffentlich
def oidc_start():
    client = _client()
    session[ZIEL] = sicheres_ziel(request.args.get("next"))
    try:
        return client.authorize_redirect(url_for("auth.oidc_rueckkehr", _external=True))
    except requests.RequestException as fehler:
        meldung = dienst.NICHT_ERREICHBAR.format(dienst=_dienst())
        return _abweisen("oidc_nicht_erreichbar", meldung, fehler=type(fehler).__name__)
    except PROTOKOLLFEHLER as fehler:
        meldung = dienst.NICHT_ERREICHBAR.format(dienst=_dienst())
        return _abweisen("oidc_metadaten", meldung, fehler=fehler)


def _claims(client) -> tuple[dict, str, str | None]:
    """(geprüfte Claims, Aussteller, ID-Token) – oder eine Ausnahme."""
    token = client.authorize_access_token()
    id_claims = token.get("userinfo")
    if not id_claims or not id_claims.get("sub"):
        raise ValueError("kein gültiges ID-Token")
    claims = dict(id_claims)
    metadaten = client.load_server_metadata()
    if metadaten.get("userinfo_endpoint"):
        weitere = dict(client.userinfo(token=token))
        if weitere.get("sub") != id_claims["sub"]:
            raise ValueError("Userinfo gehört zu einem anderen sub")
        claims = {**weitere, **id_claims}
    return claims, metadaten["issuer"], token.get("id_token")


@bp.get("/anmelden/oidc/rueckkehr")
@oeffentlich
def oidc_rueckkehr():
    client = _client()
    fehlercode = request.args.get("error")
    if fehlercode:
        text = dienst.ABGEBROCHEN if fehlercode == "access_denied" else dienst.FEHLGESCHLAGEN
        meldung = text.format(dienst=_dienst())
        return _abweisen("oidc_" + fehlercode[:40], meldung)
    try:
        claims, issuer, id_token = _claims(client)
    except requests.RequestException as fehler:
        meldung = dienst.NICHT_ERREICHBAR.format(dienst=_dienst())
        return _abweisen("oidc_nicht_erreichbar", meldung, fehler=type(fehler).__name__)
    except PROTOKOLLFEHLER as fehler:
        current_app.logger.warning("OIDC: Rückkehr abgewiesen: %r", fehler)
        meldung = dienst.FEHLGESCHLAGEN.format(dienst=_dienst())
        return _abweisen("oidc_ungueltig", meldung, fehler=f"{type(fehler).__name__}: {fehler}")
    ziel = session.pop(ZIEL, None)
    try:
        benutzer = dienst.melde_an(
            db(),
            claims,
            issuer,
            current_app.config["ANMELDUNG"],
            request.remote_addr or "unbekannt",
            datetime.now(UTC),
        )
    except AnmeldungAbgelehnt as fehler:
        # wie bei der Anmeldung mit Passwort: der vermerkte Fehlversuch bleibt, obwohl die
        # Anmeldung scheitert (die eine ausdrückliche Ausnahme der Arbeitseinheit)
        festschreiben()
        form = AnmeldeFormular(formdata=None)
        form.form_errors.append(fehler.meldung)
        return anmeldeseite(form, ziel)
    starte_sitzung(benutzer)  # neue Sitzung, Sitzungsgeneration, Anmeldezeitpunkt
    if id_token and len(id_token) <= MAX_ID_TOKEN:
        session[ID_TOKEN] = id_token
    flash(f"Angemeldet als {benutzer.name}.", "erfolg")
    return redirect(ziel or url_for("start.index"))


def abmelde_ziel(id_token: str | None) -> str | None:
    """Adresse für das Abmelden beim Anbieter (oder None: nur lokal). Die lokale Sitzung muss
    vorher beendet sein; ein Fehler beim Anbieter ändert daran nichts."""
    einstellungen = current_app.config["ANMELDUNG"].oidc
    client = current_app.extensions.get(ERWEITERUNG)
    if client is None or not einstellungen.abmelden_beim_anbieter or not id_token:
        return None
    try:
        endpunkt = client.load_server_metadata().get("end_session_endpoint")
    except (requests.RequestException, *PROTOKOLLFEHLER) as fehler:
        current_app.logger.warning("OIDC: Abmelden beim Anbieter nicht möglich: %r", fehler)
        return None
    if not endpunkt:
        return None
    parameter = {
        "id_token_hint": id_token,
        "client_id": einstellungen.client_id,
        "post_logout_redirect_uri": url_for("auth.oidc_abgemeldet", _external=True),
    }
    return f"{endpunkt}{'&' if '?' in endpunkt else '?'}{urlencode(parameter)}"


@bp.get("/abgemeldet")
@oeffentlich
def oidc_abgemeldet():
    """Rückkehr vom Anbieter nach dem Abmelden (die lokale Sitzung ist schon beendet)."""
    if current_user.is_authenticated:  # nur aufgerufen, nicht abgemeldet
        return redirect(url_for("start.index"))
    flash("Sie sind abgemeldet – auch beim Anmeldedienst.", "info")
    return redirect(url_for("auth.anmelden"))
