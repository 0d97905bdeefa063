"""Barrierefreiheit im echten Browser: axe-core (mitgeliefert von axe-playwright-python, läuft
ohne Netz) auf den Hauptseiten, jeweils mit der Rolle, die die Seite benutzt, und eine
Tastaturprüfung des Sprunglinks.

Geprüft wird: keine Verstöße mit Auswirkung „serious“ oder „critical“ (die übrigen – „moderate“,
„minor“ – werden nur ausgegeben). Bei einem Fehlschlag stehen Regel, Hilfetext und die
betroffenen Elemente in der Meldung.

Daten: `e2e_welt` (NI, Träger 03157 und 03159); dazu hier über die Services die
Orientierungswerte des Landes, die Entwürfe und ein Angebot von 03159 – so gibt es eine
Vereinbarung im Entwurf (03157: Träger am Zug) und eine mit zwei Revisionen (03159: Land am Zug,
Vergleichsseite). Die Konfliktseite (409) entsteht echt: zwei Sitzungen von traeger-03257 laden
dasselbe Formular, die erste reicht ein, dann die zweite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.budget import lade_demo_budget
from zielvereinbarung.demo.konten import lege_demo_benutzer
from zielvereinbarung.demo.vereinbarungen import unterzeichne_land
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.models import Benutzer, Zielvereinbarung
from zielvereinbarung.services.budget.rahmen import Budgetwerte, schreibe
from zielvereinbarung.services.verhandlung.lesen import revisionen
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe
from zielvereinbarung.services.verhandlung.schritte import reiche_angebot_ein

from .axe_pruefung import pruefe_axe

# Geprüft wird das HTML der Seiten (axe, Tastatur, Fokus): es ist auf beiden Datenbanken dasselbe,
# die Datenbankwege dieser Seiten prüfen tests/web auf beiden. Daher nur im SQLite-Lauf.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.datenbankunabhaengig("axe und Tastatur auf dem HTML der Seiten"),
]

ORIENTIERUNG = [
    Zielvorgabe("IQ", "veraenderung", D("2.5")),
    Zielvorgabe("IQ_F", "veraenderung", D("2.5")),
    Zielvorgabe("IQ_M", "veraenderung", D("2.5")),
    Zielvorgabe("IQ_AE", "veraenderung", D(1)),
    Zielvorgabe("IQ_LZB", "veraenderung", D(1)),
    Zielvorgabe("LZB", "korridor", None, D(-3), D(-1)),
    Zielvorgabe("LLU", "veraenderung", D(-1)),
]


@dataclass(frozen=True)
class Seite:
    name: str
    benutzer: str | None  # None: nicht angemeldet
    pfad: str  # mit Platzhaltern {land}, {jahr}, {ags}, {entwurf_id}, {angebot_id}, {benutzer_id}
    ueberschrift: str | None = None  # Teil der <h1>, als Beleg für die richtige Seite


SEITEN = [
    Seite("Anmeldung", None, "/anmelden", "Anmelden"),
    Seite("Start", "land-ni", "/", "Arbeitsliste"),
    Seite("Kennzahlen Träger", "traeger-03157", "/kennzahlen/traeger/{ags}"),
    Seite("Kennzahlen Land", "land-ni", "/kennzahlen/land/{land}"),
    Seite("Planung", "land-ni", "/planung/{land}/{jahr}", "Planung"),
    Seite("Landesübersicht", "land-ni", "/verhandlungen/{land}/{jahr}"),
    Seite("Vereinbarung", "traeger-03157", "/vereinbarungen/{entwurf_id}", "Zielvereinbarung"),
    Seite("Angebot (Formular)", "traeger-03157", "/vereinbarungen/{entwurf_id}/bearbeiten"),
    Seite("Gegenvorschlag (Formular)", "land-ni", "/vereinbarungen/{angebot_id}/bearbeiten"),
    Seite("Vergleich", "land-ni", "/vereinbarungen/{angebot_id}/vergleich", "Vergleich"),
    Seite("Meine Verhandlungen", "traeger-03157", "/verhandlungen", "Zielvereinbarungen"),
    Seite("Vereinbarung (Lesezugriff)", "leser-ni", "/vereinbarungen/{angebot_id}"),
    Seite("Planung (Lesezugriff)", "leser-ni", "/planung/{land}/{jahr}"),
    Seite("Kennzahlen", "land-ni", "/kennzahlen"),
    Seite("Import", "admin", "/import"),
    Seite("Importformat", "land-ni", "/import/format", "Format der Importdatei"),
    Seite("Benutzerliste", "admin", "/admin/benutzer", "Benutzer"),
    Seite("Benutzer bearbeiten", "admin", "/admin/benutzer/{benutzer_id}"),
    Seite("Audit-Protokoll", "admin", "/admin/audit", "Audit"),
    Seite("Vereinbarungsdokument", "land-ni", "/vereinbarungen/{angebot_id}/dokument"),
    Seite("Dokument prüfen", "traeger-03157", "/pruefen"),
    Seite("Nachhaltung (Liste)", "land-ni", "/nachhaltung"),
    Seite("Berichtsarchiv", "land-ni", "/berichte"),
    Seite("Jobs", "admin", "/admin/jobs"),
    Seite("Start (Träger)", "traeger-03157", "/", "Arbeitsliste"),
    Seite("Hinweise", "traeger-03157", "/hinweise", "Hinweise"),
    Seite("Cockpit", "land-ni", "/nachhaltung/{land}/{laufend}", "Nachhaltung"),
    Seite("Cockpit (Druckansicht)", "land-ni", "/nachhaltung/{land}/{laufend}?ansicht=druck"),
    Seite("Cockpit (alle Länder)", "admin", "/nachhaltung/alle/{laufend}", "alle Länder"),
    Seite("Hilfe", "traeger-03157", "/hilfe", "Hilfe und Begriffe"),
    Seite("Hilfe (abgemeldet)", None, "/hilfe", "Hilfe und Begriffe"),
    Seite("Annehmen (Bestätigung)", "land-ni", "/vereinbarungen/{angebot_id}/annehmen", "annehmen"),
    Seite("Unterzeichnen (Bestätigung)", "zeichnung-03356",
          "/vereinbarungen/{einigung_id}/dokument/unterzeichnen", "Als Träger unterzeichnen"),
    Seite("Zeichnungsbefugnisse", "zeichnung-ni", "/zeichnungsbefugnisse", "Zeichnungsbefugnisse"),
    Seite("Passwort ändern", "land-ni", "/konto/passwort", "Passwort ändern"),
    Seite("Zugriffstokens", "land-ni", "/konto/tokens", "Zugriffstokens"),
    Seite("Zugriffstokens (Dienstkonto)", "admin", "/konto/tokens/benutzer/{benutzer_id}"),
    Seite("API-Dokumentation", None, "/api/v1/doku", "API-Dokumentation"),
    # Budgetrahmen (DOMAIN § 10): Formular, Nachhaltung und Dialog mit Budget und Ausgaben
    Seite("Budgetrahmen (Formular)", "land-ni", "/vereinbarungen/{entwurf_id}/budget",
          "Budgetrahmen"),
    Seite("Nachhaltung mit Budget", "traeger-03157",
          "/vereinbarungen/{laufend_id}/nachhaltung", "Nachhaltung"),
    Seite("Dialog mit Budget", "land-ni", "/vereinbarungen/{laufend_id}/nachhaltung/dialog",
          "Zielnachhaltedialog"),
]  # fmt: skip


@pytest.fixture(scope="module")
def platzhalter(e2e_welt, e2e_app) -> dict[str, str]:
    """Orientierungswerte, Entwürfe und ein Angebot von 03159, 03356 geeinigt und ausgestellt
    (Demo-PKI, zeichnungsberechtigt: `zeichnung-03356`) – über die Services."""
    land, jahr = e2e_welt.land, e2e_welt.jahr
    laufend = int(e2e_welt.bis[:4])
    jetzt = datetime.now(UTC)
    with Session(engine_fuer(e2e_welt.url), expire_on_commit=False) as s:
        land_akteur = Akteur("land-ni", "land", land_code=land)
        setze_orientierungswerte(s, land, jahr, ORIENTIERUNG, land_akteur, jetzt)
        erzeuge_entwuerfe(s, land, jahr, land_akteur, jetzt)
        vereinbarungen = s.exec(select(Zielvereinbarung).where(Zielvereinbarung.jahr == jahr))
        ids = {v.ags: v.id for v in vereinbarungen}
        entwurf = revisionen(s, ids["03159"])[-1]
        reiche_angebot_ein(
            s,
            ids["03159"],
            entwurf.nummer,
            entwurf.vorgaben(),
            "Angebot (Test)",
            Akteur("traeger-03159", "traeger", traeger_ags="03159"),
            jetzt,
        )
        benutzer_id = s.exec(
            select(Benutzer.id).where(Benutzer.benutzername == "traeger-03157")
        ).one()
        lege_demo_benutzer(s, land, ["03257"], jetzt)  # für die Konfliktseite
        _einigung_ausgestellt(s, e2e_app, ids["03356"], jetzt)
        s.commit()
        laufend_ids = dict(unterzeichne_land(s, land, laufend, jetzt))  # Cockpit mit Status
        # Budgetrahmen im Entwurf (Vereinbarungsseite) und im laufenden Jahr mit Ausgaben
        schreibe(s, "03157", jahr, Budgetwerte(812_345_678, 301_234_500), "land-ni", jetzt, "test")
        lade_demo_budget(s, ["03157"], laufend, int(e2e_welt.bis[5:]), jetzt, jetzt, "land-ni")
        s.commit()
    return {
        "land": land,
        "jahr": str(jahr),
        "ags": "03157",
        "entwurf_id": str(ids["03157"]),
        "angebot_id": str(ids["03159"]),
        "benutzer_id": str(benutzer_id),
        "konflikt_id": str(ids["03257"]),
        "laufend": str(laufend),
        "einigung_id": str(ids["03356"]),
        "laufend_id": str(laufend_ids["03157"]),
    }


def _einigung_ausgestellt(s, app, vid: int, jetzt) -> None:
    from zielvereinbarung.demo.zeichnung import lege_demo_zeichnende
    from zielvereinbarung.services.dokumente.dokument import ausstellen
    from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
    from zielvereinbarung.services.dokumente.zertifikate import richte_demo_pki_ein
    from zielvereinbarung.services.verhandlung.schritte import nimm_an

    entwurf = revisionen(s, vid)[-1]
    traeger = Akteur("zeichnung-03356", "traeger", traeger_ags="03356")
    reiche_angebot_ein(s, vid, entwurf.nummer, entwurf.vorgaben(), None, traeger, jetzt)
    nimm_an(s, vid, entwurf.nummer + 1, Akteur("land-ni", "land", land_code="NI"), jetzt)
    einst = DokumentEinstellungen.aus_konfiguration(app.config, app.instance_path)
    richte_demo_pki_ein(s, einst, jetzt, land_code="NI", traeger=("03356",))
    lege_demo_zeichnende(s, "NI", ["03356"], jetzt)
    ausstellen(s, einst, vid, traeger, jetzt)


@pytest.mark.parametrize("eintrag", SEITEN, ids=[s.name for s in SEITEN])
def test_keine_schweren_verstoesse(eintrag: Seite, neue_seite, anmelden, platzhalter):
    seite = neue_seite()
    if eintrag.benutzer:
        anmelden(seite, eintrag.benutzer)
    antwort = seite.goto(eintrag.pfad.format(**platzhalter))
    assert antwort is not None and antwort.status == 200, (
        f"{eintrag.name}: {eintrag.pfad.format(**platzhalter)} → "
        f"{antwort.status if antwort else 'keine Antwort'}"
    )
    assert not re.search(r"/anmelden", seite.url) or eintrag.benutzer is None
    if eintrag.ueberschrift:
        expect(seite.get_by_role("heading", level=1)).to_contain_text(eintrag.ueberschrift)
    pruefe_axe(seite, eintrag.name)


def test_konfliktseite(neue_seite, anmelden, platzhalter):
    formular = f"/vereinbarungen/{platzhalter['konflikt_id']}/bearbeiten"
    iq = "Integrationsquote (Jahresfortschrittswert)"
    erste, zweite = neue_seite(), neue_seite()
    for seite in (erste, zweite):
        anmelden(seite, "traeger-03257")
        seite.goto(formular)
    zweite.get_by_label(f"Veränderung in % – {iq}", exact=True).fill("1,5")
    zweite.get_by_text(f"Kommentar zu {iq}").click()
    zweite.get_by_label(f"Kommentar – {iq}", exact=True).fill("Mein Kommentar, nicht verloren.")
    erste.get_by_role("button", name="Angebot einreichen").click()
    expect(erste.locator(".meldungen")).to_contain_text("Revision 2")

    with zweite.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/bearbeiten")
    ) as antwort:  # nicht die Vorschau, die der Editor beim Tippen holt
        zweite.get_by_role("button", name="Angebot einreichen").click()
    assert antwort.value.status == 409
    expect(zweite.get_by_role("heading", level=1)).to_contain_text("inzwischen geändert")
    expect(zweite.get_by_role("alert")).to_contain_text("nicht verloren")
    eingabe = (
        zweite.get_by_role("table", name="Aktuelle Revision und Ihre Eingabe im Vergleich")
        .get_by_role("row")
        .filter(has=zweite.get_by_role("rowheader", name=iq, exact=True))
    )
    expect(eingabe.locator("mark")).to_contain_text("1,5")
    expect(eingabe).to_contain_text("Mein Kommentar, nicht verloren.")
    pruefe_axe(zweite, "Konfliktseite")


@pytest.mark.parametrize("benutzer", [None, "land-ni"], ids=["abgemeldet", "angemeldet"])
def test_sprunglink_ist_erstes_ziel_und_fuehrt_zum_inhalt(benutzer, seite, anmelden):
    if benutzer:
        anmelden(seite, benutzer)
        seite.goto("/")
    else:
        seite.goto("/anmelden")
    seite.locator("body").focus()
    seite.keyboard.press("Tab")
    sprunglink = seite.get_by_role("link", name="Zum Inhalt springen")
    expect(sprunglink).to_be_focused()
    expect(sprunglink).to_be_in_viewport()  # sichtbar, sobald er den Fokus hat
    seite.keyboard.press("Enter")
    expect(seite.locator("main")).to_be_focused()
    # Das nächste Tab-Ziel ist das erste bedienbare Element im Hauptinhalt (nicht der Kopf).
    hat_ziel = seite.evaluate(
        """() => [...document.querySelectorAll('main a[href], main button,'
              + 'main input:not([type=hidden]), main select, main textarea,'
              + 'main [tabindex]:not([tabindex="-1"])')]
              .some(e => !e.disabled && e.getClientRects().length > 0)"""
    )
    seite.keyboard.press("Tab")
    if hat_ziel:
        assert seite.evaluate("document.activeElement.closest('main') !== null"), (
            "Nach dem Sprunglink führt Tab nicht in den Hauptinhalt: "
            + seite.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        )
