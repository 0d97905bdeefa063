"""Vereinbarung BMAS ↔ Land gegen die echte Datenbank (DOMAIN.md § 9): Entwurf des BMAS, Angebot
des Landes bottom-up aus den Zielen seiner drei zkT (Saarland), Verhandlung mit derselben
Maschinerie, Übernahme als Orientierungswerte, Berechtigung.

Zahlen wie tests/unit/test_bund_land.py (dort von Hand gerechnet): 10044 = A, 10045 = B,
10046 = C; Landesziele IQ +2,52 %, LZB −2,14 %, LLU −1,48 %.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlmodel import select

from tests.factories import entwuerfe, gleichbleibende_monate, importiere
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung
from zielvereinbarung.models import Revision, Zielvereinbarung
from zielvereinbarung.services.verhandlung import bund_land as bl
from zielvereinbarung.services.verhandlung.lesen import letzte_revision, vereinbarung_lesen
from zielvereinbarung.services.verhandlung.orientierungswerte import lade_orientierungswerte
from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein
from zielvereinbarung.services.verhandlung.zustaende import wechsle_zustand

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BUND = Akteur("bund", "bund")
LAND = Akteur("land-sl", "land", land_code="SL")
LAND_NI = Akteur("land-ni", "land", land_code="NI")
LESER = Akteur("leser-sl", "leser", land_code="SL")
A, B, C = "10044", "10045", "10046"
DATEN = {A: (1000, 25, 400, 100_000), B: (2000, 60, 800, 200_000), C: (500, 10, 200, 50_000)}
ZIELE = {
    A: [Zielvorgabe("IQ", "veraenderung", D("2.5")), Zielvorgabe("LZB", "veraenderung", D(-2)),
        Zielvorgabe("LLU", "veraenderung", D(-1))],
    B: [Zielvorgabe("IQ", "niveau", D(37)), Zielvorgabe("LZB", "niveau", D(780)),
        Zielvorgabe("LLU", "niveau", D(2_350_000))],
    C: [Zielvorgabe("IQ", "korridor", untere=D(1), obere=D(5)),
        Zielvorgabe("LZB", "korridor", untere=D(-3), obere=D(-1)),
        Zielvorgabe("LLU", "veraenderung", D(0))],
}  # fmt: skip


def t(minuten: int) -> datetime:
    return T0 + timedelta(minutes=minuten)


def mit(vorgaben: list[Zielvorgabe], neue: list[Zielvorgabe]) -> list[Zielvorgabe]:
    ersatz = {n.zielindikator: n for n in neue}
    return [ersatz.get(v.zielindikator, v) for v in vorgaben]


@pytest.fixture
def saarland(session, stammdaten):
    """Basiszahlen 2025-12 … 2026-12 der drei zkT; ihre Vereinbarungen 2027 in `einigung`."""
    zeilen = []
    for ags, (elb, integ, lzb, llu) in DATEN.items():
        zeilen += gleichbleibende_monate(ags, "2025-12", "2026-12", elb=elb, integrationen=integ,
                                         lzb=lzb, llu=llu)  # fmt: skip
    importiere(session, zeilen, name="sl.csv")
    ids = entwuerfe(session, "SL", 2027, [Zielvorgabe("IQ", "veraenderung", D(2))], T0)
    for ags, ziele in ZIELE.items():
        traeger = Akteur(f"traeger-{ags}", "traeger", traeger_ags=ags)
        rev = letzte_revision(session, session.get(Zielvereinbarung, ids[ags]))
        reiche_angebot_ein(session, ids[ags], 1, mit(rev.vorgaben(), ziele), None, traeger, t(1))
        nimm_an(session, ids[ags], 2, LAND, t(2))
    return ids


def test_bottom_up_angebot_aus_den_zielen_der_drei_zkt(session, saarland):
    e = bl.lege_entwurf_an(session, "SL", 2027, [Zielvorgabe("IQ", "veraenderung", D(3))], BUND,
                           t(3))  # fmt: skip
    v = vereinbarung_lesen(session, e.vereinbarung_id, LAND)
    assert v.bund_land and v.ags is None and v.traeger_name == "Saarland"
    assert v.am_zug == "land" and v.am_zug_bezeichnung == "Land"
    entwurf = {z.zielindikator: z for z in v.aktuelle_revision.zielwerte}
    assert entwurf["IQ"].wert == D(3) and entwurf["IQ"].orientierungswert == "+3,0 %"
    assert round(entwurf["IQ"].basiswert, 4) == D("32.5714")  # 1.140 × 1.200 / 42.000
    assert entwurf["LZB"].basiswert == D(1400) and entwurf["LLU"].basiswert == D(4_200_000)
    assert [a.code for a in v.erlaubte_aktionen] == ["angebot_einreichen"]

    erg = bl.reiche_bottom_up_angebot_ein(session, e.vereinbarung_id, 1, LAND, t(4))
    assert erg.zustand == "angebot" and erg.am_zug == "bund"
    angebot = {z.zielindikator: z for z in letzte_revision(
        session, session.get(Zielvereinbarung, e.vereinbarung_id)).zielwerte}  # fmt: skip
    assert (angebot["IQ"].zieltyp, angebot["IQ"].wert) == ("veraenderung", D("2.52"))
    assert (angebot["LZB"].zieltyp, angebot["LZB"].wert) == ("veraenderung", D("-2.14"))
    assert (angebot["LLU"].zieltyp, angebot["LLU"].wert) == ("veraenderung", D("-1.48"))
    assert "bottom-up" in angebot["IQ"].kommentar and angebot["IQ_AE"].zieltyp == "monitoring"
    assert angebot["IQ"].basiswert == entwurf["IQ"].basiswert  # eingefroren aus dem Entwurf

    bmas = vereinbarung_lesen(session, e.vereinbarung_id, BUND)
    assert [a.code for a in bmas.erlaubte_aktionen] == ["gegenvorschlag_senden", "angebot_annehmen"]
    assert vereinbarung_lesen(session, e.vereinbarung_id, LAND).erlaubte_aktionen == []
    assert nimm_an(session, e.vereinbarung_id, 2, BUND, t(5)).zustand == "einigung"
    rev = session.exec(select(Revision).where(Revision.vereinbarung_id == e.vereinbarung_id)).all()
    assert [(r.art, r.rolle) for r in rev] == [("entwurf", "bund"), ("angebot", "land")]
    # Unterschriften: erst das Land (untere Partei), dann das BMAS
    with pytest.raises(FachlicherFehler, match="Sache des Landes"):
        wechsle_zustand(session, e.vereinbarung_id, "unterzeichnen", BUND, t(6))
    erg = wechsle_zustand(session, e.vereinbarung_id, "unterzeichnen", LAND, t(6))
    assert erg.meldung.endswith("vom Land unterzeichnet.") and erg.am_zug == "bund"
    assert wechsle_zustand(session, e.vereinbarung_id, "gegenzeichnen", BUND, t(7)).zustand == (
        "unterzeichnet"
    )
    # kein Jahresabschluss angeboten (die Nachhaltung steht auf der Seite des Landes)
    assert vereinbarung_lesen(session, e.vereinbarung_id, BUND).erlaubte_aktionen == []


def test_top_down_als_orientierungswerte_der_zkt(session, saarland):
    """Die BMAS-Ziele werden Orientierungswerte des Landes; ein Niveau wird zur Veränderung gegen
    den Basiswert des Landes (LZB 1.330 gegen 1.400: −5 %)."""
    e = bl.lege_entwurf_an(
        session, "SL", 2027, [Zielvorgabe("IQ", "veraenderung", D("1.5")),
                              Zielvorgabe("LZB", "niveau", D(1330))], BUND, t(3),
    )  # fmt: skip
    werte = bl.uebernimm_als_orientierungswerte(session, e.vereinbarung_id, LAND, t(4))
    kommentar = "aus der Zielvereinbarung 2027 mit dem BMAS"
    assert werte["IQ"] == Zielvorgabe("IQ", "veraenderung", D("1.5"), kommentar=kommentar)
    assert (werte["LZB"].zieltyp, werte["LZB"].wert) == ("veraenderung", D("-5.00"))
    assert lade_orientierungswerte(session, "SL", 2027)["LZB"].wert == D("-5.00")
    with pytest.raises(KeineBerechtigung):
        bl.uebernimm_als_orientierungswerte(session, e.vereinbarung_id, BUND, t(5))


def test_ohne_einigung_aller_zkt_kein_bottom_up(session, stammdaten):
    importiere(session, [z for ags, (e, i, lzb, llu) in DATEN.items() for z in
                         gleichbleibende_monate(ags, "2025-12", "2026-12", elb=e, integrationen=i,
                                                lzb=lzb, llu=llu)], name="sl.csv")  # fmt: skip
    e = bl.lege_entwurf_an(session, "SL", 2027, [], BUND, t(3))
    with pytest.raises(FachlicherFehler, match="Keiner der 3 zkT"):
        bl.reiche_bottom_up_angebot_ein(session, e.vereinbarung_id, 1, LAND, t(4))
    assert len(session.exec(select(Revision).where(
        Revision.vereinbarung_id == e.vereinbarung_id)).all()) == 1  # fmt: skip


def test_berechtigung_und_boese_eingaben(session, saarland):
    for wer in (LAND, LESER, Akteur("admin", "admin")):
        with pytest.raises(KeineBerechtigung):
            bl.lege_entwurf_an(session, "SL", 2027, [], wer, t(3))
    with pytest.raises(FachlicherFehler, match="keine zugelassenen kommunalen Träger"):
        bl.lege_entwurf_an(session, "HH", 2027, [], BUND, t(3))
    with pytest.raises(FachlicherFehler, match="Fehler"):
        bl.lege_entwurf_an(session, "SL", 2027, [Zielvorgabe("IQ", "veraenderung", D(99))], BUND,
                           t(3))  # fmt: skip
    e = bl.lege_entwurf_an(session, "SL", 2027, [], BUND, t(3))
    with pytest.raises(FachlicherFehler, match="gibt es schon"):
        bl.lege_entwurf_an(session, "SL", 2027, [], BUND, t(3))
    # fremdes Land, Leser, BMAS handeln nicht für das Land; das BMAS nicht in zkT-Vereinbarungen
    for wer in (LAND_NI, LESER, BUND):
        with pytest.raises(KeineBerechtigung):
            bl.reiche_bottom_up_angebot_ein(session, e.vereinbarung_id, 1, wer, t(4))
    with pytest.raises(KeineBerechtigung):
        vereinbarung_lesen(session, e.vereinbarung_id, LAND_NI)
    with pytest.raises(KeineBerechtigung):
        vereinbarung_lesen(session, saarland[A], BUND)
    with pytest.raises(KeineBerechtigung):
        nimm_an(session, saarland[A], 2, BUND, t(4))
    # der ehrliche Weg geht weiter: Leser sieht, Land reicht ein
    assert vereinbarung_lesen(session, e.vereinbarung_id, LESER).erlaubte_aktionen == []
    vorgaben = letzte_revision(session, session.get(Zielvereinbarung, e.vereinbarung_id)).vorgaben()
    vorgaben = [replace(x, zieltyp="veraenderung", wert=D(2)) if x.zielindikator == "IQ" else x
                for x in vorgaben]  # fmt: skip
    assert reiche_angebot_ein(session, e.vereinbarung_id, 1, vorgaben, "top-down", LAND,
                              t(5)).zustand == "angebot"  # fmt: skip


def test_liste_nennt_die_vereinbarung_mit_dem_bmas(session, saarland):
    """`flask zv vereinbarungen liste --json` (Issue 11 Punkt 4): art bund_land, ags null."""
    from zielvereinbarung.services.verhandlung.liste import vereinbarungen_liste

    e = bl.lege_entwurf_an(session, "SL", 2027, [Zielvorgabe("IQ", "veraenderung", D(3))], BUND,
                           t(3))  # fmt: skip
    zeilen = vereinbarungen_liste(session, "SL", 2027)
    assert [(z["art"], z["ags"]) for z in zeilen] == [("bund_land", None)] + [
        ("traeger", a) for a in (A, B, C)
    ]
    bund = zeilen[0]
    assert (bund["id"], bund["land"], bund["zustand"], bund["bezug"]) == (
        e.vereinbarung_id, "SL", "entwurf", None,
    )  # fmt: skip
    assert bund["ziele"]["IQ"]["typ"] == "veraenderung" and bund["ziele"]["IQ"]["wert"] == "3"


def test_keine_aenderungsvereinbarung_zur_vereinbarung_mit_dem_bmas(session, saarland):
    """Änderungen gibt es (noch) nur zwischen Land und Träger: klare Meldung, nichts angelegt."""
    from zielvereinbarung.services.verhandlung.aenderung import lege_aenderung_an

    e = bl.lege_entwurf_an(session, "SL", 2027, [Zielvorgabe("IQ", "veraenderung", D(3))], BUND,
                           t(3))  # fmt: skip
    bl.reiche_bottom_up_angebot_ein(session, e.vereinbarung_id, 1, LAND, t(4))
    nimm_an(session, e.vereinbarung_id, 2, BUND, t(5))
    wechsle_zustand(session, e.vereinbarung_id, "unterzeichnen", LAND, t(6))
    wechsle_zustand(session, e.vereinbarung_id, "gegenzeichnen", BUND, t(7))
    with pytest.raises(FachlicherFehler, match="nicht für die Vereinbarung des BMAS"):
        lege_aenderung_an(session, e.vereinbarung_id, LAND, t(8))
    assert (
        session.exec(
            select(Zielvereinbarung).where(Zielvereinbarung.aenderung_von_id.is_not(None))
        ).all()
        == []
    )


def test_arbeitsliste_zeigt_wer_am_zug_ist(session, saarland):
    """Startseite: erst das Land (Angebot einreichen), dann das BMAS; fremde Länder nie."""
    from zielvereinbarung.services.arbeitsliste import aufgaben

    e = bl.lege_entwurf_an(session, "SL", 2027, [], BUND, t(3))
    heute = t(3).date()
    assert [a.titel for a in aufgaben(session, LAND, heute)] == [
        "BMAS und Saarland: Angebot einreichen"
    ]
    assert aufgaben(session, BUND, heute) == [] and aufgaben(session, LAND_NI, heute) == []
    vorgaben = letzte_revision(session, session.get(Zielvereinbarung, e.vereinbarung_id)).vorgaben()
    reiche_angebot_ein(session, e.vereinbarung_id, 1, vorgaben, None, LAND, t(4))
    (aufgabe,) = aufgaben(session, BUND, heute)
    assert aufgabe.titel.startswith("BMAS und Saarland: Angebot prüfen")
    assert aufgabe.pfad == f"/vereinbarungen/{e.vereinbarung_id}"
    assert aufgaben(session, LAND, heute) == []
