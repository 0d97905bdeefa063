"""Nachhaltungsseite (Service), Zielnachhaltedialoge und Jahresabschluss gegen die echte
Datenbank; die Zahlen sind im Modulkopf von conftest.py von Hand gerechnet."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from tests.fixtures.nachhaltung import JETZT, LAND_SH, TRAEGER_NF, importiere
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.verhandlung import UnzulaessigerUebergang
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung
from zielvereinbarung.models import AuditEreignis, Jahresergebnis, Zielvereinbarung
from zielvereinbarung.models.vereinbarung import UnveraenderlichError
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.nachhaltung.bestaetigung import bestaetige_dialog
from zielvereinbarung.services.nachhaltung.dialoge import lege_dialog_an
from zielvereinbarung.services.nachhaltung.dialoginhalt import UngueltigerDialog
from zielvereinbarung.services.nachhaltung.jahresabschluss import schliesse_jahr_ab
from zielvereinbarung.services.nachhaltung.seite import NichtVerfuegbar, nachhaltung_lesen

LESER_NI = Akteur("leser.ni", "leser", land_code="NI")


def zeile(ansicht, code):
    return next(z for z in ansicht.zeilen if z.code == code)


def test_nachhaltungsseite_zeigt_die_von_hand_gerechneten_werte(session, vereinbarung):
    a = nachhaltung_lesen(session, vereinbarung, TRAEGER_NF, JETZT)
    assert a.monat == "2026-03" and a.monat_text == "März 2026"
    iq = zeile(a, "IQ")
    assert (iq.wert, iq.vorjahr, iq.veraenderung) == ("7,2 %", "7,5 %", "−4,0 %")
    assert (iq.basiswert, iq.zielniveau, iq.projektion) == ("30,00 %", "30,75 %", "28,8 %")
    assert iq.grad == "93,7 %" and iq.status == "kritisch" and iq.status_klasse == "schlecht"
    assert "Saisonfaktor" in iq.methode and iq.datenstand == "15.05.2026"
    assert iq.rang_land == "2 von 2 nach Wert" or "nach Zielerreichung" in iq.rang_land
    lzb = zeile(a, "LZB")
    assert (lzb.wert, lzb.zielniveau, lzb.status) == ("380", "392,0", "auf Kurs")
    assert zeile(a, "LLU").status == "ohne Ziel"
    assert zeile(a, "Q1").text == "Mehr Frauen in Arbeit"
    korridor = zeile(a, "IQ_LZB")
    # Basiswert 36 × 1.200 / 4.800 = 9 % → 9,09 % bis 9,36 %; Projektion 9 × 3 × 100 / 1.160
    # × 9 / 2,25 = 9,31 % (+3,4 %) liegt im Korridor
    assert korridor.korridor == "9,09 % bis 9,36 %; Projektion im Korridor (erreicht)"
    assert korridor.status == "auf Kurs"
    assert iq.diagramm.reihen[2][0] == "Zielpfad" and len(iq.diagramm.reihen[0][1]) == 12


def test_rang_im_land_nach_wert(session, vereinbarung):
    a = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT)
    iq = zeile(a, "IQ")
    # SH mit Daten: 01054 (7,2 %) und 01059 (66 × 3 × 100 / 6.000 = 9,9 %)
    assert "2 von 2 nach Wert" in iq.rang_land
    assert "1 von 1 nach Zielerreichung" in iq.rang_land


def test_nur_unterzeichnete_und_nur_sichtbare(session, vereinbarung):
    entwurf = session.exec(select(Zielvereinbarung).where(Zielvereinbarung.ags == "01059")).one()
    with pytest.raises(NichtVerfuegbar):
        nachhaltung_lesen(session, entwurf.id, LAND_SH, JETZT)
    with pytest.raises(KeineBerechtigung):
        nachhaltung_lesen(session, vereinbarung, LESER_NI, JETZT)
    with pytest.raises(FachlicherFehler):
        nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT, monat="2026-07")


def test_revidierte_daten_seit_dem_letzten_besuch(session, vereinbarung, welt_benutzer):
    erster = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT, benutzer_id=welt_benutzer)
    assert erster.neue_datenstaende == () and erster.neue_datenstaende_seit is None
    session.commit()
    spaeter = datetime(2026, 6, 20, tzinfo=UTC)
    importiere(
        session,
        von="2026-02",
        bis="2026-02",
        datenstand=date(2026, 6, 15),
        aenderung={("01054", "2026-02"): {"integrationen": 30}},
        jetzt=spaeter,
    )
    a = nachhaltung_lesen(session, vereinbarung, LAND_SH, spaeter, benutzer_id=welt_benutzer)
    assert a.neue_datenstaende_seit.startswith("seit Ihrem letzten Besuch am 20.05.2026")
    assert any(
        "2026-02 (gesamt), Datenstand 15.06.2026: integrationen 24 → 30" in r
        for r in a.neue_datenstaende
    )
    assert zeile(a, "IQ").wert == "7,8 %"  # (24 + 30 + 24) × 3 × 100 / 3.000


@pytest.fixture
def welt_benutzer(session) -> int:
    from zielvereinbarung.models import Benutzer

    b = Benutzer(
        benutzername="land.sh",
        name="Land SH",
        passwort_hash="x",
        rolle="land",
        land_code="SH",
        erstellt_am=JETZT,
    )
    session.add(b)
    session.commit()
    return b.id


def test_dialog_anlegen_pruefen_und_protokollieren(session, vereinbarung):
    with pytest.raises(UngueltigerDialog) as fehler:
        lege_dialog_an(
            session,
            vereinbarung,
            LAND_SH,
            JETZT,
            date(2027, 1, 1),
            "",
            "2026-13",
            {"XX": "?"},
            None,
        )
    felder = {f.feld for f in fehler.value.details}
    assert {"datum", "teilnehmende", "datenstand", "wuerdigung_XX"} <= felder
    with pytest.raises(KeineBerechtigung):
        lege_dialog_an(
            session,
            vereinbarung,
            Akteur("x", "leser", land_code="SH"),
            JETZT,
            date(2026, 5, 1),
            "A",
            "2026-03",
            {},
            "M",
        )
    d = lege_dialog_an(
        session,
        vereinbarung,
        TRAEGER_NF,
        JETZT,
        date(2026, 5, 12),
        "Frau A (Land), Herr B (Kreis)",
        "2026-03",
        {"IQ": "Rückstand durch Saisoneffekt", "Q1": "gut angelaufen"},
        "Zusätzliche Vermittlungsoffensive im Juni",
    )
    session.commit()
    a = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT)
    assert a.dialoge[0].datenstand == "Daten bis März 2026"
    assert (
        "Integrationsquote (Jahresfortschrittswert)",
        "Rückstand durch Saisoneffekt",
    ) in a.dialoge[0].wuerdigungen
    assert zeile(a, "IQ").wuerdigung == "Rückstand durch Saisoneffekt"
    audit = session.exec(
        select(AuditEreignis).where(AuditEreignis.aktion == "zielnachhaltedialog")
    ).one()
    assert audit.details["dialog"] == d.id and audit.akteur == "nf"
    bestaetige_dialog(session, vereinbarung, d.id, LAND_SH, JETZT)  # bestätigt: eingefroren
    d.massnahmen = "geändert"
    with pytest.raises(UnveraenderlichError):
        session.flush()
    session.rollback()


def test_jahresabschluss_erst_mit_dezember_und_friert_ein(session, vereinbarung):
    with pytest.raises(FachlicherFehler, match="Dezember 2026"):
        schliesse_jahr_ab(session, vereinbarung, LAND_SH, JETZT)
    session.rollback()
    importiere(
        session,
        von="2026-04",
        bis="2026-12",
        datenstand=date(2027, 3, 15),
        jetzt=datetime(2027, 3, 20, tzinfo=UTC),
    )
    session.commit()
    with pytest.raises(UnzulaessigerUebergang):
        schliesse_jahr_ab(session, vereinbarung, TRAEGER_NF, JETZT)
    session.rollback()
    ergebnis, zeilen = schliesse_jahr_ab(session, vereinbarung, LAND_SH, JETZT)
    session.commit()
    assert ergebnis.zustand == "abgeschlossen"
    iq = next(z for z in zeilen if z.zielindikator == "IQ")
    assert str(iq.wert) == "28.8" and iq.status == "verfehlt" and iq.datenstand == date(2027, 3, 15)
    assert session.exec(select(Jahresergebnis)).all().__len__() == len(zeilen) == 8
    # Wiederholung: nichts doppelt
    zweiter, neu = schliesse_jahr_ab(session, vereinbarung, LAND_SH, JETZT)
    assert neu == [] and not zweiter.neu
    a = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT)
    assert a.monat == "2026-12" and zeile(a, "IQ").status == "verfehlt"
    assert any(j.status == "verfehlt" and j.wert == "28,8 %" for j in a.jahresergebnisse)


def test_seite_und_bericht_zeigen_dieselben_zahlen(session, vereinbarung):
    from zielvereinbarung.services.berichte.planung import plane_berichte

    lege_dialog_an(
        session,
        vereinbarung,
        LAND_SH,
        JETZT,
        date(2026, 5, 2),
        "A, B",
        "2026-03",
        {"LZB": "auf gutem Weg"},
        None,
    )
    seite = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT)
    plan = plane_berichte(session, "2026-03", ags="01054")
    (auftrag,) = plan.auftraege
    assert auftrag.modell.zeilen == seite.zeilen  # gleiche Werte, Ränge, Diagrammdaten
    assert auftrag.modell.dialoge == seite.dialoge


def test_liste_der_nachhaltung_je_bereich(session, vereinbarung):
    from zielvereinbarung.services.nachhaltung.seite import nachhaltung_liste

    assert [z.ags for z in nachhaltung_liste(session, LAND_SH)] == ["01054"]
    assert [z.ags for z in nachhaltung_liste(session, TRAEGER_NF)] == ["01054"]
    assert nachhaltung_liste(session, LESER_NI) == []
    assert nachhaltung_liste(session, Akteur("sl", "traeger", traeger_ags="01059")) == []


def test_bestand_und_summe_nach_veraenderung_gereiht(session, vereinbarung):
    """Issue 9: LZB (Personen) und LLU (Euro) nicht nach absoluten Zahlen reihen – ein großer
    Kreis stünde sonst immer hinten. 01059 (doppelt so groß) senkt seinen LZB-Bestand 2026 auf
    700 (−12,5 %), 01054 auf 380 (−5,0 %): nach Wert wäre 01054 vorn, nach Veränderung 01059."""
    weniger = {("01059", f"2026-0{m}"): {"lzb": 700} for m in (1, 2, 3)}
    importiere(session, von="2026-01", datenstand=date(2026, 5, 16), aenderung=weniger)
    a = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT)
    lzb = zeile(a, "LZB")
    assert lzb.rang_land == (
        "1 von 1 nach Zielerreichung; 2 von 2 nach Veränderung zum Vorjahreszeitraum"
    )
    # LLU ohne Ziel: nur der Rang nach Veränderung (beide −10,0 %: geteilter erster Platz)
    assert zeile(a, "LLU").rang_land == "1 von 2 nach Veränderung zum Vorjahreszeitraum"
    # Quoten weiter nach Wert
    assert "nach Wert" in zeile(a, "IQ").rang_land


def test_gruende_nennen_den_teil_deutsch(session, vereinbarung):
    """Issue 9.9: „Vorjahreszeitraum: Wert „Integrationen“ (integrationen) für Februar 2025 nicht
    gemeldet“ statt „vorjahr: Wert „integrationen“ für 2025-02 …“."""
    luecke = b"ags,monat,datenstand,integrationen\n01054,2025-02,2026-05-18,\n"  # Teilkorrektur
    importiere_basiszahlen(session, "luecke.csv", luecke, "test", JETZT)
    a = nachhaltung_lesen(session, vereinbarung, TRAEGER_NF, JETZT)
    hinweise = [h for z in a.zeilen for h in z.hinweise]
    assert (
        "Vorjahreszeitraum: Wert „Integrationen“ (integrationen) für Februar 2025 nicht gemeldet"
        in hinweise
    ), hinweise
    for h in hinweise:
        teil = h.split(":", 1)[0]
        assert teil in {"Wert", "Vorjahreszeitraum", "Veränderung", "Projektion", "Zielniveau"}, h
        assert not re.search(r"\b20\d\d-\d\d\b", h), h
