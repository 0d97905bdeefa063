"""Unterzeichnen (Träger), Gegenzeichnen (Land) und Freigeben (Vier-Augen-Prinzip) über die
Bestätigungsseite (DOMAIN.md § 6a): GET zeigt, was genau signiert wird (Version, SHA-256, Werte,
Person, Zertifikat), POST verlangt Passwort oder frische Anmeldung und den bestätigten SHA-256.

Wer nicht zeichnungsberechtigt ist, bekommt 403 – auf GET und POST, bevor ein Formular gelesen
wird (`bestaetigung` prüft zuerst). Ist der Schritt gerade nicht möglich, kommt die Meldung auf
der Dokumentseite (Fehlerbehandler in `routes`).
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from ...format import zeitpunkt
from ...services.dokumente.bestaetigung import FREIGEBEN, Bestaetigung, bestaetigung
from ...services.dokumente.freigabe import gebe_frei
from ...services.dokumente.unterzeichnung import unterzeichne
from ..kern.berechtigung import aktueller_akteur, schreibrecht_erforderlich
from ..kern.bestaetigung import BestaetigungsFormular, Seite, bestaetigt, seite
from ..kern.datenbank import db
from ..kern.zeit import jetzt
from ..verhandlung.darstellung import nach_zielen
from . import bp, einstellungen
from .routes import abschluss

_TITEL = {
    "unterzeichnen": (
        "Als Träger unterzeichnen",
        "unterzeichnen",
        "Jetzt verbindlich unterzeichnen",
    ),
    "gegenzeichnen": ("Als Land gegenzeichnen", "gegenzeichnen", "Jetzt verbindlich gegenzeichnen"),
    FREIGEBEN: ("Zur Gegenzeichnung freigeben", "freigeben", "Version freigeben"),
}


@bp.route("/vereinbarungen/<int:id>/dokument/unterzeichnen", methods=["GET", "POST"])
@schreibrecht_erforderlich
def unterzeichnen(id: int):
    angaben = bestaetigung(db(), id, aktueller_akteur())
    formular = BestaetigungsFormular(bestaetigt=angaben.dokument.sha256)
    if request.method == "POST" and bestaetigt(formular, angaben.schritt):
        ergebnis = unterzeichne(db(), einstellungen(), id, aktueller_akteur(), jetzt(),
                                formular.bestaetigt.data)  # fmt: skip
        return abschluss(id, ergebnis)
    return seite(_seite(angaben, url_for("dokumente.unterzeichnen", id=id)), formular)


@bp.route("/vereinbarungen/<int:id>/dokument/freigeben", methods=["GET", "POST"])
@schreibrecht_erforderlich
def freigeben(id: int):
    angaben = bestaetigung(db(), id, aktueller_akteur(), FREIGEBEN)
    formular = BestaetigungsFormular(bestaetigt=angaben.dokument.sha256)
    if request.method == "POST" and bestaetigt(formular, FREIGEBEN):
        freigabe = gebe_frei(db(), id, aktueller_akteur(), jetzt(), formular.bestaetigt.data)
        flash(
            f"Version {angaben.dokument.version} zur Gegenzeichnung freigegeben "
            f"({freigabe.person}); gegenzeichnen kann jetzt eine andere zeichnungsberechtigte "
            "Person.",
            "erfolg",
        )
        return redirect(url_for("dokumente.uebersicht", id=id))
    return seite(_seite(angaben, url_for("dokumente.freigeben", id=id)), formular)


def _seite(b: Bestaetigung, aktion_url: str) -> Seite:
    titel, verb, knopf = _TITEL[b.schritt]
    f = b.dokument
    vereinbarung = f"Zielvereinbarung {b.jahr}: {b.traeger_name} ({b.ags})"
    if b.ags is None:  # BMAS ↔ Land: das Land unterzeichnet, das BMAS zeichnet gegen
        titel = {"unterzeichnen": "Als Land unterzeichnen",
                 "gegenzeichnen": "Als BMAS gegenzeichnen"}.get(b.schritt, titel)  # fmt: skip
        vereinbarung = f"Zielvereinbarung {b.jahr}: BMAS und {b.traeger_name}"
    if b.schritt == FREIGEBEN:
        einleitung = (
            f"Sie geben die vom Träger unterzeichnete Version für {b.organisation} zur "
            "Gegenzeichnung frei (Vier-Augen-Prinzip). Gegenzeichnen kann danach nur eine andere "
            "zeichnungsberechtigte Person."
        )
    else:
        einleitung = (
            f"Sie {verb} für {b.organisation} genau die unten genannte Version mit den "
            "aufgeführten Werten. Signiert wird mit dem Organisationszertifikat; die Signatur "
            "nennt Sie als unterzeichnende Person. Eine Unterschrift lässt sich nicht "
            "zurücknehmen."
        )
    eckdaten = [
        ("Vereinbarung", vereinbarung),
        ("Sie handeln für", b.organisation),
        ("Unterzeichnende Person" if b.schritt != FREIGEBEN else "Freigebende Person", b.person),
    ]
    if b.zertifikat:
        eckdaten.append(("Organisationszertifikat", b.zertifikat))
    eckdaten.append(("Dokument", f"Version {f.version} – {f.status_bezeichnung}, {f.groesse_text}"))
    if f.person:
        eckdaten.append(("Bisher unterzeichnet durch", f.person))
    if b.freigabe:
        eckdaten.append(
            ("Freigegeben von", f"{b.freigabe.person}, {zeitpunkt(b.freigabe.zeitpunkt)}")
        )
    eckdaten.append(("Vereinbarte Werte", f"Revision {b.revision.nummer}"))
    return Seite(
        titel=titel, einleitung=einleitung, verb=verb, knopf=knopf, aktion_url=aktion_url,
        zurueck_url=url_for("dokumente.uebersicht", id=b.vereinbarung_id),
        werte_titel=f"Vereinbarte Werte (Revision {b.revision.nummer}), die das Dokument enthält",
        ziele=nach_zielen(b.revision), eckdaten=eckdaten, sha256=f.sha256,
        download_url=url_for("dokumente.herunterladen", id=b.vereinbarung_id, version=f.version),
        dateiname=f.dateiname,
    )  # fmt: skip
