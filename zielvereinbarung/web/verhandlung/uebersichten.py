"""Übersichten: alle zkT eines Landes in einem Jahr (Landessicht) und die eigenen Vereinbarungen
eines Trägers. `/verhandlungen` führt jede Rolle an ihren Ausgangspunkt."""

from __future__ import annotations

from flask import abort, redirect, url_for

from ...domain.berechtigung import BUND, LAND, LESER, ist_admin
from ...domain.namen import genitiv
from ...domain.ziele import bezeichnung
from ...services.verhandlung.lesen import ART_BEZEICHNUNG
from ...services.verhandlung.seiten import laender_mit_zkt, vereinbarungen_des_traegers
from ...services.verhandlung.vergleiche import land_uebersicht
from ...tabellen import modell as tm
from ...tabellen.modell import Mappe, Spalte, Tabelle, textzelle
from ..kern.berechtigung import aktueller_akteur, rolle_erforderlich, sichtbares_land
from ..kern.datenbank import db
from ..kern.tabellen import exportierbar, tabellenseite
from . import bp
from .darstellung import am_zug_text, laenderliste, pruefe_jahr, standardjahr


@bp.get("/verhandlungen")
@exportierbar
def meine():
    akteur = aktueller_akteur()
    if akteur.traeger_ags:
        traeger, zeilen = vereinbarungen_des_traegers(db(), akteur.traeger_ags, akteur)
        tabelle = Tabelle(
            "Zielvereinbarungen",
            f"Zielvereinbarungen {genitiv(traeger.name)} ({traeger.ags}), neuestes Jahr zuerst",
            [
                Spalte("Zielvereinbarung", zeilenkopf=True),
                Spalte("Jahr", tm.TEXT),
                Spalte("Stand"),
                Spalte("Am Zug"),
                Spalte("Letzte Änderung", tm.ZEITPUNKT),
            ],
        )
        for z in zeilen:
            name = f"Zielvereinbarung {z.jahr}"
            if z.aenderung_von_id:
                name += " (Änderungsvereinbarung)"
            tabelle.zeile(
                textzelle(name, url=url_for("verhandlung.vereinbarung", id=z.id)),
                str(z.jahr),
                z.zustand_bezeichnung,
                am_zug_text(z.am_zug_bezeichnung),
                z.geaendert_am,
            )
        mappe = Mappe(tabelle.titel, f"Zielvereinbarungen {traeger.name}", [tabelle])
        return tabellenseite("verhandlung/meine.html", mappe, traeger=traeger)
    if akteur.land_code:
        return redirect(
            url_for("verhandlung.uebersicht", land=akteur.land_code, jahr=standardjahr())
        )
    if akteur.rolle == BUND:  # das BMAS verhandelt mit den Ländern
        return redirect(url_for("bund.uebersicht"))
    if ist_admin(akteur):
        return laenderliste("Verhandlungen", "verhandlung.uebersicht", laender_mit_zkt(db()))
    abort(403)


def _abweichung(zeile) -> tuple[str, list[str]]:
    if zeile.vereinbarung_id is None:
        return "–", []
    einzeln = [f"{bezeichnung(c)}: {a.text}" for c, a in zeile.abweichungen.items() if a.abweichend]
    if not einzeln:
        return "keine Abweichung", []
    return f"{len(einzeln)} {'Abweichung' if len(einzeln) == 1 else 'Abweichungen'}", einzeln


@bp.get("/verhandlungen/<land>/<int:jahr>")
@rolle_erforderlich(LAND, LESER)
@exportierbar
def uebersicht(land: str, jahr: int):
    land_ = sichtbares_land(land)
    pruefe_jahr(jahr)
    tabelle = Tabelle(
        "Verhandlungen",
        f"Zugelassene kommunale Träger in {land_.name}: Stand der Zielvereinbarung {jahr}",
        [
            Spalte("Träger", zeilenkopf=True),
            Spalte("Kreisschlüssel"),
            Spalte("Stand"),
            Spalte("Am Zug"),
            Spalte("Letzte Änderung", tm.ZEITPUNKT),
            Spalte("Revision", tm.ANZAHL),
            Spalte("Art der Revision"),
            Spalte("Abweichung von den Orientierungswerten"),
        ],
    )
    land_am_zug = traeger_am_zug = mit = 0
    for z in land_uebersicht(db(), land_.code, jahr):
        kurz, einzeln = _abweichung(z)
        am_zug = am_zug_text(z.am_zug_bezeichnung) if z.vereinbarung_id else "–"
        if z.vereinbarung_id:
            mit += 1
            land_am_zug += am_zug == "Land am Zug"
            traeger_am_zug += am_zug == "Träger am Zug"
        url = (
            url_for("verhandlung.vereinbarung", id=z.vereinbarung_id) if z.vereinbarung_id else None
        )
        tabelle.zeile(
            textzelle(z.name, url=url),
            z.ags,
            z.zustand_bezeichnung,
            textzelle(am_zug if z.vereinbarung_id else None),
            z.letzte_aenderung,
            z.letzte_revision,
            textzelle(ART_BEZEICHNUNG.get(z.letzte_revision_art or "", "") or None),
            textzelle(kurz if kurz != "–" else None, liste=tuple(einzeln)),
        )
    titel = f"Verhandlungen {jahr} – {land_.name}"
    return tabellenseite(
        "verhandlung/uebersicht.html",
        Mappe(titel, titel, [tabelle]),
        land=land_,
        jahr=jahr,
        zusammenfassung=(
            f"{mit} von {len(tabelle.zeilen)} zkT haben eine Zielvereinbarung {jahr}; "
            f"Land am Zug: {land_am_zug}, Träger am Zug: {traeger_am_zug}."
        ),
        vorjahr=url_for("verhandlung.uebersicht", land=land_.code, jahr=jahr - 1),
        folgejahr=url_for("verhandlung.uebersicht", land=land_.code, jahr=jahr + 1),
        planung=url_for("planung.land", land=land_.code, jahr=jahr),
    )
