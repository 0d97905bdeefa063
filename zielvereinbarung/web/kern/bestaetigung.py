"""Die Bestätigungsseite vor einem verbindlichen Schritt (unterzeichnen, gegenzeichnen, freigeben,
annehmen): was genau unterschrieben oder eingefroren wird, dann Passwort oder frische Anmeldung
(`erneute_anmeldung`). Blueprints bauen die Angaben (`Seite`) und rufen `bestaetigt` im POST;
erst wenn das True ist, rufen sie den Service.

Das Formular trägt, was bestätigt wurde (SHA-256 der Version bzw. Nummer der Revision); der
Service prüft es gegen den aktuellen Stand – so unterschreibt niemand etwas anderes, als er sah.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request
from flask_login import current_user
from wtforms import HiddenField, PasswordField

from . import erneute_anmeldung
from .formulare import Formular
from .zeit import jetzt


class BestaetigungsFormular(Formular):
    bestaetigt = HiddenField()
    passwort = PasswordField("Passwort")


@dataclass
class Seite:
    titel: str  # „Als Träger unterzeichnen“
    einleitung: str  # was passiert, in einem Satz
    verb: str  # „unterzeichnen“ (für den Passwort-Hinweis: „… dass Sie selbst unterzeichnen“)
    knopf: str  # „Jetzt verbindlich unterzeichnen“
    aktion_url: str
    zurueck_url: str
    werte_titel: str
    ziele: list[dict]  # die Werte, die unterschrieben/eingefroren werden (darstellung.nach_zielen)
    eckdaten: list[tuple[str, str]] = field(default_factory=list)
    sha256: str | None = None
    download_url: str | None = None
    dateiname: str | None = None

    def als_vorlage(self) -> dict:
        werte = dict(self.__dict__)
        werte["frisch"] = erneute_anmeldung.frisch(jetzt())
        werte["minuten"] = int(erneute_anmeldung.fenster().total_seconds() // 60)
        werte["verzeichnis"] = _verzeichniskonto()
        werte["selbst_url"] = request.path
        return werte


def _verzeichniskonto() -> bool:
    from ...services.konten.erneute_anmeldung import ist_verzeichniskonto
    from .datenbank import db

    return ist_verzeichniskonto(db(), current_user.benutzername)


def seite(angaben: Seite, formular: BestaetigungsFormular):
    return render_template("bestaetigung.html", b=angaben.als_vorlage(), formular=formular)


def bestaetigt(formular: BestaetigungsFormular, zweck: str) -> bool:
    """POST: Formular gültig und Identität bestätigt? Sonst stehen die Meldungen am Formular."""
    if not formular.validate_on_submit():
        return False
    if not formular.bestaetigt.data:
        formular.form_errors.append("Die Bestätigung fehlt; bitte laden Sie die Seite neu.")
        return False
    meldung = erneute_anmeldung.bestaetige(formular.passwort.data, jetzt(), zweck)
    if meldung:
        formular.passwort.errors = [*formular.passwort.errors, meldung]
        return False
    return True
