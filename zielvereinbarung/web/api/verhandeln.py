"""Angebot (Träger) und Gegenvorschlag (Land) mit neuen Zielwerten über die API.

`POST /api/v1/vereinbarungen/{id}/einreichen` mit allen Zielen der neuen Revision und dem ETag
in `If-Match`; je nach Rolle `schritte.reiche_angebot_ein` oder `schritte.sende_gegenvorschlag`
(dieselben Regeln wie im Browser: Zustandstabelle, Prüfung der Ziele, Audit, Benachrichtigung).
Ungültige Ziele → 422 mit jedem Feldfehler; neu angelegt → 201, identische Wiederholung → 200.
"""

from __future__ import annotations

from flask import abort

from ...domain.tokens import VERHANDELN
from ...domain.ziele import Zielvorgabe
from ...services.verhandlung import schritte
from ..kern.datenbank import db
from ..kern.zeit import jetzt
from . import bp, validiere
from .antworten import antworten
from .probleme import problem
from .schemas_vereinbarung import AktionErgebnis, IfMatch, RevisionEin
from .vereinbarungen import TAG, ergebnis_antwort, vorbedingung
from .zugang import scope


@bp.post("/vereinbarungen/<int:id>/einreichen")
@scope(VERHANDELN)
@validiere(
    headers=IfMatch,
    json=RevisionEin,
    resp=antworten(
        {"HTTP_200": AktionErgebnis, "HTTP_201": AktionErgebnis},
        "HTTP_409",
        "HTTP_412",
        "HTTP_415",
        "HTTP_422",
        "HTTP_428",
    ),
    tags=[TAG],
)
def revision_einreichen(id: int, json: RevisionEin):
    """Träger: Angebot einreichen; Land: Gegenvorschlag senden – auf der Revision, zu der der
    ETag im Kopf If-Match gehört."""
    akteur, vorher = vorbedingung(id)
    if json is None:  # als Formular gesendet: spectree prüft dann keinen JSON-Körper
        abort(problem(415, "Bitte die Revision als JSON (application/json) senden."))
    vorgaben = [
        Zielvorgabe(z.zielindikator, z.zieltyp, z.wert, z.untere, z.obere, z.text, z.kommentar,
                    z.bezeichnung)
        for z in json.zielwerte
    ]  # fmt: skip
    einreichen = (
        schritte.sende_gegenvorschlag if akteur.rolle == "land" else schritte.reiche_angebot_ein
    )
    ergebnis = einreichen(
        db(), id, vorher.aktuelle_revision.nummer, vorgaben, json.kommentar, akteur, jetzt()
    )
    return ergebnis_antwort(id, ergebnis, 201 if ergebnis.neu else 200)
