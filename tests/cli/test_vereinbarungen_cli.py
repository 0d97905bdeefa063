"""Der CLI-Vertrag von `flask zv vereinbarungen liste --json` (README, Issue 11): ein Objekt je
Vereinbarung; eine Änderungsvereinbarung mit Bezug und nur den Zielen, die sie ändert; Zahlen
exakt als Text. Daten: tests/fixtures/nachhaltung.py (01054 unterzeichnet, IQ +2,5 % auf den
Basiswert 30 % → Zielniveau 30,75 %; 01059 im Entwurf)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal as D

from tests.fixtures.nachhaltung import JETZT, LAND_SH
from zielvereinbarung.demo.vereinbarungen import unterzeichne
from zielvereinbarung.models import Zielvereinbarung
from zielvereinbarung.services.verhandlung.aenderung import lege_aenderung_an
from zielvereinbarung.services.verhandlung.lesen import letzte_revision

SCHLUESSEL = {"id", "art", "land", "ags", "jahr", "zustand", "bezug", "ziele", "budget"}


def _liste(cli, *args):
    ergebnis = cli("zv", "vereinbarungen", "liste", *args, "--json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return json.loads(ergebnis.stdout)


def test_liste_mit_aenderung(session, vereinbarung, cli):
    spaeter = JETZT + timedelta(days=30)
    a = lege_aenderung_an(session, vereinbarung, LAND_SH, spaeter)
    v = session.get(Zielvereinbarung, a.vereinbarung_id)
    neu = [
        replace(x, wert=D("-5.25"), kommentar=None) if x.zielindikator == "IQ" else x
        for x in letzte_revision(session, v).vorgaben()
    ]
    unterzeichne(session, v.id, spaeter, neu)
    session.commit()

    objekte = _liste(cli, "--land", "SH", "--jahr", "2026")
    assert all(set(o) == SCHLUESSEL for o in objekte)
    je_id = {o["id"]: o for o in objekte}
    original, aenderung = je_id[vereinbarung], je_id[v.id]
    assert {k: original[k] for k in ("art", "land", "ags", "jahr", "zustand", "bezug", "budget")} \
        == {"art": "traeger", "land": "SH", "ags": "01054", "jahr": 2026,
            "zustand": "unterzeichnet", "bezug": None, "budget": None}  # fmt: skip
    # das Original wie unterzeichnet, alle Ziele
    assert original["ziele"]["IQ"] == {"typ": "veraenderung", "wert": "2.5", "untergrenze": None,
                                       "obergrenze": None, "zielniveau": "30.75"}  # fmt: skip
    assert original["ziele"]["IQ_LZB"] == {"typ": "korridor", "wert": None, "untergrenze": "1",
                                           "obergrenze": "4", "zielniveau": None}  # fmt: skip
    assert original["ziele"]["LLU"]["typ"] == "monitoring" and "Q1" in original["ziele"]
    # die Änderung: Bezug und nur das geänderte Ziel; 30 × (1 − 0,0525) = 28,425
    assert (aenderung["art"], aenderung["bezug"], aenderung["zustand"]) == (
        "aenderung",
        vereinbarung,
        "unterzeichnet",
    )
    assert aenderung["ziele"] == {
        "IQ": {"typ": "veraenderung", "wert": "-5.25", "untergrenze": None, "obergrenze": None,
               "zielniveau": "28.425"}
    }  # fmt: skip
    # der Entwurf von 01059 ist dabei, ohne Einigung mit den Werten der neuesten Revision
    entwurf = next(o for o in objekte if o["ags"] == "01059")
    assert entwurf["zustand"] == "entwurf" and entwurf["ziele"]["IQ"]["wert"] == "2.5"
    # Filter
    assert _liste(cli, "--land", "NI") == [] and _liste(cli, "--jahr", "2025") == []
    assert {o["id"] for o in _liste(cli)} >= {vereinbarung, v.id}


def test_liste_als_tabelle(session, vereinbarung, cli):
    ergebnis = cli("zv", "vereinbarungen", "liste", "--land", "SH")
    assert ergebnis.exit_code == 0 and "unterzeichnet" in ergebnis.stdout
    assert "01054" in ergebnis.stdout and "traeger" in ergebnis.stdout
