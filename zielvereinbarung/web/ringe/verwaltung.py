"""Verwaltung eines Rings durch seine Koordination (oder die Administration): Einstellungen und
Freigabe, Mitglieder je Jahr, eigene Basiszahlen, eigene Kennzahlen (neue Versionen, Ende der
Gültigkeit). Jede Route prüft zuerst die Berechtigung (404 für Unsichtbares, 403 ohne
Verwaltungsrecht), dann das Formular. Fehler der Eingaben (`Eingabefehler`) rollen die Anfrage
zurück; die Seite zeigt sie am Formular, die Eingaben bleiben stehen."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for

from ...services.ringe.daten import lade_ringdaten
from ...services.ringe.definitionen import beende_kennzahl, speichere_basiszahl, speichere_kennzahl
from ...services.ringe.sicht import verwaltbarer_ring
from ...services.ringe.verwaltung import Eingabefehler, aendere_einstellungen, setze_mitglieder
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from ..kern.fehlerseiten import fachliche_fehler
from . import bp, darstellung
from .forms import (
    BasiszahlFormular,
    EinstellungenFormular,
    KennzahlAendernFormular,
    KennzahlFormular,
    MitgliederFormular,
)

FORMULARE = {
    "einstellungen": EinstellungenFormular,
    "mitglieder": MitgliederFormular,
    "basiszahl": BasiszahlFormular,
    "kennzahl": KennzahlFormular,
}
# Mehrere Formulare auf einer Seite: jedes mit eigenem Präfix (eindeutige ids und Beschriftungen)
PRAEFIX = {"einstellungen": "es", "mitglieder": "mg", "basiszahl": "bz", "kennzahl": "kz"}


def _formular(name: str, **kwargs):
    return FORMULARE[name](prefix=PRAEFIX[name], **kwargs)


def _seite(ring_id: int, formulare: dict | None = None, status: int = 200):
    ring = verwaltbarer_ring(db(), aktueller_akteur(), ring_id)
    daten = lade_ringdaten(db(), ring_id)
    formulare = dict(formulare or {})
    if "einstellungen" not in formulare:
        formulare["einstellungen"] = _formular(
            "einstellungen",
            formdata=None,
            beschreibung=ring.beschreibung,
            laender_sehen=ring.laender_sehen,
            freigegeben_bis=ring.freigegeben_bis or "",
        )
    for name in FORMULARE:
        formulare.setdefault(name, _formular(name, formdata=None))
    jahre = sorted(daten.mitglieder, reverse=True)
    return (
        render_template(
            "ringe/verwaltung.html",
            ring=ring,
            f=formulare,
            mitglieder=[
                {
                    "jahr": j,
                    "traeger": [
                        (a, daten.traeger[a].name, daten.traeger[a].land_code)
                        for a in daten.mitglieder[j]
                    ],
                    "ags_text": " ".join(daten.mitglieder[j]),
                }
                for j in jahre
            ],
            basiszahlen=[darstellung.basiszahl_zeile(b) for b in daten.basiszahlen],
            kennzahlen=[
                {
                    **darstellung.kennzahl_kopf(k),
                    "form": KennzahlAendernFormular(
                        formdata=None,
                        gueltig_bis=k.gueltig_bis,
                        ba_unterschied=k.ba_unterschied,
                        prefix=f"k{k.id}",
                    ),
                }
                for k in daten.kennzahlen
            ],
        ),
        status,
    )


@fachliche_fehler(bp)
def _eingabefehler(fehler):
    """Ein `Eingabefehler` zeigt die Verwaltungsseite mit den Meldungen am Formular."""
    ring_id = (request.view_args or {}).get("ring_id")
    if not isinstance(fehler, Eingabefehler) or ring_id is None:
        from ..kern.fehlerseiten import fachliche_fehlerseite

        return fachliche_fehlerseite(fehler)
    art = request.endpoint.rsplit(".", 1)[-1] if request.endpoint else ""
    name = {"einstellungen": "einstellungen", "mitglieder": "mitglieder",
            "basiszahl": "basiszahl", "kennzahl_neu": "kennzahl"}.get(art)  # fmt: skip
    formulare = {}
    if name is not None:
        form = _formular(name)
        for feld, meldung in fehler.felder.items():
            ziel = getattr(form, feld, None)
            if ziel is not None:
                ziel.errors = (
                    [*ziel.errors, meldung] if isinstance(ziel.errors, list) else [meldung]
                )
            else:
                form.form_errors.append(meldung)
        formulare[name] = form
    else:
        flash(" ".join(fehler.felder.values()), "fehler")
    return _seite(ring_id, formulare, 400)


@bp.get("/<int:ring_id>/verwaltung")
def verwaltung(ring_id: int):
    return _seite(ring_id)[0]


def _jetzt() -> datetime:
    return datetime.now(UTC)


@bp.post("/<int:ring_id>/einstellungen")
def einstellungen(ring_id: int):
    verwaltbarer_ring(db(), aktueller_akteur(), ring_id)
    form = _formular("einstellungen")
    if not form.validate_on_submit():
        return _seite(ring_id, {"einstellungen": form}, 400)
    aendere_einstellungen(
        db(), ring_id, form.beschreibung.data or "", form.laender_sehen.data,
        form.freigegeben_bis.data, aktueller_akteur(), _jetzt(),
    )  # fmt: skip
    flash("Einstellungen gespeichert.", "erfolg")
    return redirect(url_for(".verwaltung", ring_id=ring_id))


@bp.post("/<int:ring_id>/mitglieder")
def mitglieder(ring_id: int):
    verwaltbarer_ring(db(), aktueller_akteur(), ring_id)
    form = _formular("mitglieder")
    if not form.validate_on_submit():
        return _seite(ring_id, {"mitglieder": form}, 400)
    ags = re.split(r"[\s,;]+", form.ags.data or "")
    neu, weg = setze_mitglieder(db(), ring_id, form.jahr.data, ags, aktueller_akteur(), _jetzt())
    flash(f"Mitglieder {form.jahr.data}: {len(neu)} aufgenommen, {len(weg)} entfernt.", "erfolg")
    return redirect(url_for(".verwaltung", ring_id=ring_id))


@bp.post("/<int:ring_id>/basiszahlen")
def basiszahl(ring_id: int):
    verwaltbarer_ring(db(), aktueller_akteur(), ring_id)
    form = _formular("basiszahl")
    if not form.validate_on_submit():
        return _seite(ring_id, {"basiszahl": form}, 400)
    b = speichere_basiszahl(
        db(), ring_id, form.code.data, form.name.data, form.einheit.data,
        form.kategorie.data or "", form.beschreibung.data or "", form.obergrenze.data,
        aktueller_akteur(), _jetzt(),
    )  # fmt: skip
    flash(f"Basiszahl „{b.code}“ gespeichert.", "erfolg")
    return redirect(url_for(".verwaltung", ring_id=ring_id))


@bp.post("/<int:ring_id>/kennzahlen")
def kennzahl_neu(ring_id: int):
    verwaltbarer_ring(db(), aktueller_akteur(), ring_id)
    form = _formular("kennzahl")
    if not form.validate_on_submit():
        return _seite(ring_id, {"kennzahl": form}, 400)
    werte = {f.short_name: f.data for f in form}
    k = speichere_kennzahl(db(), ring_id, werte, aktueller_akteur(), _jetzt())
    flash(f"Kennzahl „{k.code}“ (Version {k.version}) gespeichert.", "erfolg")
    return redirect(url_for(".verwaltung", ring_id=ring_id))


@bp.post("/<int:ring_id>/kennzahlen/<int:kennzahl_id>")
def kennzahl_aendern(ring_id: int, kennzahl_id: int):
    verwaltbarer_ring(db(), aktueller_akteur(), ring_id)
    form = KennzahlAendernFormular(prefix=f"k{kennzahl_id}")
    if not form.validate_on_submit():
        flash("Bitte ein gültiges Datum (TT.MM.JJJJ) angeben.", "fehler")
        return _seite(ring_id, status=400)
    k = beende_kennzahl(
        db(), ring_id, kennzahl_id, form.gueltig_bis.data, form.ba_unterschied.data or "",
        aktueller_akteur(), _jetzt(),
    )  # fmt: skip
    flash(f"Kennzahl „{k.code}“ (Version {k.version}) geändert.", "erfolg")
    return redirect(url_for(".verwaltung", ring_id=ring_id))
