"""GET/POST /anmelden, POST /abmelden.

Nach der Anmeldung geht es zu `next`, wenn das ein Pfad auf diesem Server ist (sonst zur
Startseite). Die Sitzung wird bei der Anmeldung neu angelegt (gegen Session Fixation), ein
Satz geretteter Eingaben (`web.gerettete_eingaben`) bleibt erhalten. Die Uhr liest die View.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ...services.konten.anmeldung import AnmeldungAbgelehnt, ZuVieleAnmeldeversuche, melde_ab
from ...services.konten.anmeldung import anmelden as anmelden_dienst
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
            benutzer = anmelden_dienst(
                db(),
                form.benutzername.data,
                form.passwort.data,
                request.remote_addr or "unbekannt",
                datetime.now(UTC),
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
    return render_template("auth/anmelden.html", form=form, ziel=ziel), status


@bp.post("/abmelden")
def abmelden():
    melde_ab(db(), current_user.benutzername, datetime.now(UTC))
    logout_user()
    session.clear()
    flash("Sie sind abgemeldet.", "info")
    return redirect(url_for("auth.anmelden"))
