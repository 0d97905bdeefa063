"""Eine ganze Verhandlung im echten Browser (DOMAIN.md § 5), nur über die Oberfläche:

1. Land (land-ni) setzt die Orientierungswerte des Jahres, erzeugt die Entwürfe, meldet sich ab.
2. Träger (traeger-03157) öffnet seinen Entwurf über „Verhandlungen“, ändert das Ziel der
   Integrationsquote auf „2,5“ (deutsches Zahlenformat), kommentiert und reicht das Angebot ein.
3. Land öffnet die Vereinbarung über die Landesübersicht, ändert den Wert und sendet einen
   Gegenvorschlag.
4. Träger nimmt den Gegenvorschlag an → Stand „Einigung“.
5. Der Verlauf zeigt alle drei Revisionen; der Vergleich hebt die Änderung hervor.

Alle Eingaben über zugängliche Namen (get_by_label, get_by_role) – das prüft zugleich, dass die
Felder beschriftet und die Knöpfe benannt sind. Zum Schluss der Abgleich mit der Datenbank.
"""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.models import Revision, Zielvereinbarung, Zielwert

pytestmark = pytest.mark.e2e

IQ = "Integrationsquote (Jahresfortschrittswert)"
LZB = "Durchschnittlicher Bestand an LZB"
VERAENDERUNG = "Veränderung gegenüber dem Vorjahr"
ANGEBOT = "Veränderung in %"  # Beschriftung des Zielwerts im Editor beim Zieltyp Veränderung


def feld(seite, beschriftung: str, block: str):
    """Ein Formularfeld über seinen zugänglichen Namen „<Beschriftung> – <Zielindikator>“."""
    return seite.get_by_label(f"{beschriftung} – {block}", exact=True)


def stand(seite):
    """Der angezeigte Stand (Zustand) der Vereinbarung in den Eckdaten."""
    return seite.locator("dl.eckdaten .zustand")


def meldung(seite):
    return seite.locator(".meldungen")


