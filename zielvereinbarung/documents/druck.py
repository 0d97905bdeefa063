"""Gemeinsamer Druck aller PDFs (Vereinbarung, Fortschrittsberichte): WeasyPrint mit den
Schriften aus Debians Paketen, dem gemeinsamen Druckstil `templates/pdf/druck.css` und der
Variante PDF/A-3a – archivtauglich und barrierefrei getaggt (Strukturbaum aus dem HTML:
Überschriften, Absätze, Listen, Tabellen mit Kopfzellen, Diagramme als `Figure` mit Alternativtext
aus dem `<title>` des SVG; Sprache aus `<html lang>`, Titel aus `<title>`).

- Schriften werden per `file://` eingebunden und eingebettet; nichts aus dem Netz (`nur_lokal`).
- `stil_text` liefert denselben Stil für die HTML-Vorschau im Browser.
- `umgebung`: die Jinja-Umgebung der Vorlagen `templates/pdf/` (Grundgerüst `_dokument.html`,
  Bausteine `_bausteine.html`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined, select_autoescape

from ..config import PROJEKT_WURZEL
from ..domain.texteingabe import ohne_bidi

VORLAGEN = PROJEKT_WURZEL / "templates"
STILE = VORLAGEN / "pdf"
GRUNDSTIL = STILE / "druck.css"
PDF_VARIANTE = "pdf/a-3a"
SPRACHE = "de-DE"

_SCHRIFTVERZEICHNISSE = [Path("/usr/share/fonts/truetype") / d for d in
                         ("liberation2", "liberation", "dejavu")]  # fmt: skip
# (Familie, Gewicht, Stil) → Dateinamen in Vorzugsreihenfolge
_SCHRIFTEN = {
    ("ZV Serif", "normal", "normal"): ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf"),
    ("ZV Serif", "bold", "normal"): ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
    ("ZV Serif", "normal", "italic"): ("LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf"),
    ("ZV Sans", "normal", "normal"): ("LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
    ("ZV Sans", "bold", "normal"): ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
    ("ZV Mono", "normal", "normal"): ("DejaVuSansMono.ttf", "LiberationMono-Regular.ttf"),
    ("ZV Ersatz", "normal", "normal"): ("DejaVuSans.ttf",),
}

logging.getLogger("fontTools").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Anhang:
    """Eine in das PDF eingebettete Datei (PDF/A-3: mit Beziehung zum Dokument)."""

    name: str
    inhalt: bytes = field(repr=False)
    beschreibung: str
    beziehung: str  # „Data“, „Supplement“, „Source“ …


def _schriftdatei(namen: tuple[str, ...]) -> Path | None:
    for name in namen:
        for verzeichnis in _SCHRIFTVERZEICHNISSE:
            if (verzeichnis / name).is_file():
                return verzeichnis / name
    return None


def schrift_css() -> str:
    """@font-face-Regeln für die gefundenen Schriftdateien (file://, nur für das PDF)."""
    regeln = []
    for (familie, gewicht, stil), namen in _SCHRIFTEN.items():
        pfad = _schriftdatei(namen)
        if pfad:
            regeln.append(
                f'@font-face {{ font-family: "{familie}"; font-weight: {gewicht}; '
                f'font-style: {stil}; src: url("{pfad.as_uri()}"); }}'
            )
    return "\n".join(regeln)


def umgebung(strikt: bool = False) -> Environment:
    """Jinja-Umgebung der PDF-Vorlagen (ohne Flask). Jeder ausgegebene Wert verliert
    bidirektionale Steuerzeichen – auch Texte, die vor deren Filterung gespeichert wurden."""
    return Environment(
        loader=FileSystemLoader(str(VORLAGEN)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined if strikt else Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=ohne_bidi,
    )


def stil_text(name: str) -> str:
    """Grundstil und der Stil `templates/pdf/<name>.css` als ein Text (für die Vorschau)."""
    return (
        GRUNDSTIL.read_text(encoding="utf-8")
        + "\n"
        + (STILE / f"{name}.css").read_text(encoding="utf-8")
    )


def nur_lokal(url: str, *args, **kwargs):
    """URL-Abrufer für WeasyPrint: nur Dateien, nie das Netz."""
    from weasyprint import default_url_fetcher

    if not url.startswith("file:"):
        raise ValueError(f"Externe Ressource verweigert: {url}")
    return default_url_fetcher(url, *args, **kwargs)


def rendere(html: str, stil: str):
    """Das gerenderte WeasyPrint-Dokument (Seiten mit Ankern) aus HTML und dem Stil `stil`."""
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=VORLAGEN.as_uri() + "/", url_fetcher=nur_lokal).render(
        stylesheets=[
            CSS(filename=str(GRUNDSTIL), url_fetcher=nur_lokal),
            CSS(filename=str(STILE / f"{stil}.css"), url_fetcher=nur_lokal),
            CSS(string=schrift_css(), url_fetcher=nur_lokal),
        ]
    )


def schreibe(dokument, anhaenge: list[Anhang] | tuple[Anhang, ...] = (), jetzt=None) -> bytes:
    """PDF/A-3a-Bytes des gerenderten Dokuments mit den eingebetteten Dateien."""
    from weasyprint import Attachment

    zeitpunkt: datetime | None = jetzt
    dateien = [
        Attachment(
            string=a.inhalt,
            name=a.name,
            description=a.beschreibung,
            relationship=a.beziehung,
            created=zeitpunkt,
            modified=zeitpunkt,
        )
        for a in anhaenge
    ]
    return dokument.write_pdf(pdf_variant=PDF_VARIANTE, attachments=dateien)


def pdf(html: str, stil: str) -> bytes:
    """HTML → PDF/A-3a (ohne Anhänge)."""
    return schreibe(rendere(html, stil))
