"""Unterzeichnung im echten Browser (Issue 4, „Done when“; Issue 8, Punkt 3): Träger und Land
signieren eine geeinigte Vereinbarung nacheinander über die Dokumentseite – nur die
zeichnungsberechtigten Konten (`zeichnung-03157`, `zeichnung-ni`), jeweils über die
Bestätigungsseite mit SHA-256 und Passwort; wer nur verhandelt (`traeger-03157`), sieht keinen
Knopf. Das heruntergeladene PDF besteht `pdfsig` mit beiden Signaturen und nennt die Personen.

Die Verhandlung bis zur Einigung ist in `test_verhandlung_e2e.py` im Browser geprüft; hier wird
sie über die Services vorbereitet, damit dieser Test nur die Unterzeichnung zeigt.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.models import Zielvereinbarung
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
from zielvereinbarung.services.dokumente.zertifikate import richte_demo_pki_ein
from zielvereinbarung.services.verhandlung.lesen import revisionen
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe
from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein

pytestmark = pytest.mark.e2e

ORIENTIERUNG = [
    Zielvorgabe("IQ", "veraenderung", D("2.5")),
    Zielvorgabe("LZB", "veraenderung", D("-2.0")),
    Zielvorgabe("LLU", "monitoring", None),
]


@pytest.fixture(scope="module")
def geeinigt(e2e_welt, e2e_app) -> int:
    """Vereinbarung 03157 im Zustand „einigung“ und die Demo-PKI (Zertifikate für NI und 03157)."""
    land, jahr, jetzt = e2e_welt.land, e2e_welt.jahr, datetime.now(UTC)
    land_akteur = Akteur("land-ni", "land", land_code=land)
    traeger_akteur = Akteur("traeger-03157", "traeger", traeger_ags="03157")
    einst = DokumentEinstellungen.aus_konfiguration(e2e_app.config, e2e_app.instance_path)
    with Session(engine_fuer(e2e_welt.url), expire_on_commit=False) as s:
        setze_orientierungswerte(s, land, jahr, ORIENTIERUNG, land_akteur, jetzt)
        erzeuge_entwuerfe(s, land, jahr, land_akteur, jetzt)
        vid = s.exec(
            select(Zielvereinbarung.id).where(
                Zielvereinbarung.ags == "03157", Zielvereinbarung.jahr == jahr
            )
        ).one()
        entwurf = revisionen(s, vid)[-1]
        reiche_angebot_ein(
            s, vid, entwurf.nummer, entwurf.vorgaben(), "Angebot", traeger_akteur, jetzt
        )
        nimm_an(s, vid, entwurf.nummer + 1, land_akteur, jetzt)
        richte_demo_pki_ein(s, einst, jetzt, land_code=land, traeger=("03157",))
        s.commit()
    return vid


def _pdfsig(pdf: bytes, tmp_path) -> str:
    datei = tmp_path / "vereinbarung.pdf"
    datei.write_bytes(pdf)
    return subprocess.run(
        ["pdfsig", str(datei)], capture_output=True, text=True, check=False
    ).stdout


def test_traeger_und_land_unterzeichnen_nacheinander(
    neue_seite, anmelden, abmelden, geeinigt, e2e_welt, tmp_path
):
    seite = neue_seite()
    dokument_url = f"/vereinbarungen/{geeinigt}/dokument"

    # Träger (verhandelt, zeichnet nicht): vom Knopf der Vereinbarung zur Dokumentseite, ausstellen
    anmelden(seite, "traeger-03157")
    seite.goto(f"/vereinbarungen/{geeinigt}")
    seite.get_by_role("link", name="Unterzeichnen (zum Vereinbarungsdokument)").click()
    expect(seite).to_have_url(re.compile(re.escape(dokument_url) + "$"))
    seite.get_by_role("button", name="Dokument ausstellen").click()
    expect(seite.get_by_role("main")).to_contain_text("Sie sind es nicht")
    expect(seite.get_by_role("link", name="Als Träger unterzeichnen …")).to_have_count(0)
    sha = seite.locator("table code").first.inner_text()
    abmelden(seite)

    # Landrätin (zeichnungsberechtigt): Bestätigungsseite mit SHA-256 und Werten, Passwort
    anmelden(seite, "zeichnung-03157")
    seite.goto(dokument_url)
    seite.get_by_role("link", name="Als Träger unterzeichnen …").click()
    expect(seite.get_by_role("heading", level=1)).to_have_text("Als Träger unterzeichnen")
    expect(seite.locator("#sha256")).to_have_text(sha)
    expect(seite.get_by_role("table", name=re.compile("Vereinbarte Werte"))).to_contain_text(
        "Integrationsquote"
    )
    seite.get_by_label("Passwort").fill("vertippt-vertippt")
    seite.get_by_role("button", name="Jetzt verbindlich unterzeichnen").click()
    expect(seite.get_by_role("main")).to_contain_text("Das Passwort stimmt nicht")
    seite.get_by_label("Passwort").fill(DEMO_PASSWORT)
    seite.get_by_role("button", name="Jetzt verbindlich unterzeichnen").click()
    expect(seite.locator(".meldungen")).to_contain_text("Der Träger hat unterzeichnet")
    expect(seite.get_by_role("link", name="Als Träger unterzeichnen …")).to_have_count(0)
    abmelden(seite)

    # Land: land-ni verhandelt nur; zeichnung-ni zeichnet gegen
    anmelden(seite, "land-ni")
    seite.goto(dokument_url)
    expect(seite.get_by_role("link", name="Als Land gegenzeichnen …")).to_have_count(0)
    abmelden(seite)
    anmelden(seite, "zeichnung-ni")
    seite.goto(dokument_url)
    seite.get_by_role("link", name="Als Land gegenzeichnen …").click()
    seite.get_by_label("Passwort").fill(DEMO_PASSWORT)
    seite.get_by_role("button", name="Jetzt verbindlich gegenzeichnen").click()
    expect(seite.locator(".meldungen")).to_contain_text("gegengezeichnet")

    # Die neueste Version herunterladen (erste Zeile der Versionsliste) und mit pdfsig prüfen
    link = seite.locator("a[download]").first
    with seite.expect_download() as download:
        link.click()
    pdf = download.value.path().read_bytes()
    bericht = _pdfsig(pdf, tmp_path)
    assert bericht.count("Signature is Valid.") == 2, bericht
    assert b"/DSS" in pdf  # PAdES B-LT: Prüfdaten hinter der letzten Signatur
    assert (
        "Demo-Vertretung Landkreis Peine" in bericht and "Demo-Vertretung Niedersachsen" in bericht
    )
    from pyhanko.pdf_utils.reader import PdfFileReader

    namen = [str(s.sig_object["/Name"]) for s in PdfFileReader(io.BytesIO(pdf)).embedded_signatures]
    assert namen == ["Erika Demo (Peine)", "Dr. Jana Demo (Niedersachsen)"]

    with Session(engine_fuer(e2e_welt.url)) as s:
        assert s.get(Zielvereinbarung, geeinigt).zustand == "unterzeichnet"
