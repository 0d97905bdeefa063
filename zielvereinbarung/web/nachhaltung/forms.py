"""Formular eines Zielnachhaltedialogs; je Ziel der Vereinbarung ein Feld „Würdigung“."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import Optional


class DialogFormular(FlaskForm):
    datum = DateField("Datum des Dialogs", validators=[Optional()])
    teilnehmende = TextAreaField("Teilnehmende", render_kw={"rows": 3})
    datenstand = StringField(
        "Datenstand (Daten bis, JJJJ-MM)",
        render_kw={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}-[0-9]{2}"},
    )
    massnahmen = TextAreaField("Vereinbarte Maßnahmen", render_kw={"rows": 4})


def dialog_formular(ziele: list[tuple[str, str]], **kwargs) -> DialogFormular:
    """Das Formular mit einem Feld `wuerdigung_<Code>` je (Code, Bezeichnung)."""

    class Formular(DialogFormular):
        pass

    for code, name in ziele:
        setattr(
            Formular,
            f"wuerdigung_{code}",
            TextAreaField(f"Würdigung: {name}", render_kw={"rows": 2}),
        )
    return Formular(**kwargs)
