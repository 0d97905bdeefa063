"""Cockpit der Nachhaltung in Chromium: ein Land-Benutzer filtert nach Status, sucht, sortiert
über den Spaltenkopf und springt vom Träger auf dessen Nachhaltungsseite – ohne JavaScript-
Abhängigkeit (Formular und Links). Daten: `e2e_welt` (Basiszahlen der NI-Jobcenter bis drei
Monate vor heute) und unterzeichnete Vereinbarungen aller zkT in NI für das Jahr des letzten
Datenmonats (`demo.vereinbarungen.unterzeichne_land`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.vereinbarungen import unterzeichne_land

pytestmark = pytest.mark.e2e
IQ = "Integrationsquote (Jahresfortschrittswert)"


@pytest.fixture(scope="module")
def laufend(e2e_welt) -> int:
    jahr = int(e2e_welt.bis[:4])
    with Session(engine_fuer(e2e_welt.url)) as s:
        unterzeichne_land(s, e2e_welt.land, jahr, datetime.now(UTC))
        s.commit()
    return jahr


def _namen(seite) -> list[str]:
    return seite.locator(".cockpit-tabelle tbody th[scope=row] a").all_inner_texts()


def _grade(seite, spalte: int) -> list[Decimal | None]:
    """Zielerreichung der Spalte (0 = erste Zielindikatorspalte) je Zeile, None ohne Wert."""
    werte = []
    for text in seite.locator(
        f".cockpit-tabelle tbody tr td.ampel:nth-of-type({spalte + 2})"
    ).all_inner_texts():
        treffer = re.search(r"Zielerreichung ([−\d.,]+) %", text)
        werte.append(
            Decimal(treffer.group(1).replace(".", "").replace(",", ".").replace("−", "-"))
            if treffer
            else None
        )
    return werte


def test_filtern_suchen_sortieren_und_drill_down(seite, anmelden, e2e_welt, laufend):
    anmelden(seite, "land-ni")
    seite.goto("/nachhaltung")
    seite.get_by_role("link", name=re.compile(f"Cockpit Niedersachsen {laufend}")).click()
    expect(seite.get_by_role("heading", level=1)).to_have_text(
        f"Nachhaltung {laufend}: Niedersachsen"
    )
    expect(seite.locator(".eckdaten")).to_contain_text("Daten bis")
    berichtsmonat = seite.locator(".eckdaten dd").first.inner_text().removeprefix("Daten bis ")
    tabelle = seite.get_by_role("table")
    expect(tabelle.locator("caption")).to_contain_text("16 von 16 Trägern")
    assert len(_namen(seite)) == 16

    # Filter: nur Träger mit mindestens einem kritischen Ziel
    seite.get_by_label("Status").select_option(label="mindestens ein Ziel kritisch")
    seite.get_by_role("button", name="Anzeigen").click()
    zeilen = seite.locator(".cockpit-tabelle tbody tr")
    anzahl = zeilen.count()
    assert anzahl >= 1 and _namen(seite)
    for i in range(anzahl):
        expect(zeilen.nth(i)).to_contain_text("kritisch")
    expect(tabelle.locator("caption")).to_contain_text("(Auswahl)")

    # Suche nach Name, dann Sortierung über den Spaltenkopf (Auswahl bleibt erhalten)
    seite.get_by_role("link", name="Auswahl zurücksetzen").click()
    seite.get_by_label("Name oder Kreisschlüssel").fill("031")
    seite.get_by_role("button", name="Anzeigen").click()
    namen = _namen(seite)
    assert namen and "Landkreis Peine" in namen
    seite.get_by_role("columnheader", name=re.compile(re.escape(IQ))).get_by_role("link").click()
    kopf = seite.get_by_role("columnheader", name=re.compile(re.escape(IQ)))
    expect(kopf).to_have_attribute("aria-sort", "ascending")
    expect(seite.get_by_label("Name oder Kreisschlüssel")).to_have_value("031")
    grade = [g for g in _grade(seite, 1) if g is not None]
    assert grade == sorted(grade) and len(grade) >= 2
    kopf.get_by_role("link").click()
    expect(seite.get_by_role("columnheader", name=re.compile(re.escape(IQ)))).to_have_attribute(
        "aria-sort", "descending"
    )
    grade = [g for g in _grade(seite, 1) if g is not None]
    assert grade == sorted(grade, reverse=True)

    # Drill-down: vom Träger auf seine Nachhaltungsseite, gleicher Berichtsmonat
    seite.get_by_role("link", name="Landkreis Peine").click()
    expect(seite.get_by_role("heading", level=1)).to_have_text(
        f"Nachhaltung der Zielvereinbarung {laufend}: Landkreis Peine"
    )
    expect(seite.locator(".eckdaten")).to_contain_text(berichtsmonat)
