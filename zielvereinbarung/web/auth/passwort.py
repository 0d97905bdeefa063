"""GET/POST /konto/passwort: das eigene Passwort ändern (nur lokale Konten).

Verlangt das bisherige Passwort; danach sind alle Sitzungen des Kontos beendet (andere Geräte,
kopierte Cookies) – die Sitzung, in der geändert wurde, wird neu angelegt und bleibt angemeldet.
Eingabefehler des Services erscheinen an den Feldern (die Anfrage ist dann schon zurückgerollt).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...fehler import FachlicherFehler
from ...services.konten.sitzungen import aendere_eigenes_passwort
from ..kern.datenbank import db
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite
from ..kern.konto import starte_sitzung
from .forms import PasswortAendernFormular
from .routes import bp


@bp.route("/konto/passwort", methods=["GET", "POST"])
def passwort_aendern():
    form = PasswortAendernFormular()
    if form.validate_on_submit():
        benutzer = aendere_eigenes_passwort(
            db(),
            current_user.id,
            form.bisheriges_passwort.data,
            form.passwort.data,
            current_app.config["UHR"](),
        )
        starte_sitzung(benutzer)
        flash("Ihr Passwort ist geändert. Alle anderen Sitzungen sind beendet.", "erfolg")
        return redirect(url_for("start.index"))
    return render_template("auth/passwort.html", form=form)


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    if request.endpoint != "auth.passwort_aendern":
        return fachliche_fehlerseite(fehler)
    form = PasswortAendernFormular()
    form.validate()
    felder = getattr(fehler, "felder", None) or {}
    for feld, meldung in felder.items():
        form[feld].errors = [*form[feld].errors, meldung]
    if not felder:
        form.form_errors.append(fehler.meldung)
    return render_template("auth/passwort.html", form=form)
