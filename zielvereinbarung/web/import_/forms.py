"""Formulare des Uploads. Die fachliche Prüfung der Datei macht der Import-Service."""

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import InputRequired

from ..kern.formulare import Formular


class HochladenFormular(Formular):
    datei = FileField(
        "Datei mit Basiszahlen (CSV oder XLSX)",
        validators=[FileRequired("Bitte eine Datei auswählen.")],
        render_kw={
            "accept": ".csv,.xlsx,text/csv,"
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    )


class BestaetigenFormular(Formular):
    token = HiddenField(validators=[InputRequired("Der Importvorgang fehlt.")])
