"""Basisklasse aller Formulare: jedes Feld verliert beim Einlesen bidirektionale Steuerzeichen
(U+202A–U+202E, U+2066–U+2069; siehe `domain.texteingabe`) – zentral, nicht je Feld.
Passwortfelder bleiben unberührt (ein Passwort gilt so, wie es eingegeben wurde)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField

from ...domain.texteingabe import ohne_bidi


class Formular(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            if not issubclass(unbound_field.field_class, PasswordField):
                filters = unbound_field.kwargs.get("filters") or ()
                options["filters"] = (ohne_bidi, *filters)
            return unbound_field.bind(form=form, **options)
