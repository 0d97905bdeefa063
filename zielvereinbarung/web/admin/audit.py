"""Audit-Protokoll ansehen: neueste zuerst, Filter nach Akteur, Aktion, Objekt, Zeitraum;
seitenweise."""

from __future__ import annotations

from flask import render_template, request, url_for

from ...services.audit import suche as dienst
from ..adressen import id_zahl
from ..datenbank import db
from . import bp
from .forms import AuditFilterFormular, auswahl

PRO_SEITE = 50


@bp.get("/audit")
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
    seite = dienst.suche_ereignisse(
        db(), filter_, request.args.get("seite", 1, type=id_zahl), PRO_SEITE
    )
    parameter = {k: v for k, v in request.args.items() if k != "seite" and v}

    def link(nummer: int) -> str:
        return url_for("admin.audit", **parameter, seite=nummer)

    return render_template(
        "admin/audit.html",
        form=form,
        seite=seite,
        zurueck=link(seite.seite - 1) if seite.seite > 1 else None,
        weiter=link(seite.seite + 1) if seite.seite < seite.seiten else None,
    )
