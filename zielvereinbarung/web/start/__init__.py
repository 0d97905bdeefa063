"""Startseite als Arbeitsliste (`services.arbeitsliste`): was bei mir liegt, mit Frist; der
Zeitplan des Landes (Landesbenutzer setzen ihn hier); was seit dem letzten Besuch neu ist.

Der Zeitplan wird über `POST /zeitplan/<land>/<jahr>` gespeichert; ungültige Termine zeigen die
Startseite mit den Fehlern an den Feldern (422), nichts ist gespeichert.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional

from ...domain.berechtigung import ADMIN
from ...domain.zeitplan import FELDER, NAMEN
from ...fehler import FachlicherFehler
from ...mail import sende_nachrichten
from ...services.arbeitsliste import arbeitsliste
from ...services.verhandlung.zeitplan import UngueltigerZeitplan, setze_zeitplan
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db, nach_commit
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite
from ..kern.zeit import jetzt
from ..nachhaltung.cockpit import cockpit_verweise
from ..verhandlung.darstellung import pruefe_jahr, standardjahr

bp = Blueprint("start", __name__)


class Datum(DateField):
    """Datum als `JJJJ-MM-TT` (Datumsfeld des Browsers) oder `TT.MM.JJJJ`; deutsche Meldung."""

    def __init__(self, label: str, **kwargs):
        super().__init__(label, [Optional()], format=["%Y-%m-%d", "%d.%m.%Y"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Bitte ein gültiges Datum angeben (TT.MM.JJJJ).") from None


class ZeitplanFormular(FlaskForm):
    frist_angebote = Datum(NAMEN["frist_angebote"], render_kw={"type": "date"})
    ziel_einigung = Datum(NAMEN["ziel_einigung"], render_kw={"type": "date"})
    unterzeichnung = Datum(NAMEN["unterzeichnung"], render_kw={"type": "date"})


def _seite(formular: ZeitplanFormular | None = None, status: int = 200):
    akteur = aktueller_akteur()
    liste = arbeitsliste(db(), akteur, current_user.id, jetzt(), standardjahr())
    z = liste.zeitplan
    if z is not None and z.darf_aendern and formular is None:
        formular = ZeitplanFormular(data={f: t for f, _, t in z.termine})
    verweise = cockpit_verweise(db(), akteur) or [("Nachhaltung", url_for("nachhaltung.liste"))]
    if akteur.rolle != ADMIN:
        verweise.append(("Verhandlungen", url_for("verhandlung.meine")))
    return render_template(
        "start/index.html", liste=liste, formular=formular, verweise=verweise
    ), status


@bp.get("/")
def index():
    return _seite()


@bp.post("/zeitplan/<land>/<int:jahr>")
def zeitplan(land: str, jahr: int):
    pruefe_jahr(jahr)
    formular = ZeitplanFormular()
    if not formular.validate_on_submit():
        if formular.csrf_token.errors:
            flash("Sicherheitsprüfung fehlgeschlagen; bitte erneut speichern.", "fehler")
            return redirect(url_for("start.index"))
        return _seite(formular, 422)
    termine = {f: formular[f].data for f in FELDER}
    ergebnis = setze_zeitplan(db(), land, jahr, termine, aktueller_akteur(), jetzt())
    if ergebnis.benachrichtigungen:
        nachrichten = list(ergebnis.benachrichtigungen)
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(ergebnis.meldung, "erfolg" if ergebnis.geaendert else "info")
    return redirect(url_for("start.index") + "#zeitplan")


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    """Ungültiger Zeitplan: die Startseite mit den Fehlern an den Feldern (alles zurückgerollt)."""
    if not isinstance(fehler, UngueltigerZeitplan):
        return fachliche_fehlerseite(fehler)
    formular = ZeitplanFormular()
    formular.validate()
    for f in fehler.details:
        formular[f.feld].errors = [*formular[f.feld].errors, str(f)]
    return _seite(formular, 422)
