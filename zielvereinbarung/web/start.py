"""Startseite (Platzhalter bis zur Weboberfläche)."""

from flask import Blueprint

bp = Blueprint("start", __name__)


@bp.get("/")
def index():
    return (
        "<!doctype html><html lang='de'><head><meta charset='utf-8'><title>Zielvereinbarung</title>"
        "</head><body><main><h1>Zielvereinbarung</h1><p>Zielvereinbarungen nach § 48b SGB II. "
        "Die Weboberfläche folgt; Kennzahlen sind über <code>flask zv kennzahlen</code> abrufbar.</p>"
        "</main></body></html>"
    )
