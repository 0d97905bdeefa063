"""Upload der Basiszahlen im Browser – nur Administration und Land (Leser, Träger → 403).

1. `GET /import`: das Formular, mit Links auf die Formatbeschreibung (`/import/format`) und die
   Vorlage (`/import/vorlage`, XLSX).
2. `POST /import`: die Datei wird mit demselben Service wie `flask zv import` geprüft, aber im
   Probelauf (nichts wird geschrieben). Gültig: die Bytes liegen serverseitig in
   `<Instanz>/uploads/` (`services.ablage.Zwischenablage`), weiter zur Vorschau unter
   `GET /import/vorschau/<token>` (Zahlen, Zeilen seitenweise mit Filter, alt → neu je Spalte,
   Warnungen; jeder Aufruf prüft und plant erneut gegen den aktuellen Bestand).
   Ungültig: alle Fehler mit Zeile und Spalte; es bleibt nur das Protokoll der Ablehnung.
3. `POST /import/bestaetigen`: Token prüfen (eigener Benutzer, nicht abgelaufen, sonst deutsche
   Meldung und Status 400), dann der Import in der Transaktion der Anfrage. Ein zweites Absenden
   importiert dieselbe Datei erneut und meldet „keine Änderungen“ (keine doppelten Zeilen).

Land-Benutzer dürfen nur Zeilen für Träger ihres Landes importieren
(`basiszahlen.importvorgang.erlaubte_ags`).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ...domain.berechtigung import LAND
from ...services.ablage import UNBEKANNT, AblageFehler, Zwischenablage
from ...services.basiszahlen import importvorgang
from ...services.basiszahlen.importer import ImportAbgelehnt
from ...tabellen import importvorlage
from ...tabellen.xlsx import MIME
from ..berechtigung import aktueller_akteur, rolle_erforderlich
from ..datenbank import db, festschreiben
from . import bp
from .ansicht import ablehnung_ansicht, dateiname, ergebnis_ansicht, formatbeschreibung
from .forms import BestaetigenFormular, HochladenFormular
from .vorschau import vorschauseite


def _zwischenablage() -> Zwischenablage:
    instanz = current_app.config.get("INSTANCE_PFAD") or current_app.instance_path
    return Zwischenablage(Path(instanz) / "uploads")


def _erlaubt():
    return importvorgang.erlaubte_ags(db(), aktueller_akteur())  # KeinImportrecht → 403


def _bereich() -> str:
    akteur = aktueller_akteur()
    if akteur.land_code:
        return (
            f"Sie können Basiszahlen für die Träger Ihres Landes ({akteur.land_code}) importieren."
        )
    return "Sie können Basiszahlen für alle Träger importieren."


def _formularseite(form, meldung: str | None = None):
    return render_template("import_/hochladen.html", form=form, meldung=meldung, bereich=_bereich())


@bp.errorhandler(ImportAbgelehnt)
def _abgelehnt(ablehnung: ImportAbgelehnt):
    """Von der Datei bleibt nichts (die Anfrage ist schon zurückgerollt) – nur das Protokoll der
    Ablehnung, ausdrücklich festgeschrieben, obwohl die Anfrage scheitert."""
    importvorgang.lehne_ab(db(), ablehnung, current_user.benutzername, datetime.now(UTC))
    festschreiben()
    return render_template(
        "import_/vorschau.html",
        ansicht=ablehnung_ansicht(ablehnung.dateiname, ablehnung),
        form=HochladenFormular(formdata=None),
        bestaetigen=None,
    )


@bp.route("", methods=["GET", "POST"])
@rolle_erforderlich(LAND)
def hochladen():
    form = HochladenFormular()
    if not form.validate_on_submit():
        return _formularseite(form)
    name, inhalt, jetzt = (
        dateiname(form.datei.data.filename),
        form.datei.data.read(),
        datetime.now(UTC),
    )
    erlaubt = _erlaubt()
    importvorgang.vorschau(db(), name, inhalt, current_user.benutzername, jetzt, erlaubt)
    token = _zwischenablage().lege_ab(inhalt, name, current_user.id, jetzt)
    return redirect(url_for(".vorschau", token=token), 303)


@bp.get("/vorschau/<token>")
@rolle_erforderlich(LAND)
def vorschau(token: str):
    """Die Vorschau einer abgelegten Datei; `?art=neu|neuer_datenstand|unveraendert|warnung`
    filtert, `?seite=` blättert."""
    jetzt = datetime.now(UTC)
    abgelegt = _zwischenablage().hole(token, current_user.id, jetzt)
    ergebnis = importvorgang.vorschau(
        db(), abgelegt.dateiname, abgelegt.inhalt, current_user.benutzername, jetzt, _erlaubt()
    )
    return render_template(
        "import_/vorschau.html",
        ansicht=ergebnis_ansicht(abgelegt.dateiname, ergebnis, True),
        vorschau=vorschauseite(
            ergebnis,
            request.args.get("art"),
            request.args.get("seite"),
            lambda **args: url_for(".vorschau", token=token, **args),
            lambda ags: importvorgang.traeger_namen(db(), ags),
        ),
        form=None,
        bestaetigen=BestaetigenFormular(token=token),
    )


@bp.get("/format")
@rolle_erforderlich(LAND)
def format_():
    return render_template("import_/format.html", **formatbeschreibung())


@bp.get("/vorlage")
@rolle_erforderlich(LAND)
def vorlage():
    antwort = send_file(
        io.BytesIO(importvorlage.importvorlage()),
        mimetype=MIME,
        as_attachment=True,
        download_name=importvorlage.DATEINAME,
        conditional=False,
        etag=False,
        max_age=0,
    )
    antwort.headers["Cache-Control"] = "no-store"
    return antwort


@bp.post("/bestaetigen")
@rolle_erforderlich(LAND)
def bestaetigen():
    form, jetzt = BestaetigenFormular(), datetime.now(UTC)
    if not form.validate_on_submit():
        raise AblageFehler(UNBEKANNT)
    abgelegt = _zwischenablage().hole(form.token.data, current_user.id, jetzt)
    erlaubt = _erlaubt()
    ergebnis = importvorgang.importiere(
        db(), abgelegt.dateiname, abgelegt.inhalt, current_user.benutzername, jetzt, erlaubt
    )
    return render_template(
        "import_/ergebnis.html", ansicht=ergebnis_ansicht(abgelegt.dateiname, ergebnis, False)
    )


@bp.errorhandler(AblageFehler)
def _vorgang_ungueltig(fehler: AblageFehler):
    """Token unbekannt, fremd oder abgelaufen: das Formular mit der Meldung (400)."""
    return _formularseite(HochladenFormular(formdata=None), fehler.meldung), 400
