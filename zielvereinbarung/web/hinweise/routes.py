"""Routen der Hinweise. Jeder sieht und ändert nur seine eigenen; ein fremder oder unbekannter
Hinweis ist 404 (`services.hinweise`). Öffnen führt nur auf Pfade dieser Anwendung."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...format import zeitpunkt
from ...services.hinweise import liste as hinweis_liste
from ...services.hinweise import markiere_gelesen, ungelesen
from ..kern.datenbank import db
from ..kern.zeit import jetzt
from . import bp


def _pfad(pfad: str | None) -> str:
    """Nur ein Pfad in der Anwendung („/…“, nicht „//host“), sonst die Liste."""
    if pfad and pfad.startswith("/") and not pfad.startswith("//") and "\\" not in pfad:
        return pfad
    return url_for("hinweise.liste")


@bp.app_context_processor
def _zahl_im_kopf():
    if not getattr(current_user, "is_authenticated", False):
        return {}
    return {"hinweise_ungelesen": ungelesen(db(), current_user.id)}


@bp.get("/hinweise")
def liste():
    nur = request.args.get("nur") == "ungelesen"
    hinweise = [(h, zeitpunkt(h.erstellt_am)) for h in hinweis_liste(db(), current_user.id, nur)]
    return render_template("hinweise/liste.html", hinweise=hinweise, nur_ungelesene=nur)


@bp.get("/hinweise/<int:id>")
def oeffnen(id: int):
    """Als gelesen markieren und zum Anlass (z. B. der Vereinbarung) weiterleiten."""
    markiere_gelesen(db(), current_user.id, id, jetzt())
    ziel = next((h.pfad for h in hinweis_liste(db(), current_user.id) if h.id == id), None)
    return redirect(_pfad(ziel))


@bp.post("/hinweise/<int:id>/gelesen")
def gelesen(id: int):
    markiere_gelesen(db(), current_user.id, id, jetzt())
    return redirect(url_for("hinweise.liste"))


@bp.post("/hinweise/gelesen")
def alle_gelesen():
    anzahl = markiere_gelesen(db(), current_user.id, None, jetzt())
    flash(f"{anzahl} {'Hinweis' if anzahl == 1 else 'Hinweise'} als gelesen markiert.", "erfolg")
    return redirect(url_for("hinweise.liste"))
