"""GET/POST /anmelden, POST /abmelden.

Nach der Anmeldung geht es zu `next`, wenn das ein Pfad auf diesem Server ist (sonst zur
Startseite). Die Sitzung wird bei der Anmeldung neu angelegt (gegen Session Fixation), ein
Satz geretteter Eingaben (`web.gerettete_eingaben`) bleibt erhalten. Die Uhr liest die View.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from ...services.konten.anmeldung import AnmeldungAbgelehnt, ZuVieleAnmeldeversuche, melde_ab
from ...services.konten.passwortanmeldung import anmelden_mit_passwort
from .. import gerettete_eingaben
from ..datenbank import db, festschreiben
from ..konto import AngemeldeterBenutzer, oeffentlich
from .forms import AnmeldeFormular

bp = Blueprint("auth", __name__)


def sicheres_ziel(ziel: str | None) -> str | None:
    """`ziel`, wenn es ein Pfad auf diesem Server ist (beginnt mit genau einem „/“), sonst None."""
    if not ziel:
        return None
    ziel = ziel.strip()
    if (
        any(zeichen in ziel for zeichen in "\\\r\n\t")
        or not ziel.startswith("/")
        or ziel.startswith("//")
    ):
        return None
    teile = urlsplit(ziel)
    if teile.scheme or teile.netloc or teile.path.startswith(("/anmelden", "/abmelden")):
        return None
    return ziel


@bp.route("/anmelden", methods=["GET", "POST"])
@oeffentlich
def anmelden():
    ziel = sicheres_ziel(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(ziel or url_for("start.index"))
    form = AnmeldeFormular()
    status = 200
    if form.validate_on_submit():
        try:
            benutzer = anmelden_mit_passwort(
                db(),
                form.benutzername.data,
                form.passwort.data,
                request.remote_addr or "unbekannt",
                datetime.now(UTC),
                current_app.config["ANMELDUNG"],
            )
        except ZuVieleAnmeldeversuche as fehler:
            form.form_errors.append(fehler.meldung)
            status = 429
        except AnmeldungAbgelehnt as fehler:
            # Die eine Ausnahme der Arbeitseinheit: der gezählte Fehlversuch (Sperre, Drosselung,
            # Audit) bleibt, obwohl die Anmeldung scheitert.
            festschreiben()
            form.form_errors.append(fehler.meldung)
        else:
            gerettet = gerettete_eingaben.sichern()
            session.clear()
            gerettete_eingaben.wiederherstellen(gerettet)
            login_user(AngemeldeterBenutzer.aus(benutzer))
            session.permanent = True
            flash(f"Angemeldet als {benutzer.name}.", "erfolg")
            return redirect(ziel or url_for("start.index"))
    return anmeldeseite(form, ziel, status)


def anmeldeseite(form: AnmeldeFormular, ziel: str | None, status: int = 200):
    """Die Anmeldeseite mit den eingerichteten Wegen (OpenID Connect, LDAP, lokal)."""
    einstellungen = current_app.config["ANMELDUNG"]
    nur_admins = einstellungen.ldap is None and not einstellungen.lokal_erlaubt("")
    if einstellungen.ldap is not None:
        titel = "Mit den Zugangsdaten aus dem Verzeichnis"
    else:
        titel = "Nur für die Administration" if nur_admins else "Mit Zugangsdaten dieser Anwendung"
    methoden = {
        "oidc": einstellungen.oidc.bezeichnung if einstellungen.oidc else None,
        "ldap": einstellungen.ldap is not None,
        "formular_titel": titel,
        "formular_hinweis": (
            "Die Anmeldung mit Passwort ist den lokalen Konten der Administration vorbehalten."
            if nur_admins
            else None
        ),
    }
    return render_template("auth/anmelden.html", form=form, ziel=ziel, methoden=methoden), status


@bp.post("/abmelden")
def abmelden():
    from .oidc import ID_TOKEN, abmelde_ziel

    id_token = session.get(ID_TOKEN)
    melde_ab(db(), current_user.benutzername, datetime.now(UTC))
    logout_user()
    session.clear()  # die lokale Sitzung endet immer, auch wenn der Anbieter nicht antwortet
    if ziel := abmelde_ziel(id_token):
        return redirect(ziel)
    flash("Sie sind abgemeldet.", "info")
    return redirect(url_for("auth.anmelden"))
