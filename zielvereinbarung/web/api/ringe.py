"""Vergleichsringe (DOMAIN § 11): die Ringe, die der Benutzer sehen darf, und je Ring die Werte
der Mitglieder für einen Monat – dieselbe Rechnung und dieselbe Sichtbarkeit wie die Ringseiten
(`services.ringe`): Mitglieder sehen freigegebene Monate der Jahre ihrer Mitgliedschaft, Länder
nur, wenn der Ring es erlaubt; ein unsichtbarer Ring oder Monat ist 404."""

from __future__ import annotations

from decimal import Decimal

from ...domain.basiszahlen import monat_index, monat_text
from ...domain.tokens import LESEN
from ...fehler import NichtGefunden
from ...services.ringe.berechnung import geltende_kennzahlen
from ...services.ringe.daten import lade_ringdaten
from ...services.ringe.sicht import Sicht, sichtbare_ringe, sichtbarer_ring
from ...services.ringe.vergleich import Vergleich, vergleiche
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from . import bp, validiere
from .antworten import antworten
from .schemas import Seitenabfrage
from .schemas_ring import RingListe, RingWerte
from .schemas_vereinbarung import MonatAbfrage
from .seiten import seite_von
from .zugang import scope

TAG = "Vergleichsringe"


def _zahl(wert: Decimal | None) -> float | None:
    return None if wert is None else float(wert)


@bp.get("/ringe")
@scope(LESEN)
@validiere(query=Seitenabfrage, resp=antworten({"HTTP_200": RingListe}), tags=[TAG])
def ringe(query: Seitenabfrage):
    """Die Vergleichsringe, die der Benutzer sehen darf."""
    eintraege = [
        {
            "id": ring.id,
            "name": ring.name,
            "sicht": sicht.stufe,
            "jahre": list(sicht.jahre),
            "freigegeben_bis": ring.freigegeben_bis,
            "demodaten": ring.demodaten,
        }
        for ring, sicht in sichtbare_ringe(db(), aktueller_akteur())
    ]
    return seite_von(eintraege, query.seite, query.pro_seite)


def _monat(text: str | None, sichtbar: list[int], sicht: Sicht) -> int | None:
    if text is None:
        return sichtbar[-1] if sichtbar else None
    monat = monat_index(text)
    if not sicht.monat_sichtbar(monat):
        raise NichtGefunden(
            "Diesen Monat dürfen Sie in diesem Ring nicht sehen (nicht freigegeben oder kein "
            "Jahr der Mitgliedschaft)."
        )
    return monat


def _kennzahl(v: Vergleich) -> dict:
    k, vt = v.kennzahl, v.verteilung
    return {
        "code": k.code,
        "name": k.name,
        "kategorie": k.kategorie,
        "einheit": k.einheit,
        "richtung": k.richtung,
        "formel": k.formel,
        "ring_wert": _zahl(v.ring.wert),
        "abdeckung": v.ring.abdeckung,
        "mitglieder": v.mitglieder,
        "verteilung": None
        if vt is None
        else {
            "anzahl": vt.anzahl,
            **{n: float(getattr(vt, n)) for n in ("minimum", "q1", "median", "q3", "maximum")},
        },
        "werte": [
            {
                "ags": z.ags,
                "name": z.name,
                "land": z.land,
                "wert": _zahl(z.ergebnis.wert),
                "grund": z.ergebnis.grund,
                "rang": z.rang,
                "rang_text": z.rang_text,
                "eigener": z.eigener,
            }
            for z in v.zeilen
        ],
    }


@bp.get("/ringe/<int:ring_id>/werte")
@scope(LESEN)
@validiere(query=MonatAbfrage, resp=antworten({"HTTP_200": RingWerte}), tags=[TAG])
def ringwerte(ring_id: int, query: MonatAbfrage):
    """Die Kennzahlen des Rings für einen Monat (Standard: der neueste sichtbare mit Daten):
    je Kennzahl Ringwert, Verteilung und die Werte der Mitglieder mit Rang."""
    ring, sicht = sichtbarer_ring(db(), aktueller_akteur(), ring_id)
    daten = lade_ringdaten(db(), ring_id)
    sichtbar = sicht.sichtbare_monate(daten.monate_mit_daten())
    monat = _monat(query.monat, sichtbar, sicht)
    kennzahlen = (
        [
            _kennzahl(vergleiche(daten, k, monat, sicht.eigener))
            for k in geltende_kennzahlen(daten, monat)
        ]
        if monat is not None
        else []
    )
    return {
        "ring_id": ring.id,
        "name": ring.name,
        "monat": None if monat is None else monat_text(monat),
        "monate": [monat_text(m) for m in reversed(sichtbar)],
        "kennzahlen": kennzahlen,
    }
