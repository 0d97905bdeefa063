"""Routen der Zeichnungsbefugnisse. Sehen: Administration und Land-Konten (ihr Land); ändern
entscheidet der Service (`domain.zeichnung`: die Administration, im Land nur
zeichnungsberechtigte Personen für die eigenen Leute) – 403 sonst, geprüft vor dem Formular.
Nach jeder Änderung geht es zur Seite zurück, von der das Formular kam (`weiter`, nur Pfade
dieses Servers).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import logout_user

from ...documents.signatur import inhaber_lesbar
from ...domain.berechtigung import ADMIN, LAND
from ...fehler import FachlicherFehler
from ...services.dokumente.freigabe import pruefe_vier_augen_recht, setze_vier_augen
from ...services.konten import personenzertifikate, zeichnung
from ...services.konten.benutzer import laender_auswahl
from ...services.konten.zeichnung_seite import befugnis_seite
from ..auth.routes import sicheres_ziel
from ..kern.berechtigung import aktueller_akteur, rolle_erforderlich
from ..kern.datenbank import db
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite
from ..kern.zeit import jetzt
from . import bp
from .forms import ErteilenFormular, WeiterFormular, ZertifikatFormular


def _weiter(formular) -> str:
    return sicheres_ziel(formular.weiter.data) or url_for("zeichnung.uebersicht")


@bp.get("/zeichnungsbefugnisse")
@rolle_erforderlich(LAND)
def uebersicht():
    akteur = aktueller_akteur()
    land = request.args.get("land", "") if akteur.rolle == ADMIN else akteur.land_code
    laender = laender_auswahl(db()) if akteur.rolle == ADMIN else []
    seite = befugnis_seite(db(), land or laender[0][0], akteur) if (land or laender) else None
    return render_template(
        "zeichnung/uebersicht.html", seite=seite, laender=laender, erteilen=ErteilenFormular(),
        leer=WeiterFormular(), zertifikat=ZertifikatFormular(), weiter=request.full_path,
    )  # fmt: skip


@bp.post("/zeichnungsbefugnisse/konten/<int:benutzer_id>/erteilen")
@rolle_erforderlich(LAND)
def erteilen(benutzer_id: int):
    zeichnung.darf_verwalten(db(), benutzer_id, aktueller_akteur())
    formular = ErteilenFormular()
    if not formular.validate_on_submit():
        raise FachlicherFehler(" ".join(formular.funktion.errors) or "Bitte erneut versuchen.")
    befugnis = zeichnung.erteile(db(), benutzer_id, formular.funktion.data, aktueller_akteur(),
                                 jetzt())  # fmt: skip
    flash(f"Zeichnungsbefugnis erteilt (ab {befugnis.erteilt_am:%d.%m.%Y}).", "erfolg")
    return redirect(_weiter(formular))


@bp.post("/zeichnungsbefugnisse/konten/<int:benutzer_id>/entziehen")
@rolle_erforderlich(LAND)
def entziehen(benutzer_id: int):
    zeichnung.darf_verwalten(db(), benutzer_id, aktueller_akteur())
    formular = WeiterFormular()
    if not formular.validate_on_submit():
        abort(400)
    zeichnung.entziehe(db(), benutzer_id, aktueller_akteur(), jetzt())
    flash("Zeichnungsbefugnis entzogen; das Konto kann ab sofort nicht mehr unterzeichnen.",
          "erfolg")  # fmt: skip
    return redirect(_weiter(formular))


@bp.post("/zeichnungsbefugnisse/konten/<int:benutzer_id>/zertifikat")
@rolle_erforderlich(LAND)
def zertifikat(benutzer_id: int):
    zeichnung.darf_verwalten(db(), benutzer_id, aktueller_akteur())
    formular = ZertifikatFormular()
    if not formular.validate_on_submit():
        raise FachlicherFehler(" ".join(formular.datei.errors) or "Bitte erneut versuchen.")
    daten = formular.datei.data.read(personenzertifikate.MAX_DATEI + 1)
    neu = personenzertifikate.registriere(db(), benutzer_id, daten, aktueller_akteur(), jetzt())
    flash(f"Persönliches Zertifikat „{inhaber_lesbar(neu.inhaber)}“ registriert.", "erfolg")
    return redirect(_weiter(formular))


@bp.post("/zeichnungsbefugnisse/vier-augen/<land_code>/<any(an, aus):schalter>")
@rolle_erforderlich(LAND)
def vier_augen(land_code: str, schalter: str):
    pruefe_vier_augen_recht(db(), land_code, aktueller_akteur())
    formular = WeiterFormular()
    if not formular.validate_on_submit():
        abort(400)
    setze_vier_augen(db(), land_code.upper(), schalter == "an", aktueller_akteur(), jetzt())
    flash("Vier-Augen-Prinzip " + ("eingeschaltet: vor jeder Gegenzeichnung gibt eine zweite "
          "zeichnungsberechtigte Person frei." if schalter == "an" else "ausgeschaltet."),
          "erfolg")  # fmt: skip
    return redirect(_weiter(formular))


@bp.post("/neu-anmelden")
def neu_anmelden():
    """Vor einem verbindlichen Schritt: abmelden und sich mit Rückkehr hierher neu anmelden."""
    formular = WeiterFormular()
    if not formular.validate_on_submit():
        abort(400)
    ziel = sicheres_ziel(formular.weiter.data)
    logout_user()
    session.clear()
    flash("Bitte melden Sie sich neu an; danach kommen Sie zur Bestätigung zurück.", "info")
    return redirect(url_for("auth.anmelden", next=ziel))


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    """Änderungen: Meldung und zurück zur Seite des Formulars; sonst die Fehlerseite."""
    if request.method != "POST":
        return fachliche_fehlerseite(fehler)
    flash(fehler.meldung, "fehler")
    return redirect(sicheres_ziel(request.form.get("weiter")) or url_for("zeichnung.uebersicht"))
