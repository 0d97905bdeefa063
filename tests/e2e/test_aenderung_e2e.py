"""Änderungsvereinbarung im echten Browser (Issue 11, DOMAIN.md § 8): die Zielvereinbarung von
03157 ist von beiden unterzeichnet (über die Services, mit Dokument und Demo-PKI). Dann nur über
die Oberfläche: das Land (land-ni) legt die Änderungsvereinbarung an, der Träger
(traeger-03157) bietet ein niedrigeres IQ-Ziel an, das Land nimmt an (Passwort), der Träger
stellt das Dokument aus, die zeichnungsberechtigten Konten unterzeichnen (zeichnung-03157) und
zeichnen gegen (zeichnung-ni). Das heruntergeladene PDF besteht `pdfsig` mit beiden
Signaturen und trägt den Titel der Änderung. Dazu axe auf den neuen Teilen der Seiten.
"""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from tests.e2e.test_barrierefreiheit import pruefe_axe
from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.demo.unterzeichnung import bringe_in_zustand
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.models import Zielvereinbarung
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
from zielvereinbarung.services.dokumente.zertifikate import richte_demo_pki_ein
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe

pytestmark = pytest.mark.e2e

IQ = "Integrationsquote (Jahresfortschrittswert)"
ORIENTIERUNG = [
    Zielvorgabe("IQ", "veraenderung", D("2.5")),
    Zielvorgabe("LZB", "veraenderung", D("-2.0")),
    Zielvorgabe("LLU", "monitoring", None),
]


@pytest.fixture(scope="module")
def unterzeichnet(e2e_welt, e2e_app) -> int:
    """Die Zielvereinbarung 03157 von Träger und Land unterzeichnet (Dokument, Demo-PKI)."""
    land, jahr, jetzt = e2e_welt.land, e2e_welt.jahr, datetime.now(UTC)
    land_akteur = Akteur("land-ni", "land", land_code=land)
    traeger = Akteur("traeger-03157", "traeger", traeger_ags="03157")
    einst = DokumentEinstellungen.aus_konfiguration(e2e_app.config, e2e_app.instance_path)
    with Session(engine_fuer(e2e_welt.url), expire_on_commit=False) as s:
        setze_orientierungswerte(s, land, jahr, ORIENTIERUNG, land_akteur, jetzt)
        erzeuge_entwuerfe(s, land, jahr, land_akteur, jetzt)
        vid = s.exec(
            select(Zielvereinbarung.id).where(
                Zielvereinbarung.ags == "03157", Zielvereinbarung.jahr == jahr
            )
        ).one()
        richte_demo_pki_ein(s, einst, jetzt, land_code=land, traeger=("03157",))
        assert bringe_in_zustand(s, einst, vid, "unterzeichnet", land_akteur, traeger,
                                 jetzt) == "unterzeichnet"  # fmt: skip
        s.commit()
    return vid


