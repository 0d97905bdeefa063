"""Budgetrahmen im Browser (DOMAIN.md § 10, Test-Client mit echter Anmeldung): das Land erfasst ihn
im Entwurf, der Träger sieht ihn; Nachhaltung, Dialog und Fortschrittsbericht zeigen Budget,
Ausgaben, Anteil und Projektion mit Methode.

Von Hand gerechnet (01054, 2026, Daten bis März):
- Eingliederung: Budget 1.200.000,00 €, Jan–Mär je 100.000,00 € = 300.000,00 € → 25,0 %;
  kein vollständiges Vorjahr → linear 300.000 × 12 / 3 = 1.200.000,00 € (100,0 %).
- Verwaltung: Budget 240.000,00 €, 2025: Jan–Mär je 10.000 €, Apr–Dez je 20.000 € (Jahr
  210.000 €, bis März 30.000 €); 2026 Jan–Mär je 12.000 € = 36.000,00 € → 15,0 %;
  Saisonmuster 36.000 × 210.000 / 30.000 = 252.000,00 € (105,0 %).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import Session, func, select

from zielvereinbarung.demo.vereinbarungen import unterzeichne_land
from zielvereinbarung.domain.basiszahlen import monat_index, monat_text
from zielvereinbarung.models import Budgetrahmen
from zielvereinbarung.services.basiszahlen import importvorgang
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.budget.rahmen import Budgetwerte, schreibe

JETZT = datetime(2026, 5, 20, tzinfo=UTC)


def _basiszahlen() -> bytes:
    zeilen = ["ags,monat,datenstand,elb,integrationen,lzb,llu"]
    for ags in ("01054", "01059", "03157"):
        for m in range(monat_index("2024-12"), monat_index("2026-03") + 1):
            zeilen.append(f"{ags},{monat_text(m)},2026-05-15,1000,25,400,10000.00")
    return ("\n".join(zeilen) + "\n").encode()


def _ausgaben() -> bytes:
    zeilen = ["ags;monat;datenstand;ausgaben_eingliederung;ausgaben_verwaltung"]
    for m in range(1, 13):
        zeilen.append(f"01054;2025-{m:02d};2026-01-20;;{'10000,00' if m <= 3 else '20000'}")
    for m in range(1, 4):
        zeilen.append(f"01054;2026-{m:02d};2026-04-20;100000,00;12000,00")
    return ("\n".join(zeilen) + "\n").encode()


@pytest.fixture
def mit_budget(welt, engine) -> dict[str, int]:
    """Unterzeichnete Vereinbarungen 2026 in SH und NI; 01054 mit Budget und Ausgaben."""
    with Session(engine) as session:
        importiere_basiszahlen(session, "basis.csv", _basiszahlen(), "test", JETZT)
        session.commit()
        ids = {}
        for land in ("SH", "NI"):
            ids.update(unterzeichne_land(session, land, 2026, JETZT))
            session.commit()
        schreibe(
            session, "01054", 2026, Budgetwerte(120_000_000, 24_000_000), "land-sh", JETZT, "demo"
        )
        importvorgang.importiere(
            session, "ausgaben.csv", _ausgaben(), "land-sh", JETZT,
            bereich=importvorgang.importbereich(session, None),
        )  # fmt: skip
        session.commit()
    return ids


def _ohne_leerraum(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


ERWARTET = (
    "Budget 2026: Eingliederungs- und Verwaltungsmittel",
    "Ausgaben Januar bis März 2026 (Datenstand 20.04.2026)",
    "Eingliederungsmittel 1.200.000,00 € 300.000,00 € 25,0 % 1.200.000,00 € 100,0 % linear",
    "Verwaltungsmittel 240.000,00 € 36.000,00 € 15,0 % 252.000,00 € 105,0 % "
    "Saisonmuster des Vorjahres",
    "linear aus dem Monatsdurchschnitt bis jetzt",
)


@pytest.mark.parametrize("rolle", ["land", "traeger", "leser"])
def test_nachhaltung_zeigt_budget_anteil_und_projektion(client_als, mit_budget, rolle):
    seite = client_als(rolle).get(f"/vereinbarungen/{mit_budget['01054']}/nachhaltung")
    assert seite.status_code == 200
    text = _ohne_leerraum(seite.get_data(as_text=True))
    for erwartet in ERWARTET:
        assert erwartet in text, erwartet


def test_ohne_budget_und_ausgaben_kein_abschnitt(client_als, mit_budget):
    seite = client_als("land").get(f"/vereinbarungen/{mit_budget['01059']}/nachhaltung")
    assert seite.status_code == 200 and "Verwaltungsmittel" not in seite.get_data(as_text=True)


def test_fremder_traeger_sieht_das_budget_nicht(client_als, mit_budget):
    antwort = client_als("traeger-03157").get(f"/vereinbarungen/{mit_budget['01054']}/nachhaltung")
    assert antwort.status_code == 403


def test_dialog_zeigt_budget_zum_datenstand(client_als, mit_budget):
    seite = client_als("land").get(
        f"/vereinbarungen/{mit_budget['01054']}/nachhaltung/dialog?monat=2026-02"
    )
    text = _ohne_leerraum(seite.get_data(as_text=True))
    # bis Februar: 200.000 € (linear 1.200.000 €), Verwaltung 24.000 × 210.000 / 20.000
    assert "Ausgaben Januar bis Februar 2026" in text
    assert "Eingliederungsmittel 1.200.000,00 € 200.000,00 € 16,7 % 1.200.000,00 €" in text
    assert "Verwaltungsmittel 240.000,00 € 24.000,00 € 10,0 % 252.000,00 €" in text


def test_fortschrittsbericht_enthaelt_budget(engine, mit_budget):
    from zielvereinbarung.documents.bericht import rendere
    from zielvereinbarung.services.berichte.planung import plane_berichte

    with Session(engine) as session:
        plan = plane_berichte(session, "2026-03", ags="01054")
    (auftrag,) = [a for a in plan.auftraege if a.ags == "01054"]
    assert auftrag.modell.budget is not None
    pdf = rendere(auftrag.modell)
    text = " ".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Budget 2026: Eingliederungs- und Verwaltungsmittel" in text
    assert "252.000,00 €" in text and "Saisonmuster des Vorjahres" in text


# ------------------------------------------------------------------ Erfassen im Entwurf


def _post(client, csrf_token, vid, **daten):
    token = csrf_token(client, f"/vereinbarungen/{vid}")
    return client.post(f"/vereinbarungen/{vid}/budget", data={"csrf_token": token, **daten})


def _anzahl(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Budgetrahmen)).one()


def test_land_erfasst_traeger_sieht(client_als, csrf_token, entwuerfe_sh, engine):
    vid = entwuerfe_sh["01054"]
    land = client_als("land")
    assert land.get(f"/vereinbarungen/{vid}/budget").status_code == 200
    antwort = _post(land, csrf_token, vid, eingliederung="12.345.678,90", verwaltung="4.567.890")
    assert antwort.status_code == 302
    for rolle in ("land", "traeger"):
        text = _ohne_leerraum(
            client_als(rolle).get(f"/vereinbarungen/{vid}").get_data(as_text=True)
        )
        assert "Eingliederungsmittel 12.345.678,90 €" in text
        assert "Verwaltungsmittel 4.567.890,00 €" in text
    with Session(engine) as session:
        (b,) = session.exec(select(Budgetrahmen)).all()
        assert (b.eingliederung, b.verwaltung, b.quelle) == (1_234_567_890, 456_789_000, "formular")
    # gleiche Werte noch einmal: keine neue Fassung
    _post(land, csrf_token, vid, eingliederung="12.345.678,90", verwaltung="4.567.890,00")
    assert _anzahl(engine) == 1


@pytest.mark.parametrize(
    "eingabe, meldung",
    [
        ("12,345", "Höchstens zwei Nachkommastellen"),
        ("-5", "nicht negativ"),
        ("1e5", "keine Zahl im deutschen Format"),
        ("", "Bitte eine Zahl eingeben"),
    ],
)
def test_ungueltige_betraege(client_als, csrf_token, entwuerfe_sh, engine, eingabe, meldung):
    antwort = _post(
        client_als("land"), csrf_token, entwuerfe_sh["01054"], eingliederung=eingabe, verwaltung="1"
    )
    assert antwort.status_code == 422 and meldung in antwort.get_data(as_text=True)
    assert _anzahl(engine) == 0


@pytest.mark.parametrize("rolle", ["traeger", "leser", "land-ni"])
def test_nur_das_eigene_land_erfasst(client_als, csrf_token, entwuerfe_sh, engine, rolle):
    client = client_als(rolle)
    vid = entwuerfe_sh["01054"]
    assert client.get(f"/vereinbarungen/{vid}/budget").status_code == 403
    token = csrf_token(client, "/")
    antwort = client.post(
        f"/vereinbarungen/{vid}/budget",
        data={"csrf_token": token, "eingliederung": "1", "verwaltung": "1"},
    )
    assert antwort.status_code == 403 and _anzahl(engine) == 0


def test_nach_der_einigung_gesperrt(client_als, csrf_token, einigung, engine):
    land = client_als("land")
    antwort = _post(land, csrf_token, einigung, eingliederung="1", verwaltung="1")
    assert antwort.status_code == 302 and _anzahl(engine) == 0
    seite = land.get(f"/vereinbarungen/{einigung}").get_data(as_text=True)
    assert "lässt sich nicht mehr ändern" in seite
    assert f"/vereinbarungen/{einigung}/budget" not in seite


def test_jeder_dialog_nennt_das_budget_zu_seinem_datenstand(client_als, mit_budget, engine):
    from zielvereinbarung.domain.berechtigung import Akteur
    from zielvereinbarung.services.nachhaltung.dialoge import lege_dialog_an

    with Session(engine) as session:
        lege_dialog_an(
            session, mit_budget["01054"], Akteur("land-sh", "land", land_code="SH"), JETZT,
            JETZT.date(), "Frau A (Land), Herr B (Jobcenter)", "2026-02", {"IQ": "gut"}, "",
        )  # fmt: skip
        session.commit()
    text = _ohne_leerraum(
        client_als("traeger")
        .get(f"/vereinbarungen/{mit_budget['01054']}/nachhaltung")
        .get_data(as_text=True)
    )
    # bis Februar: 200.000 von 1,2 Mio. € = 16,7 %, projiziert 100,0 % (linear);
    # Verwaltung 24.000 von 240.000 € = 10,0 %, projiziert 252.000 € = 105,0 % (saisonal)
    assert (
        "Budget (Januar bis Februar 2026): Eingliederungsmittel 16,7 % ausgegeben, projiziert "
        "100,0 % (linear); Verwaltungsmittel 10,0 % ausgegeben, projiziert 105,0 % "
        "(Saisonmuster des Vorjahres)"
    ) in text


# ------------------------------------------------------------------ Ausgaben im Browser-Import


def test_ausgaben_im_browser_vorschau_dann_import(client_als, csrf_token, welt, engine):
    from tests.web.test_import_seiten import bestaetigen, hochladen, vorgang
    from zielvereinbarung.models import Ausgabe

    client = client_als("land")
    inhalt = b"ags;monat;datenstand;ausgaben_eingliederung\n01054;2026-01;2026-02-15;1234,5\n"
    vorschau = hochladen(client, csrf_token, inhalt, "ausgaben.csv").get_data(as_text=True)
    text = _ohne_leerraum(vorschau)
    assert "Ausgaben neu 1" in text and "Ausgaben: ausgaben_eingliederung" in text
    assert "1.234,50 €" in text  # die Zeile der Vorschau, als Euro
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Ausgabe)).one() == 0
    ergebnis = bestaetigen(client, csrf_token, vorgang(vorschau)).get_data(as_text=True)
    assert "Ausgaben: 1 neu" in _ohne_leerraum(ergebnis)
    with Session(engine) as session:
        (a,) = session.exec(select(Ausgabe)).all()
        assert (a.ags, a.monat, a.eingliederung, a.verwaltung) == (
            "01054",
            "2026-01",
            123_450,
            None,
        )
    # fremdes Land: Zeilenfehler in der Spalte ags, nichts geschrieben
    fremd = b"ags,monat,ausgaben_eingliederung\n03157,2026-01,5\n"
    abgelehnt = _ohne_leerraum(hochladen(client, csrf_token, fremd).get_data(as_text=True))
    assert "Zeile 2, Spalte A (ags)" in abgelehnt and "gehört nicht zu Ihrem Land" in abgelehnt
