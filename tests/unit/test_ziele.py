"""Zielvorgaben: Prüfung deutscher Eingaben, Wertebereiche, Korridor, Sätze, Abweichungen."""

from decimal import Decimal as D

import pytest

from zielvereinbarung.domain.ziele import (
    VEREINBARUNGS_INDIKATOREN,
    ZIELE,
    Zielvorgabe,
    lies_zielvorgabe,
    pruefe_vorgaben,
    pruefe_zielvorgabe,
    ziel_von,
)
from zielvereinbarung.domain.zielsaetze import abweichung, kurztext, ziel_satz


def test_ziele_gruppieren_die_zielindikatoren_wie_im_dokument():
    assert [(z.titel, z.zielindikatoren) for z in ZIELE] == [
        ("Verringerung der Hilfebedürftigkeit", ("LLU",)),
        ("Verbesserung der Integration in Erwerbstätigkeit", ("IQ", "IQ_F", "IQ_M", "IQ_AE")),
        ("Vermeidung von langfristigem Leistungsbezug", ("LZB", "IQ_LZB")),
        ("Weitere Ziele", ()),
    ]
    assert set(VEREINBARUNGS_INDIKATOREN) == {"IQ", "IQ_F", "IQ_M", "IQ_AE", "IQ_LZB", "LZB", "LLU"}
    assert ziel_von("Q3").titel == "Weitere Ziele"


@pytest.mark.parametrize(
    "eingabe,wert",
    [
        ("2,5", D("2.5")),
        ("-2,5", D("-2.5")),
        ("−2,5", D("-2.5")),
        ("+2,5", D("2.5")),
        ("3", D(3)),
        (D("2.5"), D("2.5")),
        (2, D(2)),
        ("  1,25 ", D("1.25")),
    ],
)
def test_deutsche_zahlen_werden_gelesen(eingabe, wert):
    vorgabe, fehler = lies_zielvorgabe("IQ", "veraenderung", eingabe)
    assert fehler == []
    assert vorgabe.wert == wert


@pytest.mark.parametrize(
    "eingabe,teil",
    [
        ("2.5", "keine Zahl im deutschen Format"),
        ("abc", "keine Zahl im deutschen Format"),
        ("", "Bitte eine Zahl eingeben"),
        (None, "Bitte eine Zahl eingeben"),
        (2.5, "exakte Zahl"),
        ("1,234", "höchstens 2 Nachkommastellen"),
    ],
)
def test_ungueltige_zahlen_geben_feldfehler(eingabe, teil):
    fehler = pruefe_zielvorgabe("IQ", "veraenderung", eingabe)
    assert len(fehler) == 1
    assert teil in fehler[0]
    assert fehler[0].feld == "wert"
    assert fehler[0].startswith("Integrationsquote (Jahresfortschrittswert) – Zielwert:")


@pytest.mark.parametrize(
    "wert,ok",
    [
        ("-50", True),
        ("50", True),
        ("-50,01", False),
        ("50,01", False),
        ("0", True),
        ("-6,9", True),
    ],
)
def test_veraenderung_zwischen_minus_und_plus_50_prozent(wert, ok):
    assert (pruefe_zielvorgabe("LZB", "veraenderung", wert) == []) is ok


def test_korridor_braucht_beide_grenzen_in_der_richtigen_reihenfolge():
    assert pruefe_zielvorgabe("IQ", "korridor", None, "1,0", "3,0") == []
    fehler = pruefe_zielvorgabe("IQ", "korridor", None, "3,0", "1,0")
    assert [f.feld for f in fehler] == ["obere"]
    assert "über der Untergrenze" in fehler[0]
    assert [f.feld for f in pruefe_zielvorgabe("IQ", "korridor", None, "2", "2")] == ["obere"]
    assert [f.feld for f in pruefe_zielvorgabe("IQ", "korridor", None, "1", "")] == ["obere"]
    assert [f.feld for f in pruefe_zielvorgabe("IQ", "korridor", None, "-51", "1")] == ["untere"]
    assert [f.feld for f in pruefe_zielvorgabe("IQ", "korridor", "2", "1", "3")] == ["wert"]


