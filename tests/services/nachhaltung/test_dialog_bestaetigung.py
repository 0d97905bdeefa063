"""Zielnachhaltedialoge bestätigen: die Gegenseite der erfassenden Partei bestätigt (einmal),
bis dahin steht der Dialog auf ihrer Startseite; beide Seiten bekommen Hinweise. Daten aus
tests/fixtures/nachhaltung.py: 01054 (SH) mit unterzeichneter Vereinbarung 2026, 01059 im
Entwurf; Demokonten von SH."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.fixtures.nachhaltung import JETZT, LAND_SH, TRAEGER_NF
from zielvereinbarung.demo.konten import lege_demo_benutzer
from zielvereinbarung.documents.berichtsmodell import DialogZeile, fingerabdruck
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.fehler import KeineBerechtigung, NichtGefunden
from zielvereinbarung.models import AuditEreignis, Benutzer, DialogBestaetigung, Hinweis
from zielvereinbarung.services.arbeitsliste import arbeitsliste
from zielvereinbarung.services.nachhaltung.bestaetigung import bestaetige_dialog, zur_bestaetigung
from zielvereinbarung.services.nachhaltung.dialoge import SchonBestaetigt, lege_dialog_an
from zielvereinbarung.services.nachhaltung.seite import gueltige_vereinbarung, nachhaltung_lesen

SL = Akteur("traeger-01059", "traeger", traeger_ags="01059")
LESER_SH = Akteur("leser-sh", "leser", land_code="SH")
LAND_NI = Akteur("land-ni", "land", land_code="NI")


@pytest.fixture
def konten(session, vereinbarung) -> dict[str, int]:
    lege_demo_benutzer(session, "SH", ["01054", "01059"], JETZT)
    ids = {b.benutzername: b.id for b in session.exec(select(Benutzer))}
    session.get(Benutzer, ids["land-sh"]).email = "land@example.org"
    session.commit()
    return ids


def _erfasse(session, vid: int, akteur: Akteur):
    dialog = lege_dialog_an(
        session, vid, akteur, JETZT, date(2026, 5, 12), "Fachbereich; Referat", "2026-03",
        {"IQ": "Unter dem Zielpfad."}, "Vermittlungsoffensive",
    )  # fmt: skip
    v, traeger = gueltige_vereinbarung(session, vid, akteur)
    return dialog, zur_bestaetigung(session, dialog, traeger, v.jahr, JETZT)


def _hinweise(session, benutzer_id: int) -> list[str]:
    return [
        h.titel for h in session.exec(select(Hinweis).where(Hinweis.benutzer_id == benutzer_id))
    ]


def _start(session, akteur: Akteur, benutzer_id: int) -> list[str]:
    return [a.titel for a in arbeitsliste(session, akteur, benutzer_id, JETZT, 2027).dialoge]


def test_vom_land_erfasst_wartet_beim_traeger_und_wird_bestaetigt(session, vereinbarung, konten):
    dialog, nachrichten = _erfasse(session, vereinbarung, LAND_SH)
    assert dialog.partei == "land"
    assert nachrichten == []  # die Träger-Demokonten haben keine E-Mail-Adresse
    assert _hinweise(session, konten["traeger-01054"]) == [
        "Zielnachhaltedialog Nordfriesland zur Bestätigung"
    ]
    assert _start(session, TRAEGER_NF, konten["traeger-01054"]) == [
        "Kreis Nordfriesland: Zielnachhaltedialog vom 12.05.2026 bestätigen"
    ]
    assert _start(session, LAND_SH, konten["land-sh"]) == []  # das Land wartet nur
    assert _start(session, SL, konten["traeger-01059"]) == []  # der Nachbar sieht nichts
    seite = nachhaltung_lesen(session, vereinbarung, TRAEGER_NF, JETZT)
    (zeile,) = seite.dialoge
    assert (zeile.bestaetigung, zeile.darf_bestaetigen) == (
        "Wartet auf die Bestätigung durch den Träger",
        True,
    )
    assert not nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT).dialoge[0].darf_bestaetigen

    spaeter = JETZT + timedelta(days=2)
    bestaetigung, nachrichten = bestaetige_dialog(
        session, vereinbarung, dialog.id, TRAEGER_NF, spaeter
    )
    assert (bestaetigung.partei, bestaetigung.benutzername) == ("traeger", "nf")
    assert [(n.an, n.betreff) for n in nachrichten] == [
        (["land@example.org"], "Zielnachhaltedialog Nordfriesland bestätigt")
    ]
    assert "Zielnachhaltedialog Nordfriesland bestätigt" in _hinweise(session, konten["land-sh"])
    ereignis = session.exec(
        select(AuditEreignis).where(AuditEreignis.aktion == "dialog_bestaetigt")
    ).one()
    assert (ereignis.akteur, ereignis.objekt_id) == ("nf", str(vereinbarung))
    assert ereignis.details == {"dialog": dialog.id, "partei": "traeger", "version": 1}
    assert _start(session, TRAEGER_NF, konten["traeger-01054"]) == []
    (zeile,) = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT).dialoge
    assert zeile.bestaetigung == "Bestätigt am 22.05.2026 von nf (Träger)"
    assert not zeile.darf_bestaetigen

    with pytest.raises(SchonBestaetigt, match="bereits bestätigt"):
        bestaetige_dialog(session, vereinbarung, dialog.id, TRAEGER_NF, spaeter)
    assert len(session.exec(select(DialogBestaetigung)).all()) == 1


def test_vom_traeger_erfasst_bestaetigt_das_land(session, vereinbarung, konten):
    dialog, nachrichten = _erfasse(session, vereinbarung, TRAEGER_NF)
    assert [(n.an, n.betreff) for n in nachrichten] == [
        (["land@example.org"], "Zielnachhaltedialog Nordfriesland zur Bestätigung")
    ]
    assert _start(session, LAND_SH, konten["land-sh"]) == [
        "Kreis Nordfriesland: Zielnachhaltedialog vom 12.05.2026 bestätigen"
    ]
    with pytest.raises(KeineBerechtigung, match="nur Land"):
        bestaetige_dialog(session, vereinbarung, dialog.id, TRAEGER_NF, JETZT)
    bestaetige_dialog(session, vereinbarung, dialog.id, LAND_SH, JETZT)
    assert _start(session, LAND_SH, konten["land-sh"]) == []


@pytest.mark.parametrize(
    "akteur,fehler",
    [
        (Akteur("land.sh", "land", land_code="SH"), KeineBerechtigung),  # die erfassende Partei
        (LESER_SH, KeineBerechtigung),
        (Akteur("admin", "admin"), KeineBerechtigung),
        (SL, KeineBerechtigung),  # der Nachbar
        (LAND_NI, KeineBerechtigung),  # ein fremdes Land
    ],
)
def test_falsche_seite_wird_abgewiesen_nichts_geschrieben(
    session, vereinbarung, konten, akteur, fehler
):
    dialog, _ = _erfasse(session, vereinbarung, LAND_SH)
    with pytest.raises(fehler):
        bestaetige_dialog(session, vereinbarung, dialog.id, akteur, JETZT)
    assert session.exec(select(DialogBestaetigung)).all() == []
    bestaetige_dialog(session, vereinbarung, dialog.id, TRAEGER_NF, JETZT)  # der ehrliche Weg


def test_dialog_einer_anderen_vereinbarung_ist_nicht_gefunden(session, vereinbarung, konten):
    dialog, _ = _erfasse(session, vereinbarung, LAND_SH)
    with pytest.raises(NichtGefunden):
        bestaetige_dialog(session, vereinbarung, dialog.id + 1000, TRAEGER_NF, JETZT)
    with pytest.raises(NichtGefunden):
        bestaetige_dialog(session, vereinbarung + 1000, dialog.id, TRAEGER_NF, JETZT)
    assert session.exec(select(DialogBestaetigung)).all() == []


def test_bestaetigung_aendert_den_fingerabdruck_eines_berichts_nicht():
    from dataclasses import replace

    from zielvereinbarung.documents.berichtsmodell import TraegerBericht

    ohne = DialogZeile("12.05.2026", "A; B", "Daten bis 2026-03", (("IQ", "x"),), "M", "land")
    mit = replace(ohne, id=7, bestaetigung="Bestätigt am …", darf_bestaetigen=True)
    felder = {f: None for f in TraegerBericht.__dataclass_fields__}
    felder.update(titel="T", ags="01054", zeilen=(), neue_datenstaende=(), demodaten=False)
    a = TraegerBericht(**{**felder, "dialoge": (ohne,)})
    b = TraegerBericht(**{**felder, "dialoge": (mit,)})
    assert fingerabdruck(a) == fingerabdruck(b)
    c = TraegerBericht(**{**felder, "dialoge": (replace(ohne, massnahmen="anders"),)})
    assert fingerabdruck(a) != fingerabdruck(c)
