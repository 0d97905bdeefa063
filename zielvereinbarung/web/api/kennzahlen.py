"""Kennzahlen je Träger, Land, Vergleichstyp und Bund sowie der Katalog der Zielindikatoren.

Sichtbarkeit wie auf den Kennzahlenseiten (`web.kennzahlen.routes`, `domain.berechtigung`):
Träger → `darf_traeger_sehen`; Land → `darf_land_sehen` (Träger sehen keine Landesübersicht);
Vergleichstyp → `vergleichstyp_sicht` (Träger: Aggregat und eigene Zeile). Bund: das Aggregat
aller Träger (Vergleichsstatistik wie beim Vergleichstyp) für jede Rolle, einzelne Zeilen nur für
Träger, die der Benutzer sehen darf.
"""

from __future__ import annotations

from decimal import Decimal

from flask import abort
from sqlmodel import select

from ...domain import berechtigung as regeln
from ...domain.basiszahlen import monat_text
from ...domain.katalog import ZIELINDIKATOREN
from ...domain.tokens import LESEN
from ...models import Traeger
from ...services.kennzahlen import lesen
from ..kern.berechtigung import aktueller_akteur, erlaube, sichtbarer_traeger, sichtbares_land
from ..kern.datenbank import db
from . import bp, validiere
from .antworten import antworten
from .schemas import (
    GeschlechtAbfrage,
    TraegerKennzahlen,
    Uebersicht,
    ZielindikatorenListe,
)
from .zugang import scope

TAG = "Kennzahlen"


def _zahl(wert: Decimal | None) -> float | None:
    return None if wert is None else float(wert)


def _wert(ergebnis) -> dict:
    return {
        "wert": _zahl(ergebnis.wert),
        "grund": ergebnis.grund,
        "abdeckung": ergebnis.abdeckung,
    }


def _datenstand(stand) -> dict | None:
    return None if stand is None else {"aeltester": stand[0], "neuester": stand[1]}


@bp.get("/kennzahlen/traeger/<ags>")
@scope(LESEN)
@validiere(query=GeschlechtAbfrage, resp=antworten({"HTTP_200": TraegerKennzahlen}), tags=[TAG])
def kennzahlen_traeger(ags: str, query: GeschlechtAbfrage):
    """Verlauf (24 Monate) und Zielindikatoren (Jahresfortschrittswerte) eines Trägers."""
    daten = lesen.traeger_daten(db(), sichtbarer_traeger(ags), query.geschlecht)
    zi = None
    if daten.zi_jahr is not None:
        zi = {
            "jahr": daten.zi_jahr,
            "monat": daten.zi_monat,
            "werte": {
                code: {
                    "wert": _zahl(w.wert),
                    "vorjahr": _zahl(w.vorjahr),
                    "veraenderung": _zahl(w.veraenderung),
                    "gruende": dict(w.gruende),
                }
                for code, w in daten.zielindikatoren.items()
            },
        }
    return {
        "ags": daten.traeger.ags,
        "geschlecht": daten.geschlecht,
        "verlauf": [
            {
                "monat": monat_text(m),
                "werte": {code: _wert(e) for code, e in daten.verlauf.get(m, {}).items()},
            }
            for m in daten.monate
        ],
        "zielindikatoren": zi,
        "datenstand": _datenstand(daten.datenstand),
        "demodaten": daten.demodaten,
    }


def _uebersicht(art: str, schluessel: str, traeger: list[Traeger], geschlecht: str, zeige):
    daten = lesen.uebersicht_daten(db(), traeger, geschlecht)
    return {
        "art": art,
        "schluessel": schluessel,
        "geschlecht": geschlecht,
        "monat": None if daten.monat is None else monat_text(daten.monat),
        "aggregat": {code: _wert(e) for code, e in daten.aggregat.items()},
        "traeger": [
            {
                "ags": t.ags,
                "name": t.name,
                "werte": {code: _wert(e) for code, e in daten.werte.get(t.ags, {}).items()},
            }
            for t in traeger
            if zeige(t)
        ],
        "datenstand": _datenstand(daten.datenstand),
        "demodaten": daten.demodaten,
    }


@bp.get("/kennzahlen/land/<code>")
@scope(LESEN)
@validiere(query=GeschlechtAbfrage, resp=antworten({"HTTP_200": Uebersicht}), tags=[TAG])
def kennzahlen_land(code: str, query: GeschlechtAbfrage):
    """Alle Träger eines Landes und das Landesaggregat im letzten Datenmonat."""
    if len(code) != 2:
        abort(404)
    land = sichtbares_land(code)
    traeger = lesen.traeger_des_landes(db(), land.code)
    return _uebersicht("land", land.code, traeger, query.geschlecht, lambda _t: True)


@bp.get("/kennzahlen/vergleichstyp/<vt>")
@scope(LESEN)
@validiere(query=GeschlechtAbfrage, resp=antworten({"HTTP_200": Uebersicht}), tags=[TAG])
def kennzahlen_vergleichstyp(vt: str, query: GeschlechtAbfrage):
    """Aggregat eines Vergleichstyps; Zeilen je nach Rolle (Träger: nur die eigene)."""
    traeger = lesen.traeger_des_vergleichstyps(db(), vt) if len(vt) <= 20 else []
    if not traeger:
        abort(404)
    akteur = aktueller_akteur()
    sicht = regeln.vergleichstyp_sicht(akteur, [(t.ags, t.land_code) for t in traeger])
    erlaube(sicht is not None)
    if sicht == regeln.VERGLEICHSTYP_EIGENE:
        return _uebersicht(
            "vergleichstyp", vt, traeger, query.geschlecht, lambda t: t.ags == akteur.traeger_ags
        )
    return _uebersicht("vergleichstyp", vt, traeger, query.geschlecht, lambda _t: True)


@bp.get("/kennzahlen/bund")
@scope(LESEN)
@validiere(query=GeschlechtAbfrage, resp=antworten({"HTTP_200": Uebersicht}), tags=[TAG])
def kennzahlen_bund(query: GeschlechtAbfrage):
    """Bundesaggregat aller Träger; Zeilen nur für sichtbare Träger."""
    traeger = list(db().exec(select(Traeger).order_by(Traeger.ags)))
    akteur = aktueller_akteur()
    return _uebersicht(
        "bund",
        "DE",
        traeger,
        query.geschlecht,
        lambda t: regeln.darf_traeger_sehen(akteur, t.ags, t.land_code),
    )


@bp.get("/zielindikatoren")
@scope(LESEN)
@validiere(resp=antworten({"HTTP_200": ZielindikatorenListe}), tags=[TAG])
def zielindikatoren():
    """Der Katalog der Zielindikatoren (Code, Name, Einheit, Richtung, Formel)."""
    return {
        "eintraege": [
            {
                "code": z.code,
                "name": z.name,
                "einheit": z.einheit,
                "besser": z.besser,
                "formel": z.formel,
            }
            for z in ZIELINDIKATOREN
        ]
    }
