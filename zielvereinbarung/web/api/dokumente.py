"""Vereinbarungsdokumente (PDF) und ihr Prüfergebnis; Berichte (Liste, PDF).

Leserecht wie in der Weboberfläche: Dokumente über `services.dokumente.dokument.lies_version`
(`pruefe_lesen`), Berichte über `services.berichte.planung.darf_bericht_sehen`. Die PDFs gehen
unverändert hinaus (`no-transform`, sonst brächen Signaturen), mit ihrem SHA-256 als ETag.
"""

from __future__ import annotations

import hashlib
import io

from flask import abort, send_file
from spectree import Response

from ...config import konfiguration
from ...domain.tokens import LESEN
from ...models import Bericht
from ...services.ablage import Ablage
from ...services.berichte.planung import Berichtsfilter, darf_bericht_sehen, suche_berichte
from ...services.dokumente import dokument as dienst
from ...services.dokumente.pruefung import pruefe_datei
from ...services.verhandlung.lesen import lade_vereinbarung, pruefe_lesen
from ..dokumente import einstellungen
from ..kern.berechtigung import aktueller_akteur, erlaube
from ..kern.datenbank import db
from ..kern.zeit import jetzt
from . import bp, validiere
from .antworten import FEHLER, antworten
from .probleme import Problem
from .schemas_vereinbarung import BerichtAbfrage, BerichteListe, DokumenteListe, Pruefergebnis
from .seiten import seite_von
from .zugang import scope

TAG_DOKUMENTE = "Dokumente"
TAG_BERICHTE = "Berichte"


def pdf_operation(view):
    """Markiert eine Operation, deren 200-Antwort ein PDF ist (`doku.schema` trägt den
    Inhaltstyp `application/pdf` ein)."""
    view.zv_pdf = True
    return view


PDF_ANTWORTEN = Response("HTTP_200", **{code: Problem for code in FEHLER})


def _pdf(daten: bytes, name: str, sha256: str):
    antwort = send_file(io.BytesIO(daten), mimetype="application/pdf", as_attachment=True,
                        download_name=name, etag=sha256)  # fmt: skip
    # Die Antwortprüfung von spectree liest den Körper (`get_data`); im Durchreichmodus von
    # `send_file` wäre das ein Fehler 500. Das PDF liegt ohnehin ganz im Speicher.
    antwort.direct_passthrough = False
    antwort.headers["Cache-Control"] = "no-store, no-transform"
    return antwort


def _dokument_json(d) -> dict:
    return {
        "version": d.version,
        "status": d.status,
        "status_bezeichnung": d.status_bezeichnung,
        "sha256": d.sha256,
        "groesse": d.groesse,
        "signaturen": d.signaturen,
        "herkunft": d.herkunft,
        "unterzeichner": d.unterzeichner,
        "erstellt_am": d.erstellt_am,
        "dateiname": d.dateiname,
    }


@bp.get("/vereinbarungen/<int:id>/dokumente")
@scope(LESEN)
@validiere(resp=antworten({"HTTP_200": DokumenteListe}), tags=[TAG_DOKUMENTE])
def dokumente(id: int):
    """Alle Versionen des Vereinbarungsdokuments, älteste zuerst."""
    v, traeger = lade_vereinbarung(db(), id)
    pruefe_lesen(aktueller_akteur(), traeger)
    return {
        "eintraege": [_dokument_json(dienst.ansicht(d, v)) for d in dienst.versionen(db(), v.id)]
    }


@bp.get("/vereinbarungen/<int:id>/dokumente/<int:version>")
@scope(LESEN)
@pdf_operation
@validiere(resp=PDF_ANTWORTEN, tags=[TAG_DOKUMENTE])
def dokument(id: int, version: int):
    """Eine Version des Dokuments als PDF (unverändert, ETag = SHA-256)."""
    d, daten = dienst.lies_version(db(), einstellungen(), id, version, aktueller_akteur())
    return _pdf(daten, d.dateiname, d.sha256)


@bp.get("/vereinbarungen/<int:id>/dokumente/<int:version>/pruefung")
@scope(LESEN)
@validiere(resp=antworten({"HTTP_200": Pruefergebnis}), tags=[TAG_DOKUMENTE])
def pruefung(id: int, version: int):
    """Das Prüfergebnis dieser Version: Signaturen, Zuordnung zur Datenbank, Mängel."""
    akteur = aktueller_akteur()
    _d, daten = dienst.lies_version(db(), einstellungen(), id, version, akteur)
    bericht = pruefe_datei(db(), einstellungen(), daten, jetzt(), akteur)
    return {
        "gueltig": bericht.gueltig,
        "sha256": bericht.sha256,
        "fehler": bericht.fehler,
        "maengel": list(bericht.maengel),
        "signaturen": [
            {
                "unterzeichner": z.befund.unterzeichner,
                "partei": z.partei,
                "in_ordnung": z.in_ordnung,
                "maengel": list(z.befund.maengel),
            }
            for z in bericht.zeilen
        ],
    }


@bp.get("/berichte")
@scope(LESEN)
@validiere(query=BerichtAbfrage, resp=antworten({"HTTP_200": BerichteListe}), tags=[TAG_BERICHTE])
def berichte(query: BerichtAbfrage):
    """Archivierte Fortschrittsberichte, die der Benutzer sehen darf (neueste zuerst)."""
    filter_ = Berichtsfilter(
        query.land.upper() if query.land else None, query.ags, query.monat, not query.alle
    )
    zeilen = [
        {
            "id": b.id,
            "art": b.art,
            "schluessel": b.schluessel,
            "monat": b.monat,
            "version": b.version,
            "titel": b.titel,
            "sha256": b.sha256,
            "groesse": b.groesse,
            "erstellt_am": b.erstellt_am,
        }
        for b in suche_berichte(db(), filter_, aktueller_akteur())
    ]
    return seite_von(zeilen, query.seite, query.pro_seite)


@bp.get("/berichte/<int:bericht_id>")
@scope(LESEN)
@pdf_operation
@validiere(resp=PDF_ANTWORTEN, tags=[TAG_BERICHTE])
def bericht(bericht_id: int):
    """Ein archivierter Bericht als PDF (unverändert, ETag = SHA-256)."""
    b = db().get(Bericht, bericht_id) or abort(404)
    erlaube(darf_bericht_sehen(aktueller_akteur(), b))
    try:
        inhalt = Ablage(konfiguration().berichtsablage()).pfad(b.datei).read_bytes()
    except OSError:
        abort(404)
    if hashlib.sha256(inhalt).hexdigest() != b.sha256:
        abort(500)  # verändert: nie eine andere als die archivierte Datei ausliefern
    name = f"bericht_{b.art}_{b.schluessel}_{b.monat}_v{b.version}.pdf"
    return _pdf(inhalt, name, b.sha256)