def test_verhandlung_vom_entwurf_bis_zur_einigung(neue_seite, anmelden, abmelden, e2e_welt):
    jahr, land_code = e2e_welt.jahr, e2e_welt.land
    seite = neue_seite()

    # 1. Land: Orientierungswerte und Entwürfe ------------------------------------------------
    anmelden(seite, "land-ni")
    seite.goto(f"/planung/{land_code}/{jahr}")
    expect(seite.get_by_role("heading", level=1)).to_have_text(f"Planung {jahr} – Niedersachsen")
    feld(seite, "Zieltyp", IQ).select_option(label=VERAENDERUNG)
    feld(seite, "Zielwert", IQ).fill("3,0")
    feld(seite, "Kommentar", IQ).fill("Landesweit angestrebte Steigerung.")
    feld(seite, "Zieltyp", LZB).select_option(label="Korridor der Veränderung")
    feld(seite, "Untergrenze der Veränderung in %", LZB).fill("-3,0")
    feld(seite, "Obergrenze der Veränderung in %", LZB).fill("-1,0")
    seite.get_by_role("button", name="Orientierungswerte speichern").click()
    expect(meldung(seite)).to_contain_text(f"Orientierungswerte {jahr}")
    expect(feld(seite, "Zielwert", IQ)).to_have_value("3,0")

    seite.get_by_role("button", name="Entwürfe erzeugen").click()
    expect(meldung(seite)).to_contain_text("Entw")
    abmelden(seite)

    # 2. Träger: Angebot ----------------------------------------------------------------------
    anmelden(seite, "traeger-03157")
    seite.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Verhandlungen"
    ).click()
    seite.get_by_role("link", name=f"Zielvereinbarung {jahr}").click()
    expect(seite.get_by_role("heading", level=1)).to_contain_text("Landkreis Peine")
    expect(stand(seite)).to_have_text("Entwurf")
    vereinbarung_url = seite.url
    seite.get_by_role("link", name="Angebot einreichen").click()
    expect(feld(seite, ANGEBOT, IQ)).to_have_value("3,0")  # vorbelegt aus dem Entwurf
    feld(seite, ANGEBOT, IQ).fill("2,5")
    seite.get_by_text(f"Kommentar zu {IQ}").click()  # aufklappen
    feld(seite, "Kommentar", IQ).fill("3,0 % sind bei unserer Arbeitsmarktlage nicht erreichbar.")
    seite.get_by_label("Kommentar zu dieser Revision").fill("Unser Angebot für 2027.")
    seite.get_by_role("button", name="Angebot einreichen").click()
    expect(seite).to_have_url(vereinbarung_url)
    expect(meldung(seite)).to_contain_text("Revision 2")
    expect(stand(seite)).to_have_text("Angebot eingereicht")
    abmelden(seite)

    # 3. Land: Gegenvorschlag (über die Landesübersicht) ------------------------------------
    anmelden(seite, "land-ni")
    seite.goto(f"/verhandlungen/{land_code}/{jahr}")
    seite.get_by_role("link", name=re.compile("Landkreis Peine")).first.click()
    expect(seite).to_have_url(vereinbarung_url)
    expect(stand(seite)).to_have_text("Angebot eingereicht")
    seite.get_by_role("link", name="Gegenvorschlag senden").click()
    expect(feld(seite, ANGEBOT, IQ)).to_have_value("2,5")
    # Der Kommentar des Trägers steht aufklappbar beim Zielindikator (das Kommentarfeld ist für
    # das Land leer).
    zeile = seite.get_by_role("row").filter(
        has=seite.get_by_role("rowheader", name=re.compile(re.escape(IQ)))
    )
    expect(zeile.get_by_role("rowheader")).to_contain_text("Revision 2 (Angebot): +2,5 %")
    zeile.get_by_text("Kommentar dazu").click()
    expect(
        zeile.get_by_text("3,0 % sind bei unserer Arbeitsmarktlage nicht erreichbar.")
    ).to_be_visible()
    seite.get_by_text(f"Kommentar zu {IQ}").click()
    expect(feld(seite, "Kommentar", IQ)).to_have_value("")
    feld(seite, ANGEBOT, IQ).fill("2,8")
    feld(seite, "Kommentar", IQ).fill("Kompromiss: 2,8 %.")
    seite.get_by_label("Kommentar zu dieser Revision").fill("Gegenvorschlag des Landes.")
    seite.get_by_role("button", name="Gegenvorschlag senden").click()
    expect(seite).to_have_url(vereinbarung_url)
    expect(meldung(seite)).to_contain_text("Revision 3")
    expect(stand(seite)).to_have_text("Gegenvorschlag des Landes")
    abmelden(seite)

    # 4. Träger: Annahme ----------------------------------------------------------------------
    anmelden(seite, "traeger-03157")
    seite.goto(vereinbarung_url)
    seite.get_by_role("link", name="Gegenvorschlag annehmen …").click()
    # Bestätigungsseite: die Werte, die eingefroren werden, dann das Passwort
    expect(seite.get_by_role("table", name=re.compile("Werte der Revision 3"))).to_contain_text(
        "2,8 %"
    )
    seite.get_by_label("Passwort").fill(DEMO_PASSWORT)
    seite.get_by_role("button", name=re.compile("Werte verbindlich vereinbaren")).click()
    expect(seite).to_have_url(vereinbarung_url)
    expect(stand(seite)).to_have_text("Einigung erzielt")
    expect(seite.get_by_role("main")).to_contain_text(
        "Vereinbart ist Revision 3; die Werte sind eingefroren."
    )
    expect(seite.get_by_role("link", name="Gegenvorschlag annehmen …")).to_have_count(0)
    expect(seite.get_by_role("link", name="Neues Angebot einreichen")).to_have_count(0)

    # 5. Verlauf und Vergleich ----------------------------------------------------------------
    verlauf = seite.get_by_role("table", name="Revisionen, neueste zuerst")
    zeilen = verlauf.locator("tbody tr")
    expect(zeilen).to_have_count(3)
    for zeile, (nummer, art) in zip(
        zeilen.all(), [("3", "Gegenvorschlag"), ("2", "Angebot"), ("1", "Entwurf")], strict=True
    ):
        expect(zeile.get_by_role("rowheader")).to_have_text(nummer)
        expect(zeile).to_contain_text(art)
    expect(verlauf).to_contain_text("Gegenvorschlag des Landes.")
    expect(verlauf).to_contain_text("Unser Angebot für 2027.")

    verlauf.get_by_role("link", name=re.compile(r"\(Revision 3\)")).click()
    ueberschrift = seite.get_by_role("heading", level=1)
    expect(ueberschrift).to_have_text("Vergleich: Revision 2 und Revision 3")
    gruppe = seite.locator("table.vergleich tbody").filter(
        has=seite.get_by_role("rowheader", name=IQ, exact=True)
    )
    ziel = gruppe.get_by_role("row").filter(
        has=seite.get_by_role("rowheader", name="Ziel", exact=True)
    )
    expect(ziel.locator("mark")).to_have_text("+2,8 %")
    expect(ziel).to_contain_text("+2,5 %")
    expect(ziel).to_contain_text("geändert")
    # Unveränderte Angaben sind nicht hervorgehoben (z. B. das Ziel der Integrationsquote Frauen).
    frauen = seite.locator("table.vergleich tbody").filter(
        has=seite.get_by_role("rowheader", name="Integrationsquote Frauen", exact=True)
    )
    expect(frauen.locator("mark")).to_have_count(0)
    expect(seite.get_by_role("status")).to_contain_text("1 Zielindikator geändert")

    # Zwei beliebige Revisionen: Entwurf (3,0) gegen die vereinbarte Revision (2,8).
    seite.get_by_label("Ältere Revision (links)").select_option("1")
    seite.get_by_label("Neuere Revision (rechts)").select_option("3")
    seite.get_by_role("button", name="Vergleichen").click()
    expect(seite).to_have_url(re.compile(r"/vergleich\?a=1&b=3$"))
    expect(ueberschrift).to_have_text("Vergleich: Revision 1 und Revision 3")
    ziel = (
        seite.locator("table.vergleich tbody")
        .filter(has=seite.get_by_role("rowheader", name=IQ, exact=True))
        .get_by_role("row")
        .filter(has=seite.get_by_role("rowheader", name="Ziel", exact=True))
    )
    expect(ziel).to_contain_text("+3,0 %")
    expect(ziel.locator("mark")).to_have_text("+2,8 %")

    # Datenbank: drei unveränderliche Revisionen, vereinbart ist die dritte mit 2,8 -------------
    with Session(engine_fuer(e2e_welt.url)) as s:
        v = s.exec(
            select(Zielvereinbarung).where(
                Zielvereinbarung.ags == "03157", Zielvereinbarung.jahr == jahr
            )
        ).one()
        revs = s.exec(
            select(Revision).where(Revision.vereinbarung_id == v.id).order_by(Revision.nummer)
        ).all()
        assert v.zustand == "einigung"
        assert [(r.nummer, r.art, r.autor) for r in revs] == [
            (1, "entwurf", "land-ni"),
            (2, "angebot", "traeger-03157"),
            (3, "gegenvorschlag", "land-ni"),
        ]
        assert v.vereinbarte_revision_id == revs[2].id
        iq = {
            r.nummer: s.exec(
                select(Zielwert).where(Zielwert.revision_id == r.id, Zielwert.zielindikator == "IQ")
            ).one()
            for r in revs
        }
        assert [iq[n].wert for n in (1, 2, 3)] == [D("3.0"), D("2.5"), D("2.8")]
        assert iq[2].kommentar == "3,0 % sind bei unserer Arbeitsmarktlage nicht erreichbar."
