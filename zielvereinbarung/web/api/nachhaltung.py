"""Nachhaltung einer unterzeichneten Zielvereinbarung: je Zielindikator Wert, Vorjahr,
Veränderung, Zielniveau, Projektion (mit Methode), Zielerreichungsgrad und Status im gewählten
Monat – dieselbe Rechnung wie die Nachhaltungsseite (`services.nachhaltung.daten.berechne`).

Lesen darf, wer den Träger sehen darf; vor der Unterzeichnung 409 mit Erklärung
(`NichtVerfuegbar`)."""

from __future__ import annotations

from decimal import Decimal

from ...domain.nachhaltung import letzter_monat
from ...domain.tokens import LESEN
from ...fehler import FachlicherFehler
from ...format import monat_lang
from ...services.kennzahlen.berechnung import lade_datenbasis
from ...services.nachhaltung.daten import berechne
from ...services.nachhaltung.seite import gueltige_vereinbarung
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from . import bp, validiere
from .antworten import antworten
from .schemas_vereinbarung import MonatAbfrage, NachhaltungAus
from .zugang import scope

TAG = "Nachhaltung"


def _zahl(wert: Decimal | None) -> float | None:
    return None if wert is None else float(wert)


@bp.get("/vereinbarungen/<int:id>/nachhaltung")
@scope(LESEN)
@validiere(query=MonatAbfrage, resp=antworten({"HTTP_200": NachhaltungAus}, "HTTP_409"), tags=[TAG])
def nachhaltung(id: int, query: MonatAbfrage):
    """Status und Projektion je Zielindikator (Standard: letzter Monat mit Daten im Jahr)."""
    v, traeger = gueltige_vereinbarung(db(), id, aktueller_akteur())
    reihe = lade_datenbasis(db(), [v.ags], "gesamt").reihen[v.ags]
    monate = [f"{v.jahr}-{m:02d}" for m in range(1, 13) if reihe.get(v.jahr * 12 + m - 1)]
    monat = letzter_monat(reihe, v.jahr)
    if query.monat is not None:
        if query.monat not in monate:
            raise FachlicherFehler(
                f"Für {monat_lang(query.monat)} liegen keine Daten von {traeger.name} vor "
                f"(wählbar: {', '.join(monate) or 'keine'})."
            )
        monat = int(query.monat[5:])
    staende = berechne(db(), [traeger], v.jahr, monat).traeger[v.ags].staende if monat else []
    return {
        "vereinbarung_id": v.id,
        "ags": v.ags,
        "jahr": v.jahr,
        "monat": None if monat is None else f"{v.jahr}-{monat:02d}",
        "monate": monate,
        "zielindikatoren": [
            {
                "zielindikator": s.zielindikator,
                "bezeichnung": s.bezeichnung,
                "zieltyp": s.zieltyp,
                "wert": _zahl(s.wert),
                "vorjahr": _zahl(s.vorjahr),
                "veraenderung": _zahl(s.veraenderung),
                "basiswert": _zahl(s.basiswert),
                "zielniveau": _zahl(s.zielniveau),
                "projektion": _zahl(s.projektion),
                "methode": s.methode,
                "grad": _zahl(s.grad),
                "status": s.status,
                "endgueltig": s.endgueltig,
                "gruende": dict(s.gruende),
            }
            for s in staende
        ],
    }
