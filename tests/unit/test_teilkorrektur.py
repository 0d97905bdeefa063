"""Teilkorrektur (DOMAIN.md § 2): Spalten, die nicht in der Datei stehen, behalten ihre
gespeicherten Werte; eine leere Zelle in einer vorhandenen Spalte heißt „nicht gemeldet“."""

from __future__ import annotations

from datetime import date

from zielvereinbarung.domain.basiszahlen import FELDNAMEN
from zielvereinbarung.domain.datenstaende import (
    NEU,
    NEUER_DATENSTAND,
    UNVERAENDERT,
    Basiszahlstand,
    plane_import,
)
from zielvereinbarung.domain.importpruefung import Datensatz

POS = {n: i for i, n in enumerate(FELDNAMEN)}
VOLL = tuple(1000 + i for i in range(len(FELDNAMEN)))  # alle 17 Werte gemeldet, plausibel


def werte(**felder) -> tuple:
    w = [None] * len(FELDNAMEN)
    for name, wert in felder.items():
        w[POS[name]] = wert
    return tuple(w)


def stand(werte_, monat="2026-10", geschlecht="gesamt", datenstand=date(2026, 11, 1), id_=1):
    return Basiszahlstand(id_, "01054", monat, geschlecht, datenstand, 1, werte_, [])


def satz(werte_, monat="2026-10", zeile=2, datenstand=date(2026, 11, 16)):
    return Datensatz(zeile, "01054", monat, "gesamt", datenstand, werte_)


FEHLEND = tuple(n for n in FELDNAMEN if n != "llu")


def test_fehlende_spalten_behalten_den_gespeicherten_wert():
    korrektur = satz(werte(llu=555))
    plan = plane_import([korrektur], [stand(VOLL)], FEHLEND)
    assert korrektur.werte == VOLL[: POS["llu"]] + (555,) + VOLL[POS["llu"] + 1 :]
    assert (korrektur.art, korrektur.alt) == (NEUER_DATENSTAND, VOLL)
    assert (plan.neuer_datenstand, plan.ergaenzt, plan.einfuegen) == (1, 1, [korrektur])


def test_leere_zelle_in_vorhandener_spalte_heisst_nicht_gemeldet():
    korrektur = satz(werte(llu=None))
    plane_import([korrektur], [stand(VOLL)], FEHLEND)
    assert korrektur.werte[POS["llu"]] is None
    assert korrektur.werte[POS["elb"]] == VOLL[POS["elb"]]


def test_gleicher_wert_ist_unveraendert():
    korrektur = satz(werte(llu=VOLL[POS["llu"]]))
    plan = plane_import([korrektur], [stand(VOLL)], FEHLEND)
    assert (korrektur.art, plan.unveraendert, plan.einfuegen) == (UNVERAENDERT, 1, [])


def test_neuer_schluessel_fehlende_spalten_nicht_gemeldet():
    neu = satz(werte(llu=555), monat="2026-11")
    plan = plane_import([neu], [stand(VOLL)], FEHLEND)
    assert neu.werte == werte(llu=555) and neu.art == NEU and neu.alt is None
    assert (plan.neu, plan.ergaenzt) == (1, 0)


def test_es_gilt_der_geltende_stand():
    alt = stand(VOLL, datenstand=date(2026, 11, 1), id_=1)
    neuer = stand(tuple(v + 1 for v in VOLL), datenstand=date(2026, 11, 10), id_=2)
    korrektur = satz(werte(llu=555))
    plane_import([korrektur], [neuer, alt], FEHLEND)
    assert korrektur.werte[POS["elb"]] == VOLL[POS["elb"]] + 1
    assert korrektur.alt == neuer.werte


def test_plausibilitaet_wird_auf_den_ergaenzten_werten_geprueft():
    gespeichert = stand(werte(elb=100, lzb=80))
    korrektur = satz(werte(lzb=120))  # lzb > elb erst mit dem gespeicherten elb
    plan = plane_import([korrektur], [gespeichert], tuple(n for n in FELDNAMEN if n != "lzb"))
    assert korrektur.hinweise == [{"felder": ["lzb", "elb"], "regel": "lzb > elb"}]
    assert plan.warnungen == [
        "Zeile 2: lzb (120) ist größer als elb (100) bei 01054, 2026-10, gesamt – bitte prüfen."
    ]


def test_vollstaendige_datei_ersetzt_die_ganze_zeile():
    ersatz = satz(werte(llu=555))  # alle Spalten in der Datei, nur llu gefüllt
    plane_import([ersatz], [stand(VOLL)])
    assert ersatz.werte == werte(llu=555)  # die leeren Zellen sind nicht gemeldet
