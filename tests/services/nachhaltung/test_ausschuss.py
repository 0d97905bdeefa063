"""Sitzungen des Kooperationsausschusses (DOMAIN.md § 9, § 18b SGB II): dieselben Dienste wie die
Zielnachhaltedialoge, mit BMAS und Land als Parteien – erfassen (einmalig je Formular-Token),
korrigieren bis zur Bestätigung durch die andere Seite, danach eingefroren (409); nur BMAS und das
eigene Land, gegen die echte Datenbank."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlmodel import Session, select

from tests.factories import gleichbleibende_monate, importiere
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.fehler import KeineBerechtigung
from zielvereinbarung.models import (
    AuditEreignis,
    DialogBestaetigung,
    Hinweis,
    Zielnachhaltedialog,
    Zielvereinbarung,
)
from zielvereinbarung.services.nachhaltung.bestaetigung import bestaetige_dialog
from zielvereinbarung.services.nachhaltung.bund import ausschuss_sitzungen
from zielvereinbarung.services.nachhaltung.dialoge import (
    DialogKonflikt,
    erfasse_dialog,
    neues_formular_token,
)
from zielvereinbarung.services.nachhaltung.dialoginhalt import UngueltigerDialog
from zielvereinbarung.services.nachhaltung.korrektur import korrigiere_dialog
from zielvereinbarung.services.verhandlung import bund_land as bl
from zielvereinbarung.services.verhandlung.lesen import letzte_revision
from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein
from zielvereinbarung.services.verhandlung.zustaende import wechsle_zustand

BUND = Akteur("bund", "bund")
LAND_SH = Akteur("land-sh", "land", land_code="SH")
LAND_NI = Akteur("land-ni", "land", land_code="NI")
LESER_SH = Akteur("leser-sh", "leser", land_code="SH")
TRAEGER_NF = Akteur("traeger-01054", "traeger", traeger_ags="01054")
JETZT = datetime(2027, 5, 20, 9, 0, tzinfo=UTC)
INHALT = {
    "datum": date(2027, 5, 12),
    "teilnehmende": "Frau A (BMAS), Herr B (Schleswig-Holstein)",
    "datenstand": "2027-03",
    "wuerdigungen": {"IQ": "Aggregat der zkT unter dem Ziel"},
    "massnahmen": "Land berichtet im Herbst",
}


def unterzeichnete_bund_land(session: Session, zustand: str = "unterzeichnet") -> int:
    """BMAS ↔ SH 2027 mit Ziel IQ +2 % (Basiszahlen 01054, 01059 2025-12 … 2026-12), bis
    `zustand` („einigung“ oder „unterzeichnet“)."""
    for ags in ("01054", "01059"):
        monate = gleichbleibende_monate(ags, "2025-12", "2026-12", elb=1000, integrationen=25,
                                        lzb=400)  # fmt: skip
        importiere(session, monate, name=f"{ags}.csv")
    t0 = JETZT - timedelta(days=30)
    vid = bl.lege_entwurf_an(session, "SH", 2027, [Zielvorgabe("IQ", "veraenderung", D(2))],
                             BUND, t0).vereinbarung_id  # fmt: skip
    entwurf = letzte_revision(session, session.get(Zielvereinbarung, vid)).vorgaben()
    reiche_angebot_ein(session, vid, 1, entwurf, None, LAND_SH, t0 + timedelta(minutes=1))
    nimm_an(session, vid, 2, BUND, t0 + timedelta(minutes=2))
    if zustand == "unterzeichnet":
        wechsle_zustand(session, vid, "unterzeichnen", LAND_SH, t0 + timedelta(minutes=3))
        wechsle_zustand(session, vid, "gegenzeichnen", BUND, t0 + timedelta(minutes=4))
    session.flush()
    return vid


@pytest.fixture
def bund_sh(session, stammdaten) -> int:
    return unterzeichnete_bund_land(session)


def sitzungen(session) -> list[Zielnachhaltedialog]:
    session.expire_all()
    return list(session.exec(select(Zielnachhaltedialog).order_by(Zielnachhaltedialog.id)))


def test_land_erfasst_doppeltes_token_ist_eine_sitzung(session, bund_sh):
    token = neues_formular_token()
    erste = erfasse_dialog(session, bund_sh, LAND_SH, JETZT, **INHALT, formular_token=token)
    zweite = erfasse_dialog(session, bund_sh, LAND_SH, JETZT, **INHALT, formular_token=token)
    assert erste.neu and not zweite.neu and zweite.dialog.id == erste.dialog.id
    [s] = sitzungen(session)
    assert s.partei == "land" and s.vereinbarung_id == bund_sh
    # das BMAS wird um Bestätigung gebeten (Hinweis an das Konto des BMAS, falls es eines gibt),
    # im Audit-Protokoll steht die Sitzung
    assert session.exec(
        select(AuditEreignis).where(AuditEreignis.aktion == "zielnachhaltedialog")
    ).all()
    zeilen, darf = ausschuss_sitzungen(session, BUND, session.get(Zielvereinbarung, bund_sh))
    assert darf and len(zeilen) == 1
    assert zeilen[0].bestaetigung == "Wartet auf die Bestätigung durch das BMAS"
    assert zeilen[0].darf_bestaetigen and not zeilen[0].darf_korrigieren
    zeilen, _ = ausschuss_sitzungen(session, LAND_SH, session.get(Zielvereinbarung, bund_sh))
    assert zeilen[0].darf_korrigieren and not zeilen[0].darf_bestaetigen
    # auf der Startseite des BMAS (nicht des Landes, nicht eines anderen Landes)
    from zielvereinbarung.services.arbeitsliste import (
        dialoge_zur_bestaetigung,
        sitzungen_zur_bestaetigung,
    )

    [aufgabe] = sitzungen_zur_bestaetigung(session, BUND)
    assert aufgabe.titel.startswith("BMAS und Schleswig-Holstein: Sitzung des Kooperations")
    assert aufgabe.pfad == f"/bund/SH/2027#dialog-{s.id}"
    assert sitzungen_zur_bestaetigung(session, LAND_SH) == []
    assert dialoge_zur_bestaetigung(session, BUND) == []  # nicht unter den Zielnachhaltedialogen
    bestaetige_dialog(session, bund_sh, s.id, BUND, JETZT)
    assert sitzungen_zur_bestaetigung(session, BUND) == []


def test_korrektur_bis_zur_bestaetigung_durch_das_bmas_dann_409(session, bund_sh):
    s = erfasse_dialog(session, bund_sh, LAND_SH, JETZT, **INHALT).dialog
    # nur die erfassende Seite korrigiert, das BMAS bestätigt
    with pytest.raises(KeineBerechtigung):
        korrigiere_dialog(session, bund_sh, s.id, 1, BUND, JETZT, **{**INHALT, "massnahmen": "x"})
    with pytest.raises(KeineBerechtigung):
        bestaetige_dialog(session, bund_sh, s.id, LAND_SH, JETZT)
    neu = {**INHALT, "massnahmen": "Land berichtet im Juli"}
    korrigiert = korrigiere_dialog(session, bund_sh, s.id, 1, LAND_SH, JETZT, **neu)
    assert korrigiert.neu and korrigiert.dialog.version == 2
    # eine ungesehene Version wird nicht bestätigt
    with pytest.raises(DialogKonflikt):
        bestaetige_dialog(session, bund_sh, s.id, BUND, JETZT, gesehene_version=1)
    bestaetigung, _ = bestaetige_dialog(session, bund_sh, s.id, BUND, JETZT, gesehene_version=2)
    assert bestaetigung.partei == "bund" and bestaetigung.version == 2
    with pytest.raises(DialogKonflikt):
        korrigiere_dialog(session, bund_sh, s.id, 2, LAND_SH, JETZT,
                          **{**INHALT, "massnahmen": "nachträglich"})  # fmt: skip
    [eingefroren] = sitzungen(session)
    assert eingefroren.massnahmen == "Land berichtet im Juli"
    assert session.get(DialogBestaetigung, s.id) is not None
    zeilen, _ = ausschuss_sitzungen(session, LAND_SH, session.get(Zielvereinbarung, bund_sh))
    assert zeilen[0].bestaetigung.startswith("Bestätigt am 20.05.2027 von bund (BMAS)")
    assert zeilen[0].darf_korrektur_erfassen and not zeilen[0].darf_korrigieren
    # die Korrektur einer bestätigten Sitzung ist eine neue Sitzung mit Verweis, vom BMAS erfasst
    neu = erfasse_dialog(session, bund_sh, BUND, JETZT, **INHALT, korrektur_von=s.id).dialog
    assert neu.id != s.id and neu.korrektur_von == s.id and neu.partei == "bund"
    zeilen, _ = ausschuss_sitzungen(session, LAND_SH, session.get(Zielvereinbarung, bund_sh))
    assert {z.korrigiert_durch_id for z in zeilen} == {neu.id, None}
    assert next(z for z in zeilen if z.id == neu.id).darf_bestaetigen


def test_bmas_erfasst_land_bestaetigt_mit_nachrichten(session, bund_sh):
    from zielvereinbarung.demo.konten import lege_demo_bund
    from zielvereinbarung.models import Benutzer
    from zielvereinbarung.services.nachhaltung.bestaetigung import zur_bestaetigung
    from zielvereinbarung.services.verhandlung.lesen import lade_vereinbarung

    lege_demo_bund(session, JETZT)
    konto = session.exec(select(Benutzer).where(Benutzer.benutzername == "bund")).one()
    konto.email = "bmas@example.org"
    s = erfasse_dialog(session, bund_sh, BUND, JETZT, **INHALT).dialog
    assert s.partei == "bund"
    v, land = lade_vereinbarung(session, bund_sh)
    # an das Land (hier ohne Konto mit Rolle land in SH: keine Nachricht, aber kein Fehler)
    zur_bestaetigung(session, s, land, v.jahr, JETZT)
    _, nachrichten = bestaetige_dialog(session, bund_sh, s.id, LAND_SH, JETZT)
    assert session.get(DialogBestaetigung, s.id).partei == "land"
    [n] = nachrichten  # an das BMAS
    assert n.an == ["bmas@example.org"] and n.pfad == f"/bund/SH/2027#dialog-{s.id}"
    assert n.betreff == "Sitzung des Kooperationsausschusses Schleswig-Holstein bestätigt"
    assert "hat die Sitzung des Kooperationsausschusses vom 12.05.2027" in n.text
    assert "zwischen BMAS und Schleswig-Holstein bestätigt" in n.text
    hinweis = session.exec(select(Hinweis).where(Hinweis.benutzer_id == konto.id)).one()
    assert hinweis.titel == n.betreff


def test_nur_bmas_und_das_eigene_land(session, bund_sh):
    for fremd in (LAND_NI, LESER_SH, TRAEGER_NF, Akteur("admin", "admin")):
        with pytest.raises(KeineBerechtigung):
            erfasse_dialog(session, bund_sh, fremd, JETZT, **INHALT)
    assert sitzungen(session) == []
    # der Leser des Landes sieht die Sitzungen, darf aber keine erfassen
    s = erfasse_dialog(session, bund_sh, BUND, JETZT, **INHALT).dialog
    zeilen, darf = ausschuss_sitzungen(session, LESER_SH, session.get(Zielvereinbarung, bund_sh))
    assert not darf and [z.id for z in zeilen] == [s.id] and not zeilen[0].darf_bestaetigen
    with pytest.raises(KeineBerechtigung):
        bestaetige_dialog(session, bund_sh, s.id, LAND_NI, JETZT)


def test_wuerdigungen_nur_zu_zielen_der_vereinbarung_und_erst_ab_unterzeichnung(
    session, stammdaten
):
    vid = unterzeichnete_bund_land(session, "einigung")
    from zielvereinbarung.services.nachhaltung.seite import NichtVerfuegbar

    with pytest.raises(NichtVerfuegbar):
        erfasse_dialog(session, vid, LAND_SH, JETZT, **INHALT)
    assert ausschuss_sitzungen(session, BUND, session.get(Zielvereinbarung, vid)) == ((), False)
    wechsle_zustand(session, vid, "unterzeichnen", LAND_SH, JETZT)
    wechsle_zustand(session, vid, "gegenzeichnen", BUND, JETZT)
    with pytest.raises(UngueltigerDialog) as fehler:
        falsch = {**INHALT, "wuerdigungen": {"Q9": "kein Ziel"}, "massnahmen": ""}
        erfasse_dialog(session, vid, LAND_SH, JETZT, **falsch)
    assert "kein Ziel der Vereinbarung" in str(fehler.value.details)
    assert sitzungen(session) == []
