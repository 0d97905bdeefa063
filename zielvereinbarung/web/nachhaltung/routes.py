"""Routen der Nachhaltung. Berechtigung (Services): sehen darf, wer den Träger sieht; Dialoge
erfassen nur die Parteien, bestätigen nur die Gegenseite der erfassenden Partei; den
Jahresabschluss nur das Land. Fremd → 403, unbekannt → 404; eine noch nicht unterzeichnete
Vereinbarung → 409 mit Erklärung. Andere fachliche Fehler (die Anfrage ist dann schon
zurückgerollt): ein schon bestätigter Dialog (doppelt bestätigt), auf der Seite und beim
Jahresabschluss → Meldung und zurück zur Nachhaltungsseite; sonst (z. B. ein eingefrorener Dialog
soll korrigiert werden) 409 mit Meldung. Die Dialoge selbst: `dialoge`."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...documents.bericht import svg
from ...domain.verhandlung import UnzulaessigerUebergang
from ...fehler import FachlicherFehler
from ...format import zahl
from ...mail import sende_nachrichten
from ...services.nachhaltung.dialoge import SchonBestaetigt
from ...services.nachhaltung.jahresabschluss import schliesse_jahr_ab
from ...services.nachhaltung.seite import (
    NichtVerfuegbar,
    gueltige_vereinbarung,
    nachhaltung_lesen,
    nachhaltung_liste,
)
from ...tabellen.modell import Mappe, Spalte, Tabelle, textzelle
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db, nach_commit
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite, fehlerseite
from ..kern.tabellen import datei_antwort, exportierbar, gewuenschtes_format, tabellenseite
from ..kern.zeit import jetzt
from . import bp
from .cockpit import cockpit_verweise
from .dialoge import zum_dialog
from .tabellen import nachhaltung_mappe


@bp.errorhandler(NichtVerfuegbar)
def _nicht_verfuegbar(fehler: NichtVerfuegbar):
    return render_template("nachhaltung/nicht_verfuegbar.html", meldung=fehler.meldung), 409


@bp.get("/nachhaltung")
@exportierbar
def liste():
    zeilen = nachhaltung_liste(db(), aktueller_akteur())
    tabelle = Tabelle(
        "Nachhaltung",
        f"{zahl(len(zeilen))} unterzeichnete oder abgeschlossene Zielvereinbarung(en)",
        [
            Spalte("Jahr"),
            Spalte("Träger", zeilenkopf=True),
            Spalte("Kreisschlüssel"),
            Spalte("Land"),
            Spalte("Stand"),
        ],
        leer_text="Noch keine unterzeichnete Zielvereinbarung.",
    )
    for z in zeilen:
        tabelle.zeile(
            str(z.jahr),
            textzelle(z.name, url=url_for("nachhaltung.seite", id=z.vereinbarung_id)),
            z.ags,
            z.land_code,
            z.zustand,
        )
    mappe = Mappe("Nachhaltung: unterzeichnete Zielvereinbarungen", "Nachhaltung", [tabelle])
    return tabellenseite(
        "nachhaltung/liste.html", mappe, cockpits=cockpit_verweise(db(), aktueller_akteur())
    )


@bp.get("/vereinbarungen/<int:id>/nachhaltung")
@exportierbar
def seite(id: int):
    ansicht = nachhaltung_lesen(
        db(), id, aktueller_akteur(), jetzt(), request.args.get("monat"), current_user.id
    )
    mappe = nachhaltung_mappe(ansicht)
    if format_ := gewuenschtes_format():
        return datei_antwort(mappe, format_)  # ohne die Diagramme zu zeichnen
    diagramme = [(z.bezeichnung, svg(z.diagramm, 640, 260)) for z in ansicht.zeilen if z.diagramm]
    return tabellenseite("nachhaltung/seite.html", mappe, a=ansicht, diagramme=diagramme)


@bp.post("/vereinbarungen/<int:id>/jahresabschluss")
def jahresabschluss(id: int):
    gueltige_vereinbarung(db(), id, aktueller_akteur())
    ergebnis, zeilen = schliesse_jahr_ab(db(), id, aktueller_akteur(), jetzt())
    nachrichten = list(ergebnis.benachrichtigungen)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(
        f"{ergebnis.meldung} {len(zeilen)} Jahresergebnisse festgestellt."
        if ergebnis.neu
        else ergebnis.meldung,
        "erfolg" if ergebnis.neu else "info",
    )
    return redirect(url_for("nachhaltung.seite", id=id))


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    if request.endpoint == "nachhaltung.dialog_bestaetigen" and isinstance(fehler, SchonBestaetigt):
        flash(fehler.meldung, "info")  # schon bestätigt (z. B. doppelt abgeschickt)
        return zum_dialog(request.view_args["id"], request.view_args["dialog_id"])
    if request.endpoint == "nachhaltung.cockpit" and type(fehler) is FachlicherFehler:
        flash(fehler.meldung, "fehler")  # z. B. ein Monat ohne Daten: das Cockpit ohne Auswahl
        return redirect(url_for("nachhaltung.cockpit", **request.view_args))
    if request.endpoint not in ("nachhaltung.seite", "nachhaltung.jahresabschluss"):
        return fachliche_fehlerseite(fehler)
    if isinstance(fehler, UnzulaessigerUebergang) and aktueller_akteur().rolle != "land":
        return fehlerseite(403)  # den Jahresabschluss gibt es für andere Rollen nicht
    flash(fehler.meldung, "fehler")
    return redirect(url_for("nachhaltung.seite", id=request.view_args["id"]))
