"""Lesende Seiten der Vergleichsringe: Liste, Übersicht eines Monats, Kennzahlvergleich,
XLSX-Export, Jahresberichte (Liste, Abruf, Erzeugung auf Anforderung).

Monat: `?monat=JJJJ-MM` (Standard: der neueste sichtbare Monat mit Daten); auf der
Kennzahlseite statt dessen `?jahr=JJJJ` für die Jahressicht (der Wert im Dezember; der
Zeitverlauf zeigt dann die Dezemberwerte der Jahre statt der letzten 24 Monate). Ein Monat,
der nicht sichtbar ist (nicht freigegeben, kein Jahr der eigenen Mitgliedschaft), ergibt 404.
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from flask import abort, redirect, render_template, request, send_file, url_for

from ...config import konfiguration
from ...domain.basiszahlen import monat_index, monat_text
from ...domain.berechtigung import ADMIN, LESER, RING_MITGLIED
from ...models.ring import RingBericht
from ...services.ablage import Ablage
from ...services.ringe import bericht as ringbericht
from ...services.ringe.berechnung import geltende_kennzahlen, version_im_monat
from ...services.ringe.daten import RingDaten, lade_ringdaten
from ...services.ringe.export import xlsx
from ...services.ringe.sicht import Sicht, sichtbare_ringe, sichtbarer_ring
from ...services.ringe.vergleich import vergleiche, verlauf
from ...services.ringe.verwaltung import lege_ring_an
from ..kern.berechtigung import admin_erforderlich, aktueller_akteur
from ..kern.datenbank import db
from . import bp, darstellung
from .forms import BerichtFormular, RingFormular

VERLAUF_MONATE = 24
VERLAUF_JAHRE = 10


def _laden(ring_id: int) -> tuple[RingDaten, Sicht]:
    _, sicht = sichtbarer_ring(db(), aktueller_akteur(), ring_id)
    return lade_ringdaten(db(), ring_id), sicht


def _monat(daten: RingDaten, sicht: Sicht) -> int | None:
    """Der gewählte Monat (404, wenn unsichtbar oder kein Monat) oder der neueste sichtbare."""
    text = request.args.get("monat")
    if text:
        try:
            monat = monat_index(text)
        except ValueError:
            abort(404)
        if not sicht.monat_sichtbar(monat):
            abort(404)
        return monat
    monate = sicht.sichtbare_monate(daten.monate_mit_daten())
    return monate[-1] if monate else None


@bp.get("")
def liste():
    akteur = aktueller_akteur()
    ringe = [
        {
            "name": ring.name,
            "url": url_for(".uebersicht", ring_id=ring.id),
            "sicht": darstellung.SICHT_TEXT[sicht.stufe],
            "jahre": ", ".join(map(str, sicht.jahre)) or "–",
            "demo": ring.demodaten,
        }
        for ring, sicht in sichtbare_ringe(db(), akteur)
    ]
    form = RingFormular() if akteur is not None and akteur.rolle == ADMIN else None
    return render_template("ringe/liste.html", ringe=ringe, form=form)


@bp.post("")
@admin_erforderlich
def anlegen():
    form = RingFormular()
    if not form.validate_on_submit():
        return render_template("ringe/liste.html", ringe=[], form=form), 400
    ring = lege_ring_an(
        db(),
        form.name.data,
        form.beschreibung.data or "",
        form.laender_sehen.data,
        aktueller_akteur(),
        datetime.now(UTC),
    )
    return redirect(url_for(".verwaltung", ring_id=ring.id))


@bp.get("/<int:ring_id>")
def uebersicht(ring_id: int):
    daten, sicht = _laden(ring_id)
    monat = _monat(daten, sicht)
    zeilen = []
    if monat is not None:
        for k in geltende_kennzahlen(daten, monat):
            v = vergleiche(daten, k, monat, sicht.eigener)
            eigene = v.eigene_zeile()
            zeilen.append(
                {
                    **darstellung.kennzahl_kopf(k),
                    "url": url_for(
                        ".kennzahl", ring_id=ring_id, code=k.code, monat=monat_text(monat)
                    ),
                    "ring": darstellung.wert_text(v.ring.wert, k.einheit),
                    "abdeckung": f"{v.ring.abdeckung or 0} von {v.mitglieder}",
                    "median": darstellung.statistik(v)[3][1],
                    "eigener": eigene and darstellung.wert_text(eigene.ergebnis.wert, k.einheit),
                    "rang": darstellung.rang_kurz(v, eigene) if eigene else None,
                }
            )
    jahr = (
        monat // 12 if monat is not None else (max(daten.mitglieder) if daten.mitglieder else None)
    )
    return render_template(
        "ringe/uebersicht.html",
        ring=daten.ring,
        demodaten=daten.demodaten or daten.ring.demodaten,
        sichtbarkeit=darstellung.sichtbarkeit(daten, sicht),
        monat=monat_text(monat) if monat is not None else None,
        monate=[monat_text(m) for m in reversed(sicht.sichtbare_monate(daten.monate_mit_daten()))],
        zeilen=zeilen,
        eigener=sicht.eigener,
        mitglieder=[
            (a, daten.traeger[a].name, daten.traeger[a].land_code)
            for a in daten.mitglieder.get(jahr, [])
        ],
        jahr=jahr,
        basiszahlen=[darstellung.basiszahl_zeile(b) for b in daten.basiszahlen],
        kennzahlen=[darstellung.kennzahl_kopf(k) for k in daten.kennzahlen],
        verwalten=sicht.verwalten,
        importieren=bool(daten.basiszahlen)
        and (sicht.verwalten or sicht.stufe == RING_MITGLIED)
        and aktueller_akteur().rolle != LESER,
    )


@bp.get("/<int:ring_id>/kennzahl/<code>")
def kennzahl(ring_id: int, code: str):
    daten, sicht = _laden(ring_id)
    jahr_text = request.args.get("jahr")
    if jahr_text:
        if not jahr_text.isdigit() or not sicht.monat_sichtbar(int(jahr_text) * 12 + 11):
            abort(404)
        monat = int(jahr_text) * 12 + 11
    else:
        monat = _monat(daten, sicht)
    if monat is None:
        abort(404)
    k = version_im_monat(daten, code, monat)
    if k is None:
        abort(404)
    v = vergleiche(daten, k, monat, sicht.eigener)
    if jahr_text:  # Jahressicht: der Verlauf der Dezemberwerte aller sichtbaren Jahre
        dezember = [
            m
            for m in sicht.sichtbare_monate(daten.monate_mit_daten())
            if m % 12 == 11 and m <= monat
        ]
        monate = dezember[-VERLAUF_JAHRE:]
    else:
        monate = [
            m for m in range(monat - VERLAUF_MONATE + 1, monat + 1) if sicht.monat_sichtbar(m)
        ]
    punkte = verlauf(daten, code, monate, sicht.eigener)
    return render_template(
        "ringe/kennzahl.html",
        ring=daten.ring,
        demodaten=daten.demodaten or daten.ring.demodaten,
        k=darstellung.kennzahl_kopf(k),
        monat=v.monat_text,
        jahressicht=bool(jahr_text),
        jahr=monat // 12,
        ringwert=darstellung.ringwert(v),
        statistik=darstellung.statistik(v),
        zeilen=darstellung.zeilen(v),
        boxplot=darstellung.box(v),
        verlauf=darstellung.verlaufsdiagramm(
            v, punkte, sicht.eigener is not None, jahre=bool(jahr_text)
        ),
        eigener=sicht.eigener,
        monat_url=url_for(".kennzahl", ring_id=ring_id, code=code, monat=v.monat_text),
        jahr_url=url_for(".kennzahl", ring_id=ring_id, code=code, jahr=monat // 12)
        if sicht.monat_sichtbar(monat // 12 * 12 + 11)
        else None,
        uebersicht_url=url_for(".uebersicht", ring_id=ring_id, monat=v.monat_text),
    )


@bp.get("/<int:ring_id>/export.xlsx")
def export(ring_id: int):
    daten, sicht = _laden(ring_id)
    monat = _monat(daten, sicht)
    if monat is None:
        abort(404)
    vergleichsliste = [
        vergleiche(daten, k, monat, sicht.eigener) for k in geltende_kennzahlen(daten, monat)
    ]
    inhalt = xlsx(
        daten.ring.name, monat_text(monat), vergleichsliste, daten.demodaten or daten.ring.demodaten
    )
    return send_file(
        BytesIO(inhalt),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"vergleichsring-{ring_id}-{monat_text(monat)}.xlsx",
    )


def _bericht_sichtbar(sicht: Sicht, jahr: int) -> bool:
    return sicht.monat_sichtbar(jahr * 12 + 11)


@bp.get("/<int:ring_id>/berichte")
def berichte(ring_id: int):
    daten, sicht = _laden(ring_id)
    liste = [
        {
            "titel": b.titel,
            "jahr": b.jahr,
            "version": b.version,
            "erstellt": b.erstellt_am,
            "groesse": b.groesse,
            "url": url_for(".bericht_pdf", ring_id=ring_id, bericht_id=b.id),
        }
        for b in ringbericht.berichte(db(), ring_id)
        if _bericht_sichtbar(sicht, b.jahr)
    ]
    form = BerichtFormular() if sicht.verwalten else None
    if form is not None and not form.jahr.data and daten.mitglieder:
        form.jahr.data = max(daten.mitglieder)
    return render_template("ringe/berichte.html", ring=daten.ring, berichte=liste, form=form)


@bp.post("/<int:ring_id>/berichte/anfordern")
def bericht_erzeugen(ring_id: int):
    daten, sicht = _laden(ring_id)
    if not sicht.verwalten:
        abort(403)
    form = BerichtFormular()
    if not form.validate_on_submit() or form.jahr.data not in daten.mitglieder:
        abort(400)
    ablage = Ablage(konfiguration().berichtsablage())
    ergebnis = ringbericht.erzeuge_jahresbericht(
        db(), ring_id, form.jahr.data, ablage, aktueller_akteur().benutzername, datetime.now(UTC)
    )
    from flask import flash

    flash(ergebnis.meldung, "erfolg")
    return redirect(url_for(".berichte", ring_id=ring_id))


@bp.get("/<int:ring_id>/berichte/<int:bericht_id>.pdf")
def bericht_pdf(ring_id: int, bericht_id: int):
    _, sicht = sichtbarer_ring(db(), aktueller_akteur(), ring_id)
    bericht = db().get(RingBericht, bericht_id)
    if bericht is None or bericht.ring_id != ring_id or not _bericht_sichtbar(sicht, bericht.jahr):
        abort(404)
    inhalt = Ablage(konfiguration().berichtsablage()).lies(bericht.datei, bericht.sha256)
    return send_file(
        BytesIO(inhalt),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"ring-{ring_id}-jahresbericht-{bericht.jahr}-v{bericht.version}.pdf",
    )
