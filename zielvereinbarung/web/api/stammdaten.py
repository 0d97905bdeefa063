"""Länder und Träger. Sichtbar ist, was `domain.berechtigung.darf_traeger_sehen` zulässt; die
Liste der Länder (Kürzel und Name) ist Stammdatum ohne Bereich."""

from __future__ import annotations

from flask import abort
from sqlmodel import select

from ...domain import berechtigung as regeln
from ...domain.tokens import LESEN
from ...models import Land, Traeger
from ..kern.berechtigung import aktueller_akteur, sichtbarer_traeger
from ..kern.datenbank import db
from . import bp, validiere
from .antworten import antworten
from .schemas import LaenderListe, Seitenabfrage, TraegerAbfrage, TraegerAus, TraegerListe
from .seiten import seite_von
from .zugang import scope

TAG = "Stammdaten"


@bp.get("/laender")
@scope(LESEN)
@validiere(query=Seitenabfrage, resp=antworten({"HTTP_200": LaenderListe}), tags=[TAG])
def laender(query: Seitenabfrage):
    """Alle Länder (Kürzel und Name)."""
    alle = [{"code": x.code, "name": x.name} for x in db().exec(select(Land).order_by(Land.code))]
    return seite_von(alle, query.seite, query.pro_seite)


@bp.get("/traeger")
@scope(LESEN)
@validiere(query=TraegerAbfrage, resp=antworten({"HTTP_200": TraegerListe}), tags=[TAG])
def traeger_liste(query: TraegerAbfrage):
    """Alle Träger, die der Benutzer sehen darf (nach Kreisschlüssel), optional nach Land oder
    Vergleichstyp gefiltert."""
    abfrage = select(Traeger).order_by(Traeger.ags)
    if query.land:
        abfrage = abfrage.where(Traeger.land_code == query.land.upper())
    if query.vergleichstyp:
        abfrage = abfrage.where(Traeger.vergleichstyp == query.vergleichstyp)
    akteur = aktueller_akteur()
    sichtbar = [
        TraegerAus.model_validate(t).model_dump(mode="json")
        for t in db().exec(abfrage)
        if regeln.darf_traeger_sehen(akteur, t.ags, t.land_code)
    ]
    return seite_von(sichtbar, query.seite, query.pro_seite)


@bp.get("/traeger/<ags>")
@scope(LESEN)
@validiere(resp=antworten({"HTTP_200": TraegerAus}), tags=[TAG])
def traeger(ags: str):
    """Ein Träger (404 unbekannt, 403 fremd)."""
    if not (ags.isascii() and ags.isdigit() and len(ags) == 5):
        abort(404)
    return TraegerAus.model_validate(sichtbarer_traeger(ags)).model_dump(mode="json")
