"""Formular eines Zielnachhaltedialogs (Erfassen, auch als Korrektur eines bestätigten Dialogs,
und Korrigieren an Ort und Stelle); je Ziel der Vereinbarung ein Feld „Würdigung“.

Versteckt: `formular_token` (einmaliges Absenden), `korrektur_von` (der korrigierte bestätigte
Dialog), `version` (die Version, die das Korrekturformular zeigte)."""

from __future__ import annotations

from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import Optional

from ..kern.formulare import Formular


class DialogFormular(Formular):
    datum = DateField("Datum des Dialogs", validators=[Optional()])
    teilnehmende = TextAreaField("Teilnehmende", render_kw={"rows": 3})
    datenstand = StringField(
        "Datenstand (Daten bis, JJJJ-MM)",
        render_kw={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}-[0-9]{2}"},
    )
    massnahmen = TextAreaField("Vereinbarte Maßnahmen", render_kw={"rows": 4})
    formular_token = HiddenField()
    korrektur_von = HiddenField()
    version = HiddenField()


def dialog_formular(ziele: list[tuple[str, str]], **kwargs) -> DialogFormular:
    """Das Formular mit einem Feld `wuerdigung_<Code>` je (Code, Bezeichnung)."""

    class MitWuerdigungen(DialogFormular):
        pass

    for code, name in ziele:
        setattr(
            MitWuerdigungen,
            f"wuerdigung_{code}",
            TextAreaField(f"Würdigung: {name}", render_kw={"rows": 2}),
        )
    return MitWuerdigungen(**kwargs)
