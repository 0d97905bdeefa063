"""Formulare der Anmeldung."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired


class AnmeldeFormular(FlaskForm):
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
