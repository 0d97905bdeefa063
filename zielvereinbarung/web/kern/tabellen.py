"""Tabellenseiten mit Download: dieselbe View liefert die Seite oder – mit `?format=xlsx` bzw.
`?format=csv` – dieselben Tabellen als Datei. So gelten für den Download genau die
Berechtigungsprüfungen, Filter und die Sortierung der Seite.

Eine Seite exportierbar machen (die Tabelle kommt aus `zielvereinbarung.tabellen.modell`)::

    @bp.get("/land/<code>")
    @rolle_erforderlich(LAND, LESER)
    @exportierbar                                   # meldet die Route für den Rechtetest
    def land(code):
        land = sichtbares_land(code)                # Prüfungen wie bisher
        mappe = Mappe("Kennzahlen …", "Kennzahlen …", [tabelle], datenstand=…, demodaten=…)
        return tabellenseite("kennzahlen/land.html", mappe, land=land)

In der Vorlage: `{% import "_tabelle.html" as tab %}`, `{{ tab.downloads(downloads) }}` für die
Links und `{{ tab.tabelle(mappe.tabellen[0], "id") }}` für die Tabelle selbst (oder eine eigene
Darstellung, die über dieselben Zeilen läuft). Die Datei ist nie zwischenspeicherbar
(`Cache-Control: no-store`) und trägt einen deutschen Dateinamen.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from flask import abort, render_template, request, send_file, url_for

from ...tabellen import csv as csv_datei
from ...tabellen import xlsx as xlsx_datei
from ...tabellen.modell import Mappe, dateiname

FORMATE: dict[str, tuple[Callable[[Mappe], bytes], str, str]] = {
    "xlsx": (xlsx_datei.schreibe_xlsx, xlsx_datei.MIME, "Excel (XLSX)"),
    "csv": (csv_datei.schreibe_csv, csv_datei.MIME, "CSV"),
}
PARAMETER = "format"


def exportierbar(view):
    """Markiert eine View als Tabellenseite mit Download (der Rechtetest prüft jede markierte
    Route zusätzlich mit `?format=xlsx` und `?format=csv`)."""
    view.zv_export = True
    return view


def gewuenschtes_format() -> str | None:
    """`xlsx`, `csv` oder None (die Seite); ein unbekanntes Format ist 404."""
    format_ = request.args.get(PARAMETER)
    if format_ is not None and format_ not in FORMATE:
        abort(404)
    return format_


def datei_antwort(mappe: Mappe, format_: str):
    schreiber, mime, _ = FORMATE[format_]
    antwort = send_file(
        BytesIO(schreiber(mappe)),
        mimetype=mime,
        as_attachment=True,
        download_name=dateiname(mappe.dateiname, format_),
        conditional=False,
        etag=False,
        max_age=0,
    )
    antwort.headers["Cache-Control"] = "no-store"
    return antwort


def download_links(mappe: Mappe) -> list[dict]:
    """Links auf die aktuelle Seite mit denselben Parametern (Filter, Sortierung) plus Format."""
    parameter = {k: v for k, v in request.args.lists() if k not in (PARAMETER, "seite")}
    anzahl = len(mappe.tabellen)
    umfang = "die Tabelle" if anzahl == 1 else f"alle {anzahl} Tabellen"
    return [
        {
            "url": url_for(request.endpoint, **(request.view_args or {}), **parameter, format=f),
            "text": text,
            "beschreibung": f"{umfang} dieser Seite herunterladen",
            "format": f,
        }
        for f, (_, _, text) in FORMATE.items()
    ]


def tabellenseite(vorlage: str, mappe: Mappe, **kontext):
    """Die Seite (mit `mappe` und `downloads` im Kontext) oder die Datei, je nach `?format=`."""
    format_ = gewuenschtes_format()
    if format_ is not None:
        return datei_antwort(mappe, format_)
    return render_template(vorlage, mappe=mappe, downloads=download_links(mappe), **kontext)
