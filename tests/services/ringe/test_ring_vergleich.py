"""Ringwerte je Mitglied und Ringwert (Aggregat mit unvollständigem Mitglied), Rang und Median,
Sichtbarkeit je Rolle, Verwaltung (Codes, Formelfehler, Versionen)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zielvereinbarung.domain.berechtigung import RING_KOORDINATION, RING_LAND, RING_MITGLIED, Akteur
from zielvereinbarung.fehler import KeineBerechtigung, NichtGefunden
from zielvereinbarung.services.ringe.berechnung import berechne_monat
from zielvereinbarung.services.ringe.daten import lade_ringdaten
from zielvereinbarung.services.ringe.definitionen import (
    beende_kennzahl,
    speichere_basiszahl,
    speichere_kennzahl,
)
from zielvereinbarung.services.ringe.sicht import (
    sichtbare_ringe,
    sichtbarer_ring,
    verwaltbarer_ring,
)
from zielvereinbarung.services.ringe.vergleich import vergleiche
from zielvereinbarung.services.ringe.verwaltung import (
    Eingabefehler,
    aendere_einstellungen,
    lege_ring_an,
    setze_mitglieder,
)

from .conftest import ADMINISTRATION, JETZT

DEZ = 2024 * 12 + 11
NOV = 2024 * 12 + 10


def _werte(session, ring, monat):
    return {km.kennzahl.code: km for km in berechne_monat(lade_ringdaten(session, ring.id), monat)}


def test_werte_je_mitglied_und_ringwert_mit_abdeckung(session, ring, daten):
    nov = _werte(session, ring, NOV)
    # K_PERS = elb / personal = 100 für jeden; K_KOST = kosten / elb = 10 €
    assert {a: w.ergebnis.wert for a, w in nov["K_PERS"].werte.items()} == dict.fromkeys(
        ["01054", "03157", "03159"], Decimal(100)
    )
    assert nov["K_KOST"].ring.wert == Decimal(10) and nov["K_KOST"].ring.abdeckung == 3
    dez = _werte(session, ring, DEZ)
    # 03159 hat im Dezember keine eigenen Werte (die gesetzlichen schon): die Daten des Monats
    # fehlen für die eigenen Basiszahlen; der Ringwert kommt ohne 03159 aus.
    assert dez["K_PERS"].werte["03159"].ergebnis.grund == "Daten für Dezember 2024 fehlen"
    assert dez["K_PERS"].ring.abdeckung == 2
    q = dez["Q_ABH"]
    # Ringwert aus Summen: (12 × 3 + 12 × 5) / (12 × 10 + 12 × 10) × 100 = 40 %,
    # nicht das Mittel der Quoten
    assert q.ring.wert == Decimal(40) and q.ring.abdeckung == 2


def test_rang_und_median(session, ring, daten):
    ringdaten = lade_ringdaten(session, ring.id)
    k = next(k for k in ringdaten.kennzahlen if k.code == "Q_ABH")
    v = vergleiche(ringdaten, k, NOV, "03157")
    werte = {z.ags: (z.ergebnis.wert, z.rang) for z in v.zeilen}
    # 01054: 30 %, 03157: 50 %; 03159 hat erst 11 Monate (ab 2024-01) → nicht berechenbar
    assert werte["01054"] == (Decimal(30), 1) and werte["03157"] == (Decimal(50), 2)
    assert werte["03159"][1] is None
    assert v.verteilung.median == Decimal(40) and v.verteilung.anzahl == 2
    assert v.eigene_zeile().ags == "03157"
    assert [z.ags for z in v.zeilen][-1] == "03159"  # nicht berechenbare am Ende


@pytest.mark.parametrize(
    ("akteur", "laender_sehen", "stufe", "jahre"),
    [
        (Akteur("admin", "admin"), False, RING_KOORDINATION, (2023, 2024)),
        (Akteur("t", "traeger", traeger_ags="01054"), False, RING_MITGLIED, (2023, 2024)),
        (Akteur("t", "traeger", traeger_ags="03159"), False, RING_MITGLIED, (2024,)),
        (Akteur("l", "leser", traeger_ags="03157"), False, RING_MITGLIED, (2023, 2024)),
        (Akteur("l", "land", land_code="NI"), True, RING_LAND, (2023, 2024)),
        (Akteur("l", "leser", land_code="SH"), True, RING_LAND, (2023, 2024)),
    ],
)
def test_sichtbar(session, ring, akteur, laender_sehen, stufe, jahre):
    aendere_einstellungen(session, ring.id, "", laender_sehen, "2024-06", ADMINISTRATION, JETZT)
    _, sicht = sichtbarer_ring(session, akteur, ring.id)
    assert (sicht.stufe, sicht.jahre) == (stufe, jahre)
    assert [r.name for r, _ in sichtbare_ringe(session, akteur)] == ["Testring"]
    if stufe != RING_KOORDINATION:
        assert sicht.monat_sichtbar(2024 * 12 + 5) and not sicht.monat_sichtbar(2024 * 12 + 6)
        with pytest.raises(KeineBerechtigung):
            verwaltbarer_ring(session, akteur, ring.id)
    else:
        assert sicht.monat_sichtbar(2024 * 12 + 11)  # Koordination: auch nicht freigegeben


@pytest.mark.parametrize(
    "akteur",
    [
        Akteur("t", "traeger", traeger_ags="01059"),  # kein Mitglied
        Akteur("l", "land", land_code="NI"),  # Ring erlaubt es den Ländern nicht
        Akteur("l", "land", land_code="BY"),
        Akteur("k", "ring", ring_id=999),  # Koordination eines anderen Rings
        None,
    ],
)
def test_unsichtbar(session, ring, akteur):
    with pytest.raises(NichtGefunden):
        sichtbarer_ring(session, akteur, ring.id)
    assert sichtbare_ringe(session, akteur) == []


def test_land_ohne_mitglied_sieht_nichts_auch_wenn_erlaubt(session, ring):
    aendere_einstellungen(session, ring.id, "", True, None, ADMINISTRATION, JETZT)
    with pytest.raises(NichtGefunden):
        sichtbarer_ring(session, Akteur("l", "land", land_code="BY"), ring.id)
    _, sicht = sichtbarer_ring(session, Akteur("l", "land", land_code="SH"), ring.id)
    assert sicht.freigegeben_bis is None and not sicht.monat_sichtbar(2024 * 12)


def test_koordination_verwaltet_nur_den_eigenen_ring(session, ring):
    koordination = Akteur("k", "ring", ring_id=ring.id)
    assert verwaltbarer_ring(session, koordination, ring.id).id == ring.id
    anderer = lege_ring_an(session, "Anderer Ring", "", False, ADMINISTRATION, JETZT)
    with pytest.raises(NichtGefunden):
        verwaltbarer_ring(session, koordination, anderer.id)
    with pytest.raises(KeineBerechtigung):
        setze_mitglieder(session, anderer.id, 2024, ["01054"], koordination, JETZT)
    with pytest.raises(KeineBerechtigung):
        lege_ring_an(session, "Dritter", "", False, koordination, JETZT)
    neu, weg = setze_mitglieder(session, ring.id, 2024, ["01054", "01059"], koordination, JETZT)
    assert (neu, weg) == (["01059"], ["03157", "03159"])


def _kennzahl(**werte):
    basis = dict(
        code="NEU", name="Neu", kategorie="qualitaet", einheit="prozent", richtung="hoeher",
        formel="personal / elb * 100", gueltig_ab=date(2024, 1, 1),
    )  # fmt: skip
    return {**basis, **werte}


def test_formelfehler_beim_speichern_mit_stelle(session, ring):
    with pytest.raises(Eingabefehler) as fehler:
        speichere_kennzahl(
            session, ring.id, _kennzahl(formel="persnal / elb"), ADMINISTRATION, JETZT
        )
    assert fehler.value.felder["formel"] == (
        "Unbekannte Basiszahl „persnal“ an Stelle 1. Gemeint ist vielleicht „personal“."
    )
    with pytest.raises(Eingabefehler) as fehler:
        speichere_kennzahl(
            session, ring.id, _kennzahl(formel="elb / (personal - personal)"), ADMINISTRATION, JETZT
        )
    assert "an Stelle 7: dieser Nenner ist immer 0" in fehler.value.felder["formel"]
    k = speichere_kennzahl(session, ring.id, _kennzahl(), ADMINISTRATION, JETZT)
    assert (k.code, k.version) == ("NEU", 1)


def test_neue_version_nur_mit_beendetem_zeitraum(session, ring):
    v1 = speichere_kennzahl(session, ring.id, _kennzahl(), ADMINISTRATION, JETZT)
    zweite = _kennzahl(
        formel="mittel(personal, 3) / mittel(elb, 3) * 100", gueltig_ab=date(2025, 1, 1)
    )
    with pytest.raises(Eingabefehler) as fehler:
        speichere_kennzahl(session, ring.id, zweite, ADMINISTRATION, JETZT)
    assert "überschneidet sich mit Version 1" in fehler.value.felder["gueltig_ab"]
    beende_kennzahl(session, ring.id, v1.id, date(2024, 12, 31), "Hinweis", ADMINISTRATION, JETZT)
    v2 = speichere_kennzahl(session, ring.id, zweite, ADMINISTRATION, JETZT)
    assert v2.version == 2
    ringdaten = lade_ringdaten(session, ring.id)
    assert [k.version for k in ringdaten.kennzahlen if k.code == "NEU"] == [1, 2]


def test_basiszahl_codes_ueber_alle_ringe_eindeutig(session, ring):
    anderer = lege_ring_an(session, "Anderer Ring", "", False, ADMINISTRATION, JETZT)
    with pytest.raises(Eingabefehler) as fehler:
        speichere_basiszahl(session, anderer.id, "personal", "P", "anzahl", "", "", None,
                            ADMINISTRATION, JETZT)  # fmt: skip
    assert "verwendet schon der Ring „Testring“" in fehler.value.felder["code"]
    with pytest.raises(Eingabefehler) as fehler:
        speichere_basiszahl(session, anderer.id, "elb", "E", "zahl", "", "", "gibtsnicht",
                            ADMINISTRATION, JETZT)  # fmt: skip
    assert set(fehler.value.felder) == {"code", "einheit", "obergrenze"}
    with pytest.raises(Eingabefehler) as fehler:
        lege_ring_an(session, "Testring", "", False, ADMINISTRATION, JETZT)
    assert "gibt es schon" in fehler.value.felder["name"]


def test_einheit_mit_werten_bleibt(session, ring, daten):
    with pytest.raises(Eingabefehler) as fehler:
        speichere_basiszahl(session, ring.id, "personal", "Personal", "euro", "", "", None,
                            ADMINISTRATION, JETZT)  # fmt: skip
    assert "Einheit" in fehler.value.felder["einheit"]
    b = speichere_basiszahl(session, ring.id, "personal", "Personal (Köpfe)", "anzahl", "Personal",
                            "neu", None, ADMINISTRATION, JETZT)  # fmt: skip
    assert b.name == "Personal (Köpfe)"
