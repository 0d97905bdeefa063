"""Audit-Protokoll ansehen: neueste zuerst, Filter nach Akteur, Aktion, Objekt, Zeitraum;
seitenweise. Der Download (XLSX/CSV) enthält alle Ereignisse der Auswahl (höchstens
MAX_DOWNLOAD, die neuesten), nicht nur die gezeigte Seite."""

from __future__ import annotations

from flask import request, url_for

from ...format import zahl
from ...services.audit import suche as dienst
from ...tabellen import modell as tm
from ...tabellen.modell import Mappe, Spalte, Tabelle, textzelle
from ..kern.adressen import id_zahl
from ..kern.anzeige import json_text
from ..kern.datenbank import db
from ..kern.tabellen import datei_antwort, exportierbar, gewuenschtes_format, tabellenseite
from . import bp
from .forms import AuditFilterFormular, auswahl

PRO_SEITE = 50
MAX_DOWNLOAD = 100_000  # Ereignisse je Datei (die neuesten der Auswahl)


def _tabelle(seite: dienst.Ereignisseite, datei: bool) -> Tabelle:
    umfang = f"{zahl(seite.gesamt)} Ereignisse"
    if datei and seite.gesamt > len(seite.ereignisse):
        umfang += (
            f", davon die neuesten {zahl(len(seite.ereignisse))} (bitte den Zeitraum eingrenzen)"
        )
    elif not datei and seite.seiten > 1:
        umfang += f", Seite {seite.seite} von {seite.seiten}"
    tabelle = Tabelle(
        "Audit-Protokoll",
        umfang,
        [
            Spalte("Nr.", tm.ANZAHL),
            Spalte("Zeitpunkt", tm.ZEITPUNKT),
            Spalte("Akteur"),
            Spalte("Aktion"),
            Spalte("Objekt"),
            Spalte("Details"),
        ],
        leer_text="Keine Ereignisse für diese Auswahl.",
    )
    for e in seite.ereignisse:
        objekt = (e.objekt_typ or "") + (f" {e.objekt_id}" if e.objekt_id else "")
        tabelle.zeile(
            e.id,
            e.zeitpunkt,
            e.akteur,
            e.aktion,
            textzelle(objekt.strip() or None),
            textzelle(json_text(e.details) if e.details else None),
        )
    return tabelle


@bp.get("/audit")
@exportierbar
def audit():
    form = AuditFilterFormular(request.args)
    form.aktion.choices = auswahl([("", "– alle –"), *[(a, a) for a in dienst.aktionen(db())]])
    filter_ = dienst.Ereignisfilter()
    if form.validate():
        filter_ = dienst.Ereignisfilter(
            akteur=(form.akteur.data or "").strip() or None,
            aktion=form.aktion.data or None,
            objekt_typ=(form.objekt_typ.data or "").strip() or None,
            objekt_id=(form.objekt_id.data or "").strip() or None,
            von=form.von.data,
            bis=form.bis.data,
        )
    if format_ := gewuenschtes_format():
        alle = dienst.suche_ereignisse(db(), filter_, 1, MAX_DOWNLOAD)
        mappe = Mappe("Audit-Protokoll", "Audit-Protokoll", [_tabelle(alle, datei=True)])
        return datei_antwort(mappe, format_)
    seite = dienst.suche_ereignisse(
        db(), filter_, request.args.get("seite", 1, type=id_zahl), PRO_SEITE
    )
    parameter = {k: v for k, v in request.args.items() if k != "seite" and v}

    def link(nummer: int) -> str:
        return url_for("admin.audit", **parameter, seite=nummer)

    return tabellenseite(
        "admin/audit.html",
        Mappe("Audit-Protokoll", "Audit-Protokoll", [_tabelle(seite, datei=False)]),
        form=form,
        seite=seite,
        zurueck=link(seite.seite - 1) if seite.seite > 1 else None,
        weiter=link(seite.seite + 1) if seite.seite < seite.seiten else None,
    )
