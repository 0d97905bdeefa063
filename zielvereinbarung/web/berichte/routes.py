"""Routen des Berichtsarchivs.

- `/berichte`: Filter Land, Träger, Monat (GET-Formular); nur sichtbare Berichte, je Bericht
  die neueste Version (auf Wunsch alle). Träger sehen nur ihre eigenen Berichte, keine
  Landesübersichten.
- `/berichte/<id>/datei`: die PDF (403 fremd, 404 unbekannt oder Datei fehlt), mit
  SHA-256-Prüfung vor dem Ausliefern.
- `/berichte/abonnement/<art>/<schluessel>` (POST): abonnieren bzw. kündigen (`aktion`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from flask import abort, flash, redirect, request, send_file, url_for
from flask_login import current_user
from sqlmodel import select

from ...config import konfiguration
from ...domain.berechtigung import ADMIN
from ...domain.namen import genitiv
from ...fehler import FachlicherFehler
from ...format import monat_lang, zahl
from ...models import Benutzer, Bericht, Land, Traeger
from ...models.bericht import LAND, TRAEGER
from ...services.ablage import Ablage, AblageFehler
from ...services.berichte.abonnements import abonnements_von, abonniere, kuendige
from ...services.berichte.planung import (
    Berichtsfilter,
    darf_bericht_sehen,
    darf_sehen,
    suche_berichte,
)
from ...tabellen import modell as tm
from ...tabellen.modell import Mappe, Spalte, Tabelle, Zelle, textzelle
from ..kern.berechtigung import aktueller_akteur, erlaube
from ..kern.datenbank import db
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite, fehlerseite
from ..kern.tabellen import exportierbar, tabellenseite
from . import bp

_MONAT = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _filter() -> Berichtsfilter:
    land = (request.args.get("land") or "").upper() or None
    ags = (request.args.get("ags") or "").strip() or None
    monat = (request.args.get("monat") or "").strip() or None
    if monat and not _MONAT.match(monat):
        flash(
            f"„{monat}“ ist kein Monat im Format JJJJ-MM; der Filter wurde nicht angewandt.",
            "warnung",
        )
        monat = None
    return Berichtsfilter(land, ags, monat, nur_neueste=not request.args.get("alle"))


def _archiv_tabelle(berichte) -> Tabelle:
    tabelle = Tabelle(
        "Berichte",
        f"{zahl(len(berichte))} Bericht(e)",
        [
            Spalte("Monat"),
            Spalte("Bericht", zeilenkopf=True),
            Spalte("Art"),
            Spalte("Version", tm.ANZAHL),
            Spalte("Erstellt", tm.ZEITPUNKT),
            Spalte("SHA-256"),
            Spalte("Größe", tm.ANZAHL, einheit="KB"),
            Spalte("Herunterladen"),
        ],
        leer_text="Keine Berichte für diese Auswahl.",
    )
    for b in berichte:
        tabelle.zeile(
            monat_lang(b.monat),
            b.titel,
            "Landesübersicht" if b.art == "land" else f"Träger {b.ags}",
            b.version,
            b.erstellt_am,
            Zelle(f"{b.sha256[:16]}…", b.sha256),  # Seite gekürzt, Datei vollständig
            round(b.groesse / 1024),
            textzelle(
                "PDF",
                url=url_for("berichte.datei_laden", bericht_id=b.id),
                vorlesen=f"{b.titel}, Version {b.version}",
            ),
        )
    return tabelle


@bp.get("")
@exportierbar
def archiv():
    akteur = aktueller_akteur()
    f = _filter()
    berichte = suche_berichte(db(), f, akteur)
    laender = [(x.code, x.name) for x in db().exec(select(Land).order_by(Land.name))]
    if akteur.rolle != ADMIN and akteur.land_code:
        laender = [x for x in laender if x[0] == akteur.land_code]
    elif akteur.rolle != ADMIN:
        laender = []
    eigene = []  # was der Benutzer abonnieren kann
    if akteur.traeger_ags:
        eigene.append((TRAEGER, akteur.traeger_ags, f"Berichte von Träger {akteur.traeger_ags}"))
    if akteur.land_code:
        eigene.append((LAND, akteur.land_code, f"Landesübersicht {akteur.land_code}"))
    if f.ags and db().get(Traeger, f.ags) and (TRAEGER, f.ags) not in [e[:2] for e in eigene]:
        t = db().get(Traeger, f.ags)
        if darf_sehen(akteur, TRAEGER, t.ags, t.land_code):
            eigene.append((TRAEGER, t.ags, f"Berichte {genitiv(t.name)}"))
    tabelle = _archiv_tabelle(berichte)
    return tabellenseite(
        "berichte/archiv.html",
        Mappe("Berichtsarchiv", "Berichtsarchiv", [tabelle]),
        berichte=berichte,
        f=f,
        laender=laender,
        abonnierbar=eigene,
        abonniert=abonnements_von(db(), current_user.id),
        alle=bool(request.args.get("alle")),
    )


@bp.get("/<int:bericht_id>/datei")
def datei_laden(bericht_id: int):
    bericht = db().get(Bericht, bericht_id) or abort(404)
    erlaube(darf_bericht_sehen(aktueller_akteur(), bericht))
    pfad = Ablage(konfiguration().berichtsablage()).pfad(bericht.datei)  # außerhalb: 404
    try:
        inhalt = pfad.read_bytes()
    except OSError:
        abort(404)
    if hashlib.sha256(inhalt).hexdigest() != bericht.sha256:
        abort(500)  # Datei verändert: nie eine andere als die archivierte ausliefern
    name = f"bericht_{bericht.art}_{bericht.schluessel}_{bericht.monat}_v{bericht.version}.pdf"
    return send_file(pfad, mimetype="application/pdf", as_attachment=True, download_name=name)


@bp.post("/abonnement/<art>/<schluessel>")
def abonnement(art: str, schluessel: str):
    if art not in (TRAEGER, LAND):
        abort(404)
    probe_land = schluessel if art == LAND else None
    if art == TRAEGER:
        t = db().get(Traeger, schluessel) or abort(404)
        probe_land = t.land_code
    elif db().get(Land, schluessel) is None:
        abort(404)
    erlaube(darf_sehen(aktueller_akteur(), art, schluessel if art == TRAEGER else None, probe_land))
    benutzer = db().get(Benutzer, current_user.id)
    if request.form.get("aktion") == "kuendigen":
        kuendige(db(), benutzer.id, art, schluessel)
        flash("Abonnement beendet.", "erfolg")
    else:
        neu = abonniere(db(), benutzer, art, schluessel, datetime.now(UTC))
        hinweis = (
            ""
            if benutzer.email
            else " Hinterlegen Sie eine E-Mail-Adresse, um Nachrichten zu erhalten."
        )
        flash(
            (
                "Abonniert: Sie erhalten eine E-Mail, sobald ein neuer Bericht bereitliegt."
                if neu
                else "Bereits abonniert."
            )
            + hinweis,
            "erfolg",
        )
    return redirect(url_for("berichte.archiv"))


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    if request.endpoint == "berichte.abonnement":
        return fehlerseite(403)  # abonnieren darf nur, wer sehen darf
    if isinstance(fehler, AblageFehler):
        return fehlerseite(404)
    return fachliche_fehlerseite(fehler)
