"""Die Konfliktseite (409): die Vereinbarung ist weitergegangen, seit das Formular geladen wurde.

Gezeigt werden die aktuelle Revision aus der Datenbank und – bei einer Eingabe mit Werten – was
der Benutzer eingegeben hat, Zeile für Zeile mit „unterschiedlich“-Markierung. Darf der Benutzer
jetzt einreichen, folgt das Formular auf Grundlage der NEUEN Revision, vorbelegt mit seiner
Eingabe (nichts Getipptes geht verloren); sonst steht seine Eingabe vollständig in der Tabelle.
"""

from __future__ import annotations

from flask import render_template, request, url_for
from werkzeug.datastructures import MultiDict

from ...domain.ziele import Zielvorgabe, bezeichnung, ist_qualitativ, normalisiert
from ...domain.zielsaetze import kurztext
from ...fehler import Konflikt
from ...services.verhandlung.seiten import vereinbarung_seite
from ..kern.berechtigung import aktueller_akteur
from ..kern.datenbank import db
from ..ziele.felder import formulardaten
from . import bp
from .darstellung import aktionstext, am_zug_text, knoepfe, revision_kopf, wert_aktion
from .editor import editor
from .formular import formular


def _text(v: Zielvorgabe | None) -> str:
    if v is None:
        return "nicht enthalten"
    if ist_qualitativ(v.zielindikator):
        return f"{v.bezeichnung or bezeichnung(v.zielindikator)}: {v.text or ''}"
    return kurztext(v)


def gegenueberstellung(aktuell: list[Zielvorgabe], eingabe: list[Zielvorgabe] | None) -> list[dict]:
    """Je Zielindikator (Reihenfolge der aktuellen Revision, dann nur Eingegebenes) die aktuelle
    Revision und die Eingabe."""
    a = {v.zielindikator: normalisiert(v) for v in aktuell}
    e = {v.zielindikator: normalisiert(v) for v in eingabe or []}
    zeilen = []
    for code in [*a, *(c for c in e if c not in a)]:
        va, ve = a.get(code), e.get(code)
        zeilen.append(
            {
                "bezeichnung": (va or ve).bezeichnung or bezeichnung(code),
                "aktuell": _text(va),
                "aktuell_kommentar": va.kommentar if va else None,
                "eingabe": _text(ve),
                "eingabe_kommentar": ve.kommentar if ve else None,
                "unterschiedlich": eingabe is not None and va != ve,
            }
        )
    return zeilen


@bp.errorhandler(Konflikt)
def konfliktseite(konflikt: Konflikt):
    """Die Seite nach einem Konflikt (die Anfrage ist schon zurückgerollt). Die aktuelle Revision
    wird neu gelesen (nach einem Versionskonflikt beim Schreiben kennt der Service sie nicht);
    die Eingabe des Benutzers trägt der Konflikt (`eingereicht`, None bei „annehmen“)."""
    seite = vereinbarung_seite(db(), request.view_args["id"], aktueller_akteur())
    a = seite.ansicht
    neu = a.aktuelle_revision
    vorgaben = kommentar = None
    if konflikt.eingereicht is not None:
        vorgaben, kommentar = konflikt.eingereicht.vorgaben, konflikt.eingereicht.kommentar
    aktion = wert_aktion(a) if vorgaben is not None else None
    bl = form = None
    if aktion is not None:
        daten = formulardaten(neu.vorgaben(), mit_kommentar=False)
        for name in request.form:
            if name != "csrf_token":
                daten.setlist(name, request.form.getlist(name))
        daten["basis_nummer"] = str(neu.nummer)
        bl, form = formular(neu, MultiDict(daten))
    return render_template(
        "verhandlung/konflikt.html",
        ansicht=a,
        meldung=konflikt.meldung,
        revision=revision_kopf(neu),
        revision_zeit=neu.zeitpunkt,
        mit_eingabe=vorgaben is not None,
        zeilen=gegenueberstellung(neu.vorgaben(), vorgaben),
        kommentar={
            "aktuell": neu.kommentar,
            "eingabe": kommentar,
            "unterschiedlich": (neu.kommentar or "") != (kommentar or "").strip(),
        },
        form=form,
        bloecke=bl,
        knopf=aktionstext(aktion) if aktion else None,
        knoepfe=[] if vorgaben is not None else knoepfe(a),
        nicht_am_zug=vorgaben is not None and aktion is None,
        am_zug=am_zug_text(a.am_zug_bezeichnung),
        vorschau=url_for("verhandlung.vorschau", id=a.id),
        **(editor(neu, bl, form) if form is not None else {}),
    ), 409
