"""Hilfe: die Seite `/hilfe` mit den Begriffen (`glossar`) und dem Jahreslauf; dazu die
Vorlagenvariable `glossar`, aus der die Hilfeverweise neben Beschriftungen ihren Tooltip holen."""

from flask import Blueprint, Flask, render_template

from ..kern.konto import oeffentlich
from .glossar import BEGRIFFE, GLOSSAR

bp = Blueprint("hilfe", __name__)


@bp.get("/hilfe")
@oeffentlich
def seite():
    return render_template("hilfe/seite.html", begriffe=BEGRIFFE)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["glossar"] = GLOSSAR