def test_niveau_einer_quote_zwischen_0_und_100():
    assert pruefe_zielvorgabe("IQ", "niveau", "27,5") == []
    assert pruefe_zielvorgabe("IQ_F", "niveau", "100") == []
    assert "zwischen 0 % und 100 %" in pruefe_zielvorgabe("IQ", "niveau", "100,5")[0]
    assert pruefe_zielvorgabe("IQ", "niveau", "-1") != []


def test_niveau_von_lzb_und_llu_nicht_negativ_und_plausibel():
    assert pruefe_zielvorgabe("LZB", "niveau", "4.850", basiswert=D(4949)) == []
    assert "nicht negativ" in pruefe_zielvorgabe("LZB", "niveau", "-1")[0]
    fehler = pruefe_zielvorgabe("LZB", "niveau", "9.000", basiswert=D(4000))
    assert "nicht plausibel" in fehler[0] and "4.000" in fehler[0]
    assert pruefe_zielvorgabe("LZB", "niveau", "2.000.000") != []  # ohne Basiswert: Obergrenze
    assert pruefe_zielvorgabe("LLU", "niveau", "123.456.789,50") == []


def test_monitoring_ohne_wert_qualitativ_mit_text():
    assert pruefe_zielvorgabe("LLU", "monitoring") == []
    assert [f.feld for f in pruefe_zielvorgabe("LLU", "monitoring", "1")] == ["wert"]
    assert pruefe_zielvorgabe("Q1", "qualitativ", text="Gleichstellung fördern") == []
    assert [f.feld for f in pruefe_zielvorgabe("Q1", "qualitativ", text="  ")] == ["text"]
    assert [f.feld for f in pruefe_zielvorgabe("Q1", "qualitativ", text="x" * 2001)] == ["text"]
    assert pruefe_zielvorgabe("Q1", "qualitativ", text="x" * 2000) == []
    assert [f.feld for f in pruefe_zielvorgabe("Q1", "qualitativ", "1", text="x")] == ["wert"]
    assert [f.feld for f in pruefe_zielvorgabe("IQ", "qualitativ", text="x")] == ["zieltyp"]
    assert [f.feld for f in pruefe_zielvorgabe("Q1", "veraenderung", "1")] == ["zieltyp"]
    assert [f.feld for f in pruefe_zielvorgabe("IQ", "veraenderung", "1", text="x")] == ["text"]


def test_kommentar_hoechstens_4000_zeichen_und_unbekanntes_wird_abgelehnt():
    assert pruefe_zielvorgabe("IQ", "monitoring", kommentar="x" * 4000) == []
    assert [f.feld for f in pruefe_zielvorgabe("IQ", "monitoring", kommentar="x" * 4001)] == [
        "kommentar"
    ]
    assert [f.feld for f in pruefe_zielvorgabe("K2", "veraenderung", "1")] == ["zielindikator"]
    assert [f.feld for f in pruefe_zielvorgabe("IQ", "steigerung", "1")] == ["zieltyp"]


def test_vorgaben_vollstaendig_und_ohne_doppelte():
    alle = [Zielvorgabe(c, "monitoring") for c in VEREINBARUNGS_INDIKATOREN]
    assert pruefe_vorgaben(alle) == []
    assert "doppelt" in pruefe_vorgaben(alle + [Zielvorgabe("IQ", "monitoring")])[0]
    fehlend = pruefe_vorgaben(alle[1:])
    assert len(fehlend) == 1 and "fehlt" in fehlend[0]
    assert pruefe_vorgaben(alle[1:], vollstaendig=False) == []


