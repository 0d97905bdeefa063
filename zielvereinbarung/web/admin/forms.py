"""Formulare der Administration. Fachliche Prüfungen macht der Service (`Eingabefehler`)."""

from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Optional

from ...domain.berechtigung import ROLLEN, ROLLEN_NAMEN
from ..kern.formulare import Formular

try:  # WTForms ≥ 3.3 (Tupel gelten dort als veraltet)
    from wtforms.fields.choices import SelectChoice as _Auswahl
except ImportError:  # pragma: no cover – ältere WTForms nehmen Tupel

    def _Auswahl(wert, text):
        return (wert, text)


def auswahl(eintraege) -> list:
    """Auswahllisten-Einträge aus (Wert, Text)-Paaren."""
    return [_Auswahl(wert, text) for wert, text in eintraege]


ROLLEN_AUSWAHL = auswahl((rolle, ROLLEN_NAMEN[rolle]) for rolle in ROLLEN)
KEIN_LAND = ("", "– kein Land –")


def _name():
    return StringField("Name", validators=[InputRequired("Bitte einen Namen angeben.")])


def _email():
    return StringField(
        "E-Mail-Adresse",
        validators=[Optional()],
        render_kw={"type": "email", "autocomplete": "off"},
    )


def _rolle():
    return SelectField("Rolle", choices=ROLLEN_AUSWAHL)


def _land():
    """Die Länder setzt die View (`land_code.choices`)."""
    return SelectField("Land", choices=auswahl([KEIN_LAND]))


KEIN_RING = ("", "– kein Vergleichsring –")


def _ring():
    """Die Ringe setzt die View (`ring_id.choices`)."""
    return SelectField("Vergleichsring", choices=auswahl([KEIN_RING]))


def _traeger():
    return StringField(
        "Träger (Kreisschlüssel, 5 Ziffern)",
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


def _passwort(text: str):
    return PasswordField(
        text,
        validators=[InputRequired("Bitte ein Passwort angeben.")],
        render_kw={"autocomplete": "new-password"},
    )


def _wiederholung(text: str):
    return PasswordField(
        text,
        validators=[EqualTo("passwort", "Die beiden Passwörter stimmen nicht überein.")],
        render_kw={"autocomplete": "new-password"},
    )


class NeuerBenutzerFormular(Formular):
    """Felder in der Reihenfolge der Seite (so erscheinen sie auch in der Fehlerübersicht)."""

    benutzername = StringField(
        "Benutzername",
        validators=[InputRequired("Bitte einen Benutzernamen angeben.")],
        render_kw={"autocomplete": "off", "autocapitalize": "none"},
    )
    name = _name()
    email = _email()
    rolle = _rolle()
    land_code = _land()
    traeger_ags = _traeger()
    ring_id = _ring()
    passwort = _passwort("Passwort")
    passwort_wiederholung = _wiederholung("Passwort wiederholen")


class BenutzerBearbeitenFormular(Formular):
    name = _name()
    email = _email()
    rolle = _rolle()
    land_code = _land()
    traeger_ags = _traeger()
    ring_id = _ring()
    aktiv = BooleanField("Konto aktiv (darf sich anmelden)")


class PasswortFormular(Formular):
    passwort = _passwort("Neues Passwort")
    passwort_wiederholung = _wiederholung("Neues Passwort wiederholen")


class AuditFilterFormular(Formular):
    """GET-Filter (ohne CSRF, ändert nichts)."""

    class Meta:
        csrf = False

    akteur = StringField("Akteur (Benutzername)", validators=[Optional()])
    aktion = SelectField("Aktion", choices=auswahl([("", "– alle –")]), validate_choice=False)
    objekt_typ = StringField("Objekttyp", validators=[Optional()])
    objekt_id = StringField("Objekt-ID", validators=[Optional()])
    von = DateField("Von (Datum)", validators=[Optional()], render_kw={"type": "date"})
    bis = DateField("Bis (Datum)", validators=[Optional()], render_kw={"type": "date"})
