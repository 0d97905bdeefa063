"""Fortschrittsberichte als PDF (WeasyPrint) aus den Ansichtsmodellen in `berichtsmodell`.

Gerendert über `druck` (gemeinsamer Druckstil und Vorlagengerüst, getaggtes PDF/A-3a); Stil der
Berichte: `templates/pdf/bericht.css`. Kein Flask, damit Scheduler, CLI und Worker-Prozesse
ohne Anwendung rendern. Diagramme sind Inline-SVG aus `diagramme`. Die Funktion `rendere` ist
rein (Modell → PDF-Bytes) und läuft in `ProcessPoolExecutor`-Workern.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment
from markupsafe import Markup

from . import druck
from .berichtsmodell import Diagramm, LandBericht, TraegerBericht
from .diagramme import Reihe, liniendiagramm


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
    env = druck.umgebung()
    env.globals["svg"] = svg
    return env


def html(modell: TraegerBericht | LandBericht) -> str:
    vorlage = (
        "pdf/bericht_land.html" if isinstance(modell, LandBericht) else "pdf/bericht_traeger.html"
    )
    return umgebung().get_template(vorlage).render(b=modell, stil_url=None)


def rendere(modell: TraegerBericht | LandBericht) -> bytes:
    """PDF/A-3a-Bytes des Berichts (deutsch, A4; die Landesübersicht im Querformat)."""
    return druck.pdf(html(modell), "bericht")


def vorwaermen() -> None:
    """Initialisierer der Worker: WeasyPrint und Schriften einmal laden."""
    druck.pdf("<!doctype html><html lang='de-DE'><title>.</title><p>.</p></html>", "bericht")
