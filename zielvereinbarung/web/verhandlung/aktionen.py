"""„Angebot annehmen“ (Land) / „Gegenvorschlag annehmen“ (Träger).

Unterzeichnen und Gegenzeichnen geschehen nur durch die Signatur des Vereinbarungsdokuments
(`web/dokumente`), der Jahresabschluss nur über die Nachhaltung (`web/nachhaltung`), die dabei
die Jahresergebnisse einfriert – hier gibt es dafür bewusst keinen Zustandswechsel ohne Dokument.

Die Berechtigung wird vor dem Lesen des Formulars geprüft (403/404); die Annahme nennt die
angenommene Revision (`basis_nummer`), damit niemand unbemerkt eine neuere Fassung annimmt.
"""

from __future__ import annotations

from flask import abort, request

from ...services import FachlicherFehler
from ...services.verhandlung import Konflikt, UnzulaessigerUebergang, nimm_an
from ..adressen import id_zahl
from ..berechtigung import kontext, schreibrecht_erforderlich
from ..datenbank import db, verwerfe
from . import bp
from .bearbeiten import lade_seite
from .fehler import erfolg, http_fehler, jetzt, zurueck
from .konflikt import konfliktseite


@bp.post("/vereinbarungen/<int:id>/annehmen")
@schreibrecht_erforderlich
def annehmen(id: int):
    lade_seite(id)
    basis = request.form.get("basis_nummer", type=id_zahl)
    if basis is None:
        abort(400)
    try:
        with http_fehler():
            ergebnis = nimm_an(db(), id, basis, kontext(), jetzt())
    except Konflikt as konflikt:
        verwerfe()
        return konfliktseite(id, konflikt, None, None)
    except (UnzulaessigerUebergang, FachlicherFehler) as fehler:
        return zurueck(id, fehler.meldung)
    return erfolg(ergebnis)
