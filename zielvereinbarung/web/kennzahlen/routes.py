"""Kennzahlenseiten. Sichtbarkeit (Regeln in `domain.berechtigung`):

- **Träger** `/kennzahlen/traeger/<ags>`: wie jede Trägersicht (`darf_traeger_sehen`): Admin;
  Land und Land-Leser für Träger ihres Landes; Träger und Träger-Leser nur sich selbst.
- **Land** `/kennzahlen/land/<code>`: Admin, Land und Land-Leser dieses Landes; das BMAS jedes
  Landes, aber nur die Landeszeile (Aggregat), keine einzelnen Träger
  (`darf_land_sehen`). Träger sehen keine Landesübersicht, auch nicht die des eigenen Landes.
- **Vergleichstyp** `/kennzahlen/vergleichstyp/<vt>` (`vergleichstyp_sicht`): Aggregate über
  fremde Träger sind Vergleichsstatistik. Admin sieht Aggregat und alle Mitglieder; Land und
  Land-Leser ebenso, aber nur, wenn mindestens ein Mitglied in ihrem Land liegt (verlinkt sind
  nur Träger, deren Seite sie sehen dürfen; die Zeilen anderer Länder stehen ohne Link da).
  Träger und Träger-Leser sehen nur den Vergleichstyp ihres eigenen Trägers und darin nur die
  Aggregatzeile und die eigene Zeile – keine Werte einzelner anderer Träger. (Bei sehr kleinen
  Vergleichstypen lässt sich aus Aggregat und eigener Zeile auf den Rest schließen; die
  Kennzahlen nach § 48a SGB II werden ohnehin je Jobcenter veröffentlicht, daher keine
  Mindestgröße.) Fremder Vergleichstyp → 403, unbekannter (ohne Mitglieder) → 404.
- **Einstieg** `/kennzahlen`: Land-Benutzer und Land-Leser → ihr Land, Träger und
  Träger-Leser → ihr Träger, Admin → Liste der Länder und Vergleichstypen, BMAS → Liste der
  Länder.

Parameter `geschlecht` (gesamt, frauen, maenner) auf allen Seiten; unbekannt → 400.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from ...domain import berechtigung as regeln
from ...domain.basiszahlen import GESCHLECHTER
from ...domain.berechtigung import LAND, LESER, TRAEGER
from ...models import Land, Traeger
from ...services.kennzahlen import lesen
from ...tabellen.modell import Mappe
from ..kern.berechtigung import (
    aktueller_akteur,
    erlaube,
    rolle_erforderlich,
    sichtbarer_traeger,
    sichtbares_land,
)
from ..kern.datenbank import db
from ..kern.tabellen import exportierbar, tabellenseite
from . import bp
from .format import GESCHLECHT_TEXT
from .traeger_seite import baue_traeger_seite
from .uebersicht import Uebersicht, baue_uebersicht, sortierung


def _geschlecht() -> str:
    geschlecht = request.args.get("geschlecht") or "gesamt"
    if geschlecht not in GESCHLECHTER:
        abort(400)
    return geschlecht


def _geschlecht_links(endpoint: str, geschlecht: str, **args) -> list[dict]:
    return [
        {
            "text": GESCHLECHT_TEXT[g],
            "aktiv": g == geschlecht,
            "url": url_for(endpoint, **args, geschlecht=None if g == "gesamt" else g),
        }
        for g in GESCHLECHTER
    ]


def _traeger_url(t: Traeger, geschlecht: str) -> str | None:
    if not regeln.darf_traeger_sehen(aktueller_akteur(), t.ags, t.land_code):
        return None
    return url_for(".traeger", ags=t.ags, geschlecht=None if geschlecht == "gesamt" else geschlecht)


@bp.get("")
def index():
    akteur = aktueller_akteur()
    if akteur.rolle in (LAND, LESER) and akteur.land_code:
        return redirect(url_for(".land", code=akteur.land_code))
    if akteur.rolle in (TRAEGER, LESER) and akteur.traeger_ags:
        return redirect(url_for(".traeger", ags=akteur.traeger_ags))
    bund = akteur.rolle == regeln.BUND  # das BMAS: jedes Land, aber nur aggregiert
    erlaube(regeln.ist_admin(akteur) or bund)
    laender = [
        {"text": f"{name} ({code})", "url": url_for(".land", code=code)}
        for code, name in lesen.alle_laender(db())
    ]
    typen = [
        {"text": vt, "url": url_for(".vergleichstyp", vt=vt)} for vt in lesen.vergleichstypen(db())
    ]
    return render_template(
        "kennzahlen/index.html", laender=laender, vergleichstypen=typen, nur_aggregiert=bund
    )


@bp.get("/traeger/<ags>")
@rolle_erforderlich(LAND, TRAEGER, LESER)
@exportierbar
def traeger(ags: str):
    t = sichtbarer_traeger(ags)
    geschlecht = _geschlecht()
    seite = baue_traeger_seite(lesen.traeger_daten(db(), t, geschlecht))
    verweise = []
    if regeln.darf_land_sehen(aktueller_akteur(), t.land_code):
        verweise.append(
            {"text": f"Übersicht Land {t.land_code}", "url": url_for(".land", code=t.land_code)}
        )
    if t.vergleichstyp:
        verweise.append(
            {
                "text": f"Vergleichstyp {t.vergleichstyp}",
                "url": url_for(".vergleichstyp", vt=t.vergleichstyp),
            }
        )
    gruppe = GESCHLECHT_TEXT[geschlecht]
    titel = f"Kennzahlen {t.name}"
    mappe = Mappe(
        titel,
        " ".join(
            x
            for x in (titel, t.ags, seite.monat_kurz, "" if geschlecht == "gesamt" else gruppe)
            if x
        ),
        seite.tabellen,
        datenstand=seite.datenstand,
        demodaten=seite.demodaten,
        angaben=[
            ("Träger", seite.titel),
            ("Daten bis", seite.monat or "keine Basiszahlen"),
            ("Geschlechtergruppe", gruppe),
        ],
    )
    return tabellenseite(
        "kennzahlen/traeger.html",
        mappe,
        seite=seite,
        verweise=verweise,
        geschlechter=_geschlecht_links(".traeger", geschlecht, ags=t.ags),
    )


def _uebersicht(
    endpoint: str,
    traeger: list[Traeger],
    titel: str,
    aggregat_titel: str,
    geschlecht: str,
    zeilen_filter=lambda _t: True,
    leer_text: str = "Keine Träger.",
    **args,
):
    sort, richtung = sortierung(request.args.get("sort"), request.args.get("richtung"))
    g = None if geschlecht == "gesamt" else geschlecht
    return baue_uebersicht(
        lesen.uebersicht_daten(db(), traeger, geschlecht),
        titel=titel,
        aggregat_titel=aggregat_titel,
        sort=sort,
        richtung=richtung,
        sortier_url=lambda s, r: url_for(endpoint, **args, sort=s, richtung=r, geschlecht=g),
        traeger_url=lambda t: _traeger_url(t, geschlecht),
        zeilen_filter=zeilen_filter,
        leer_text=leer_text,
    )


def _mappe(titel: str, u: Uebersicht, geschlecht: str) -> Mappe:
    gruppe = GESCHLECHT_TEXT[geschlecht]
    teile = [titel, u.monat_kurz or "", "" if geschlecht == "gesamt" else gruppe]
    return Mappe(
        titel,
        " ".join(t for t in teile if t),
        [u.tabelle],
        datenstand=u.datenstand,
        demodaten=u.demodaten,
        angaben=[("Berichtsmonat", u.monat or "keine Basiszahlen"), ("Geschlechtergruppe", gruppe)],
    )


@bp.get("/land/<code>")
@rolle_erforderlich(LAND, LESER, regeln.BUND)
@exportierbar
def land(code: str):
    # Das BMAS sieht jedes Land, aber nur die Landeszeile (das Aggregat aller Träger), keinen
    # einzelnen Träger und keine Vergleichstypen.
    bund = aktueller_akteur().rolle == regeln.BUND
    land = (db().get(Land, code) or abort(404)) if bund else sichtbares_land(code)
    geschlecht = _geschlecht()
    traeger = lesen.traeger_des_landes(db(), land.code)
    tabelle = _uebersicht(
        ".land",
        traeger,
        f"{land.name} insgesamt" if bund else f"Träger in {land.name}",
        f"{land.name} insgesamt",
        geschlecht,
        zeilen_filter=(lambda _t: False) if bund else (lambda _t: True),
        leer_text=(
            "Einzelne Träger zeigt diese Sicht nicht; die Zeile darunter fasst alle Träger des "
            "Landes zusammen."
        )
        if bund
        else "Keine Träger.",
        code=land.code,
    )
    typen = [
        {"text": vt, "url": url_for(".vergleichstyp", vt=vt)}
        for vt in ([] if bund else lesen.vergleichstypen(db(), land.code))
    ]
    return tabellenseite(
        "kennzahlen/land.html",
        _mappe(f"Kennzahlen {land.name}", tabelle, geschlecht),
        land=land,
        tabelle=tabelle,
        vergleichstypen=typen,
        geschlecht=GESCHLECHT_TEXT[geschlecht],
        geschlechter=_geschlecht_links(".land", geschlecht, code=land.code),
    )


@bp.get("/vergleichstyp/<vt>")
@rolle_erforderlich(LAND, TRAEGER, LESER)
@exportierbar
def vergleichstyp(vt: str):
    traeger = lesen.traeger_des_vergleichstyps(db(), vt)
    if not traeger:
        abort(404)
    akteur = aktueller_akteur()
    sicht = regeln.vergleichstyp_sicht(akteur, [(t.ags, t.land_code) for t in traeger])
    erlaube(sicht is not None)
    nur_eigene = sicht == regeln.VERGLEICHSTYP_EIGENE
    geschlecht = _geschlecht()
    tabelle = _uebersicht(
        ".vergleichstyp",
        traeger,
        f"Träger des Vergleichstyps {vt}",
        f"Vergleichstyp {vt} insgesamt",
        geschlecht,
        zeilen_filter=(lambda t: t.ags == akteur.traeger_ags) if nur_eigene else (lambda _t: True),
        vt=vt,
    )
    return tabellenseite(
        "kennzahlen/vergleichstyp.html",
        _mappe(f"Kennzahlen Vergleichstyp {vt}", tabelle, geschlecht),
        vt=vt,
        tabelle=tabelle,
        nur_eigene=nur_eigene,
        geschlecht=GESCHLECHT_TEXT[geschlecht],
        geschlechter=_geschlecht_links(".vergleichstyp", geschlecht, vt=vt),
    )
