"""Übersichten: alle zkT eines Landes in einem Jahr (Landessicht) und die eigenen Vereinbarungen
eines Trägers. `/verhandlungen` führt jede Rolle an ihren Ausgangspunkt."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from ...domain.berechtigung import BUND, LAND, LESER, ist_admin
from ...domain.ziele import bezeichnung
from ...services.verhandlung.lesen import ART_BEZEICHNUNG
from ...services.verhandlung.seiten import laender_mit_zkt, vereinbarungen_des_traegers
from ...services.verhandlung.vergleiche import land_uebersicht
from ..berechtigung import aktueller_akteur, rolle_erforderlich, sichtbares_land
from ..datenbank import db
from . import bp
from .darstellung import am_zug_text, laenderliste, pruefe_jahr, standardjahr


@bp.get("/verhandlungen")
def meine():
    akteur = aktueller_akteur()
    if akteur.traeger_ags:
        traeger, zeilen = vereinbarungen_des_traegers(db(), akteur.traeger_ags, akteur)
        return render_template(
            "verhandlung/meine.html",
            traeger=traeger,
            zeilen=[
                {
                    **z.__dict__,
                    "am_zug_text": am_zug_text(z.am_zug_bezeichnung),
                    "url": url_for("verhandlung.vereinbarung", id=z.id),
                }
                for z in zeilen
            ],
        )
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
def uebersicht(land: str, jahr: int):
    land_ = sichtbares_land(land)
    pruefe_jahr(jahr)
    zeilen = []
    for z in land_uebersicht(db(), land_.code, jahr):
        kurz, einzeln = _abweichung(z)
        zeilen.append(
            {
                "name": z.name,
                "ags": z.ags,
                "zustand": z.zustand_bezeichnung,
                "am_zug": am_zug_text(z.am_zug_bezeichnung) if z.vereinbarung_id else "–",
                "letzte_aenderung": z.letzte_aenderung,
                "revision": (
                    f"{z.letzte_revision} ({ART_BEZEICHNUNG.get(z.letzte_revision_art, '')})"
                )
                if z.letzte_revision
                else "–",
                "abweichung": kurz,
                "abweichungen": einzeln,
                "url": url_for("verhandlung.vereinbarung", id=z.vereinbarung_id)
                if z.vereinbarung_id
                else None,
            }
        )
    mit = [z for z in zeilen if z["url"]]
    return render_template(
        "verhandlung/uebersicht.html",
        land=land_,
        jahr=jahr,
        zeilen=zeilen,
        zusammenfassung=(
            f"{len(mit)} von {len(zeilen)} zkT haben eine Zielvereinbarung {jahr}; "
            f"Land am Zug: {sum(z['am_zug'] == 'Land am Zug' for z in mit)}, "
            f"Träger am Zug: {sum(z['am_zug'] == 'Träger am Zug' for z in mit)}."
        ),
        vorjahr=url_for("verhandlung.uebersicht", land=land_.code, jahr=jahr - 1),
        folgejahr=url_for("verhandlung.uebersicht", land=land_.code, jahr=jahr + 1),
        planung=url_for("planung.land", land=land_.code, jahr=jahr),
    )
