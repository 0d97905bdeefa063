"""Formulare der Anmeldung."""

from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired

from ..kern.formulare import Formular


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


class PasswortAendernFormular(Formular):
    bisheriges_passwort = PasswordField(
        "Bisheriges Passwort",
        validators=[InputRequired("Bitte geben Sie Ihr bisheriges Passwort ein.")],
        render_kw={"autocomplete": "current-password"},
    )
    passwort = PasswordField(
        "Neues Passwort",
        validators=[InputRequired("Bitte geben Sie ein neues Passwort ein.")],
        render_kw={"autocomplete": "new-password"},
    )
    passwort_wiederholung = PasswordField(
        "Neues Passwort wiederholen",
        validators=[EqualTo("passwort", "Die beiden Passwörter stimmen nicht überein.")],
        render_kw={"autocomplete": "new-password"},
    )
