"""Plausibilitätshinweise in Worten (Seiten, Vorschau, Ring-Export und -Bericht): deutsche
Feldnamen statt `lzb > elb`."""

from zielvereinbarung.domain.basiszahlen import FELDNAMEN
from zielvereinbarung.domain.plausibilitaet import SUMMENREGEL, hinweis_text, zeilenhinweise


def test_zeilenregel_nennt_beide_felder_mit_namen():
    werte = [None] * len(FELDNAMEN)
    werte[FELDNAMEN.index("elb")], werte[FELDNAMEN.index("lzb")] = 100, 120
    (hinweis,) = zeilenhinweise(werte)
    assert hinweis_text(hinweis) == (
        "„Bestand Langzeitleistungsbeziehende“ (lzb) größer als "
        "„Bestand erwerbsfähige Leistungsberechtigte“ (elb)"
    )


def test_summenregel_nennt_das_feld():
    text = hinweis_text({"felder": ["integrationen"], "regel": SUMMENREGEL})
    assert text == "Frauen + Männer ≠ Gesamt bei „Integrationen“ (integrationen)"


def test_eigene_basiszahl_eines_rings_und_unbekannte_regel():
    # eigene Basiszahlen der Vergleichsringe haben keinen Katalognamen: der Code in Anführung
    assert hinweis_text({"felder": ["bg", "hh"], "regel": "bg > hh"}) == "„bg“ größer als „hh“"
    assert hinweis_text({"felder": ["x"], "regel": "etwas anderes"}) == "etwas anderes"
