"""Benutzerverwaltung: Liste, Anlegen, Bearbeiten (Rolle, Bereich, aktiv), Passwort neu setzen,
alle Sitzungen beenden, Anmeldedrosselung aufheben.

Eingabefehler des Services erscheinen an den Feldern (`Eingabefehler.felder`): die Anfrage ist
dann schon zurückgerollt, `_fehler_an_felder` zeigt das Formular erneut.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ...fehler import FachlicherFehler
from ...format import zahl
from ...services.konten import benutzer as dienst
from ...services.konten import sitzungen
from ...services.konten.zeichnung_seite import konto_zeichnung
from ...tabellen import modell as tm
from ...tabellen.modell import Mappe, Spalte, Tabelle, textzelle
from ..kern import gerettete_eingaben
from ..kern.anzeige import herkunftsname, rollenname
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite
from ..kern.tabellen import exportierbar, tabellenseite
from ..zeichnung.forms import ErteilenFormular, WeiterFormular, ZertifikatFormular
from . import bp
from .forms import (
    KEIN_LAND,
    KEIN_RING,
    BenutzerBearbeitenFormular,
    NeuerBenutzerFormular,
    PasswortFormular,
    auswahl,
)


def _melde_an_feldern(form, fehler: FachlicherFehler) -> None:
    """Meldungen des Services an die Formularfelder hängen (unbekannte Felder: Formularfehler)."""
    form.validate()
    felder = getattr(fehler, "felder", None) or {}
    for feld, meldung in felder.items():
        if feld in form:
            form[feld].errors = [*form[feld].errors, meldung]
        else:
            form.form_errors.append(meldung)
    if not felder:
        form.form_errors.append(fehler.meldung)


def _laender(form) -> None:
    form.land_code.choices = auswahl([KEIN_LAND, *dienst.laender_auswahl(db())])
    form.ring_id.choices = auswahl([KEIN_RING, *dienst.ringe_auswahl(db())])
    if not isinstance(form.ring_id.data, str):  # aus dem Benutzer (obj=): Id als Auswahlwert
        form.ring_id.data = "" if form.ring_id.data is None else str(form.ring_id.data)


def _ring_id(form) -> int | None:
    return int(form.ring_id.data) if form.ring_id.data else None


def _benutzer_oder_404(benutzer_id: int):
    return dienst.hole_benutzer(db(), benutzer_id)  # BenutzerNichtGefunden → 404


@bp.get("/benutzer")
@exportierbar
def benutzer_liste():
    benutzer = dienst.liste_benutzer(db())
    tabelle = Tabelle(
        "Benutzer",
        f"{zahl(len(benutzer))} Benutzerkonten",
        [
            Spalte("Benutzername", zeilenkopf=True),
            Spalte("Name"),
            Spalte("Rolle"),
            Spalte("Land"),
            Spalte("Träger"),
            Spalte("Anmeldung"),
            Spalte("Status"),
            Spalte("Letzte Anmeldung", tm.ZEITPUNKT),
        ],
    )
    for b in benutzer:
        tabelle.zeile(
            textzelle(b.benutzername, url=url_for("admin.benutzer_bearbeiten", benutzer_id=b.id)),
            b.name,
            rollenname(b.rolle),
            textzelle(b.land_code),
            textzelle(b.traeger_ags),
            herkunftsname(b.herkunft),
            "aktiv" if b.aktiv else textzelle("inaktiv", klasse="status-inaktiv"),
            b.letzte_anmeldung,
        )
    return tabellenseite("admin/benutzer_liste.html", Mappe("Benutzer", "Benutzer", [tabelle]))


@bp.route("/benutzer/neu", methods=["GET", "POST"])
def benutzer_neu():
    form = NeuerBenutzerFormular()
    _laender(form)
    gerettete_eingaben.uebernimm(form)
    if form.validate_on_submit():
        neu = dienst.lege_benutzer_an(
            db(),
            benutzername=form.benutzername.data,
            name=form.name.data,
            email=form.email.data,
            rolle=form.rolle.data,
            land_code=form.land_code.data,
            traeger_ags=form.traeger_ags.data,
            ring_id=_ring_id(form),
            passwort=form.passwort.data,
            akteur=current_user.benutzername,
            jetzt=datetime.now(UTC),
        )
        flash(f"Benutzer „{neu.benutzername}“ angelegt.", "erfolg")
        return redirect(url_for("admin.benutzer_liste"))
    return render_template("admin/benutzer_neu.html", form=form)


def _bearbeiten_seite(benutzer, form, passwort_form):
    fehlversuche = sitzungen.drosselung(db(), benutzer.benutzername, current_app.config["UHR"]())
    return render_template(
        "admin/benutzer_bearbeiten.html", benutzer=benutzer, form=form, passwort_form=passwort_form,
        fehlversuche=fehlversuche, k=konto_zeichnung(db(), benutzer, aktueller_akteur()),
        erteilen=ErteilenFormular(), leer=WeiterFormular(), zertifikat=ZertifikatFormular(),
        weiter=request.path,
    )  # fmt: skip


@bp.route("/benutzer/<int:benutzer_id>", methods=["GET", "POST"])
def benutzer_bearbeiten(benutzer_id: int):
    benutzer = _benutzer_oder_404(benutzer_id)
    form = BenutzerBearbeitenFormular(obj=benutzer)
    _laender(form)
    if form.validate_on_submit():
        dienst.aendere_benutzer(
            db(),
            benutzer_id,
            name=form.name.data,
            email=form.email.data,
            rolle=form.rolle.data,
            land_code=form.land_code.data,
            traeger_ags=form.traeger_ags.data,
            ring_id=_ring_id(form),
            aktiv=form.aktiv.data,
            akteur=current_user.benutzername,
            jetzt=datetime.now(UTC),
        )
        flash(f"Änderungen an „{benutzer.benutzername}“ gespeichert.", "erfolg")
        return redirect(url_for("admin.benutzer_liste"))
    return _bearbeiten_seite(benutzer, form, PasswortFormular(formdata=None))


@bp.post("/benutzer/<int:benutzer_id>/passwort")
def benutzer_passwort(benutzer_id: int):
    benutzer = _benutzer_oder_404(benutzer_id)
    passwort_form = PasswortFormular()
    if passwort_form.validate_on_submit():
        dienst.setze_passwort(
            db(),
            benutzer_id,
            passwort_form.passwort.data,
            akteur=current_user.benutzername,
            jetzt=datetime.now(UTC),
        )
        flash(
            f"Neues Passwort für „{benutzer.benutzername}“ gesetzt; bestehende Sitzungen "
            "sind beendet, eine Anmeldedrosselung ist aufgehoben.",
            "erfolg",
        )
        return redirect(url_for("admin.benutzer_bearbeiten", benutzer_id=benutzer_id))
    return _passwort_seite(benutzer, passwort_form)


def _passwort_seite(benutzer, passwort_form):
    form = BenutzerBearbeitenFormular(formdata=None, obj=benutzer)
    _laender(form)
    return _bearbeiten_seite(benutzer, form, passwort_form)


@bp.post("/benutzer/<int:benutzer_id>/sitzungen-beenden")
def sitzungen_beenden(benutzer_id: int):
    """Alle Sitzungen des Kontos beenden (z. B. Gerät verloren); das Konto bleibt aktiv."""
    benutzer = _benutzer_oder_404(benutzer_id)
    if FlaskForm().validate_on_submit():
        sitzungen.beende_alle_sitzungen(
            db(), benutzer_id, akteur=current_user.benutzername, jetzt=current_app.config["UHR"]()
        )
        flash(f"Alle Sitzungen von „{benutzer.benutzername}“ sind beendet.", "erfolg")
    return redirect(url_for("admin.benutzer_bearbeiten", benutzer_id=benutzer_id))


@bp.post("/benutzer/<int:benutzer_id>/drosselung-aufheben")
def drosselung_aufheben(benutzer_id: int):
    """Die gezählten Fehlversuche des Kontos löschen: die Anmeldung gelingt sofort wieder."""
    benutzer = _benutzer_oder_404(benutzer_id)
    if FlaskForm().validate_on_submit():
        anzahl = sitzungen.hebe_drosselung_auf(
            db(), benutzer_id, akteur=current_user.benutzername, jetzt=current_app.config["UHR"]()
        )
        flash(
            f"Anmeldedrosselung für „{benutzer.benutzername}“ aufgehoben ({anzahl} gezählte "
            "Fehlversuche gelöscht).",
            "erfolg",
        )
    return redirect(url_for("admin.benutzer_bearbeiten", benutzer_id=benutzer_id))


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    """Das abgeschickte Formular erneut, die Meldungen an seinen Feldern."""
    if request.endpoint == "admin.benutzer_neu":
        form = NeuerBenutzerFormular()
        _laender(form)
        _melde_an_feldern(form, fehler)
        return render_template("admin/benutzer_neu.html", form=form)
    benutzer_id = (request.view_args or {}).get("benutzer_id")
    if request.endpoint == "admin.benutzer_bearbeiten":
        benutzer = _benutzer_oder_404(benutzer_id)
        form = BenutzerBearbeitenFormular(obj=benutzer)
        _laender(form)
        _melde_an_feldern(form, fehler)
        return _bearbeiten_seite(benutzer, form, PasswortFormular(formdata=None))
    if request.endpoint == "admin.benutzer_passwort":
        passwort_form = PasswortFormular()
        _melde_an_feldern(passwort_form, fehler)
        return _passwort_seite(_benutzer_oder_404(benutzer_id), passwort_form)
    return fachliche_fehlerseite(fehler)
