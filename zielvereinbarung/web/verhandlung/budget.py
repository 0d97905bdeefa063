"""Der Budgetrahmen einer Zielvereinbarung (DOMAIN.md § 10): das Land erfasst Eingliederungs- und
Verwaltungsmittel in Euro (deutsche Schreibweise, höchstens 2 Nachkommastellen), der Träger sieht
sie auf der Seite der Vereinbarung. Rechte und Sperre prüft der Service (fremd → 403)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from flask import flash, redirect, render_template, url_for
from wtforms import StringField
from wtforms.validators import ValidationError

from ...format import euro, parse_dezimal
from ...services.budget.rahmen import Budgetwerte, budget_zum_bearbeiten, setze_budget
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from ..kern.formulare import Formular
from ..kern.zeit import jetzt
from . import bp

_BETRAG = {"inputmode": "decimal", "autocomplete": "off"}


def _cent(text: str | None) -> int:
    """„1.234.567,89“ → 123456789; ValueError mit deutscher Meldung."""
    wert = parse_dezimal(text or "")
    if wert < 0:
        raise ValueError("Der Betrag darf nicht negativ sein.")
    cent = wert.scaleb(2)
    if cent != cent.to_integral_value():
        raise ValueError("Höchstens zwei Nachkommastellen (Cent).")
    if cent > Decimal(10) ** 15:
        raise ValueError("Der Betrag ist unplausibel groß.")
    return int(cent)


def _betrag(form, feld) -> None:
    try:
        _cent(feld.data)
    except ValueError as fehler:
        raise ValidationError(str(fehler)) from None


class BudgetFormular(Formular):
    eingliederung = StringField(
        "Eingliederungsmittel (Euro)", validators=[_betrag], render_kw=_BETRAG
    )
    verwaltung = StringField("Verwaltungsmittel (Euro)", validators=[_betrag], render_kw=_BETRAG)


def _text(cent: int | None) -> str:
    return "" if cent is None else euro(Fraction(cent, 100)).removesuffix(" €")


@bp.route("/vereinbarungen/<int:id>/budget", methods=["GET", "POST"])
def budget(id: int):
    v, traeger, geltend = budget_zum_bearbeiten(db(), id, aktueller_akteur())
    form = BudgetFormular()
    if form.validate_on_submit():
        werte = Budgetwerte(_cent(form.eingliederung.data), _cent(form.verwaltung.data))
        geaendert = setze_budget(db(), id, werte, aktueller_akteur(), jetzt())
        flash(
            "Der Budgetrahmen ist gespeichert."
            if geaendert
            else "Der Budgetrahmen ist unverändert.",
            "erfolg" if geaendert else "info",
        )
        return redirect(url_for("verhandlung.vereinbarung", id=id) + "#budgetrahmen")
    if not form.is_submitted() and geltend is not None:
        form.eingliederung.data = _text(geltend.eingliederung)
        form.verwaltung.data = _text(geltend.verwaltung)
    return render_template(
        "verhandlung/budget.html", form=form, id=id, jahr=v.jahr, traeger=traeger.name
    ), (422 if form.errors else 200)
