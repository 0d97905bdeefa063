"""Dokumentseite einer Zielvereinbarung: Fassungen, Vorschau, Herunterladen, Ausstellen,
Unterzeichnen, extern signiert Hochladen, Anlage.

Berechtigung vor allem anderen: Lesen (auch Leser) prüft der Service (403/404); schreibende
Routen verlangen eine Vertragspartei mit Zugriff auf den Träger (`_partei`), bevor das
Formular gelesen wird. Fachliche Fehler: alles verwerfen, Meldung, zurück zur Dokumentseite.
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
    send_file,
    url_for,
)

from ...documents.druck import stil_text
from ...domain.berechtigung import darf_traeger_aendern
from ...domain.verhandlung import UnzulaessigerUebergang
from ...mail import sende_nachrichten
from ...services import FachlicherFehler
from ...services import dokumente as dienst
from ...services.dokument_seite import dokument_seite
from ...services.unterzeichnung import nimm_signiertes_dokument_an, unterzeichne
from ...services.verhandlung_lesen import lade_vereinbarung
from ..berechtigung import kontext, schreibrecht_erforderlich
from ..datenbank import db, nach_commit, verwerfe
from ..dienstfehler import http_fehler, jetzt
from . import bp, einstellungen
from .forms import DateiFormular, LeeresFormular


def _partei(id: int) -> None:
    """404 für unbekannte, 403 für fremde Vereinbarungen (vor jedem Formular)."""
    with http_fehler():
        _, traeger = lade_vereinbarung(db(), id)
    if not darf_traeger_aendern(kontext(), traeger.ags, traeger.land_code):
        abort(403)


def zurueck(id: int, meldung: str, kategorie: str = "fehler"):
    verwerfe()
    flash(meldung, kategorie)
    return redirect(url_for("dokumente.uebersicht", id=id))


@bp.get("/vereinbarungen/<int:id>/dokument")
def uebersicht(id: int):
    with http_fehler():
        seite = dokument_seite(db(), id, kontext())
    return render_template(
        "dokumente/uebersicht.html", seite=seite, formular=LeeresFormular(),
        hochladen=DateiFormular(prefix="signiert"), anlage=DateiFormular(prefix="anlage"),
        zur_vereinbarung=url_for("verhandlung.vereinbarung", id=id)
        if "verhandlung.vereinbarung" in current_app.view_functions else None,
    )  # fmt: skip


@bp.get("/vereinbarungen/<int:id>/dokument/vorschau")
def vorschau(id: int):
    try:
        with http_fehler():
            html = dienst.vorschau_html(
                db(),
                id,
                kontext(),
                url_for("dokumente.stil"),
                url_for("dokumente.uebersicht", id=id),
            )
    except FachlicherFehler as fehler:
        return zurueck(id, fehler.meldung, "info")
    return Response(html, mimetype="text/html")


@bp.get("/dokumente/vereinbarung.css")
def stil():
    antwort = Response(stil_text("vereinbarung"), mimetype="text/css")
    antwort.cache_control.max_age = 3600
    return antwort


@bp.get("/vereinbarungen/<int:id>/dokument/v<int:version>.pdf")
def herunterladen(id: int, version: int):
    with http_fehler():
        fassung, daten = dienst.lies_version(db(), einstellungen(), id, version, kontext())
    antwort = send_file(io.BytesIO(daten), mimetype="application/pdf", as_attachment=True,
                        download_name=fassung.dateiname, etag=fassung.sha256)  # fmt: skip
    antwort.headers["Cache-Control"] = "no-store, no-transform"  # Bytes unverändert (Signaturen)
    return antwort


@bp.post("/vereinbarungen/<int:id>/dokument/ausstellen")
@schreibrecht_erforderlich
def ausstellen(id: int):
    _partei(id)
    try:
        with http_fehler():
            fassung = dienst.ausstellen(db(), einstellungen(), id, kontext(), jetzt())
    except FachlicherFehler as fehler:
        return zurueck(id, fehler.meldung)
    flash(f"Dokument ausgestellt (Version {fassung.version}). Es kann jetzt unterzeichnet "
          "werden.", "erfolg")  # fmt: skip
    return redirect(url_for("dokumente.uebersicht", id=id))


def _abschluss(id: int, ergebnis):
    nachrichten = list(ergebnis.benachrichtigungen)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(ergebnis.meldung, "erfolg")
    return redirect(url_for("dokumente.uebersicht", id=id))


@bp.post("/vereinbarungen/<int:id>/dokument/unterzeichnen")
@schreibrecht_erforderlich
def unterzeichnen(id: int):
    _partei(id)
    try:
        with http_fehler():
            ergebnis = unterzeichne(db(), einstellungen(), id, kontext(), jetzt())
    except (FachlicherFehler, UnzulaessigerUebergang) as fehler:
        return zurueck(id, fehler.meldung)
    return _abschluss(id, ergebnis)


@bp.post("/vereinbarungen/<int:id>/dokument/hochladen")
@schreibrecht_erforderlich
def hochladen(id: int):
    _partei(id)
    formular = DateiFormular(prefix="signiert")
    if not formular.validate_on_submit():
        return zurueck(id, "Bitte die signierte PDF-Datei auswählen.")
    daten = formular.datei.data.read()
    try:
        with http_fehler():
            ergebnis = nimm_signiertes_dokument_an(
                db(), einstellungen(), id, daten, kontext(), jetzt()
            )
    except (FachlicherFehler, UnzulaessigerUebergang) as fehler:
        return zurueck(id, f"Signiertes Dokument abgelehnt: {fehler.meldung}")
    return _abschluss(id, ergebnis)


@bp.post("/vereinbarungen/<int:id>/dokument/anlage")
@schreibrecht_erforderlich
def anlage(id: int):
    _partei(id)
    formular = DateiFormular(prefix="anlage")
    if not formular.validate_on_submit():
        return zurueck(id, "Bitte das Planungsdokument (PDF) auswählen.")
    datei = formular.datei.data
    try:
        with http_fehler():
            neu = dienst.lade_anlage_hoch(db(), einstellungen(), id, datei.filename or "",
                                          datei.read(), kontext(), jetzt())  # fmt: skip
    except FachlicherFehler as fehler:
        return zurueck(id, fehler.meldung)
    flash(f"Anlage {neu.nummer} „{neu.dateiname}“ gespeichert.", "erfolg")
    return redirect(url_for("dokumente.uebersicht", id=id))
