"""Änderungsvereinbarung (DOMAIN.md § 8) im Browser: das Land legt sie auf der Seite der
unterzeichneten Zielvereinbarung an, der Träger regt sie dort an. Danach ist sie eine
Vereinbarung wie jede andere (Angebot, Gegenvorschlag, Annahme, Dokument, Unterschriften über
die übrigen Routen). Fachliche Fehler: Meldung und zurück (`fehler`); 403/404 vor dem Formular.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from ...mail import sende_nachrichten
from ...services.verhandlung.aenderung import lege_aenderung_an, rege_aenderung_an
from ..kern.berechtigung import aktueller_akteur, schreibrecht_erforderlich
from ..kern.datenbank import db, nach_commit
from ..kern.zeit import jetzt
from . import bp


def _text(feld: str) -> str:
    return (request.form.get(feld) or "")[:10_000]


@bp.post("/vereinbarungen/<int:id>/aenderung")
@schreibrecht_erforderlich
def aenderung_anlegen(id: int):
    ergebnis = lege_aenderung_an(db(), id, aktueller_akteur(), jetzt(), _text("anlass"))
    nachrichten = list(ergebnis.benachrichtigungen)
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash(ergebnis.meldung, "erfolg" if ergebnis.neu else "info")
    return redirect(url_for("verhandlung.vereinbarung", id=ergebnis.vereinbarung_id))


@bp.post("/vereinbarungen/<int:id>/aenderung/anregen")
@schreibrecht_erforderlich
def aenderung_anregen(id: int):
    nachrichten = rege_aenderung_an(db(), id, _text("begruendung"), aktueller_akteur(), jetzt())
    if nachrichten:
        nach_commit(lambda: sende_nachrichten(nachrichten))
    flash("Ihre Anregung ist beim Land angekommen; das Land legt die Änderungsvereinbarung an.",
          "erfolg")  # fmt: skip
    return redirect(url_for("verhandlung.vereinbarung", id=id))
