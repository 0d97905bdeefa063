"""Cockpit der Nachhaltung im Browser: `/nachhaltung/<land>/<jahr>` (Land, Lesezugriff des
Landes, Administration) und `/nachhaltung/alle/<jahr>` (nur Administration).

Serverseitig, ohne JavaScript: Filter und Sortierung sind ein GET-Formular und Links in den
Spaltenköpfen (`aria-sort`); `?ansicht=druck` gibt dieselbe Auswahl als Druckansicht (eigene
Seite ohne Navigation, Druckstil). Die Zahlen kommen fertig aus
`services.nachhaltung.cockpit`, Auswahl und Reihenfolge aus `cockpit_auswahl`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template, request, url_for

from ...domain.berechtigung import ADMIN, darf_land_sehen
from ...format import monat_lang
from ...models import Land
from ...services.nachhaltung.cockpit import ALLE, Cockpit, Zeile, lade_cockpit
from ...services.nachhaltung.cockpit_auswahl import (
    AB,
    AUF,
    LAGE,
    TEXTSPALTEN,
    Auswahl,
    start_richtung,
    status_namen,
    waehle,
)
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from ..kern.tabellen import datei_antwort, download_links, exportierbar, gewuenschtes_format
from ..verhandlung.darstellung import pruefe_jahr
from . import bp
from .cockpit_export import cockpit_mappe

ARIA = {AUF: "ascending", AB: "descending"}
PFEIL = {AUF: "▲", AB: "▼"}
RICHTUNG_TEXT = {AUF: "aufsteigend", AB: "absteigend"}
ABSTAND_MONATE = 3  # die Daten kommen etwa drei Monate nach dem Berichtsmonat


def nachhaltungsjahr(heute: date | None = None) -> int:
    """Das Jahr, dessen Daten gerade eintreffen: das Jahr des Monats drei Monate vor heute."""
    heute = heute or date.today()
    return (heute.year * 12 + heute.month - 1 - ABSTAND_MONATE) // 12


@dataclass(frozen=True)
class Kopf:
    schluessel: str
    titel: str
    url: str
    link_text: str
    aria_sort: str | None
    pfeil: str | None


def _parameter(a: Auswahl, monat: str | None, **neu) -> dict:
    werte = {
        "monat": monat,
        "vergleichstyp": a.vergleichstyp,
        "nur_land": a.land,
        "status": a.status,
        "suche": a.suche or None,
        "sort": a.sort,
        "richtung": a.richtung,
    }
    werte.update(neu)
    return {k: v for k, v in werte.items() if v}


def _kopf(c: Cockpit, a: Auswahl, schluessel: str, titel: str) -> Kopf:
    aktiv = a.sort == schluessel
    neue = (AB if a.richtung == AUF else AUF) if aktiv else start_richtung(schluessel)
    if schluessel == LAGE:
        text = "Träger mit den meisten kritischen Zielen zuerst" if neue == AB else (
            "Träger mit den wenigsten kritischen Zielen zuerst")  # fmt: skip
    elif schluessel in TEXTSPALTEN:
        text = f"nach {titel} {RICHTUNG_TEXT[neue]} sortieren"
    else:
        zuerst = "schlechteste" if neue == AUF else "beste"
        text = f"nach Zielerreichung {titel} sortieren, {zuerst} zuerst"
    return Kopf(
        schluessel,
        titel,
        url_for("nachhaltung.cockpit", land=c.land_code, jahr=c.jahr,
                **_parameter(a, c.monat, sort=schluessel, richtung=neue)),
        text,
        ARIA[a.richtung] if aktiv else None,
        PFEIL[a.richtung] if aktiv else None,
    )  # fmt: skip


def drilldown(c: Cockpit, z: Zeile) -> str | None:
    """Nachhaltungsseite (unterzeichnet), sonst die Verhandlung, sonst die Kennzahlen."""
    if z.unterzeichnet and z.vereinbarung_id:
        return url_for("nachhaltung.seite", id=z.vereinbarung_id, monat=c.monat)
    if z.vereinbarung_id:
        return url_for("verhandlung.vereinbarung", id=z.vereinbarung_id)
    return url_for("kennzahlen.traeger", ags=z.ags)


def cockpit_verweise(session, akteur) -> list[tuple[str, str]]:
    """(Text, Adresse) der Cockpits, die der Akteur sehen darf: sein Land, für die
    Administration alle Länder – jeweils für das laufende Nachhaltungsjahr."""
    jahr = nachhaltungsjahr()
    if akteur.rolle == ADMIN:
        return [
            (f"Cockpit aller Länder {jahr}", url_for("nachhaltung.cockpit", land=ALLE, jahr=jahr))
        ]
    if akteur.land_code and darf_land_sehen(akteur, akteur.land_code):
        land = session.get(Land, akteur.land_code)
        return [(f"Cockpit {land.name} {jahr}",
                 url_for("nachhaltung.cockpit", land=land.code, jahr=jahr))]  # fmt: skip
    return []


def _lage(z: Zeile, namen: dict[str, str]) -> str:
    teile = [f"{z.anzahl(k)} {namen[k]}" for k in ("schlecht", "mittel", "gut") if z.anzahl(k)]
    return ", ".join(teile) or "ohne Status"


@bp.get("/nachhaltung/<land>/<int:jahr>")
@exportierbar
def cockpit(land: str, jahr: int):
    pruefe_jahr(jahr)
    c = lade_cockpit(db(), aktueller_akteur(), land, jahr, request.args.get("monat") or None)
    a = Auswahl.aus_parametern(request.args)
    zeilen = waehle(c, a)
    stufen = ("kritisch", "gefährdet", "auf Kurs") if c.unterjaehrig else (
        "verfehlt", "knapp", "erreicht")  # fmt: skip
    namen = dict(zip(("schlecht", "mittel", "gut"), stufen, strict=True))
    koepfe = {"name": _kopf(c, a, "name", "Träger"), LAGE: _kopf(c, a, LAGE, "Lage")}
    for code, name, _ in c.indikatoren:
        koepfe[code] = _kopf(c, a, code, name)
    sortierbar = [("name", "Träger"), ("ags", "Kreisschlüssel"), ("vergleichstyp", "Vergleichstyp")]
    if c.land_code == ALLE:
        sortierbar.append(("land", "Land"))
    sortierbar += [(LAGE, "Lage (kritische Ziele)")]
    sortierbar += [(code, f"Zielerreichung {name}") for code, name, _ in c.indikatoren]
    druck = request.args.get("ansicht") == "druck"
    mappe = cockpit_mappe(c, zeilen)
    if (format_ := gewuenschtes_format()) is not None:
        return datei_antwort(mappe, format_)
    return render_template(
        "nachhaltung/cockpit_druck.html" if druck else "nachhaltung/cockpit.html",
        c=c,
        a=a,
        zeilen=[(z, drilldown(c, z), _lage(z, namen)) for z in zeilen],
        koepfe=koepfe,
        sortierbar=sortierbar,
        status_namen=status_namen(c.unterjaehrig),
        stufen=namen,
        monate=[(m, monat_lang(m)) for m in c.monate],
        alle=c.land_code == ALLE,
        druck_url=url_for("nachhaltung.cockpit", land=c.land_code, jahr=c.jahr,
                          **_parameter(a, c.monat, ansicht="druck")),
        cockpit_url=url_for("nachhaltung.cockpit", land=c.land_code, jahr=c.jahr,
                            **_parameter(a, c.monat)),
        landeszeilen=[(z, url_for("nachhaltung.cockpit", land=z.land_code, jahr=c.jahr,
                                  monat=c.monat) if c.land_code == ALLE and z.land_code else None)
                      for z in c.landeszeilen],
        sortierlinks=not druck,
        downloads=[] if druck else download_links(mappe),
        zuruecksetzen_url=url_for("nachhaltung.cockpit", land=c.land_code, jahr=c.jahr,
                                  monat=c.monat),
    )  # fmt: skip
