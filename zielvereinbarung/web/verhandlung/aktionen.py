"""„Angebot annehmen“ (Land) / „Gegenvorschlag annehmen“ (Träger).

Unterzeichnen und Gegenzeichnen geschehen nur durch die Signatur des Vereinbarungsdokuments
(`web/dokumente`), der Jahresabschluss nur über die Nachhaltung (`web/nachhaltung`), die dabei
die Jahresergebnisse einfriert – hier gibt es dafür bewusst keinen Zustandswechsel ohne Dokument.

Die Berechtigung wird vor dem Lesen des Formulars geprüft (403/404); die Annahme nennt die
angenommene Revision (`basis_nummer`), damit niemand unbemerkt eine neuere Revision annimmt.
"""

from __future__ import annotations

from flask import abort, request

from ...services.verhandlung.schritte import nimm_an
from ..adressen import id_zahl
from ..berechtigung import aktueller_akteur, schreibrecht_erforderlich
from ..datenbank import db
from ..zeit import jetzt
from . import bp
from .bearbeiten import lade_seite
from .fehler import erfolg


@bp.post("/vereinbarungen/<int:id>/annehmen")
@schreibrecht_erforderlich
def annehmen(id: int):
    lade_seite(id)
    basis = request.form.get("basis_nummer", type=id_zahl)
    if basis is None:
        abort(400)
    return erfolg(nimm_an(db(), id, basis, aktueller_akteur(), jetzt()))
