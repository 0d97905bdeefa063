"""Der Angebotseditor als Tabelle im echten Browser (DOMAIN.md §§ 4, 5; Issue 9 Punkt 5).

Mit JavaScript: das Zielniveau steht beim Tippen neben der Eingabe (vom Server gerechnet, wie
beim Einreichen), Quoten mit zwei Stellen; beim Wechsel des Zieltyps sind nur dessen Felder zu
sehen, nicht mehr Zutreffendes ist geleert (und kommt beim Zurückwechseln wieder); nach einem
Fehler hat die Fehlerübersicht den Fokus; ein Korridor lässt sich aus einer vorbelegten
Veränderung heraus einreichen (früher lehnte der Server den stehengebliebenen Zielwert ab).

Ohne JavaScript: „Vorschau aktualisieren“ zeigt die Felder des gewählten Zieltyps und das
Zielniveau, speichert nichts; eine unveränderte Zahl des alten Zieltyps gilt nicht weiter.

Daten: `e2e_welt` (NI); hier über die Services Orientierungswerte (IQ +2,0 %) und Entwürfe.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.domain.zielniveau import niveauanzeige
from zielvereinbarung.models import Revision, Zielvereinbarung, Zielwert
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe

from .test_barrierefreiheit import pruefe_axe

pytestmark = pytest.mark.e2e

IQ = "Integrationsquote (Jahresfortschrittswert)"
HOEHE_VORHER = 6084  # px, Formular aus Feldgruppen (Chromium, 1280 × 900, Demo 2027)
HOEHE_HOECHSTENS = 2600


@pytest.fixture(scope="module")
def entwuerfe(e2e_welt) -> dict[str, dict]:
    """Orientierungswerte und Entwürfe; je Träger (03157, 03159) die Vereinbarung mit dem
    Basiswert der IQ."""
    land, jahr = e2e_welt.land, e2e_welt.jahr
    jetzt = datetime.now(UTC)
    akteur = Akteur("land-ni", "land", land_code=land)
    with Session(engine_fuer(e2e_welt.url), expire_on_commit=False) as s:
        setze_orientierungswerte(
            s, land, jahr, [Zielvorgabe("IQ", "veraenderung", D("2.0"))], akteur, jetzt
        )
        erzeuge_entwuerfe(s, land, jahr, akteur, jetzt)
        s.commit()
        ergebnis = {}
        for ags in e2e_welt.traeger:
            v = s.exec(
                select(Zielvereinbarung).where(
                    Zielvereinbarung.ags == ags, Zielvereinbarung.jahr == jahr
                )
            ).one()
            basis = s.exec(
                select(Zielwert.basiswert)
                .join(Revision, Revision.id == Zielwert.revision_id)
                .where(Revision.vereinbarung_id == v.id, Zielwert.zielindikator == "IQ")
            ).one()
            assert basis is not None, "die Demodaten ergeben einen Basiswert"
            ergebnis[ags] = {
                "id": v.id,
                "url": f"/vereinbarungen/{v.id}/bearbeiten",
                "basis": basis,
            }
    return ergebnis


def niveau(basis: D, typ: str, wert=None, untere=None, obere=None) -> str:
    """Der Text, den die Spalte „Zielniveau“ zeigen muss (dieselbe Regel wie der Server)."""
    return niveauanzeige(Zielvorgabe("IQ", typ, wert, untere, obere), basis).text


def revisionen(e2e_welt, vid: int) -> list[Revision]:
    with Session(engine_fuer(e2e_welt.url)) as s:
        return list(
            s.exec(select(Revision).where(Revision.vereinbarung_id == vid).order_by(Revision.id))
        )


def test_zielniveau_beim_tippen_und_wechsel_des_zieltyps(seite, anmelden, entwuerfe, e2e_welt):
    entwurf = entwuerfe["03157"]
    anmelden(seite, "traeger-03157")
    seite.goto(entwurf["url"])
    hoehe = seite.evaluate("document.documentElement.scrollHeight")
    assert hoehe <= HOEHE_HOECHSTENS, f"Editor {hoehe} px hoch (vorher {HOEHE_VORHER} px)"
    print(f"Höhe des Editors: {hoehe} px (vorher {HOEHE_VORHER} px)")

    zeile = seite.locator("tr[data-zielzeile='IQ']")
    ausgabe = zeile.locator("output")
    basis = entwurf["basis"]
    wert = seite.get_by_label(f"Veränderung in % – {IQ}", exact=True)
    expect(wert).to_have_value("2,0")
    expect(ausgabe).to_contain_text(niveau(basis, "veraenderung", D("2.0")))
    expect(ausgabe).to_contain_text("Prozentpunkte")

    # Tippen: das Zielniveau folgt; +0,5 % und +1,0 % sind mit zwei Stellen zu unterscheiden.
    wert.fill("0,5")
    halb = niveau(basis, "veraenderung", D("0.5"))
    expect(ausgabe.locator("[data-niveau-text]")).to_have_text(halb)
    assert re.fullmatch(r"mindestens \d+,\d\d %", halb)
    wert.fill("1,0")
    expect(ausgabe.locator("[data-niveau-text]")).to_have_text(
        niveau(basis, "veraenderung", D("1.0"))
    )
    assert niveau(basis, "veraenderung", D("1.0")) != halb

    # Wechsel zum Korridor: nur Unter- und Obergrenze, leer; der Zielwert ist geleert.
    zieltyp = seite.get_by_label(f"Zieltyp – {IQ}", exact=True)
    zieltyp.select_option(label="Korridor der Veränderung")
    untere = seite.get_by_label(f"Untergrenze in % – {IQ}", exact=True)
    obere = seite.get_by_label(f"Obergrenze in % – {IQ}", exact=True)
    expect(seite.locator("[name='IQ-wert']")).to_be_hidden()
    expect(seite.locator("[name='IQ-wert']")).to_have_value("")
    expect(untere).to_be_visible()
    expect(untere).to_have_value("")
    expect(ausgabe).to_contain_text("Bitte Unter- und Obergrenze eingeben.")
    untere.fill("1,0")
    obere.fill("3,0")
    expect(ausgabe.locator("[data-niveau-text]")).to_have_text(
        niveau(basis, "korridor", None, D(1), D(3))
    )

    # Monitoring: keine Zahl; zurück zur Veränderung: die gemerkte Zahl kommt wieder.
    zieltyp.select_option(label="Monitoring (ohne Zielwert)")
    expect(untere).to_be_hidden()
    expect(ausgabe.locator("[data-niveau-text]")).to_have_text("kein Zielniveau")
    zieltyp.select_option(label="Veränderung gegenüber dem Vorjahr")
    expect(wert).to_have_value("1,0")
    # Zielniveau: andere Beschriftung, leeres Feld (1,0 als Niveau hieße 1,0 %).
    zieltyp.select_option(label="Zielniveau")
    niveaufeld = seite.get_by_label(f"Zielniveau in % – {IQ}", exact=True)
    expect(niveaufeld).to_have_value("")
    niveaufeld.fill("abc")

    # Fehler: nichts gespeichert, der Fokus steht auf der Fehlerübersicht.
    seite.get_by_role("button", name="Angebot einreichen").click()
    uebersicht = seite.locator(".fehleruebersicht")
    expect(uebersicht).to_be_focused()
    expect(uebersicht).to_contain_text("„abc“ ist keine Zahl")
    pruefe_axe(seite, "Angebotseditor mit Fehler")
    assert len(revisionen(e2e_welt, entwurf["id"])) == 1

    # Korridor aus der vorbelegten Veränderung heraus einreichen: angenommen.
    seite.get_by_label(f"Zieltyp – {IQ}", exact=True).select_option(
        label="Korridor der Veränderung"
    )
    seite.get_by_label(f"Untergrenze in % – {IQ}", exact=True).fill("0,5")
    seite.get_by_label(f"Obergrenze in % – {IQ}", exact=True).fill("2,5")
    pruefe_axe(seite, "Angebotseditor, Korridor")
    seite.get_by_role("button", name="Angebot einreichen").click()
    expect(seite.locator(".meldungen")).to_contain_text("Revision 2")
    with Session(engine_fuer(e2e_welt.url)) as s:
        neu = revisionen(e2e_welt, entwurf["id"])[-1]
        iq = s.exec(
            select(Zielwert).where(Zielwert.revision_id == neu.id, Zielwert.zielindikator == "IQ")
        ).one()
    assert (iq.zieltyp, iq.wert, iq.untere, iq.obere) == ("korridor", None, D("0.5"), D("2.5"))


def test_ohne_javascript_zeigt_der_server_die_vorschau(browser, server_url, entwuerfe, e2e_welt):
    entwurf = entwuerfe["03159"]
    kontext = browser.new_context(base_url=server_url, locale="de-DE", java_script_enabled=False)
    try:
        seite = kontext.new_page()
        seite.goto("/anmelden")
        seite.get_by_label("Benutzername").fill("traeger-03159")
        seite.get_by_label("Passwort").fill(DEMO_PASSWORT)
        seite.get_by_role("button", name="Anmelden").click()
        expect(seite.get_by_role("button", name="Abmelden")).to_be_visible()
        seite.goto(entwurf["url"])
        anzahl = len(revisionen(e2e_welt, entwurf["id"]))
        basis = entwurf["basis"]
        ausgabe = seite.locator("tr[data-zielzeile='IQ'] output")
        iq_typ = seite.get_by_label(f"Zieltyp – {IQ}", exact=True)

        # Korridor gewählt: ohne Skript bleiben die Grenzen verborgen, bis der Server sie zeigt.
        iq_typ.select_option(label="Korridor der Veränderung")
        expect(seite.get_by_label(f"Untergrenze in % – {IQ}", exact=True)).to_be_hidden()
        seite.get_by_role("button", name="Vorschau aktualisieren").click()
        untere = seite.get_by_label(f"Untergrenze in % – {IQ}", exact=True)
        expect(untere).to_be_visible()
        expect(seite.locator("[name='IQ-wert']")).to_be_hidden()
        expect(seite.locator("[name='IQ-wert']")).to_have_value("")
        untere.fill("1,0")
        seite.get_by_label(f"Obergrenze in % – {IQ}", exact=True).fill("3,0")
        seite.get_by_role("button", name="Vorschau aktualisieren").click()
        expect(ausgabe.locator("[data-niveau-text]")).to_have_text(
            niveau(basis, "korridor", None, D(1), D(3))
        )

        # Zurück zur Veränderung, Zahl eingeben, Vorschau: Zielniveau mit zwei Stellen.
        seite.get_by_label(f"Zieltyp – {IQ}", exact=True).select_option(
            label="Veränderung gegenüber dem Vorjahr"
        )
        seite.get_by_role("button", name="Vorschau aktualisieren").click()
        wert = seite.get_by_label(f"Veränderung in % – {IQ}", exact=True)
        expect(wert).to_have_value("")
        wert.fill("1,5")
        seite.get_by_role("button", name="Vorschau aktualisieren").click()
        expect(ausgabe.locator("[data-niveau-text]")).to_have_text(
            niveau(basis, "veraenderung", D("1.5"))
        )
        # Zum Zielniveau gewechselt, Zahl stehen gelassen: sie gilt nicht als Niveau von 1,5 %.
        seite.get_by_label(f"Zieltyp – {IQ}", exact=True).select_option(label="Zielniveau")
        seite.get_by_role("button", name="Vorschau aktualisieren").click()
        expect(seite.get_by_label(f"Zielniveau in % – {IQ}", exact=True)).to_have_value("")
        expect(ausgabe).to_contain_text("Bitte ein Zielniveau eingeben.")
        assert len(revisionen(e2e_welt, entwurf["id"])) == anzahl, "Vorschau speichert nichts"
    finally:
        kontext.close()
