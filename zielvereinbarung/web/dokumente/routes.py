"""Dokumentseite einer Zielvereinbarung: Versionen, Vorschau, Herunterladen, Ausstellen,
extern signiert Hochladen, Anlage; Unterzeichnen und Freigeben mit Bestätigungsseite in
`zeichnen`.

Berechtigung vor allem anderen: Lesen (auch Leser) prüft der Service (403/404); schreibende
Routen verlangen eine Vertragspartei mit Zugriff auf den Träger (`_partei`), bevor das
Formular gelesen wird. Fachliche Fehler (die Anfrage ist dann schon zurückgerollt): Meldung,
zurück zur Dokumentseite (`_fachlicher_fehler`).
"""

from __future__ import annotations

import io

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from ...documents.druck import stil_text
from ...domain.berechtigung import darf_traeger_aendern
from ...fehler import FachlicherFehler
from ...mail import sende_nachrichten
from ...services.dokumente import dokument as dienst
from ...services.dokumente.seite import dokument_seite
from ...services.dokumente.unterzeichnung import nimm_signiertes_dokument_an
from ...services.verhandlung.lesen import lade_vereinbarung
from ..kern.berechtigung import aktueller_akteur, schreibrecht_erforderlich
from ..kern.datenbank import db, nach_commit
from ..kern.fehlerseiten import fachliche_fehler, fachliche_fehlerseite
from ..kern.zeit import jetzt
from . import bp, einstellungen
from .forms import DateiFormular, LeeresFormular


def _partei(id: int) -> None:
    """404 für unbekannte, 403 für fremde Vereinbarungen (vor jedem Formular)."""
    _, traeger = lade_vereinbarung(db(), id)
    if not darf_traeger_aendern(aktueller_akteur(), traeger.ags, traeger.land_code):
        abort(403)


def zurueck(id: int, meldung: str, kategorie: str = "fehler"):
    flash(meldung, kategorie)
    return redirect(url_for("dokumente.uebersicht", id=id))


@bp.get("/vereinbarungen/<int:id>/dokument")
def uebersicht(id: int):
    seite = dokument_seite(db(), id, aktueller_akteur())
    return render_template(
        "dokumente/uebersicht.html", seite=seite, formular=LeeresFormular(),
        hochladen=DateiFormular(prefix="signiert"), anlage=DateiFormular(prefix="anlage"),
        zur_vereinbarung=url_for("verhandlung.vereinbarung", id=id)
        if "verhandlung.vereinbarung" in current_app.view_functions else None,
    )  # fmt: skip


@bp.get("/vereinbarungen/<int:id>/dokument/vorschau")
def vorschau(id: int):
    html = dienst.vorschau_html(
        db(),
        id,
        aktueller_akteur(),
        url_for("dokumente.stil"),
        url_for("dokumente.uebersicht", id=id),
    )
    return Response(html, mimetype="text/html")


@bp.get("/dokumente/vereinbarung.css")
def stil():
    antwort = Response(stil_text("vereinbarung"), mimetype="text/css")
    antwort.cache_control.max_age = 3600
    return antwort


@bp.get("/vereinbarungen/<int:id>/dokument/v<int:version>.pdf")
def herunterladen(id: int, version: int):
    dokument, daten = dienst.lies_version(db(), einstellungen(), id, version, aktueller_akteur())
    antwort = send_file(io.BytesIO(daten), mimetype="application/pdf", as_attachment=True,
                        download_name=dokument.dateiname, etag=dokument.sha256)  # fmt: skip
    antwort.headers["Cache-Control"] = "no-store, no-transform"  # Bytes unverändert (Signaturen)
    return antwort


@bp.post("/vereinbarungen/<int:id>/dokument/ausstellen")
@schreibrecht_erforderlich
def ausstellen(id: int):
    _partei(id)
    dokument = dienst.ausstellen(db(), einstellungen(), id, aktueller_akteur(), jetzt())
    flash(f"Dokument ausgestellt (Version {dokument.version}). Es kann jetzt unterzeichnet "
          "werden.", "erfolg")  # fmt: skip
    return redirect(url_for("dokumente.uebersicht", id=id))


def abschluss(id: int, ergebnis):
    nachrichten = list(ergebnis.benachrichtigungen)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(ergebnis.meldung, "erfolg")
    return redirect(url_for("dokumente.uebersicht", id=id))


@bp.post("/vereinbarungen/<int:id>/dokument/hochladen")
@schreibrecht_erforderlich
def hochladen(id: int):
    _partei(id)
    formular = DateiFormular(prefix="signiert")
    if not formular.validate_on_submit():
        return zurueck(id, "Bitte die signierte PDF-Datei auswählen.")
    daten = formular.datei.data.read()
    ergebnis = nimm_signiertes_dokument_an(
        db(), einstellungen(), id, daten, aktueller_akteur(), jetzt()
    )
    return abschluss(id, ergebnis)


@bp.post("/vereinbarungen/<int:id>/dokument/anlage")
@schreibrecht_erforderlich
def anlage(id: int):
    _partei(id)
    formular = DateiFormular(prefix="anlage")
    if not formular.validate_on_submit():
        return zurueck(id, "Bitte das Planungsdokument (PDF) auswählen.")
    datei = formular.datei.data
    neu = dienst.lade_anlage_hoch(db(), einstellungen(), id, datei.filename or "",
                                  datei.read(), aktueller_akteur(), jetzt())  # fmt: skip
    flash(f"Anlage {neu.nummer} „{neu.dateiname}“ gespeichert.", "erfolg")
    return redirect(url_for("dokumente.uebersicht", id=id))


@fachliche_fehler(bp)
def _fachlicher_fehler(fehler: FachlicherFehler):
    """Vorschau und Aktionen: Meldung und zurück zur Dokumentseite; sonst die Fehlerseite."""
    id = (request.view_args or {}).get("id")
    if id is None or request.endpoint in ("dokumente.uebersicht", "dokumente.herunterladen"):
        return fachliche_fehlerseite(fehler)
    if request.endpoint == "dokumente.vorschau":
        return zurueck(id, fehler.meldung, "info")
    if request.endpoint == "dokumente.hochladen":
        return zurueck(id, f"Signiertes Dokument abgelehnt: {fehler.meldung}")
    return zurueck(id, fehler.meldung)
