"""Formulare der Vergleichsringe. Fachliche Prüfungen (Codes, Formeln, Zeiträume) macht der
Service (`services.ringe.verwaltung.Eingabefehler`); hier nur Form und Typ der Felder."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional

from ...domain.ringe import BASISZAHL_EINHEITEN, KATEGORIEN, KENNZAHL_EINHEITEN, RICHTUNGEN
from ..admin.forms import auswahl


class RingFormular(FlaskForm):
    name = StringField("Name des Rings", validators=[InputRequired("Bitte einen Namen angeben.")])
    beschreibung = TextAreaField("Beschreibung", validators=[Optional()])
    laender_sehen = BooleanField("Auch die Länder der Mitglieder dürfen den Ring sehen")


class EinstellungenFormular(FlaskForm):
    beschreibung = TextAreaField("Beschreibung", validators=[Optional()])
    laender_sehen = BooleanField("Auch die Länder der Mitglieder dürfen den Ring sehen")
    freigegeben_bis = StringField(
        "Werte freigegeben bis (Monat JJJJ-MM, leer: nichts freigegeben)",
        validators=[Optional()],
        render_kw={"placeholder": "2024-12", "inputmode": "numeric"},
    )


class MitgliederFormular(FlaskForm):
    jahr = IntegerField("Jahr", validators=[InputRequired("Bitte ein Jahr angeben.")])
    ags = TextAreaField(
        "Mitglieder (Kreisschlüssel, durch Komma, Leerzeichen oder Zeilen getrennt)",
        validators=[Optional()],
    )


class BasiszahlFormular(FlaskForm):
    code = StringField(
        "Code (Importspalte)", validators=[InputRequired("Bitte einen Code angeben.")]
    )
    name = StringField("Name", validators=[InputRequired("Bitte einen Namen angeben.")])
    einheit = SelectField(
        "Einheit", choices=auswahl((e.code, e.name) for e in BASISZAHL_EINHEITEN.values())
    )
    kategorie = StringField("Kategorie (frei, z. B. Personal, Finanzen)", validators=[Optional()])
    obergrenze = StringField(
        "Obergrenze (andere Basiszahl, die der Wert nicht übersteigen soll)",
        validators=[Optional()],
    )
    beschreibung = TextAreaField("Beschreibung", validators=[Optional()])


class KennzahlFormular(FlaskForm):
    code = StringField("Code", validators=[InputRequired("Bitte einen Code angeben.")])
    name = StringField("Name", validators=[InputRequired("Bitte einen Namen angeben.")])
    kategorie = SelectField("Kategorie", choices=auswahl(KATEGORIEN.items()))
    einheit = SelectField(
        "Einheit", choices=auswahl((e.code, e.name) for e in KENNZAHL_EINHEITEN.values())
    )
    richtung = SelectField("Richtung", choices=auswahl(RICHTUNGEN.items()))
    formel = TextAreaField("Formel", validators=[InputRequired("Bitte eine Formel angeben.")])
    gueltig_ab = DateField("Gültig ab", validators=[InputRequired("Bitte ein Datum angeben.")])
    gueltig_bis = DateField("Gültig bis (leer: bis auf Weiteres)", validators=[Optional()])
    ba_unterschied = TextAreaField("Unterschied zur BA-Definition", validators=[Optional()])


class KennzahlAendernFormular(FlaskForm):
    gueltig_bis = DateField("Gültig bis (leer: bis auf Weiteres)", validators=[Optional()])
    ba_unterschied = TextAreaField("Unterschied zur BA-Definition", validators=[Optional()])


class BerichtFormular(FlaskForm):
    jahr = IntegerField("Jahr", validators=[InputRequired("Bitte ein Jahr angeben.")])
