"""Startseite (Platzhalter bis zur Übersicht der Verhandlungen; verlangt eine Anmeldung)."""

from flask import Blueprint, render_template

bp = Blueprint("start", __name__)


@bp.get("/")
def index():
    return render_template("start/index.html")