@pytest.mark.parametrize(
    "vorgabe,basis,vorlaeufig,satz",
    [
        (
            Zielvorgabe("IQ", "veraenderung", D("2.5")),
            D("26.86"),
            False,
            "Das Ziel ist erreicht, wenn die Integrationsquote 2027 um mindestens 2,5 % über dem "
            "Basiswert von 26,86 % liegt (mindestens 27,53 %).",
        ),
        (
            Zielvorgabe("IQ", "veraenderung", D("-6.9")),
            D("26.86"),
            False,
            "Das Ziel ist erreicht, wenn die Integrationsquote 2027 um höchstens 6,9 % unter dem "
            "Basiswert von 26,86 % liegt (mindestens 25,01 %).",
        ),
        (
            Zielvorgabe("LZB", "veraenderung", D("-2.0")),
            D("4949"),
            False,
            "Das Ziel ist erreicht, wenn der durchschnittliche Bestand an "
            "Langzeitleistungsbeziehenden "
            "2027 um mindestens 2,0 % unter dem Basiswert von 4.949 liegt (höchstens 4.850).",
        ),
        (
            Zielvorgabe("LZB", "veraenderung", D("1")),
            D("4000"),
            True,
            "Das Ziel ist erreicht, wenn der durchschnittliche Bestand an "
            "Langzeitleistungsbeziehenden "
            "2027 um höchstens 1,0 % über dem vorläufigen Basiswert von 4.000 liegt "
            "(höchstens 4.040).",
        ),
        (
            Zielvorgabe("IQ_F", "veraenderung", D("0")),
            D("20"),
            False,
            "Das Ziel ist erreicht, wenn die Integrationsquote der Frauen 2027 nicht unter dem "
            "Basiswert von 20,00 % liegt (mindestens 20,00 %).",
        ),
        (
            Zielvorgabe("IQ", "niveau", D("27.5")),
            D("26.86"),
            False,
            "Das Ziel ist erreicht, wenn die Integrationsquote 2027 mindestens 27,5 % beträgt.",
        ),
        (
            Zielvorgabe("LZB", "niveau", D("4850")),
            None,
            False,
            "Das Ziel ist erreicht, wenn der durchschnittliche Bestand an "
            "Langzeitleistungsbeziehenden "
            "2027 höchstens 4.850 beträgt.",
        ),
        (
            Zielvorgabe("IQ", "korridor", None, D(1), D(3)),
            D("26.86"),
            False,
            "Das Ziel ist erreicht, wenn die Veränderung der Integrationsquote 2027 gegenüber dem "
            "Basiswert von 26,86 % im Korridor von +1,0 % bis +3,0 % (27,13 % bis 27,67 %) oder "
            "darüber liegt.",
        ),
        (
            Zielvorgabe("LZB", "korridor", None, D(-3), D(-1)),
            D(5000),
            False,
            "Das Ziel ist erreicht, wenn die Veränderung des durchschnittlichen Bestands an "
            "Langzeitleistungsbeziehenden 2027 gegenüber dem Basiswert von 5.000 im Korridor von "
            "−3,0 % bis −1,0 % (4.850 bis 4.950) oder darunter liegt.",
        ),
        (
            Zielvorgabe("IQ", "veraenderung", D("2.5")),
            None,
            False,
            "Das Ziel ist erreicht, wenn die Integrationsquote 2027 um mindestens 2,5 % über dem "
            "Basiswert liegt (Basiswert noch nicht berechenbar).",
        ),
        (
            Zielvorgabe("LLU", "monitoring"),
            D(1000),
            False,
            "Die Summe der Leistungen zum Lebensunterhalt wird ohne Zielwert beobachtet "
            "(Monitoring).",
        ),
    ],
)
def test_saetze(vorgabe, basis, vorlaeufig, satz):
    assert ziel_satz(vorgabe, basis, 2027, vorlaeufig) == satz


def test_qualitatives_ziel_hat_einen_satz():
    satz = ziel_satz(Zielvorgabe("Q1", "qualitativ", text="Gleichstellung"), None, 2027)
    assert satz.startswith("Das Ziel ist erreicht, wenn die Vertragsparteien")


def test_kurztext_und_abweichung():
    o = Zielvorgabe("IQ", "veraenderung", D("2.5"))
    assert kurztext(o) == "+2,5 %"
    assert kurztext(Zielvorgabe("IQ", "korridor", None, D(-1), D(1))) == "−1,0 % bis +1,0 %"
    assert kurztext(Zielvorgabe("LZB", "niveau", D(4850))) == "4.850"
    gleich = abweichung(Zielvorgabe("IQ", "veraenderung", D("2.50")), o)
    assert not gleich.abweichend and gleich.differenz == 0
    anders = abweichung(Zielvorgabe("IQ", "veraenderung", D("2.0")), o)
    assert (
        anders.abweichend and anders.differenz == D("-0.5") and anders.text == "+2,0 % statt +2,5 %"
    )
    typ = abweichung(Zielvorgabe("IQ", "monitoring"), o)
    assert typ.abweichend and typ.differenz is None
    assert not abweichung(o, None).abweichend
