"""Startseite als Arbeitsliste in Chromium: das Land setzt den Zeitplan über das Formular, der
Träger sieht danach seine Aufgabe mit Frist und den Hinweis im Kopf, öffnet die Aufgabe und
markiert die Hinweise als gelesen. Daten: `e2e_welt` und Entwürfe für alle zkT in NI für das
Verhandlungsjahr (über die Services)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.format import ortszeit
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def entwuerfe(e2e_welt) -> int:
    jetzt = datetime.now(UTC)
    land = Akteur("land-ni", "land", land_code=e2e_welt.land)
    with Session(engine_fuer(e2e_welt.url)) as s:
        iq = [Zielvorgabe("IQ", "veraenderung", D(2))]
        setze_orientierungswerte(s, e2e_welt.land, e2e_welt.jahr, iq, land, jetzt)
        erzeuge_entwuerfe(s, e2e_welt.land, e2e_welt.jahr, land, jetzt)
        s.commit()
    return e2e_welt.jahr


def test_zeitplan_setzen_und_aufgabe_mit_frist_beim_traeger(neue_seite, anmelden, entwuerfe):
    jahr = entwuerfe
    frist = ortszeit(datetime.now(UTC)).date() + timedelta(days=10)  # der Tag in Deutschland
    land = neue_seite()
    anmelden(land, "land-ni")
    land.goto("/")
    expect(land.get_by_role("heading", level=1)).to_have_text("Arbeitsliste")
    expect(land.get_by_role("heading", name=f"Zeitplan {jahr}: Niedersachsen")).to_be_visible()
    land.get_by_label("Frist für Angebote").fill(frist.isoformat())
    land.get_by_label("Ziel der Einigung").fill(f"{jahr}-01-31")
    land.get_by_role("button", name="Zeitplan speichern").click()
    expect(land.get_by_role("status")).to_contain_text(f"Der Zeitplan {jahr} ist gespeichert.")
    expect(land.locator(".eckdaten")).to_contain_text(frist.strftime("%d.%m.%Y"))

    traeger = neue_seite()
    anmelden(traeger, "traeger-03157")
    traeger.goto("/")
    aufgabe = traeger.locator(".aufgabe").filter(has_text="Landkreis Peine: Angebot einreichen")
    expect(aufgabe).to_contain_text(
        f"Frist für Angebote bis {frist.strftime('%d.%m.%Y')} (noch 10 Tage)"
    )
    glocke = traeger.get_by_role("link", name=re.compile(r"^Hinweise \d+ ungelesen$"))
    expect(glocke).to_be_visible()
    glocke.click()
    expect(traeger.get_by_role("heading", level=1)).to_have_text("Hinweise")
    expect(traeger.locator(".hinweis-ungelesen").first).to_contain_text(
        f"Zeitplan Zielvereinbarung {jahr}"
    )
    traeger.get_by_role("button", name="Alle als gelesen markieren").click()
    expect(traeger.get_by_role("status")).to_contain_text("als gelesen markiert")
    expect(traeger.get_by_role("link", name="Hinweise", exact=True)).to_be_visible()
    expect(traeger.locator(".hinweis-ungelesen")).to_have_count(0)

    traeger.goto("/")
    traeger.get_by_role("link", name="Landkreis Peine: Angebot einreichen").click()
    expect(traeger).to_have_url(re.compile(r"/vereinbarungen/\d+$"))
    expect(traeger.get_by_role("heading", level=1)).to_contain_text("Zielvereinbarung")
