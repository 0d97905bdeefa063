"""Fortschrittsberichte als PDF (WeasyPrint) aus den Ansichtsmodellen in `berichtsmodell`.

Eigene Jinja-Umgebung über `templates/pdf/` (kein Flask), damit Scheduler, CLI und
Worker-Prozesse ohne Anwendung rendern. Diagramme sind Inline-SVG aus `diagramme`. Die Funktion
`rendere` ist rein (Modell → PDF-Bytes) und läuft in `ProcessPoolExecutor`-Workern.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..config import PROJEKT_WURZEL
from .berichtsmodell import Diagramm, LandBericht, TraegerBericht
from .diagramme import Reihe, liniendiagramm

VORLAGEN = PROJEKT_WURZEL / "templates"


def svg(diagramm: Diagramm | None, breite: int = 330, hoehe: int = 190) -> Markup:
    """Das Diagramm als Inline-SVG (leer ohne Diagramm)."""
    if diagramm is None:
        return Markup("")
    reihen = [Reihe(name, list(werte)) for name, werte in diagramm.reihen]
    return Markup(
        liniendiagramm(
            diagramm.titel,
            list(diagramm.beschriftungen),
            reihen,
            diagramm.einheit,
            breite=breite,
            hoehe=hoehe,
            nachkommastellen=diagramm.nachkommastellen,
        )
    )


@lru_cache(maxsize=1)
def umgebung() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(VORLAGEN)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["svg"] = svg
    return env


def html(modell: TraegerBericht | LandBericht) -> str:
    vorlage = (
        "pdf/bericht_land.html" if isinstance(modell, LandBericht) else "pdf/bericht_traeger.html"
    )
    return umgebung().get_template(vorlage).render(b=modell)


def rendere(modell: TraegerBericht | LandBericht) -> bytes:
    """PDF-Bytes des Berichts (deutsch, A4; die Landesübersicht im Querformat)."""
    from weasyprint import HTML  # erst hier: der Import kostet rund eine Sekunde

    return HTML(string=html(modell), base_url=str(VORLAGEN)).write_pdf()


def vorwaermen() -> None:
    """Initialisierer der Worker: WeasyPrint und Schriften einmal laden."""
    from weasyprint import HTML

    HTML(string="<p>.</p>").write_pdf()
