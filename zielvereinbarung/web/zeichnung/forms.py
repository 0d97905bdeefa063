"""Formulare der Zeichnungsbefugnisse (CSRF über Flask-WTF); fachlich prüft der Service."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from ..kern.formulare import Formular


class ErteilenFormular(Formular):
    funktion = StringField(
        "Funktion im Signaturblock",
        validators=[Optional(), Length(max=120, message="Höchstens 120 Zeichen.")],
    )
    weiter = HiddenField()


class WeiterFormular(Formular):
    """Nur CSRF und die Seite, zu der es danach zurückgeht (entziehen, Vier-Augen, neu anmelden)."""

    weiter = HiddenField()


class ZertifikatFormular(Formular):
    datei = FileField(
        "Persönliches Zertifikat (PEM oder DER)",
        validators=[FileRequired("Bitte die Zertifikatsdatei auswählen.")],
    )
    weiter = HiddenField()
