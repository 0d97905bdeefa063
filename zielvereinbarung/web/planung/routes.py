"""Planung eines Landes für ein Jahr: Orientierungswerte je Zielindikator (Land: bearbeiten,
Admin und Leser: ansehen) und „Entwürfe erzeugen“ für alle zkT des Landes.

Orientierungswerte setzt nur die Rolle `land` für das eigene Land (Regel des Services; Admin ist
keine Vertragspartei). Ein Zielindikator ohne Zieltyp hat keinen Orientierungswert (im Entwurf:
Monitoring). Fachliche Fehler (nach dem Zurückrollen, `_fachlicher_fehler`): beim Speichern der
Orientierungswerte das Formular mit den Fehlern (422), beim Erzeugen der Entwürfe Meldung und
zurück zur Planung.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from ...domain.berechtigung import LAND, LESER, ist_admin
from ...domain.ziele import ZIELTYP_BEZEICHNUNG, bezeichnung, ist_qualitativ
from ...domain.zielsaetze import kurztext
from ...fehler import FachlicherFehler
from ...mail import sende_nachrichten
from ...services.verhandlung.orientierungswerte import setze_orientierungswerte
from ...services.verhandlung.planung import erzeuge_entwuerfe
from ...services.verhandlung.schritte import UngueltigeVorgaben
from ...services.verhandlung.seiten import PlanungSeite, laender_mit_zkt, planung_seite
from ..kern.berechtigung import (
    aenderbares_land,
    aktueller_akteur,
    erlaube,
    rolle_erforderlich,
    sichtbares_land,
)
from ..kern.datenbank import db, nach_commit
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite
from ..kern.zeit import jetzt
from ..verhandlung.darstellung import laenderliste, pruefe_jahr, standardjahr
from ..ziele.eingabe import dienstfehler, lies_formular, zeige_fehler
from ..ziele.felder import (
    bloecke,
    formular_klasse,
    formulardaten,
    naechster_q_code,
    q_codes_im_formular,
    zieltypen_orientierung,
)
from . import bp


@bp.get("")
@rolle_erforderlich(LAND, LESER)
def start():
    akteur = aktueller_akteur()
    if akteur.land_code:
        return redirect(url_for("planung.land", land=akteur.land_code, jahr=standardjahr()))
    if ist_admin(akteur):
        return laenderliste("Planung", "planung.land", laender_mit_zkt(db()))
    abort(403)  # Lesezugriff auf einen Träger: die Planung ist eine Landessicht


def _formular(seite: PlanungSeite, formdaten: MultiDict | None = None):
    codes = list(seite.orientierungswerte)
    if formdaten is None:
        neue, formdaten = (
            [naechster_q_code(codes)],
            formulardaten(seite.orientierungswerte.values()),
        )
    else:
        neue = [c for c in q_codes_im_formular(formdaten) if c not in codes]
    bl = bloecke(
        codes,
        {c: (f"Gespeichert: {kurztext(v)}",) for c, v in seite.orientierungswerte.items()},
        neue,
        {c: v.bezeichnung for c, v in seite.orientierungswerte.items() if ist_qualitativ(c)},
    )
    return bl, formular_klasse(bl, zieltypen_orientierung())(formdata=formdaten)


def _zeilen(seite: PlanungSeite) -> list[dict]:
    """Die gespeicherten Orientierungswerte zum Lesen (jeder Zielindikator, dann weitere Ziele)."""
    zeilen = []
    for b in bloecke(list(seite.orientierungswerte)):
        v = seite.orientierungswerte.get(b.code)
        zeilen.append(
            {
                "bezeichnung": bezeichnung(b.code, v.bezeichnung if v else None),
                "zieltyp": ZIELTYP_BEZEICHNUNG[v.zieltyp] if v else "–",
                "wert": (v.text if b.qualitativ else kurztext(v))
                if v
                else "kein Orientierungswert (Monitoring)",
                "kommentar": v.kommentar if v else None,
            }
        )
    return zeilen


def _seite(seite: PlanungSeite, bl=None, form=None, status: int = 200):
    code, jahr = seite.land.code, seite.jahr
    return render_template(
        "planung/land.html",
        seite=seite,
        zeilen=_zeilen(seite),
        bloecke=bl,
        form=form,
        stand=(
            f"{seite.anzahl_vereinbarungen} von {seite.anzahl_zkt} zkT haben eine "
            f"Zielvereinbarung {jahr}."
        ),
        uebersicht=url_for("verhandlung.uebersicht", land=code, jahr=jahr),
        vorjahr=url_for("planung.land", land=code, jahr=jahr - 1),
        folgejahr=url_for("planung.land", land=code, jahr=jahr + 1),
    ), status


def _lade(land: str, jahr: int) -> PlanungSeite:
    land_ = sichtbares_land(land)
    pruefe_jahr(jahr)
    return planung_seite(db(), land_.code, jahr, aktueller_akteur())


@bp.route("/<land>/<int:jahr>", methods=["GET", "POST"])
@rolle_erforderlich(LAND, LESER)
def land(land: str, jahr: int):
    seite = _lade(land, jahr)
    if request.method == "GET":
        bl, form = _formular(seite) if seite.darf_aendern else (None, None)
        return _seite(seite, bl, form)
    erlaube(seite.darf_aendern)
    bl, form = _formular(seite, request.form)
    auswertung = lies_formular(form, bl, {}, ohne_zieltyp_weglassen=True)
    if not auswertung.fehler:
        setze_orientierungswerte(
            db(), seite.land.code, jahr, auswertung.vorgaben, aktueller_akteur(), jetzt()
        )
        flash(
            f"Orientierungswerte {jahr} für {seite.land.name} gespeichert. Bereits erzeugte "
            "Entwürfe bleiben unverändert.",
            "erfolg",
        )
        return redirect(url_for("planung.land", land=seite.land.code, jahr=jahr))
    zeige_fehler(form, auswertung)
    return _seite(seite, bl, form, 422)


@bp.post("/<land>/<int:jahr>/entwuerfe")
@rolle_erforderlich(LAND)
def entwuerfe(land: str, jahr: int):
    land_ = aenderbares_land(land)
    pruefe_jahr(jahr)
    ziel = url_for("planung.land", land=land_.code, jahr=jahr)
    ergebnis = erzeuge_entwuerfe(db(), land_.code, jahr, aktueller_akteur(), jetzt())
    nachrichten = list(ergebnis.benachrichtigungen)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(ergebnis.meldung, "erfolg" if ergebnis.erzeugt else "info")
    return redirect(ziel)


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    land, jahr = (request.view_args or {}).get("land"), (request.view_args or {}).get("jahr")
    if request.endpoint == "planung.entwuerfe":
        flash(fehler.meldung, "fehler")
        return redirect(url_for("planung.land", land=aenderbares_land(land).code, jahr=jahr))
    if request.endpoint == "planung.land" and request.method == "POST":
        seite = _lade(land, jahr)
        bl, form = _formular(seite, request.form)
        auswertung = lies_formular(form, bl, {}, ohne_zieltyp_weglassen=True)
        if isinstance(fehler, UngueltigeVorgaben):
            auswertung = dienstfehler(form, bl, fehler.details)
            if not auswertung.fehler:
                auswertung.melde("", fehler.meldung)
        else:
            auswertung.melde("", fehler.meldung)
        zeige_fehler(form, auswertung)
        return _seite(seite, bl, form, 422)
    return fachliche_fehlerseite(fehler)
