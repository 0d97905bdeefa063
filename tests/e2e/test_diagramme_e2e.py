"""Diagramme und breite Tabellen im echten Browser: die Nachhaltungsseite mit Diagrammen ist
axe-sauber; auf einem schmalen Bildschirm lässt sich die Tabelle der letzten 24 Monate mit der
Tastatur scrollen (axe-Regel `scrollable-region-focusable`), und die Diagramme zeigen dieselben
Stricharten wie im PDF (Reihe 1 durchgezogen, Reihe 2 gestrichelt, Reihe 3 gepunktet)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.vereinbarungen import unterzeichne_land

from .axe_pruefung import pruefe_scrollbereiche
from .test_barrierefreiheit import pruefe_axe

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def laufendes_jahr(e2e_welt) -> dict[str, int]:
    """Unterzeichnete Vereinbarungen des Landes für das Jahr der Daten: {ags: id}."""
    with Session(engine_fuer(e2e_welt.url), expire_on_commit=False) as s:
        ids = dict(unterzeichne_land(s, e2e_welt.land, int(e2e_welt.bis[:4]), datetime.now(UTC)))
        s.commit()
    return ids


def test_nachhaltung_mit_diagrammen(neue_seite, anmelden, laufendes_jahr, tmp_path):
    seite = neue_seite()
    anmelden(seite, "traeger-03157")
    antwort = seite.goto(f"/vereinbarungen/{laufendes_jahr['03157']}/nachhaltung")
    assert antwort is not None and antwort.status == 200
    diagramme = seite.locator("figure svg[role=img]")
    expect(diagramme.first).to_be_visible()
    # Zugänglicher Name: Titel und die Reihen mit ihrer Strichart
    name = diagramme.first.evaluate("e => e.querySelector('title').textContent")
    assert "Monatsverlauf" in name and "(durchgezogen)" in name and "(gestrichelt)" in name
    # Stricharten wie im PDF: durchgezogen, gestrichelt, gepunktet (aus derselben Quelle)
    striche = diagramme.first.evaluate(
        "e => [...e.querySelectorAll('polyline')].map(p => p.getAttribute('stroke-dasharray'))"
    )
    assert None in striche and "7 4" in striche
    seite.screenshot(path=str(tmp_path / "nachhaltung.png"), full_page=True)
    pruefe_axe(seite, "Nachhaltung (Träger) mit Diagrammen")


def test_tabelle_der_24_monate_per_tastatur_scrollbar(neue_seite, anmelden, e2e_welt):
    seite = neue_seite()
    seite.set_viewport_size({"width": 380, "height": 800})
    anmelden(seite, "traeger-03157")
    seite.goto("/kennzahlen/traeger/03157")
    bereich = seite.get_by_role("region", name="Verlauf der letzten")
    expect(bereich).to_be_visible()
    breiten = bereich.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert breiten[0] > breiten[1], "auf 380 px muss die Tabelle scrollen (sonst prüft dies nichts)"
    # ein Tab-Ziel (tabindex=0), das mit den Pfeiltasten scrollt
    assert bereich.evaluate("e => e.tabIndex") == 0
    bereich.focus()
    for _ in range(3):
        seite.keyboard.press("ArrowRight")
    expect(bereich).to_be_focused()
    # Chromium scrollt weich: warten, bis sich scrollLeft bewegt hat (wie in axe_pruefung)
    seite.wait_for_function(
        "e => e.scrollLeft > 0", arg=bereich.element_handle(), timeout=3000
    )  # scheitert mit TimeoutError, wenn die Pfeiltasten nicht scrollen
    pruefe_axe(seite, "Kennzahlen Träger (schmal, 380 px)")


@pytest.mark.parametrize(
    ("benutzer", "pfad", "mindestens"),
    [
        ("traeger-03157", "/kennzahlen/traeger/03157", 3),  # Kennzahlen, Zielindikatoren, Verlauf
        ("land-ni", "/kennzahlen/land/{land}", 1),
        ("traeger-03157", "/vereinbarungen/{id}/nachhaltung", 2),
        ("land-ni", "/nachhaltung/{land}/{jahr}", 1),  # Cockpit
    ],
)
def test_breite_tabellen_per_tastatur_scrollbar(
    neue_seite, anmelden, e2e_welt, laufendes_jahr, benutzer, pfad, mindestens
):
    """Auf 380 px scrollen die Tabellen der Kennzahlen-, Nachhaltungs- und Cockpitseiten; jede
    ist ein benannter Bereich mit sichtbarem Fokus, der mit den Pfeiltasten scrollt."""
    seite = neue_seite()
    seite.set_viewport_size({"width": 380, "height": 800})
    anmelden(seite, benutzer)
    jahr = int(e2e_welt.bis[:4])
    url = pfad.format(land=e2e_welt.land, jahr=jahr, id=laufendes_jahr["03157"])
    antwort = seite.goto(url)
    assert antwort is not None and antwort.status == 200
    assert pruefe_scrollbereiche(seite, url) >= mindestens
    pruefe_axe(seite, f"{url} (schmal, 380 px)")
