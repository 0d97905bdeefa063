"""Cockpit der Nachhaltung (Service): Raster Träger × Zielindikator, Landeszeile, Berechtigung,
Auswahl und Sortierung, feste Zahl von Abfragen. Daten aus conftest.py (SH: 01054 unterzeichnet,
01059 im Entwurf oder – `beide` – ebenfalls unterzeichnet); Zahlen im Kopf von conftest.py und
von tests/unit/test_gruppenstand.py von Hand gerechnet."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import event
from sqlmodel import select

from tests.fixtures.nachhaltung import JETZT, LAND_SH, TRAEGER_NF
from zielvereinbarung.demo.vereinbarungen import unterzeichne
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from zielvereinbarung.models import Zielvereinbarung
from zielvereinbarung.services.nachhaltung.cockpit import ALLE, lade_cockpit
from zielvereinbarung.services.nachhaltung.cockpit_auswahl import Auswahl, tabelle, waehle
from zielvereinbarung.services.nachhaltung.seite import nachhaltung_lesen

ADMIN = Akteur("admin", "admin")
LAND_NI = Akteur("land.ni", "land", land_code="NI")
LESER_SH = Akteur("leser.sh", "leser", land_code="SH")


@pytest.fixture
def beide(session, vereinbarung) -> dict[str, int]:
    """Auch 01059 unterzeichnet (Angebot = Entwurf: IQ +2,5 %, LZB −2 %)."""
    ids = dict(session.exec(select(Zielvereinbarung.ags, Zielvereinbarung.id)).all())
    unterzeichne(session, ids["01059"], JETZT)
    session.commit()
    return ids


def zelle(zeile, code):
    return next(z for z in zeile.zellen if z.code == code)


def test_zellen_gleichen_der_nachhaltungsseite_des_traegers(session, vereinbarung):
    c = lade_cockpit(session, LAND_SH, "SH", 2026)
    seite = nachhaltung_lesen(session, vereinbarung, TRAEGER_NF, JETZT)
    nf = next(z for z in c.zeilen if z.ags == "01054")
    assert nf.unterzeichnet and nf.vereinbarung_id == vereinbarung and nf.zustand == "unterzeichnet"
    for s in seite.zeilen:
        if s.zieltyp == "qualitativ":
            continue
        x = zelle(nf, s.code)
        assert (x.wert_text, x.projektion_text, x.grad_text) == (s.wert, s.projektion, s.grad)
        assert x.zielniveau_text == s.zielniveau
        assert x.status_text == (s.status if s.status != "ohne Ziel" else "Monitoring")
    iq = zelle(nf, "IQ")  # von Hand: 7,2 %, Ziel 30,75 %, Projektion 28,8 %, 93,66 %
    assert (iq.wert, iq.zielniveau, iq.projektion) == (D("7.2"), D("30.75"), D("28.8"))
    assert (iq.status, iq.klasse, iq.symbol, iq.ziel) == ("kritisch", "schlecht", "✗", "+2,5 %")
    assert c.daten_bis == "Daten bis März 2026" and c.datenstand == "15.05.2026"
    assert c.monate == ("2026-01", "2026-02", "2026-03")


def test_traeger_ohne_unterzeichnung_zeigt_werte_ohne_ziel(session, vereinbarung):
    c = lade_cockpit(session, LAND_SH, "SH", 2026)
    sf = next(z for z in c.zeilen if z.ags == "01059")
    assert sf.zustand == "in Verhandlung (Entwurf)" and not sf.unterzeichnet
    iq = zelle(sf, "IQ")
    assert iq.wert == D("9.9") and iq.status is None and iq.status_text == "ohne Ziel"
    land = c.landeszeilen[0]
    assert land.name == "Schleswig-Holstein" and land.mitglieder == 2
    liq = zelle(land, "IQ")
    assert liq.wert == D(9) and liq.zielniveau is None and liq.status_text == "kein Landesziel"
    assert "1 von 2" in liq.hinweis


def test_landeszeile_mit_landesziel_aus_den_traegerzielen(session, beide):
    c = lade_cockpit(session, LAND_SH, "SH", 2026, "2026-03")
    land = c.landeszeilen[0]
    iq, lzb = zelle(land, "IQ"), zelle(land, "LZB")
    assert (iq.wert, iq.zielniveau, iq.projektion) == (D(9), D("34.85"), D(36))
    assert iq.status == "auf Kurs" and iq.grad_text == "103,3 %"
    assert iq.ziel == "aus den Trägerzielen" and iq.hinweis.startswith("2 von 2 Trägern")
    assert (lzb.wert, lzb.zielniveau, lzb.status) == (D(1140), D(1176), "auf Kurs")
    assert zelle(land, "LLU").status_text == "ohne Ziel"


def test_berechtigung_und_unbekanntes(session, vereinbarung):
    assert lade_cockpit(session, LESER_SH, "SH", 2026).land_name == "Schleswig-Holstein"
    for akteur, land in ((LAND_NI, "SH"), (TRAEGER_NF, "SH"), (LAND_SH, ALLE), (LESER_SH, ALLE)):
        with pytest.raises(KeineBerechtigung):
            lade_cockpit(session, akteur, land, 2026)
    with pytest.raises(NichtGefunden):
        lade_cockpit(session, ADMIN, "XX", 2026)
    with pytest.raises(FachlicherFehler, match="wählbar: Januar 2026, Februar 2026, März 2026"):
        lade_cockpit(session, LAND_SH, "SH", 2026, "2026-07")


def test_ohne_daten_im_jahr_nur_stand_der_vereinbarungen(session, vereinbarung):
    c = lade_cockpit(session, LAND_SH, "SH", 2027)
    assert c.monat is None and c.daten_bis == "noch keine Daten für 2027"
    assert [z.zustand for z in c.zeilen] == ["keine Vereinbarung"] * 2
    assert c.landeszeilen == ()


def test_alle_laender_fuer_die_administration(session, beide):
    c = lade_cockpit(session, ADMIN, ALLE, 2026)
    assert c.land_name == "alle Länder" and len(c.zeilen) == 104  # alle zkT
    namen = [z.name for z in c.landeszeilen]
    assert namen[-1] == "Alle Länder" and "Schleswig-Holstein" in namen
    sh = next(z for z in c.landeszeilen if z.land_code == "SH")
    assert zelle(sh, "IQ").zielniveau == D("34.85")
    # Länder ohne Daten haben Zeilen, aber keine Werte
    by = next(z for z in c.zeilen if z.land_code == "BY")
    assert zelle(by, "IQ").wert is None


def test_feste_zahl_von_abfragen_unabhaengig_von_der_zahl_der_traeger(session, engine, beide):
    zaehler = []

    def zaehle(*_args):
        zaehler.append(1)

    lade_cockpit(session, LAND_SH, "SH", 2026)  # Sitzung und Transaktion stehen
    event.listen(engine, "before_cursor_execute", zaehle)
    try:
        lade_cockpit(session, LAND_SH, "SH", 2026)
        eins = len(zaehler)
        zaehler.clear()
        lade_cockpit(session, ADMIN, ALLE, 2026)
        alle = len(zaehler)
    finally:
        event.remove(engine, "before_cursor_execute", zaehle)
    assert eins == alle == 12  # 2 bzw. 104 Träger: dieselben Abfragen


def test_auswahl_filter_suche_und_sortierung(session, beide):
    c = lade_cockpit(session, LAND_SH, "SH", 2026)

    def ags(**werte):
        return [z.ags for z in waehle(c, Auswahl.aus_parametern(werte))]

    assert ags() == ["01054", "01059"]  # Nordfriesland vor Schleswig-Flensburg
    assert ags(suche="schleswig") == ["01059"] and ags(suche="0105") == ["01054", "01059"]
    assert ags(suche="01054") == ["01054"] and ags(suche="Köln") == []
    assert ags(status="schlecht") == ["01054"]  # IQ kritisch
    assert ags(status="gut") == ["01059"] and ags(status="ohne") == []
    assert ags(sort="IQ") == ["01054", "01059"]  # schlechteste Zielerreichung zuerst
    assert ags(sort="IQ", richtung="ab") == ["01059", "01054"]
    assert ags(sort="lage") == ["01054", "01059"]  # die meisten kritischen Ziele zuerst
    assert ags(sort="ags", richtung="ab") == ["01059", "01054"]
    assert ags(sort="unsinn", richtung="quer", status="x", vergleichstyp="VT-9") == []
    assert Auswahl.aus_parametern({"sort": "unsinn"}).sort == "name"


def test_tabelle_als_einfache_werte_fuer_den_export(session, beide):
    c = lade_cockpit(session, LAND_SH, "SH", 2026)
    t = tabelle(c, waehle(c, Auswahl()))
    assert t.spalten[:5] == ("Träger", "Kreisschlüssel", "Land", "Vergleichstyp", "Vereinbarung")
    i = t.spalten.index("Integrationsquote (Jahresfortschrittswert): Wert (%)")
    assert t.spalten[i + 1 : i + 6] == tuple(
        f"Integrationsquote (Jahresfortschrittswert): {s}"
        for s in (
            "Ziel",
            "Zielniveau (%)",
            "Projektion Dezember (%)",
            "Zielerreichung (%)",
            "Status",
        )
    )
    assert "Durchschnittlicher Bestand an LZB: Wert (Personen)" in t.spalten
    assert "Summe der Leistungen zum Lebensunterhalt: Wert (EUR)" in t.spalten
    nf, sf, land = t.zeilen
    assert nf[:5] == ("Kreis Nordfriesland", "01054", "SH", None, "unterzeichnet")
    assert nf[i] == D("7.2") and nf[i + 5] == "kritisch"
    assert land[0] == "Schleswig-Holstein (Aggregat)" and land[i + 2] == D("34.85")
