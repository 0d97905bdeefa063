"""Upload der Basiszahlen im Browser – Administration und Land; Träger und Ring-Koordination nur
für die eigenen Basiszahlen ihrer Vergleichsringe (Leser → 403).

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

Land-Benutzer dürfen nur Zeilen für Träger ihres Landes importieren; was wer darf, entscheidet
`basiszahlen.importvorgang.importbereich` (auch die Spalten der Vergleichsringe).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ...domain.berechtigung import LAND, RING, TRAEGER
from ...services.ablage import UNBEKANNT, AblageFehler, Zwischenablage
from ...services.basiszahlen import importvorgang
from ...services.basiszahlen.importer import ImportAbgelehnt
from ...tabellen import importvorlage
from ...tabellen.xlsx import MIME
from ..kern.berechtigung import aktueller_akteur, rolle_erforderlich
from ..kern.datenbank import db, festschreiben
from . import bp
from .ansicht import ablehnung_ansicht, dateiname, ergebnis_ansicht, formatbeschreibung
from .forms import BestaetigenFormular, HochladenFormular
from .vorschau import vorschauseite


def _zwischenablage() -> Zwischenablage:
    instanz = current_app.config.get("INSTANCE_PFAD") or current_app.instance_path
    return Zwischenablage(Path(instanz) / "uploads")


def _erlaubt() -> importvorgang.Importbereich:
    return importvorgang.importbereich(db(), aktueller_akteur())  # KeinImportrecht → 403


def _bereich() -> str:
    akteur, bereich = aktueller_akteur(), _erlaubt()
    if akteur.rolle == TRAEGER:
        text = (
            "Sie können die eigenen Basiszahlen Ihrer Vergleichsringe für "
            f"{akteur.traeger_ags} importieren"
        )
    elif akteur.rolle == RING:
        text = "Sie können die eigenen Basiszahlen Ihres Rings für dessen Mitglieder importieren"
    elif akteur.land_code:
        text = (
            f"Sie können Basiszahlen für die Träger Ihres Landes ({akteur.land_code}) importieren"
        )
    else:
        text = "Sie können Basiszahlen für alle Träger importieren"
    if bereich.ringspalten:
        text += " (Spalten der Vergleichsringe: " + ", ".join(bereich.ringspalten) + ")"
    if bereich.ausgaben:
        text += (
            ", dazu die monatlichen Ausgaben (Spalten ausgaben_eingliederung und "
            "ausgaben_verwaltung)"
        )
    return text + "."


def _formularseite(form, meldung: str | None = None):
    return render_template(
        "import_/hochladen.html",
        form=form,
        meldung=meldung,
        bereich=_bereich(),
        vorlage=_erlaubt().gesetzliche_spalten,  # die Vorlage hat die gesetzlichen Spalten
    )


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
        vorlage=_erlaubt().gesetzliche_spalten,
    )


@bp.route("", methods=["GET", "POST"])
@rolle_erforderlich(LAND, TRAEGER, RING)
def hochladen():
    bereich = _erlaubt()  # vor dem Formular: ohne Importrecht 403
    form = HochladenFormular()
    if not form.validate_on_submit():
        return _formularseite(form)
    name, inhalt, jetzt = (
        dateiname(form.datei.data.filename),
        form.datei.data.read(),
        datetime.now(UTC),
    )
    importvorgang.vorschau(db(), name, inhalt, current_user.benutzername, jetzt, bereich=bereich)
    token = _zwischenablage().lege_ab(inhalt, name, current_user.id, jetzt)
    return redirect(url_for(".vorschau", token=token), 303)


@bp.get("/vorschau/<token>")
@rolle_erforderlich(LAND, TRAEGER, RING)
def vorschau(token: str):
    """Die Vorschau einer abgelegten Datei; `?art=neu|neuer_datenstand|unveraendert|warnung`
    filtert, `?seite=` blättert."""
    bereich, jetzt = _erlaubt(), datetime.now(UTC)
    abgelegt = _zwischenablage().hole(token, current_user.id, jetzt)
    ergebnis = importvorgang.vorschau(
        db(), abgelegt.dateiname, abgelegt.inhalt, current_user.benutzername, jetzt,
        bereich=bereich,
    )  # fmt: skip
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
@rolle_erforderlich(LAND, TRAEGER, RING)
def format_():
    bereich = _erlaubt()
    return render_template(
        "import_/format.html",
        vorlage=bereich.gesetzliche_spalten,
        **formatbeschreibung(bereich.zusatz.spalten() if bereich.zusatz is not None else None),
    )


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
@rolle_erforderlich(LAND, TRAEGER, RING)
def bestaetigen():
    bereich = _erlaubt()  # vor dem Formular: ohne Importrecht 403
    form, jetzt = BestaetigenFormular(), datetime.now(UTC)
    if not form.validate_on_submit():
        raise AblageFehler(UNBEKANNT)
    abgelegt = _zwischenablage().hole(form.token.data, current_user.id, jetzt)
    ergebnis = importvorgang.importiere(
        db(), abgelegt.dateiname, abgelegt.inhalt, current_user.benutzername, jetzt,
        bereich=bereich,
    )  # fmt: skip
    return render_template(
        "import_/ergebnis.html", ansicht=ergebnis_ansicht(abgelegt.dateiname, ergebnis, False)
    )


@bp.errorhandler(AblageFehler)
def _vorgang_ungueltig(fehler: AblageFehler):
    """Token unbekannt, fremd oder abgelaufen: das Formular mit der Meldung (400)."""
    return _formularseite(HochladenFormular(formdata=None), fehler.meldung), 400
