"""Formulare der Anmeldung."""

from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from ..formulare import Formular


class AnmeldeFormular(Formular):
    benutzername = StringField(
        "Benutzername",
        validators=[InputRequired("Bitte geben Sie Ihren Benutzernamen ein.")],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    passwort = PasswordField(
        "Passwort",
        validators=[InputRequired("Bitte geben Sie Ihr Passwort ein.")],
        render_kw={"autocomplete": "current-password"},
    )
