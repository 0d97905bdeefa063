"""Der synthetische Demodatensatz: Determinismus, Summen, Größen, Lücken, Revision, Laden."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from importlib import resources

import pytest

from zielvereinbarung.demo.daten import (
    DEMO_KENNZEICHEN,
    KOPF,
    erzeuge_basiszahlen_csv,
    erzeuge_neuen_datenstand_csv,
    vergleichstypen_csv,
)
from zielvereinbarung.domain.basiszahlen import FELDNAMEN, GELDFELDER
from zielvereinbarung.domain.plausibilitaet import summenabweichungen, zeilenhinweise

ANZAHLFELDER = [f for f in FELDNAMEN if f not in GELDFELDER]
ZWEI_JAHRE = dict(von="2022-01", bis="2023-12", datenstand="2024-01-15")


def _alle_traeger() -> list[tuple[str, str]]:
    text = resources.files("zielvereinbarung.daten").joinpath("kreise.csv").read_text("utf-8")
    return [(z["ags"], z["traegerform"]) for z in csv.DictReader(io.StringIO(text))]


def _zeilen(inhalt: bytes) -> list[dict[str, str]]:
    leser = csv.DictReader(io.StringIO(inhalt.decode("utf-8")))
    assert tuple(leser.fieldnames) == KOPF
    return list(leser)


def _cent(text: str) -> int:
    euro, _, cent = text.partition(".")
    assert len(cent) == 2
    return int(euro) * 100 + int(cent)


@pytest.fixture(scope="module")
def traeger() -> list[tuple[str, str]]:
    return _alle_traeger()


@pytest.fixture(scope="module")
def datensatz(traeger) -> bytes:
    """Zwei Jahre für alle 401 Träger (reicht für Summen, Größenordnungen und Lücken)."""
    return erzeuge_basiszahlen_csv(traeger, **ZWEI_JAHRE, seed=7)


@pytest.fixture(scope="module")
def zeilen(datensatz) -> list[dict[str, str]]:
    return _zeilen(datensatz)


def test_kennzeichen():
    assert DEMO_KENNZEICHEN == "Demodaten"


def test_gleicher_seed_gleiche_bytes_anderer_seed_andere(traeger, datensatz):
    assert erzeuge_basiszahlen_csv(traeger, **ZWEI_JAHRE, seed=7) == datensatz
    anders = erzeuge_basiszahlen_csv(traeger, **ZWEI_JAHRE, seed=8)
    assert anders != datensatz
    assert vergleichstypen_csv(traeger, 7) == vergleichstypen_csv(traeger, 7)
    revision = dict(bis="2023-12", seed=7, datenstand="2024-02-15")
    assert erzeuge_neuen_datenstand_csv(traeger, **revision) == erzeuge_neuen_datenstand_csv(
        traeger, **revision
    )


def test_eine_zeile_je_traeger_monat_geschlecht(zeilen, traeger):
    schluessel = [(z["ags"], z["monat"], z["geschlecht"]) for z in zeilen]
    assert len(schluessel) == len(set(schluessel))
    assert {z["geschlecht"] for z in zeilen} == {"gesamt", "frauen", "maenner"}
    assert {z["ags"] for z in zeilen} == {a for a, _ in traeger}
    assert {z["datenstand"] for z in zeilen} == {"2024-01-15"}
    je_monat = defaultdict(set)
    for ags, monat, geschlecht in schluessel:
        je_monat[(ags, monat)].add(geschlecht)
    assert all(len(g) == 3 for g in je_monat.values())


def test_frauen_plus_maenner_ist_gesamt(zeilen):
    gruppen: dict[tuple[str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    for z in zeilen:
        gruppen[(z["ags"], z["monat"])][z["geschlecht"]] = z
    for g in gruppen.values():
        for feld in ANZAHLFELDER:
            if g["gesamt"][feld] == "":
                assert g["frauen"][feld] == g["maenner"][feld] == ""
                continue
            assert int(g["frauen"][feld]) + int(g["maenner"][feld]) == int(g["gesamt"][feld]), feld
        for feld in GELDFELDER:
            assert _cent(g["frauen"][feld]) + _cent(g["maenner"][feld]) == _cent(g["gesamt"][feld])


def _werte(zeile: dict[str, str]) -> list[int | None]:
    return [
        None if zeile[f] == "" else _cent(zeile[f]) if f in GELDFELDER else int(zeile[f])
        for f in FELDNAMEN
    ]


def test_plausibel_und_nicht_negativ(zeilen, traeger):
    revision = erzeuge_neuen_datenstand_csv(traeger, bis="2023-12", seed=7, datenstand="2024-02-15")
    for datei in (zeilen, _zeilen(revision)):
        gruppen = defaultdict(dict)
        for z in datei:
            werte = _werte(z)
            assert min(w for w in werte if w is not None) >= 0
            assert zeilenhinweise(werte) == [], z
            gruppen[(z["ags"], z["monat"])][z["geschlecht"]] = werte
        for gruppe in gruppen.values():
            assert summenabweichungen(gruppe) == []


def test_groessenordnungen(zeilen):
    gesamt = defaultdict(dict)
    for z in zeilen:
        if z["geschlecht"] == "gesamt":
            gesamt[z["ags"]][z["monat"]] = z
    for ags, monate in gesamt.items():
        jahr = [m for m in sorted(monate) if m.startswith("2023")]
        integrationen = sum(int(monate[m]["integrationen"]) for m in jahr) * 12 / len(jahr)
        elb = sum(int(monate[m]["elb"]) for m in jahr) / len(jahr)
        assert 15 <= integrationen / elb * 100 <= 40, ags  # K2-ähnlich
        assert 1_500 <= elb <= 200_000, ags
        beispiel = monate[jahr[0]]
        assert 0.58 <= int(beispiel["lzb"]) / int(beispiel["elb"]) <= 0.70
        assert 450 <= _cent(beispiel["llu"]) / 100 / int(beispiel["elb"]) <= 700
    for grossstadt in ("11000", "02000", "09162"):  # Berlin, Hamburg, München
        monate = gesamt[grossstadt].values()
        assert sum(int(m["elb"]) for m in monate) / len(monate) >= 75_000


def test_luecken_und_leere_zellen(zeilen, traeger):
    monate = sorted({z["monat"] for z in zeilen})
    je_traeger = defaultdict(set)
    for z in zeilen:
        je_traeger[z["ags"]].add(z["monat"])
    unvollstaendig = [a for a, m in je_traeger.items() if len(m) < len(monate)]
    assert 2 <= len(unvollstaendig) <= 4
    assert all(len(je_traeger[a]) == len(monate) - 1 for a in unvollstaendig)

    leer = [z for z in zeilen if z["elb_alleinerziehend"] == ""]
    assert leer, "einige Träger melden die Alleinerziehenden nicht"
    assert 3 <= len({z["ags"] for z in leer}) <= 5
    assert all(z["integrationen_alleinerziehend"] == "" for z in leer)
    assert all(z["elb"] != "" and int(z["elb"]) > 0 for z in leer)
    # nie 0 statt leer: gemeldete Alleinerziehende sind positiv
    assert all(int(z["elb_alleinerziehend"]) > 0 for z in zeilen if z["elb_alleinerziehend"] != "")


def test_revision_hat_spaeteren_datenstand_und_korrigierte_werte(traeger, zeilen):
    inhalt = erzeuge_neuen_datenstand_csv(traeger, bis="2023-12", seed=7, datenstand="2024-02-15")
    revision = _zeilen(inhalt)
    assert {z["datenstand"] for z in revision} == {"2024-02-15"}
    assert 8 <= len({z["ags"] for z in revision}) <= 10
    alt = {(z["ags"], z["monat"], z["geschlecht"]): z for z in zeilen}
    gruppen = defaultdict(dict)
    for z in revision:
        vorher = alt[(z["ags"], z["monat"], z["geschlecht"])]  # revidiert nur vorhandene Zeilen
        assert int(z["integrationen"]) > int(vorher["integrationen"])
        assert z["elb"] == vorher["elb"]
        assert "2023-06" <= z["monat"] <= "2023-09"
        gruppen[(z["ags"], z["monat"])][z["geschlecht"]] = z
    for g in gruppen.values():
        for feld in ANZAHLFELDER:
            if g["gesamt"][feld] != "":
                assert int(g["frauen"][feld]) + int(g["maenner"][feld]) == int(g["gesamt"][feld])
        assert int(g["gesamt"]["integrationen_svb"]) <= int(g["gesamt"]["integrationen"])


def test_vergleichstypen(traeger):
    leser = csv.DictReader(io.StringIO(vergleichstypen_csv(traeger, 1).decode()))
    typen = {z["ags"]: z["vergleichstyp"] for z in leser}
    assert set(typen) == {a for a, _ in traeger}
    assert typen["11000"].startswith("V") and typen["02000"].startswith("V")
    erlaubt = {f"{r}{b}" for r in ("I", "II", "III", "IV", "V") for b in "abcde"}
    assert set(typen.values()) <= erlaubt
    assert len({t.rstrip("abcde") for t in typen.values()}) == 5


def test_kurzer_zeitraum_und_ein_monat():
    traeger = [("01001", "gE"), ("01051", "zkT")]
    inhalt = erzeuge_basiszahlen_csv(traeger, bis="2022-01", seed=1, datenstand="2022-02-15")
    assert len(_zeilen(inhalt)) == 6  # zu wenige Träger und Monate für Lücken
    with pytest.raises(ValueError):
        erzeuge_basiszahlen_csv(traeger, "2022-05", bis="2022-01", seed=1, datenstand="2022-02-15")


def test_lade_demo_ohne_fehler_und_idempotent(stammdaten, session):
    pytest.importorskip("zielvereinbarung.services.basiszahlen.importer")
    from sqlmodel import func, select

    from zielvereinbarung.demo.laden import lade_demo
    from zielvereinbarung.models import Basiszahl, Traeger

    heute = date(2022, 9, 24)  # → 2022-01 bis 2022-06, Datenstand 2022-07-15, Revision 2022-08-15
    erster = lade_demo(session, seed=3, heute=heute)
    session.flush()
    assert (erster.von, erster.bis) == ("2022-01", "2022-06")
    assert erster.datenstand == date(2022, 7, 15)
    assert erster.neuer_datenstand == date(2022, 8, 15)
    assert erster.basiszahlen.ergebnis == "importiert"
    assert erster.basiszahlen.warnungen == []
    assert erster.basiszahlen.neu == erster.basiszahlen.zeilen_gelesen > 401 * 5 * 3
    assert erster.import_neuer_datenstand.ergebnis == "importiert"
    assert erster.import_neuer_datenstand.warnungen == []
    assert (
        erster.import_neuer_datenstand.neuer_datenstand
        == erster.import_neuer_datenstand.zeilen_gelesen
        > 0
    )
    ohne_typ = select(func.count()).select_from(Traeger).where(Traeger.vergleichstyp.is_(None))
    assert session.exec(ohne_typ).one() == 0
    anzahl = session.exec(select(func.count()).select_from(Basiszahl)).one()
    assert anzahl == erster.basiszahlen.neu + erster.import_neuer_datenstand.neuer_datenstand

    zweiter = lade_demo(session, seed=3, heute=heute)
    session.flush()
    assert zweiter.basiszahlen.ergebnis == "unveraendert"
    assert zweiter.import_neuer_datenstand.ergebnis == "unveraendert"
    assert (
        zweiter.basiszahlen.neu
        == zweiter.import_neuer_datenstand.neu
        == zweiter.import_neuer_datenstand.neuer_datenstand
        == 0
    )
    assert zweiter.vergleichstypen.geaendert == 0
    assert session.exec(select(func.count()).select_from(Basiszahl)).one() == anzahl
