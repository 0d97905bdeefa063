"""Upload der Basiszahlen im Browser – Administration und Land; Träger und Ring-Koordination nur
für die eigenen Basiszahlen ihrer Vergleichsringe (Leser → 403).

1. `GET /import`: das Formular.
2. `POST /import`: die Datei wird mit demselben Service wie `flask zv import` geprüft, aber im
   Probelauf (nichts wird geschrieben). Gültig: Vorschau mit Zahlen und Warnungen; die Bytes
   liegen serverseitig in `<Instanz>/uploads/` (`services.ablage.Zwischenablage`), das Formular
   trägt nur ein Token.
   Ungültig: alle Fehler mit Zeile und Spalte; es bleibt nur das Protokoll der Ablehnung.
3. `POST /import/bestaetigen`: Token prüfen (eigener Benutzer, nicht abgelaufen, sonst deutsche
   Meldung und Status 400), dann der Import in der Transaktion der Anfrage. Ein zweites Absenden
   importiert dieselbe Datei erneut und meldet „keine Änderungen“ (keine doppelten Zeilen).

Land-Benutzer dürfen nur Zeilen für Träger ihres Landes importieren; was wer darf, entscheidet
`basiszahlen.importvorgang.importbereich` (auch die Spalten der Vergleichsringe).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, render_template
from flask_login import current_user

from ...domain.berechtigung import LAND, RING, TRAEGER
from ...services.ablage import UNBEKANNT, AblageFehler, Zwischenablage
from ...services.basiszahlen import importvorgang
from ...services.basiszahlen.importer import ImportAbgelehnt
from ..berechtigung import aktueller_akteur, rolle_erforderlich
from ..datenbank import db, festschreiben
from . import bp
from .ansicht import ablehnung_ansicht, dateiname, ergebnis_ansicht
from .forms import BestaetigenFormular, HochladenFormular


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
    ergebnis = importvorgang.vorschau(
        db(), name, inhalt, current_user.benutzername, jetzt, bereich=bereich
    )
    token = _zwischenablage().lege_ab(inhalt, name, current_user.id, jetzt)
    return render_template(
        "import_/vorschau.html",
        ansicht=ergebnis_ansicht(name, ergebnis, True),
        form=None,
        bestaetigen=BestaetigenFormular(token=token),
    )


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
