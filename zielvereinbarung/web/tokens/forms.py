"""Formulare für Zugriffstokens. Die Regeln prüft der Service (`domain.tokens.pruefe_antrag`)."""

from wtforms import IntegerField, SelectMultipleField, StringField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ...domain.tokens import SCOPE_NAMEN, SCOPES, STANDARD_TAGE
from ..admin.forms import auswahl
from ..kern.formulare import Formular


class NeuesTokenFormular(Formular):
    name = StringField("Name des Tokens", render_kw={"maxlength": 80, "autocomplete": "off"})
    scopes = SelectMultipleField(
        "Scopes",
        choices=auswahl((s, SCOPE_NAMEN[s]) for s in SCOPES),
        default=["lesen"],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,  # der Service meldet unbekannte Scopes auf Deutsch
    )
    tage = IntegerField(
        "Gültig für (Tage)",
        default=STANDARD_TAGE,
        validators=[Optional()],
        render_kw={"min": 1, "max": 366, "inputmode": "numeric"},
    )


class WiderrufFormular(Formular):
    pass
