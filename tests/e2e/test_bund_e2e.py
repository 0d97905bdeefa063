"""BMAS ↔ Land in Chromium (DOMAIN.md § 9): das BMAS setzt über das Formular Orientierungswerte für
Niedersachsen, das Land reicht sein Angebot bottom-up aus den unterzeichneten Zielen seiner zkT
ein, das BMAS sieht es im Cockpit über die Länder; axe-core auf Cockpit, Landesseite und
Vereinbarung. Daten: `e2e_welt` (Basiszahlen NI) und unterzeichnete Vereinbarungen aller zkT in
NI für das Jahr des letzten Datenmonats (`demo.vereinbarungen.unterzeichne_land`)."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.test_barrierefreiheit import pruefe_axe
from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.konten import lege_demo_bund
from zielvereinbarung.demo.vereinbarungen import unterzeichne_land

pytestmark = pytest.mark.e2e
BILDER = os.environ.get("ZV_SCREENSHOTS")  # Ordner für Bildschirmfotos (zum Ansehen), sonst keine


@pytest.fixture(scope="module")
def laufend(e2e_welt) -> int:
    jahr = int(e2e_welt.bis[:4])
    with Session(engine_fuer(e2e_welt.url)) as s:
        unterzeichne_land(s, e2e_welt.land, jahr, datetime.now(UTC))
        lege_demo_bund(s, datetime.now(UTC))
        s.commit()
    return jahr


def _foto(seite, name: str) -> None:
    if BILDER:
        seite.screenshot(path=os.path.join(BILDER, f"{name}.png"), full_page=True)


def test_orientierungswerte_bottom_up_und_cockpit(neue_seite, anmelden, laufend):
    bund = neue_seite()
    anmelden(bund, "bund")
    bund.goto(f"/bund/NI/{laufend}")
    expect(bund.get_by_role("heading", level=1)).to_contain_text("BMAS und Niedersachsen")
    pruefe_axe(bund, "BMAS: Landesseite vor dem Entwurf")
    bund.get_by_label("Integrationsquote (Jahresfortschrittswert) (Veränderung in %)").fill("2,5")
    bund.get_by_role("button", name="Orientierungswerte setzen und Entwurf anlegen").click()
    expect(bund.get_by_role("heading", level=1)).to_contain_text("BMAS und Niedersachsen")
    expect(bund.locator("body")).to_contain_text("Land am Zug")

    land = neue_seite()
    anmelden(land, "land-ni")
    land.goto(f"/bund/NI/{laufend}")
    zeile = land.get_by_role("row").filter(
        has=land.get_by_role("rowheader", name="Integrationsquote (Jahresfortschrittswert)")
    )
    expect(zeile).to_contain_text("zkT mit Ziel")
    pruefe_axe(land, "Land: Seite der Vereinbarung mit dem BMAS")
    _foto(land, "bund_landesseite")
    land.get_by_role("button", name="Angebot bottom-up aus den Zielen der zkT einreichen").click()
    expect(land.get_by_role("status")).to_contain_text("Angebot einreichen")
    expect(land.locator("body")).to_contain_text("BMAS am Zug")
    expect(land.locator("body")).to_contain_text("bottom-up aus den Zielen der")
    pruefe_axe(land, "Vereinbarung BMAS ↔ Land")
    _foto(land, "bund_vereinbarung")

    bund.goto(f"/bund?jahr={laufend}")
    expect(bund.get_by_role("heading", level=1)).to_contain_text("BMAS-Cockpit")
    niedersachsen = bund.get_by_role("row").filter(
        has=bund.get_by_role("rowheader", name="Niedersachsen")
    )
    expect(niedersachsen).to_contain_text("in Verhandlung (Angebot eingereicht)")
    expect(bund.get_by_role("table")).to_contain_text("13 Länder mit zkT")
    pruefe_axe(bund, "BMAS-Cockpit")
    _foto(bund, "bund_cockpit")

    bund.goto("/kennzahlen/land/NI")  # Kennzahlen des Landes: nur die Landeszeile
    expect(bund.get_by_role("heading", level=1)).to_contain_text("Niedersachsen")
    expect(bund.locator("main")).to_contain_text("Niedersachsen insgesamt")
    expect(bund.locator("main")).not_to_contain_text("Landkreis Peine")
    pruefe_axe(bund, "Kennzahlen des Landes (BMAS)")
    _foto(bund, "bund_kennzahlen")


def test_sitzung_des_kooperationsausschusses(neue_seite, anmelden, laufend, e2e_welt):
    """Das Land erfasst über das Formular eine Sitzung zur unterzeichneten Vereinbarung BMAS ↔ NI
    des Folgejahres, das BMAS bestätigt sie; axe-core auf Formular und Landesseite."""
    from datetime import timedelta
    from decimal import Decimal

    from zielvereinbarung.domain.berechtigung import Akteur
    from zielvereinbarung.domain.ziele import Zielvorgabe
    from zielvereinbarung.models import Zielvereinbarung
    from zielvereinbarung.services.verhandlung import bund_land as bl
    from zielvereinbarung.services.verhandlung.lesen import letzte_revision
    from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein
    from zielvereinbarung.services.verhandlung.zustaende import wechsle_zustand

    jahr = laufend + 1
    bmas, land_ni = Akteur("bund", "bund"), Akteur("land-ni", "land", land_code="NI")
    t = datetime.now(UTC) - timedelta(minutes=10)
    with Session(engine_fuer(e2e_welt.url)) as s:
        vorgabe = [Zielvorgabe("IQ", "veraenderung", Decimal(2))]
        vid = bl.lege_entwurf_an(s, "NI", jahr, vorgabe, bmas, t).vereinbarung_id
        entwurf = letzte_revision(s, s.get(Zielvereinbarung, vid)).vorgaben()
        reiche_angebot_ein(s, vid, 1, entwurf, None, land_ni, t + timedelta(minutes=1))
        nimm_an(s, vid, 2, bmas, t + timedelta(minutes=2))
        wechsle_zustand(s, vid, "unterzeichnen", land_ni, t + timedelta(minutes=3))
        wechsle_zustand(s, vid, "gegenzeichnen", bmas, t + timedelta(minutes=4))
        s.commit()

    land = neue_seite()
    anmelden(land, "land-ni")
    land.goto(f"/bund/NI/{jahr}")
    land.get_by_role("link", name="Sitzung erfassen").click()
    expect(land.get_by_role("heading", level=1)).to_contain_text(
        "Sitzung des Kooperationsausschusses erfassen"
    )
    pruefe_axe(land, "Sitzung des Kooperationsausschusses erfassen")
    land.get_by_label("Datum der Sitzung").fill(datetime.now(UTC).date().isoformat())
    land.get_by_label("Teilnehmende").fill("Frau A (BMAS), Herr B (Niedersachsen)")
    land.get_by_label("Datenstand (Daten bis, JJJJ-MM)").fill(f"{laufend}-12")
    land.get_by_label("Würdigung: Integrationsquote (Jahresfortschrittswert)").fill("im Plan")
    land.get_by_label("Vereinbarte Maßnahmen").fill("Bericht im nächsten Ausschuss")
    land.get_by_role("button", name="Sitzung speichern").click()
    expect(
        land.get_by_role("heading", name="Sitzungen des Kooperationsausschusses")
    ).to_be_visible()
    expect(land.locator("main")).to_contain_text("Wartet auf die Bestätigung durch das BMAS")

    bund = neue_seite()
    anmelden(bund, "bund")
    bund.goto(f"/bund/NI/{jahr}")
    bund.get_by_role("button", name="bestätigen").click()
    expect(bund.locator(".meldungen")).to_contain_text("ist bestätigt; sie ist jetzt eingefroren")
    expect(bund.locator("main")).to_contain_text("(BMAS)")
    pruefe_axe(bund, "Landesseite mit Sitzung des Kooperationsausschusses")
    _foto(bund, "bund_kooperationsausschuss")
