"""„Dokument prüfen“: jede angemeldete Person lädt ein PDF hoch und sieht, zu welcher
Zielvereinbarung und Revision es gehört und wie es um jede Signatur steht. Nichts wird
gespeichert."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import render_template

from ...services.dokumente.pruefung import pruefe_datei
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from . import bp, einstellungen
from .forms import DateiFormular


@bp.route("/pruefen", methods=["GET", "POST"])
def pruefen():
    formular = DateiFormular()
    bericht = None
    dateiname = None
    if formular.validate_on_submit():
        datei = formular.datei.data
        dateiname = datei.filename
        bericht = pruefe_datei(
            db(), einstellungen(), datei.read(), datetime.now(UTC), aktueller_akteur()
        )
    return render_template("dokumente/pruefen.html", formular=formular, bericht=bericht,
                           dateiname=dateiname)  # fmt: skip
