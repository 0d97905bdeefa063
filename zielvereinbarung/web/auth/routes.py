"""GET/POST /anmelden, POST /abmelden.

Nach der Anmeldung geht es zu `next`, wenn das ein Pfad auf diesem Server ist (sonst zur
Startseite). Die Sitzung wird bei der Anmeldung neu angelegt (`konto.starte_sitzung`; ebenso bei
OpenID Connect). Fehlversuche – lokal und am Verzeichnis – bremsen je Konto und je IP-Adresse
(`web.kern.drossel`); ist eine Grenze erreicht, antwortet die Seite mit 429 und sagt, wie lange zu
warten ist, für jeden Benutzernamen gleich. Abmelden beendet alle Sitzungen des Kontos. Die Uhr
ist `app.config["UHR"]`.
"""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from ...services.konten.anmeldung import AnmeldungAbgelehnt, melde_ab
from ...services.konten.passwortanmeldung import anmelden_mit_passwort
from ..kern.datenbank import db, festschreiben
from ..kern.drossel import (
    FEHLVERSUCH,
    Grenze,
    drossele_anmeldung,
    merke_geraet,
    wartezeit_s,
    wartezeit_text,
)
from ..kern.konto import oeffentlich, starte_sitzung
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


def _jetzt():
    return current_app.config["UHR"]()


def _gedrosselt(grenze: Grenze):
    """Antwort, wenn eine Grenze erreicht ist: das Passwort wird gar nicht erst geprüft."""
    form = AnmeldeFormular(formdata=None, benutzername=request.form.get("benutzername", "")[:120])
    form.form_errors.append(
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie "
        f"{wartezeit_text(grenze)} und versuchen Sie es dann erneut – mit dem richtigen Passwort "
        "gelingt die Anmeldung danach wie gewohnt."
    )
    current_app.logger.warning("Anmeldung gedrosselt: %s", grenze.key)
    ziel = sicheres_ziel(request.args.get("next"))
    antwort = current_app.make_response(anmeldeseite(form, ziel, 429))
    antwort.headers["Retry-After"] = str(max(1, math.ceil(wartezeit_s(grenze))))
    return antwort


@bp.route("/anmelden", methods=["GET", "POST"])
@oeffentlich
@drossele_anmeldung(_gedrosselt)
def anmelden():
    ziel = sicheres_ziel(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(ziel or url_for("start.index"))
    form = AnmeldeFormular()
    if form.validate_on_submit():
        try:
            benutzer = anmelden_mit_passwort(
                db(),
                form.benutzername.data,
                form.passwort.data,
                request.remote_addr or "unbekannt",
                _jetzt(),
                current_app.config["ANMELDUNG"],
            )
        except AnmeldungAbgelehnt as fehler:
            # Die eine Ausnahme der Arbeitseinheit: das Audit-Ereignis des Fehlversuchs bleibt,
            # obwohl die Anmeldung scheitert; die Drosselung zählt ihn nach der Anfrage.
            festschreiben()
            if fehler.zaehlt:
                g.setdefault(FEHLVERSUCH, True)
            form.form_errors.append(fehler.meldung)
        else:
            starte_sitzung(benutzer)
            flash(f"Angemeldet als {benutzer.name}.", "erfolg")
            antwort = redirect(ziel or url_for("start.index"))
            merke_geraet(antwort, benutzer.benutzername)
            return antwort
    return anmeldeseite(form, ziel)


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
    melde_ab(db(), current_user.id, _jetzt())  # beendet alle Sitzungen des Kontos
    logout_user()
    session.clear()  # die lokale Sitzung endet immer, auch wenn der Anbieter nicht antwortet
    if ziel := abmelde_ziel(id_token):
        return redirect(ziel)
    flash("Sie sind abgemeldet – auf allen Geräten.", "info")
    return redirect(url_for("auth.anmelden"))
