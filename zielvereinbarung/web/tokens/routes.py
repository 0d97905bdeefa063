"""Seiten der Zugriffstokens: Liste mit Anlegeformular, Anlegen (Token einmal angezeigt),
Widerrufen. `/konto/tokens` gilt dem eigenen Konto, `/konto/tokens/benutzer/<id>` nur für
Administratoren (Dienstkonten und andere Konten)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...domain.tokens import SCOPE_NAMEN, erlaubte_scopes
from ...fehler import FachlicherFehler
from ...services.konten import benutzer as konten
from ...services.konten import tokens as dienst
from ..kern.berechtigung import admin_erforderlich, aktueller_akteur
from ..kern.datenbank import db
from ..kern.fehlerseiten import fachliche_fehler
from ..kern.zeit import jetzt
from . import bp
from .forms import NeuesTokenFormular, WiderrufFormular


def _seite(benutzer_id: int, form: NeuesTokenFormular, neu: dienst.NeuesToken | None = None):
    benutzer = konten.hole_benutzer(db(), benutzer_id)
    zeit = jetzt()
    liste = [
        {
            "id": t.id,
            "name": t.name,
            "praefix": t.praefix,
            "scopes": ", ".join(SCOPE_NAMEN[s] for s in dienst.scopes_von(t)),
            "erstellt_am": t.erstellt_am,
            "laeuft_ab_am": t.laeuft_ab_am,
            "zuletzt": t.zuletzt_benutzt_am,
            "zustand": dienst.token_zustand(t, zeit),
        }
        for t in dienst.tokens_des_benutzers(db(), benutzer_id)
    ]
    eigenes = benutzer.id == current_user.id
    ziel = url_for(".liste") if eigenes else url_for(".fuer_benutzer", benutzer_id=benutzer.id)
    return render_template(
        "tokens/liste.html",
        benutzer=benutzer,
        eigenes=eigenes,
        ziel=ziel,
        tokens=liste,
        form=form,
        widerruf=WiderrufFormular(),
        moegliche=", ".join(SCOPE_NAMEN[s] for s in sorted(erlaubte_scopes(benutzer.rolle))),
        neu=neu,
    )


def _anlegen(benutzer_id: int):
    form = NeuesTokenFormular()
    if not form.validate_on_submit():
        return _seite(benutzer_id, form), 400
    neu = dienst.lege_token_an(
        db(),
        benutzer_id,
        form.name.data or "",
        form.scopes.data or [],
        form.tage.data,
        aktueller_akteur(),
        jetzt(),
    )  # Eingabefehler → `_eingabefehler`
    return _seite(benutzer_id, NeuesTokenFormular(formdata=None), neu)


@fachliche_fehler(bp)
def _eingabefehler(fehler: FachlicherFehler):
    """Die Anfrage ist schon zurückgerollt: das Formular erneut, die Meldungen an den Feldern."""
    form = NeuesTokenFormular()
    felder = getattr(fehler, "felder", None) or {}
    for feld, meldung in felder.items():
        form[feld].errors = [*form[feld].errors, meldung]
    if not felder:
        form.form_errors.append(fehler.meldung)
    benutzer_id = (request.view_args or {}).get("benutzer_id", current_user.id)
    return _seite(benutzer_id, form), 422


@bp.get("")
def liste():
    return _seite(current_user.id, NeuesTokenFormular())


@bp.post("")
def anlegen():
    return _anlegen(current_user.id)


@bp.route("/benutzer/<int:benutzer_id>", methods=["GET", "POST"])
@admin_erforderlich
def fuer_benutzer(benutzer_id: int):
    if request.method == "POST":
        return _anlegen(benutzer_id)
    return _seite(benutzer_id, NeuesTokenFormular())


@bp.post("/<int:token_id>/widerrufen")
def widerrufen(token_id: int):
    form = WiderrufFormular()
    form.validate_on_submit()  # nur CSRF (prüft schon `sicherheit`)
    token = dienst.widerrufe_token(db(), token_id, aktueller_akteur(), jetzt())  # fremd → 403
    flash("Das Token ist widerrufen und gilt ab sofort nicht mehr.", "erfolg")
    if token.benutzer_id == current_user.id:
        return redirect(url_for(".liste"))
    return redirect(url_for(".fuer_benutzer", benutzer_id=token.benutzer_id))
