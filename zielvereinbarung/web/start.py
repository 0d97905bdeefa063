"""Startseite: Überblick über die Bereiche, die der angemeldeten Rolle offenstehen."""

from flask import Blueprint, render_template

bp = Blueprint("start", __name__)


@bp.get("/")
def index():
    return render_template("start/index.html")