def test_aenderung_vorschlagen_und_von_beiden_unterzeichnen(
    neue_seite, anmelden, abmelden, unterzeichnet, e2e_welt, tmp_path
):
    seite = neue_seite()
    original_url = f"/vereinbarungen/{unterzeichnet}"

    # Träger sieht die Anregung, das Land legt an
    anmelden(seite, "traeger-03157")
    seite.goto(original_url)
    expect(
        seite.get_by_role("button", name="Änderungsvereinbarung beim Land anregen")
    ).to_be_visible()
    pruefe_axe(seite, "Vereinbarung mit Anregung einer Änderung")
    abmelden(seite)
    anmelden(seite, "land-ni")
    seite.goto(original_url)
    pruefe_axe(seite, "Vereinbarung mit „Änderungsvereinbarung anlegen“")
    seite.get_by_label("Anlass der Änderung (optional)").fill("Großbetrieb schließt.")
    seite.get_by_role("button", name="Änderungsvereinbarung anlegen").click()
    expect(seite.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Änderungsvereinbarung Nr\. 1 zur Zielvereinbarung \d{4} – Landkreis Peine$")
    )
    aenderung_url = re.sub(r"^https?://[^/]+", "", seite.url)
    abmelden(seite)

    # Träger bietet das geänderte Ziel an
    anmelden(seite, "traeger-03157")
    seite.goto(aenderung_url)
    seite.get_by_role("link", name="Angebot einreichen").click()
    seite.get_by_label(f"Veränderung in % – {IQ}", exact=True).fill("1,0")
    seite.get_by_label("Kommentar zu dieser Revision").fill("Werksschließung im Kreis.")
    seite.get_by_role("button", name="Angebot einreichen").click()
    expect(seite.locator(".meldungen")).to_contain_text("Angebot einreichen")
    tabelle = seite.get_by_role("table", name=re.compile("Geänderte Ziele"))
    expect(tabelle).to_contain_text("+2,5 %")
    expect(tabelle).to_contain_text("+1,0 %")
    pruefe_axe(seite, "Änderungsvereinbarung mit geänderten Zielen")
    abmelden(seite)

    # Land nimmt an (Bestätigungsseite mit Passwort)
    anmelden(seite, "land-ni")
    seite.goto(aenderung_url)
    seite.get_by_role("link", name="Angebot annehmen …").click()
    seite.get_by_label("Passwort").fill(DEMO_PASSWORT)
    seite.get_by_role("button", name=re.compile("Werte verbindlich vereinbaren")).click()
    expect(seite.locator("dl.eckdaten .zustand")).to_have_text("Einigung erzielt")
    abmelden(seite)

    # Träger stellt aus, die Landrätin unterzeichnet, das Land zeichnet gegen
    dokument_url = f"{aenderung_url}/dokument"
    anmelden(seite, "traeger-03157")
    seite.goto(dokument_url)
    seite.get_by_role("button", name="Dokument ausstellen").click()
    abmelden(seite)
    for konto, link, knopf, meldung in (
        ("zeichnung-03157", "Als Träger unterzeichnen …", "Jetzt verbindlich unterzeichnen",
         "Der Träger hat unterzeichnet"),
        ("zeichnung-ni", "Als Land gegenzeichnen …", "Jetzt verbindlich gegenzeichnen",
         "gegengezeichnet"),
    ):  # fmt: skip
        anmelden(seite, konto)
        seite.goto(dokument_url)
        seite.get_by_role("link", name=link).click()
        seite.get_by_label("Passwort").fill(DEMO_PASSWORT)
        seite.get_by_role("button", name=knopf).click()
        expect(seite.locator(".meldungen")).to_contain_text(meldung)
        if konto == "zeichnung-03157":
            abmelden(seite)

    with seite.expect_download() as download:
        seite.locator("a[download]").first.click()
    assert download.value.suggested_filename.startswith("aenderungsvereinbarung-03157-")
    datei = tmp_path / "aenderung.pdf"
    datei.write_bytes(download.value.path().read_bytes())
    bericht = subprocess.run(["pdfsig", str(datei)], capture_output=True, text=True).stdout
    assert bericht.count("Signature is Valid.") == 2, bericht
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(datei), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert (
        "Änderungsvereinbarung Nr. 1 zur Zielvereinbarung zwischen dem Land Niedersachsen" in text
    )
    assert "+2,5 %" in text and "+1,0 %" in text

    # die Seite des Originals nennt die unterzeichnete Änderung
    seite.goto(original_url)
    expect(seite.get_by_role("main")).to_contain_text("Änderungsvereinbarung Nr. 1 – unterzeichnet")
    with Session(engine_fuer(e2e_welt.url)) as s:
        a = s.exec(
            select(Zielvereinbarung).where(Zielvereinbarung.aenderung_von_id == unterzeichnet)
        ).one()
        assert (a.aenderung_nr, a.zustand) == (1, "unterzeichnet")
