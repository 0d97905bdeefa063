"""Seiten der Vereinbarungen BMAS ↔ Land. Die Verhandlung selbst (Seite, Angebot, Gegenvorschlag,
Annahme, Vergleich, Dokument und Unterschriften) läuft über dieselben Seiten wie zwischen Land
und zkT (`/vereinbarungen/<id>`); hier steht, was es nur zwischen BMAS und Land gibt.

- `/bund`: Admin und BMAS das Cockpit über alle Länder mit zkT; Land und Land-Leser die Seite
  ihres Landes; sonst 403.
- `/bund/<land>/<jahr>`: Admin, BMAS, Land und Land-Leser des Landes (sonst 403/404).
- Sitzungen des Kooperationsausschusses (DOMAIN.md § 9) stehen auf `/bund/<land>/<jahr>`; erfasst,
  korrigiert und bestätigt werden sie über die Dialogseiten (`nachhaltung.dialog` …) wie
  Zielnachhaltedialoge, mit BMAS und Land als Parteien.
- Schreiben (vor jedem Formular geprüft): Orientierungswerte nur das BMAS, bottom-up-Angebot und
  Übernahme als Orientierungswerte nur das Land (die Services prüfen die Partei).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ...domain.berechtigung import BUND, LAND, LESER, darf_bund_sehen
from ...domain.ziele import VERAENDERUNG, Zielvorgabe, bezeichnung, einheit_text, lies_zahl
from ...fehler import FachlicherFehler
from ...format import LEER, ortszeit
from ...mail import sende_nachrichten
from ...models import Zielvereinbarung
from ...services.nachhaltung.bund import (
    INDIKATOREN,
    ausschuss_sitzungen,
    bund_cockpit,
    land_stand,
)
from ...services.nachhaltung.daten import GUELTIG
from ...services.verhandlung import bund_land as dienst
from ...services.verhandlung.lesen import lade_vereinbarung, letzte_revision, pruefe_lesen
from ..kern.berechtigung import aktueller_akteur, erlaube, rolle_erforderlich
from ..kern.datenbank import db, nach_commit
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite
from ..kern.zeit import jetzt
from ..verhandlung.darstellung import pruefe_jahr
from ..verhandlung.fehler import erfolg
from . import bp


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    """POST: Meldung und zurück zur Seite des Landes; sonst die Fehlerseite."""
    ziel = request.form.get("zurueck") if request.method == "POST" else None
    if ziel and ziel.startswith("/bund/"):
        flash(fehler.meldung, "fehler")
        return redirect(ziel)
    return fachliche_fehlerseite(fehler)


@bp.get("")
@rolle_erforderlich(BUND, LAND, LESER)
def uebersicht():
    akteur = aktueller_akteur()
    # Das Cockpit zeigt ohne Angabe das laufende Jahr (Stand der Ziele mit Daten); die Planung des
    # kommenden Jahres ist einen Klick weiter („2027“).
    jahr = request.args.get("jahr", type=int) or ortszeit(jetzt()).year
    pruefe_jahr(jahr)
    if not darf_bund_sehen(akteur):
        erlaube(bool(akteur.land_code))
        return redirect(url_for(".land", land=akteur.land_code, jahr=jahr))
    c = bund_cockpit(db(), akteur, jahr)
    return render_template("bund/cockpit.html", c=c, jahre=(jahr - 1, jahr + 1))


@bp.get("/<land>/<int:jahr>")
@rolle_erforderlich(BUND, LAND, LESER)
def land(land: str, jahr: int):
    pruefe_jahr(jahr)
    akteur = aktueller_akteur()
    stand = land_stand(db(), akteur, land, jahr)
    ziele = dienst.landesziele(db(), land, jahr)
    v = dienst.bund_land_vereinbarung(db(), land, jahr)
    basis = letzte_revision(db(), v).nummer if v is not None else None
    sitzungen, darf_sitzung = ausschuss_sitzungen(db(), akteur, v)
    return render_template(
        "bund/land.html",
        s=stand,
        jahr=jahr,
        vereinbarung=v,
        landesziele=[_landesziel(z) for z in ziele.values()],
        darf_entwurf=akteur.rolle == BUND and v is None,
        darf_land=akteur.rolle == LAND and akteur.land_code == land and v is not None,
        indikatoren=[(c, bezeichnung(c)) for c in INDIKATOREN],
        namen={z.code: bezeichnung(z.code) for z in stand.zellen},
        basis=basis,
        jahre=(jahr - 1, jahr + 1),
        sitzungen=sitzungen,
        sitzungen_moeglich=_laeuft(v),
        darf_sitzung=darf_sitzung,
    )


def _laeuft(v: Zielvereinbarung | None) -> bool:
    return v is not None and v.zustand in GUELTIG and v.aenderung_von_id is None


def _landesziel(z) -> dict:
    def t(wert):
        return LEER if wert is None else einheit_text(z.zielindikator, wert)

    return {
        "code": z.zielindikator,
        "name": bezeichnung(z.zielindikator),
        "basiswert": t(z.basiswert),
        "zielniveau": t(z.zielniveau),
        "veraenderung": LEER
        if z.veraenderung is None
        else f"{z.veraenderung:+.2f} %".replace(".", ","),
        "abdeckung": f"{z.mit_ziel} von {z.traeger} zkT mit Ziel",
        "grund": z.grund,
    }


@bp.post("/<land>/<int:jahr>/entwurf")
@rolle_erforderlich(BUND)
def entwurf(land: str, jahr: int):
    pruefe_jahr(jahr)
    vorgaben = []
    for code in INDIKATOREN:
        try:
            wert = lies_zahl(request.form.get(f"wert_{code}"))
        except ValueError as fehler:
            raise FachlicherFehler(f"{bezeichnung(code)}: {fehler}") from None
        if wert is not None:
            vorgaben.append(Zielvorgabe(code, VERAENDERUNG, wert))
    e = dienst.lege_entwurf_an(db(), land, jahr, vorgaben, aktueller_akteur(), jetzt())
    if e.benachrichtigungen:
        nachrichten = list(e.benachrichtigungen)
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(e.meldung, "erfolg")
    return redirect(url_for("verhandlung.vereinbarung", id=e.vereinbarung_id))


def _bund_land(id: int) -> Zielvereinbarung:
    """Die Vereinbarung BMAS ↔ Land, die der Akteur sehen darf (404/403 vor jedem Formular)."""
    v, partner = lade_vereinbarung(db(), id)
    pruefe_lesen(aktueller_akteur(), partner)
    if v.ags is not None:
        raise FachlicherFehler("Das gibt es nur für Zielvereinbarungen mit dem BMAS.")
    return v


@bp.post("/vereinbarungen/<int:id>/bottom-up")
@rolle_erforderlich(LAND)
def bottom_up(id: int):
    _bund_land(id)
    basis = request.form.get("basis", type=int) or 0
    return erfolg(dienst.reiche_bottom_up_angebot_ein(db(), id, basis, aktueller_akteur(), jetzt()))


@bp.post("/vereinbarungen/<int:id>/orientierung")
@rolle_erforderlich(LAND)
def orientierung(id: int):
    v = _bund_land(id)
    werte = dienst.uebernimm_als_orientierungswerte(db(), id, aktueller_akteur(), jetzt())
    flash(
        f"{len(werte)} Ziele der Vereinbarung mit dem BMAS als Orientierungswerte {v.jahr} für "
        "Ihre zkT übernommen.",
        "erfolg",
    )
    return redirect(url_for("planung.land", land=v.land_code, jahr=v.jahr))
