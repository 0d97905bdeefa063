"""Zielnachhaltedialog in Chromium (Issue 8): Doppelklick auf „Dialog speichern“, „Zurück“ und
noch einmal senden – ein Dialog; das Land korrigiert ihn, der Träger bestätigt die korrigierte
Version mit einem Klick, danach ist er eingefroren und nur noch als neuer Dialog korrigierbar.
Die Nachhaltungsseite mit Status, Verlauf und Knöpfen besteht axe-core."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.vereinbarungen import unterzeichne_land
from zielvereinbarung.models import DialogBestaetigung, Zielnachhaltedialog

from .test_barrierefreiheit import pruefe_axe

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def vereinbarung(e2e_welt) -> int:
    """Unterzeichnete Vereinbarung von 03157 für das letzte Jahr mit Daten."""
    jahr = int(e2e_welt.bis[:4])
    with Session(engine_fuer(e2e_welt.url)) as s:
        ids = dict(unterzeichne_land(s, e2e_welt.land, jahr, datetime.now(UTC)))
        s.commit()
    return ids["03157"]


def dialoge(e2e_welt) -> list[Zielnachhaltedialog]:
    with Session(engine_fuer(e2e_welt.url)) as s:
        return list(s.exec(select(Zielnachhaltedialog)))


def fuelle(seite, datenstand: str) -> None:
    seite.get_by_label("Datum des Dialogs").fill(date.today().isoformat())
    seite.get_by_label("Teilnehmende").fill("Frau A (Land), Herr B (Jobcenter)")
    seite.get_by_label("Datenstand (Daten bis, JJJJ-MM)").fill(datenstand)
    seite.get_by_label("Vereinbarte Maßnahmen").fill("Vermittlungsoffensive")


def test_doppelklick_ein_dialog_korrigiert_bestaetigt_eingefroren(
    e2e_welt, vereinbarung, neue_seite, anmelden, tmp_path
):
    land = neue_seite()
    anmelden(land, "land-ni")
    land.goto(f"/vereinbarungen/{vereinbarung}/nachhaltung/dialog")
    fuelle(land, e2e_welt.bis)
    land.get_by_role("button", name="Dialog speichern").dblclick()
    expect(land.get_by_role("heading", name="Zielnachhaltedialoge")).to_be_visible()
    land.wait_for_load_state("networkidle")
    assert len(dialoge(e2e_welt)) == 1

    land.go_back()  # zurück zum Formular (no-store: neu geladen, teils vom Browser ergänzt)
    fuelle(land, e2e_welt.bis)  # dieselbe Eingabe noch einmal
    land.get_by_role("button", name="Dialog speichern").click()
    expect(land.locator(".meldungen")).to_contain_text("Dieser Dialog wurde bereits gespeichert")
    (dialog,) = dialoge(e2e_welt)

    # das Land korrigiert, solange der Träger nicht bestätigt hat
    land.get_by_role("link", name="Korrigieren").click()
    expect(land.get_by_role("heading", level=1)).to_contain_text("korrigieren")
    land.get_by_label("Vereinbarte Maßnahmen").fill("Vermittlungsoffensive im Juli")
    land.get_by_role("button", name="Dialog speichern").click()
    expect(land.locator(".meldungen")).to_contain_text("Version 2")

    traeger = neue_seite()
    anmelden(traeger, "traeger-03157")
    traeger.goto(f"/vereinbarungen/{vereinbarung}/nachhaltung")
    karte = traeger.locator(f"#dialog-{dialog.id}")
    expect(karte).to_contain_text("Wartet auf die Bestätigung durch den Träger")
    expect(karte).to_contain_text("Version 2, zuletzt korrigiert am")
    karte.get_by_text("Frühere Versionen (1)").click()
    verlauf = karte.locator(".dialog-verlauf li")  # die ersetzte Version 1
    expect(verlauf).to_contain_text("Vereinbarte Maßnahmen: Vermittlungsoffensive")
    expect(verlauf).not_to_contain_text("Juli")
    expect(karte.get_by_role("link", name="Korrigieren")).to_have_count(0)
    pruefe_axe(traeger, "Nachhaltung mit Dialog zum Bestätigen")
    karte.screenshot(path=str(tmp_path / "offen.png"))
    karte.get_by_role("button", name="bestätigen").click()
    expect(traeger.locator(".meldungen")).to_contain_text("jetzt eingefroren")
    expect(karte.locator(".dialog-bestaetigung")).to_contain_text(
        "von traeger-03157 (Träger) (Version 2)"
    )
    karte.screenshot(path=str(tmp_path / "bestaetigt.png"))

    land.goto(f"/vereinbarungen/{vereinbarung}/nachhaltung")
    expect(land.get_by_role("link", name="Korrektur erfassen")).to_be_visible()
    expect(land.get_by_role("link", name="Korrigieren")).to_have_count(0)
    pruefe_axe(land, "Nachhaltung mit bestätigtem Dialog")
    with Session(engine_fuer(e2e_welt.url)) as s:
        (b,) = s.exec(select(DialogBestaetigung)).all()
        assert (b.benutzername, b.version) == ("traeger-03157", 2)
    assert [d.massnahmen for d in dialoge(e2e_welt)] == ["Vermittlungsoffensive im Juli"]
