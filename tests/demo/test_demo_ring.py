"""Der Demo-Ring in `flask zv demo`: zehn zkT aus drei Ländern, Koordination `ring-nord`, sechs
eigene Basiszahlen mit Werten, Kennzahlen jeder Kategorie – wiederholbar."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from zielvereinbarung.demo.laden import lade_demo
from zielvereinbarung.demo.ring import RING_NAME
from zielvereinbarung.models import Benutzer, Ring
from zielvereinbarung.services.ringe.berechnung import berechne_monat
from zielvereinbarung.services.ringe.daten import lade_ringdaten


def test_demo_ring(session, stammdaten):
    # Demomonate 2022-01 bis 2023-04 (ab Juli: der Demo-Zeitplan der Verhandlung 2024 braucht
    # Termine ab dem 01.07.2023)
    heute = date(2023, 7, 24)
    erster = lade_demo(session, seed=5, heute=heute)
    ring = session.exec(select(Ring).where(Ring.name == RING_NAME)).one()
    assert erster.ring.neu and ring.demodaten and ring.laender_sehen
    assert ring.freigegeben_bis == "2023-04"
    koordination = session.exec(select(Benutzer).where(Benutzer.benutzername == "ring-nord")).one()
    assert (koordination.rolle, koordination.ring_id) == ("ring", ring.id)

    daten = lade_ringdaten(session, ring.id)
    assert len(daten.mitglieder[2022]) == 9 and len(daten.mitglieder[2023]) == 10
    assert {daten.traeger[a].land_code for a in daten.mitglieder[2023]} == {"SH", "NI", "MV"}
    assert len(daten.basiszahlen) == 6
    assert {k.kategorie for k in daten.kennzahlen} == {"basis", "struktur", "qualitaet", "kosten"}
    assert [k.version for k in daten.kennzahlen if k.code == "S2"] == [1, 2]
    assert erster.ring.werte.ergebnis == "importiert" and erster.ring.werte.zusatz.neu > 6 * 9 * 12
    assert len(erster.ring.werte.warnungen) == 1  # absichtlich: mehr Abhilfen als Widersprüche

    dezember = {km.kennzahl.code: km for km in berechne_monat(daten, 2022 * 12 + 11)}
    assert all(km.ring.wert is not None for km in dezember.values())
    assert dezember["Q2"].ring.abdeckung == 9  # 12-Monats-Kennzahl: alle neun Mitglieder 2022
    april = {km.kennzahl.code: km for km in berechne_monat(daten, 2023 * 12 + 3)}
    assert april["K1"].ring.abdeckung == 9  # 13073 ohne eigene Werte im letzten Monat
    assert april["S2"].kennzahl.version == 2

    zweiter = lade_demo(session, seed=5, heute=heute)
    assert not zweiter.ring.neu and zweiter.ring.werte.ergebnis == "unveraendert"
