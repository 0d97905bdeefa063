"""Angebot (Träger) und Gegenvorschlag (Land): ein Formular mit allen Zielwerten, vorbelegt aus
der neuesten Revision, mit der versteckten `basis_nummer` für das optimistische Sperren.

Ablauf einer Eingabe: Berechtigung (vor dem Formular) → Zahlen lesen und prüfen (Fehler am Feld,
422, nichts geht verloren) → ein Service (`reiche_angebot_ein` bzw. `sende_gegenvorschlag`) →
Erfolg: Meldung, E-Mails nach dem Commit; identische Wiederholung: neutrale Meldung; Konflikt:
Konfliktseite (409, `konflikt`); Fehler, die erst der Service findet (`UngueltigeVorgaben`): das
Formular mit den Fehlern (422, nach dem Zurückrollen).

„Vorschau“ (Knopf im Formular, ohne JavaScript) zeigt dasselbe Formular mit den Zielniveaus der
Eingabe und speichert nichts; `vorschau` liefert dieselben Zielniveaus als JSON für das Skript
des Editors (`editor`).
"""

from __future__ import annotations

from flask import abort, jsonify, render_template, request, url_for

from ...domain import verhandlung as vh
from ...domain.berechtigung import bund_land_partei, darf_traeger_aendern, ist_admin
from ...services.verhandlung.schritte import (
    UngueltigeVorgaben,
    reiche_angebot_ein,
    sende_gegenvorschlag,
)
from ...services.verhandlung.seiten import vereinbarung_seite
from ..kern import gerettete_eingaben
from ..kern.adressen import id_zahl
from ..kern.berechtigung import aktueller_akteur, erlaube, schreibrecht_erforderlich
from ..kern.datenbank import db
from ..kern.zeit import jetzt
from ..ziele.eingabe import dienstfehler, lies_formular, zeige_fehler
from ..ziele.felder import Zielblock
from . import bp
from .darstellung import aktionstext, am_zug_text, wert_aktion
from .editor import basiswerte, editor, niveaus_json
from .fehler import erfolg, zurueck
from .formular import formular


def lade_seite(id: int):
    """Die Vereinbarung für einen Bearbeiter: 404/403 vor allem anderen; Leser und Fremde → 403."""
    akteur = aktueller_akteur()
    seite = vereinbarung_seite(db(), id, akteur)
    if seite.ansicht.bund_land:  # Admin wie bei Land ↔ zkT: sieht, handelt aber nicht
        erlaube(ist_admin(akteur) or bund_land_partei(akteur, seite.ansicht.land_code) is not None)
    else:
        erlaube(darf_traeger_aendern(akteur, seite.ansicht.ags, seite.ansicht.land_code))
    return seite


def position(a) -> str | None:
    """Die Position des Akteurs in der Zustandstabelle ('land' = obere, 'traeger' = untere
    Partei; bei BMAS ↔ Land ist das BMAS oben, das Land unten); None, wenn er nicht handelt."""
    akteur = aktueller_akteur()
    if a.bund_land:
        partei = bund_land_partei(akteur, a.land_code)
        return None if partei is None else vh.position(partei, True)
    return akteur.rolle if akteur.rolle in vh.PARTEIEN else None


def zeige_formular(seite, bl: list[Zielblock], form, aktion: vh.Aktion | None, status: int = 200):
    """Das Formular. Ohne erlaubte Aktion (eine Eingabe auf veralteter Grundlage mit Fehlern)
    trägt der Knopf die Aktion der eigenen Partei; der Service meldet dann den Konflikt."""
    a = seite.ansicht
    if aktion is None:
        eigene = vh.ANGEBOT_EINREICHEN if position(a) == vh.TRAEGER else vh.GEGENVORSCHLAG_SENDEN
        aktion = vh.AKTION[eigene]
    return render_template(
        "verhandlung/bearbeiten.html",
        form=form,
        bloecke=bl,
        ansicht=a,
        titel=f"{aktionstext(aktion)}: Zielvereinbarung {a.jahr} – {a.traeger_name}",
        knopf=aktionstext(aktion),
        basis=form["basis_nummer"].data,
        vorschau=url_for("verhandlung.vorschau", id=a.id),
        **editor(a.aktuelle_revision, bl, form),
    ), status


@bp.route("/vereinbarungen/<int:id>/bearbeiten", methods=["GET", "POST"])
@schreibrecht_erforderlich
def bearbeiten(id: int):
    seite = lade_seite(id)
    a, akteur = seite.ansicht, aktueller_akteur()
    if position(a) is None:
        return zurueck(
            id, "Angebote und Gegenvorschläge geben nur die Vertragsparteien ab.", "info"
        )
    aktion = wert_aktion(a)
    if request.method == "GET":
        if aktion is None:
            return zurueck(
                id,
                f"Hier gibt es für Sie gerade nichts einzureichen "
                f"({a.zustand_bezeichnung}, {am_zug_text(a.am_zug_bezeichnung)}).",
                "info",
            )
        bl, form = formular(a.aktuelle_revision)
        gerettete_eingaben.uebernimm(form)
        return zeige_formular(seite, bl, form, aktion)

    bl, form = formular(a.aktuelle_revision, request.form)
    try:
        basis = id_zahl(form["basis_nummer"].data or "")
    except ValueError:
        abort(400)
    auswertung = lies_formular(form, bl, basiswerte(a.aktuelle_revision))
    if "vorschau" in request.form:
        return zeige_formular(seite, bl, form, aktion)
    if auswertung.fehler:
        zeige_fehler(form, auswertung)
        return zeige_formular(seite, bl, form, aktion, 422)
    dienst = reiche_angebot_ein if position(a) == vh.TRAEGER else sende_gegenvorschlag
    return erfolg(
        dienst(db(), id, basis, auswertung.vorgaben, form["kommentar"].data, akteur, jetzt())
    )


@bp.errorhandler(UngueltigeVorgaben)
def _ungueltige_vorgaben(fehler: UngueltigeVorgaben):
    """Fehler, die erst der Service findet: das Formular der Eingabe mit den Fehlern am Feld."""
    seite = lade_seite(request.view_args["id"])
    a = seite.ansicht
    bl, form = formular(a.aktuelle_revision, request.form)
    lies_formular(form, bl, basiswerte(a.aktuelle_revision))
    zugeordnet = dienstfehler(form, bl, fehler.details)
    if not zugeordnet.fehler:
        zugeordnet.melde("", fehler.meldung)
    zeige_fehler(form, zugeordnet)
    return zeige_formular(seite, bl, form, wert_aktion(a), 422)


@bp.post("/vereinbarungen/<int:id>/vorschau")
@schreibrecht_erforderlich
def vorschau(id: int):
    """Die Zielniveaus der Eingabe als JSON ({code: {text, erlaeuterung}}); speichert nichts."""
    rev = lade_seite(id).ansicht.aktuelle_revision
    bl, form = formular(rev, request.form)
    lies_formular(form, bl, basiswerte(rev))  # bereinigt wie beim Einreichen
    return jsonify(niveaus_json(rev, bl, form))
