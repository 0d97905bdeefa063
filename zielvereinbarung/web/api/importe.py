"""Basiszahlen über die API importieren (Jobcenter-Software, Land): dieselben Regeln wie
`flask zv import` und der Upload im Browser (`services.basiszahlen.importvorgang`).

- `POST /api/v1/importe` mit `multipart/form-data`, Feld `datei` (CSV oder XLSX).
- Alles oder nichts: ein Fehler in irgendeiner Zeile → 422, jede Fehlerzeile in `fehler`
  (`ort` „Zeile 12, Spalte elb“, `meldung`); gespeichert wird dann nur das Protokoll der
  Ablehnung.
- `?trockenlauf=true`: prüfen und die Vorschau (Zahlen, Warnungen) liefern, nichts speichern.
- Nur Administration und Land (Land: nur Träger des eigenen Landes), Scope `importieren`.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from flask import abort, current_app
from werkzeug.datastructures import FileStorage

from ...domain.tokens import IMPORTIEREN
from ...services.basiszahlen import importvorgang
from ...services.basiszahlen.importer import ImportAbgelehnt
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db, festschreiben
from ..kern.zeit import jetzt
from . import bp, validiere
from .antworten import antworten
from .probleme import problem
from .schemas_vereinbarung import ImportAbfrage, ImportErgebnisAus, ImportFormular
from .zugang import scope

TAG = "Import"
_ORT = re.compile(r"^(Zeile \d+(?:, Spalte [^:]+)?): (.*)$", re.DOTALL)


def _dateiname(roh: str | None) -> str:
    name = PurePosixPath((roh or "").replace("\\", "/")).name.strip()
    return name[:255] or "upload.csv"


def _fehlerort(text: str) -> dict:
    treffer = _ORT.match(str(text))
    if treffer:
        return {"ort": treffer.group(1), "meldung": treffer.group(2)}
    return {"ort": "Datei", "meldung": str(text)}


@bp.errorhandler(ImportAbgelehnt)
def _abgelehnt(ablehnung: ImportAbgelehnt):
    """Die Anfrage ist schon zurückgerollt; nur das Protokoll der Ablehnung wird festgeschrieben."""
    importvorgang.lehne_ab(db(), ablehnung, aktueller_akteur().benutzername, jetzt())
    festschreiben()
    return problem(422, ablehnung.meldung, "Import abgelehnt",
                   fehler=[_fehlerort(f) for f in ablehnung.details])  # fmt: skip


@bp.post("/importe")
@scope(IMPORTIEREN)
@validiere(
    query=ImportAbfrage,
    form=ImportFormular,
    resp=antworten({"HTTP_200": ImportErgebnisAus}, "HTTP_413", "HTTP_415"),
    tags=[TAG],
)
def importieren(query: ImportAbfrage, form: ImportFormular):
    """Eine Datei mit Basiszahlen importieren (oder mit trockenlauf=true nur prüfen)."""
    akteur = aktueller_akteur()
    erlaubt = importvorgang.erlaubte_ags(db(), akteur)  # Träger, Leser → 403
    if form is None:
        abort(problem(415, "Bitte die Datei als multipart/form-data im Feld „datei“ senden."))
    if not isinstance(form.datei, FileStorage):
        abort(problem(422, fehler=[{"ort": "datei", "meldung": "Bitte eine Datei senden."}]))
    name, inhalt, zeit = _dateiname(form.datei.filename), form.datei.read(), jetzt()
    if query.trockenlauf:
        ergebnis = importvorgang.vorschau(db(), name, inhalt, akteur.benutzername, zeit, erlaubt)
    else:
        ergebnis = importvorgang.importiere(db(), name, inhalt, akteur.benutzername, zeit, erlaubt)
    current_app.logger.info("API-Import %s: %s", name, ergebnis.ergebnis)
    return {
        "trockenlauf": query.trockenlauf,
        "ergebnis": ergebnis.ergebnis,
        "protokoll_id": ergebnis.protokoll_id,
        "meldung": ergebnis.meldung,
        "zeilen_gelesen": ergebnis.zeilen_gelesen,
        "neu": ergebnis.neu,
        "neuer_datenstand": ergebnis.neuer_datenstand,
        "unveraendert": ergebnis.unveraendert,
        "warnungen": list(ergebnis.warnungen),
        "sha256": ergebnis.sha256,
    }
