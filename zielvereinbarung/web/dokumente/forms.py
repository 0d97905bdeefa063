"""Formulare der Dokumentseiten (CSRF-Schutz über Flask-WTF)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ..kern.formulare import Formular

PDF_HINWEIS = "PDF-Datei, höchstens 100 MB."


class LeeresFormular(Formular):
    """Nur CSRF-Token und Knopf (ausstellen, unterzeichnen)."""

    absenden = SubmitField("Ausführen")


class DateiFormular(Formular):
    datei = FileField("PDF-Datei", validators=[FileRequired("Bitte eine PDF-Datei auswählen.")])
    absenden = SubmitField("Hochladen")
