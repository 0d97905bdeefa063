"""Was eine Zielvorgabe absolut bedeutet (domain/zielniveau.py; Issue 9 Punkte 5 und 8):
Zielniveau mit den Stellen, die verschiedene Ziele unterscheidbar machen, und der Abstand zum
Basiswert in Prozentpunkten (Quoten), Personen oder Euro."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.domain.zielniveau import niveauanzeige, stellen_zielniveau


def anzeige(code: str, typ: str, basis, wert=None, untere=None, obere=None):
    return niveauanzeige(Zielvorgabe(code, typ, wert, untere, obere), basis)


@pytest.mark.parametrize(
    ("vorgabe", "text", "erlaeuterung"),
    [
        (
            ("veraenderung", D("2.5")),
            "mindestens 23,58 %",
            "+0,58 Prozentpunkte (2,5 % von 23,00 %)",
        ),
        (
            ("niveau", D("27.5")),
            "mindestens 27,5 %",
            "+19,6 % bzw. +4,50 Prozentpunkte gegenüber 23,00 %",
        ),
        (
            ("korridor", None, D(1), D(3)),
            "zwischen 23,23 % und 23,69 % oder darüber",
            "+1,0 % bis +3,0 % auf 23,00 %",
        ),
        (("veraenderung", D(0)), "mindestens 23,00 %", "gleich dem Basiswert 23,00 %"),
        (("monitoring",), "kein Zielniveau", "Monitoring: wird ohne Zielwert beobachtet"),
        (("korridor", None, D(1), None), "noch offen", "Bitte Unter- und Obergrenze eingeben."),
    ],
)
def test_integrationsquote_zielniveau_und_prozentpunkte(vorgabe, text, erlaeuterung):
    n = anzeige("IQ", vorgabe[0], D("23.0"), *vorgabe[1:])
    assert (n.text, n.erlaeuterung) == (text, erlaeuterung)


def test_nahe_ziele_sehen_verschieden_aus():
    """Issue 9: +2,0 % und +1,5 % auf 19,558 % hießen beide „mindestens 19,9 %“, +0,5 % auf
    14,25 % „14,3 % (mindestens 14,3 %)“."""
    zwei = anzeige("IQ", "veraenderung", D("19.558"), D("2.0")).text
    anderthalb = anzeige("IQ", "veraenderung", D("19.558"), D("1.5")).text
    assert (zwei, anderthalb) == ("mindestens 19,95 %", "mindestens 19,85 %")
    halb = anzeige("IQ", "veraenderung", D("14.25"), D("0.5"))
    assert halb.text == "mindestens 14,32 %"
    assert halb.erlaeuterung == "+0,07 Prozentpunkte (0,5 % von 14,25 %)"


def test_bestand_und_summe_niedriger_ist_besser():
    lzb = anzeige("LZB", "veraenderung", D(4452), D("-2.0"))
    assert (lzb.text, lzb.erlaeuterung) == ("höchstens 4.363", "−89 Personen (2,0 % von 4.452)")
    klein = anzeige("LZB", "veraenderung", D(850), D("-2.0"))
    assert klein.text == "höchstens 833,0", "unter 1.000 Personen eine Stelle"
    llu = anzeige("LLU", "veraenderung", D(49118245), D("-2.0"))
    assert llu.text == "höchstens 48.135.880 €"
    assert llu.erlaeuterung == "−982.365 € (2,0 % von 49.118.245 €)"


def test_ohne_basiswert_kein_zielniveau_aber_ein_vereinbartes_niveau():
    assert anzeige("IQ", "veraenderung", None, D(2)).text == "noch offen"
    assert anzeige("IQ", "niveau", None, D("27.25")).text == "mindestens 27,25 %"


def test_stellen():
    assert stellen_zielniveau("IQ", D("23")) == 2
    assert stellen_zielniveau("LZB", D(999)) == 1
    assert stellen_zielniveau("LZB", D(1000)) == 0
    assert stellen_zielniveau("LLU", D(5)) == 0
