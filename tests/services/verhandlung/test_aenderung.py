"""Änderungsvereinbarungen (DOMAIN.md § 8) gegen die echte Datenbank: anlegen (nur das Land,
nur für unterzeichnete Originale, nummeriert), verhandeln und unterzeichnen wie jede
Vereinbarung; ab der Unterzeichnung gelten die geänderten Ziele in Nachhaltung, Cockpit und
Jahresabschluss. Zahlen aus tests/fixtures/nachhaltung.py: 01054 IQ Basiswert 30 %, Ziel +2,5 %
(30,75 %), Projektion März 28,8 % → 93,7 % „kritisch“; geändert auf −5 % → Zielniveau 28,5 %,
28,8 / 28,5 = 101,1 % „auf Kurs“."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlmodel import select

from tests.fixtures.nachhaltung import JETZT, LAND_SH, TRAEGER_NF, importiere
from zielvereinbarung.demo.vereinbarungen import unterzeichne
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.verhandlung import UnzulaessigerUebergang
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung
from zielvereinbarung.models import AuditEreignis, Zielvereinbarung
from zielvereinbarung.services.nachhaltung.cockpit import lade_cockpit
from zielvereinbarung.services.nachhaltung.jahresabschluss import schliesse_jahr_ab
from zielvereinbarung.services.nachhaltung.seite import nachhaltung_lesen
from zielvereinbarung.services.verhandlung.aenderung import lege_aenderung_an, rege_aenderung_an
from zielvereinbarung.services.verhandlung.geltende_ziele import geltende_ziele_von
from zielvereinbarung.services.verhandlung.lesen import letzte_revision, vereinbarung_lesen
from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein
from zielvereinbarung.services.verhandlung.zustaende import wechsle_zustand

SPAETER = JETZT + timedelta(days=30)
LAND_NI = Akteur("land.ni", "land", land_code="NI")
TRAEGER_SL = Akteur("sl", "traeger", traeger_ags="01059")


def iq(ansicht):
    return next(z for z in ansicht.zeilen if z.code == "IQ")


def mit_iq(session, vid: int, wert: str):
    v = session.get(Zielvereinbarung, vid)
    return [
        replace(x, wert=D(wert), kommentar=None) if x.zielindikator == "IQ" else x
        for x in letzte_revision(session, v).vorgaben()
    ]


def test_aenderung_aendert_status_erst_mit_unterzeichnung(session, vereinbarung):
    vorher = iq(nachhaltung_lesen(session, vereinbarung, LAND_SH, SPAETER))
    assert (vorher.zielniveau, vorher.status, vorher.geaendert) == ("30,75 %", "kritisch", None)

    a = lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER, "Arbeitsmarkt bricht ein")
    assert (a.nummer, a.neu) == (1, True)
    aenderung = session.get(Zielvereinbarung, a.vereinbarung_id)
    assert (aenderung.aenderung_von_id, aenderung.aenderung_nr, aenderung.zustand) == (
        vereinbarung,
        1,
        "entwurf",
    )
    # der Entwurf beginnt mit den geltenden Zielen, samt Basiswert
    entwurf = letzte_revision(session, aenderung)
    assert {z.zielindikator: (z.wert, z.basiswert) for z in entwurf.zielwerte}["IQ"] == (
        D("2.5"),
        D(30),
    )
    reiche_angebot_ein(session, aenderung.id, 1, mit_iq(session, aenderung.id, "-5"), None,
                       TRAEGER_NF, SPAETER)  # fmt: skip
    nimm_an(session, aenderung.id, 2, LAND_SH, SPAETER)
    wechsle_zustand(session, aenderung.id, "unterzeichnen", TRAEGER_NF, SPAETER)
    # in Verhandlung (auch vom Träger schon unterzeichnet) ändert sich nichts
    assert iq(nachhaltung_lesen(session, vereinbarung, LAND_SH, SPAETER)).status == "kritisch"

    wechsle_zustand(session, aenderung.id, "gegenzeichnen", LAND_SH, SPAETER)
    # danach ist niemand am Zug (kein Jahresabschluss einer Änderung, keine Aufgabe dafür)
    assert session.get(Zielvereinbarung, aenderung.id).am_zug is None
    nachher = iq(nachhaltung_lesen(session, vereinbarung, LAND_SH, SPAETER))
    assert (nachher.ziel, nachher.zielniveau, nachher.grad, nachher.status) == (
        "−5,0 %",
        "28,50 %",
        "101,1 %",
        "auf Kurs",
    )
    am = SPAETER.strftime("%d.%m.%Y")
    assert nachher.geaendert == f"geändert durch Änderungsvereinbarung Nr. 1 vom {am}"
    # unveränderte Ziele nennen keine Änderung; das Original bleibt wie unterzeichnet
    lzb = next(z for z in nachhaltung_lesen(session, vereinbarung, LAND_SH, SPAETER).zeilen
               if z.code == "LZB")  # fmt: skip
    assert lzb.geaendert is None and lzb.zielniveau == "392,0"
    original = vereinbarung_lesen(session, vereinbarung, LAND_SH)
    assert {z.zielindikator: z.wert for z in original.vereinbarte_revision.zielwerte}["IQ"] == D(
        "2.5"
    )
    # das Cockpit zeigt dasselbe
    cockpit = lade_cockpit(session, LAND_SH, "SH", 2026)
    zelle = next(z for z in cockpit.zeilen if z.ags == "01054").zellen[1]
    assert zelle.code == "IQ" and zelle.status == "auf Kurs"
    assert "Änderungsvereinbarung Nr. 1" in zelle.hinweis
    # vor der Unterzeichnung (Zeitpunkt) galt das Original
    frueher = geltende_ziele_von(session, session.get(Zielvereinbarung, vereinbarung), JETZT)
    assert {z.zielindikator: z.wert for z in frueher.ziele}["IQ"] == D("2.5")
    assert frueher.geaendert == {}


def test_jahresabschluss_mit_geaenderten_zielen(session, vereinbarung):
    unterzeichnet = lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER)
    unterzeichne(session, unterzeichnet.vereinbarung_id, SPAETER,
                 mit_iq(session, unterzeichnet.vereinbarung_id, "-5"))  # fmt: skip
    importiere(session, von="2026-04", bis="2026-12", datenstand=date(2027, 3, 15),
               jetzt=datetime(2027, 3, 20, tzinfo=UTC))  # fmt: skip
    # eine Änderung in Verhandlung hält den Jahresabschluss auf
    offen = lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER)
    assert offen.nummer == 2
    with pytest.raises(FachlicherFehler, match="Nr. 2 ist noch nicht unterzeichnet"):
        schliesse_jahr_ab(session, vereinbarung, LAND_SH, SPAETER)
    unterzeichne(session, offen.vereinbarung_id, SPAETER + timedelta(days=1))  # unverändert
    with pytest.raises(UnzulaessigerUebergang, match="keinen eigenen Jahresabschluss"):
        wechsle_zustand(session, offen.vereinbarung_id, "jahresabschluss", LAND_SH, SPAETER)

    _, zeilen = schliesse_jahr_ab(session, vereinbarung, LAND_SH, SPAETER)
    ergebnis = next(z for z in zeilen if z.zielindikator == "IQ")
    # Dezember 28,8 % gegen das geänderte Zielniveau 28,5 % (ursprünglich 30,75 %: verfehlt)
    assert (str(ergebnis.wert), str(ergebnis.zielniveau), ergebnis.status) == (
        "28.8",
        "28.5",
        "erreicht",
    )
    assert ergebnis.aenderung.startswith("geändert durch Änderungsvereinbarung Nr. 1 vom ")
    # Nr. 2 änderte nichts: kein Ziel nennt sie
    assert all("Nr. 2" not in (z.aenderung or "") for z in zeilen)
    ansicht = nachhaltung_lesen(session, vereinbarung, LAND_SH, SPAETER)
    assert next(j for j in ansicht.jahresergebnisse if j.bezeichnung.startswith("Integrations")
                ).aenderung == ergebnis.aenderung  # fmt: skip
    # nach dem Abschluss keine Änderung mehr
    with pytest.raises(FachlicherFehler, match="abgeschlossen"):
        lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER)


def test_nummerierung_und_nur_eine_offene(session, vereinbarung):
    erste = lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER)
    # Doppelklick: dieselbe, nichts doppelt
    nochmal = lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER)
    assert (nochmal.vereinbarung_id, nochmal.neu) == (erste.vereinbarung_id, False)
    vorgaben = mit_iq(session, erste.vereinbarung_id, "1")
    reiche_angebot_ein(session, erste.vereinbarung_id, 1, vorgaben, None, TRAEGER_NF, SPAETER)
    with pytest.raises(FachlicherFehler, match="Nr. 1 ist noch nicht unterzeichnet"):
        lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER)
    nimm_an(session, erste.vereinbarung_id, 2, LAND_SH, SPAETER)
    wechsle_zustand(session, erste.vereinbarung_id, "unterzeichnen", TRAEGER_NF, SPAETER)
    wechsle_zustand(session, erste.vereinbarung_id, "gegenzeichnen", LAND_SH, SPAETER)
    zweite = lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER + timedelta(days=1))
    assert zweite.nummer == 2
    # Nr. 2 beginnt mit den durch Nr. 1 geänderten Zielen
    v2 = session.get(Zielvereinbarung, zweite.vereinbarung_id)
    assert {z.zielindikator: z.wert for z in letzte_revision(session, v2).zielwerte}["IQ"] == D(1)
    unterzeichne(session, v2.id, SPAETER + timedelta(days=2), mit_iq(session, v2.id, "-1"))
    g = geltende_ziele_von(session, session.get(Zielvereinbarung, vereinbarung))
    assert {z.zielindikator: z.wert for z in g.ziele}["IQ"] == D(-1)
    assert [b.nummer for b in g.aenderungen] == [1, 2] and g.geaendert["IQ"].nummer == 2
    # eine Änderung der Änderung gibt es nicht
    with pytest.raises(FachlicherFehler, match="selbst eine Änderungsvereinbarung"):
        lege_aenderung_an(session, v2.id, LAND_SH, SPAETER)
    # auf der Seite der Änderung: kein Jahresabschluss unter den Aktionen
    assert vereinbarung_lesen(session, v2.id, LAND_SH).erlaubte_aktionen == []


def test_nur_fuer_unterzeichnete(session, vereinbarung):
    entwurf = session.exec(select(Zielvereinbarung).where(Zielvereinbarung.ags == "01059")).one()
    with pytest.raises(FachlicherFehler, match="nur für eine von beiden Seiten unterzeichnete"):
        lege_aenderung_an(session, entwurf.id, LAND_SH, SPAETER)
    assert (
        session.exec(
            select(Zielvereinbarung).where(Zielvereinbarung.aenderung_von_id.is_not(None))
        ).all()
        == []
    )


@pytest.mark.parametrize(
    "akteur",
    [
        TRAEGER_NF,
        TRAEGER_SL,
        LAND_NI,
        Akteur("leser.sh", "leser", land_code="SH"),
        Akteur("admin", "admin"),
    ],  # fmt: skip
    ids=["eigener-traeger", "fremder-traeger", "fremdes-land", "leser", "admin"],
)
def test_anlegen_nur_das_land_des_traegers(session, vereinbarung, akteur):
    with pytest.raises(KeineBerechtigung):
        lege_aenderung_an(session, vereinbarung, akteur, SPAETER)
    session.rollback()
    # der ehrliche Weg geht weiter
    assert lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER).nummer == 1


def test_fremder_traeger_kann_die_aenderung_weder_sehen_noch_verhandeln(session, vereinbarung):
    a = lege_aenderung_an(session, vereinbarung, LAND_SH, SPAETER)
    session.commit()
    with pytest.raises(KeineBerechtigung):
        vereinbarung_lesen(session, a.vereinbarung_id, TRAEGER_SL)
    with pytest.raises(KeineBerechtigung):
        reiche_angebot_ein(session, a.vereinbarung_id, 1, mit_iq(session, a.vereinbarung_id, "0"),
                           None, TRAEGER_SL, SPAETER)  # fmt: skip
    session.rollback()
    ergebnis = reiche_angebot_ein(session, a.vereinbarung_id, 1,
                                  mit_iq(session, a.vereinbarung_id, "0"), None, TRAEGER_NF,
                                  SPAETER)  # fmt: skip
    assert ergebnis.zustand == "angebot"


def test_traeger_regt_an(session, vereinbarung):
    with pytest.raises(FachlicherFehler, match="begründen"):
        rege_aenderung_an(session, vereinbarung, "  ", TRAEGER_NF, SPAETER)
    with pytest.raises(KeineBerechtigung):
        rege_aenderung_an(session, vereinbarung, "Bitte ändern", TRAEGER_SL, SPAETER)
    session.rollback()
    rege_aenderung_an(session, vereinbarung, "Werk schließt", TRAEGER_NF, SPAETER)
    ereignis = session.exec(
        select(AuditEreignis).where(AuditEreignis.aktion == "aenderung_angeregt")
    ).one()
    assert "Werk schließt" in str(ereignis.details)
