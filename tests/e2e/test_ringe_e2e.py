"""Vergleichsringe im echten Browser: die Koordination definiert eine Kennzahl (erst mit
Tippfehler in der Formel – die Meldung nennt die Stelle –, dann richtig), ein Mitglied sieht den
Vergleich mit hervorgehobener eigener Zeile; axe-core auf allen Ringseiten.

Daten: `e2e_welt` (Basiszahlen der NI-Jobcenter); dazu über die Services ein Ring aus vier zkT
Niedersachsens mit zwei eigenen Basiszahlen, deren Werte über den Import kommen."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.domain.basiszahlen import monat_index, monat_text
from zielvereinbarung.domain.berechtigung import ADMIN, Akteur
from zielvereinbarung.services.basiszahlen import importvorgang
from zielvereinbarung.services.kennzahlen.berechnung import lade_datenbasis
from zielvereinbarung.services.konten.benutzer import lege_benutzer_an
from zielvereinbarung.services.ringe import definitionen as d
from zielvereinbarung.services.ringe import verwaltung as v

from .axe_pruefung import pruefe_scrollbereiche
from .test_barrierefreiheit import pruefe_axe

pytestmark = pytest.mark.e2e

MITGLIEDER = ["03157", "03159", "03257", "03356"]


@pytest.fixture(scope="module")
def ring(e2e_welt) -> dict:
    admin, jetzt = Akteur("admin", ADMIN), datetime.now(UTC)
    bis = monat_index(e2e_welt.bis)
    von = bis - 23
    with Session(engine_fuer(e2e_welt.url), expire_on_commit=False) as s:
        ring = v.lege_ring_an(s, "Ring Süd-Niedersachsen (Test)", "Vier Landkreise.", False,
                              admin, jetzt)  # fmt: skip
        for jahr in range(von // 12, bis // 12 + 1):
            v.setze_mitglieder(s, ring.id, jahr, MITGLIEDER, admin, jetzt)
        d.speichere_basiszahl(s, ring.id, "fachkraefte", "Fachkräfte", "anzahl", "Personal",
                              "", None, admin, jetzt)  # fmt: skip
        d.speichere_basiszahl(s, ring.id, "sachkosten", "Sachkosten", "euro", "Finanzen", "",
                              None, admin, jetzt)  # fmt: skip
        d.speichere_kennzahl(s, ring.id, dict(
            code="S1", name="eLb je Fachkraft", kategorie="struktur", einheit="anzahl",
            richtung="niedriger", formel="elb / fachkraefte", gueltig_ab=date(2000, 1, 1),
        ), admin, jetzt)  # fmt: skip
        v.aendere_einstellungen(s, ring.id, "", False, e2e_welt.bis, admin, jetzt)
        basis = lade_datenbasis(s, MITGLIEDER, "gesamt")
        rnd = random.Random(12)
        zeilen = ["ags,monat,fachkraefte,sachkosten"]
        for m in range(von, bis + 1):
            for ags in MITGLIEDER:
                elb = (basis.reihen[ags].get(m) or {}).get("elb")
                if elb:
                    zeilen.append(f"{ags},{monat_text(m)},{max(1, elb // rnd.randint(110, 170))},"
                                  f"{elb * rnd.randint(20, 40)}.00")  # fmt: skip
        bereich = importvorgang.importbereich(s, None)
        ergebnis = importvorgang.importiere(
            s, "ring.csv", ("\n".join(zeilen) + "\n").encode(), "e2e", jetzt, bereich=bereich
        )
        assert ergebnis.zusatz.neu > 0, ergebnis.meldung
        lege_benutzer_an(s, benutzername="ring-e2e", name="Koordination (E2E)", rolle="ring",
                         passwort=DEMO_PASSWORT, ring_id=ring.id, jetzt=jetzt)  # fmt: skip
        s.commit()
    return {"id": ring.id, "monat": e2e_welt.bis}


def test_koordination_definiert_kennzahl_mitglied_vergleicht(neue_seite, anmelden, ring, tmp_path):
    koordination = neue_seite()
    anmelden(koordination, "ring-e2e")
    koordination.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Vergleichsringe"
    ).click()
    koordination.get_by_role("link", name="Ring Süd-Niedersachsen (Test)").click()
    koordination.get_by_role("link", name="Ring verwalten").click()
    knopf = koordination.get_by_role("button", name="Kennzahl speichern")
    formular = koordination.locator("form", has=knopf)
    formular.get_by_label("Code").fill("K1")
    formular.get_by_label("Name").fill("Sachkosten je eLb")
    formular.get_by_label("Kategorie").select_option("kosten")
    formular.get_by_label("Einheit").select_option("euro")
    formular.get_by_label("Richtung").select_option("niedriger")
    formular.get_by_label("Formel").fill("sachkosten / elbb")
    formular.get_by_label("Gültig ab").fill("2000-01-01")
    formular.get_by_role("button", name="Kennzahl speichern").click()
    expect(koordination.get_by_role("alert")).to_contain_text(
        "Unbekannte Basiszahl „elbb“ an Stelle 14. Gemeint ist vielleicht „elb“."
    )
    pruefe_axe(koordination, "Ringverwaltung mit Formelfehler")
    knopf = koordination.get_by_role("button", name="Kennzahl speichern")
    formular = koordination.locator("form", has=knopf)
    expect(formular.get_by_label("Name")).to_have_value("Sachkosten je eLb")  # nichts verloren
    formular.get_by_label("Formel").fill("sachkosten / elb")
    formular.get_by_role("button", name="Kennzahl speichern").click()
    expect(koordination.locator(".meldungen")).to_contain_text("Kennzahl „K1“ (Version 1)")

    mitglied = neue_seite()
    anmelden(mitglied, "traeger-03157")
    mitglied.goto(f"/ringe/{ring['id']}")
    pruefe_axe(mitglied, "Ringübersicht")
    mitglied.get_by_role("link", name="K1 Sachkosten je eLb").click()
    expect(mitglied.get_by_role("heading", level=1)).to_contain_text("K1 Sachkosten je eLb")
    eigene = mitglied.locator("tr[aria-current='true']")
    expect(eigene).to_contain_text("Landkreis Peine (03157) – Ihr Träger")
    expect(mitglied.get_by_role("img", name="Verteilung der Mitglieder")).to_be_visible()
    pruefe_axe(mitglied, "Ring-Kennzahl")
    # schmal (380 px): die Tabellen scrollen per Tastatur, Monate deutsch (Issue 9.9, 9.11)
    mitglied.set_viewport_size({"width": 380, "height": 800})
    assert pruefe_scrollbereiche(mitglied, "Ring-Kennzahl (schmal)") >= 1
    mitglied.goto(f"/ringe/{ring['id']}")
    expect(mitglied.get_by_role("region", name="Kennzahlen des Rings")).to_contain_text(
        "Berichtsmonat"
    )
    assert pruefe_scrollbereiche(mitglied, "Ringübersicht (schmal)") >= 1
    mitglied.screenshot(path=str(Path(tmp_path) / "ringuebersicht.png"), full_page=True)
    pruefe_axe(mitglied, "Ringübersicht (schmal, 380 px)")


@pytest.mark.parametrize(
    ("benutzer", "pfad"),
    [
        ("traeger-03157", "/ringe"),
        ("traeger-03157", "/ringe/{id}/berichte"),
        ("traeger-03157", "/import"),
        ("ring-e2e", "/ringe/{id}/verwaltung"),
        ("admin", "/ringe"),
    ],
)
def test_ringseiten_ohne_schwere_verstoesse(neue_seite, anmelden, ring, benutzer, pfad):
    seite = neue_seite()
    anmelden(seite, benutzer)
    antwort = seite.goto(pfad.format(**ring))
    assert antwort is not None and antwort.status == 200
    pruefe_axe(seite, f"{pfad} ({benutzer})")
