"""Planung gegen die echte Datenbank: Orientierungswerte und Entwürfe für die zkT eines Landes.

Daten (eingespielt über den echten Import), Jahr der Vereinbarung 2027, Basiswert aus 2026:
- 01054 Nordfriesland (zkT SH): eLb 1.000 je Monat, Integrationen 20 (2025) bzw. 25 (2026) →
  IQ 2026 = 300 / 1.000 × 100 = 30 %, Veränderung zu 2025 (24 %) +25 %; LZB 400; LLU 100.000 €
  je Monat → 1.200.000 €; Frauen 10 von 500 eLb → 24 %; Männer 15 von 500 → 36 %.
- 01059 Schleswig-Flensburg (zkT SH): Daten nur bis 2026-09 → IQ(9) = 225 / 1.000 = 22,5 %,
  Saisonfaktor 2025: 24 % / 18 % → Basiswert 30 % vorläufig (2026-09); LZB 500 (2025: 400) → 500.
- 01001 Flensburg (gE SH, gleicher Vergleichstyp): Integrationen 22 (2026) → +10 %.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from sqlmodel import func, select

from zielvereinbarung.domain.basiszahlen import monat_index, monat_text
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung
from zielvereinbarung.models import AuditEreignis, Benutzer, Revision, Zielvereinbarung, Zielwert
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.basiszahlen.stammdaten import importiere_vergleichstypen
from zielvereinbarung.services.verhandlung.orientierungswerte import (
    lade_orientierungswerte,
    setze_orientierungswerte,
)
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe
from zielvereinbarung.services.verhandlung.schritte import UngueltigeVorgaben

JETZT = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)
LAND_SH = Akteur("land.sh", "land", land_code="SH")
ORIENTIERUNG = [
    Zielvorgabe("IQ", "veraenderung", D("2.5")),
    Zielvorgabe("IQ_F", "niveau", D("25")),
    Zielvorgabe("IQ_AE", "veraenderung", D("1")),
    Zielvorgabe("LZB", "korridor", None, D(-3), D(-1)),
    Zielvorgabe(
        "Q1", "qualitativ", text="Geflüchtete in Arbeit bringen", bezeichnung="Geflüchtete"
    ),
]


def _zeilen(ags, bis, werte_2026, geschlecht="gesamt", elb=1000, int_2025=20):
    for m in range(monat_index("2024-12"), monat_index(bis) + 1):
        w = {"elb": elb, "integrationen": int_2025, **(werte_2026 if m // 12 == 2026 else {})}
        yield ",".join(
            str(x)
            for x in (
                ags,
                monat_text(m),
                geschlecht,
                w["elb"],
                w["integrationen"],
                w.get("lzb", ""),
                w.get("llu", ""),
                w.get("lzb_integrationen", ""),
            )
        )


def daten() -> bytes:
    kopf = "ags,monat,geschlecht,elb,integrationen,lzb,llu,lzb_integrationen"
    zeilen = [kopf]
    for lzb_2026, ags, bis in ((400, "01054", "2026-12"), (500, "01059", "2026-09")):
        zeilen += _zeilen(
            ags,
            bis,
            {"integrationen": 25, "lzb": lzb_2026, "llu": "100000.00", "lzb_integrationen": 4},
        )
    # 2025 und Dezember 2024: lzb 400, llu 100.000 €
    zeilen = [
        z.replace(",,,", ",400,100000.00,3") if ",2025-" in z or ",2024-" in z else z
        for z in zeilen
    ]
    zeilen += _zeilen("01001", "2026-12", {"integrationen": 22})
    zeilen += _zeilen("01054", "2026-12", {"integrationen": 10}, "frauen", elb=500, int_2025=8)
    zeilen += _zeilen("01054", "2026-12", {"integrationen": 15}, "maenner", elb=500, int_2025=12)
    return ("\n".join(zeilen) + "\n").encode()


@pytest.fixture
def sh(session, stammdaten):
    importiere_vergleichstypen(
        session, b"ags,vergleichstyp\n01054,I\n01059,I\n01001,I\n", "typen.csv"
    )
    importiere_basiszahlen(session, "sh.csv", daten(), "tester", datetime(2027, 1, 5, tzinfo=UTC))
    session.add(
        Benutzer(
            benutzername="nf",
            name="NF",
            email="nf@kreis-nf.de",
            passwort_hash="x",
            rolle="traeger",
            traeger_ags="01054",
            erstellt_am=JETZT,
        )
    )
    session.flush()
    return session


def zielwerte(session, ags) -> dict[str, Zielwert]:
    v = session.exec(select(Zielvereinbarung).where(Zielvereinbarung.ags == ags)).one()
    rev = session.exec(select(Revision).where(Revision.vereinbarung_id == v.id)).one()
    return {
        z.zielindikator: z
        for z in session.exec(
            select(Zielwert).where(Zielwert.revision_id == rev.id).order_by(Zielwert.reihenfolge)
        )
    }


def test_orientierungswerte_setzen_und_laden(sh):
    geladen = setze_orientierungswerte(sh, "SH", 2027, ORIENTIERUNG, LAND_SH, JETZT)
    assert list(geladen) == ["IQ", "IQ_F", "IQ_AE", "LZB", "Q1"]
    assert geladen["IQ"].wert == D("2.5")
    # ganz ersetzen: was fehlt, verschwindet
    setze_orientierungswerte(sh, "SH", 2027, ORIENTIERUNG[:1], LAND_SH, JETZT)
    assert list(lade_orientierungswerte(sh, "SH", 2027)) == ["IQ"]
    assert sh.exec(select(AuditEreignis.aktion)).all() == ["orientierungswerte"] * 2


def test_orientierungswerte_pruefen_und_berechtigung(sh):
    with pytest.raises(UngueltigeVorgaben) as info:
        setze_orientierungswerte(
            sh,
            "SH",
            2027,
            [Zielvorgabe("IQ", "veraenderung", D(60)), Zielvorgabe("LZB", "niveau", D(4000))],
            LAND_SH,
            JETZT,
        )
    assert len(info.value.details) == 2
    for fremd in (
        Akteur("land.ni", "land", land_code="NI"),
        Akteur("adm", "admin"),
        Akteur("nf", "traeger", traeger_ags="01054"),
        Akteur("l", "leser", land_code="SH"),
    ):
        with pytest.raises(KeineBerechtigung):
            setze_orientierungswerte(sh, "SH", 2027, ORIENTIERUNG, fremd, JETZT)


def test_ohne_orientierungswerte_keine_entwuerfe(sh):
    with pytest.raises(FachlicherFehler, match="keine Orientierungswerte"):
        erzeuge_entwuerfe(sh, "SH", 2027, LAND_SH, JETZT)


def test_entwuerfe_fuer_alle_zkt_des_landes(sh):
    setze_orientierungswerte(sh, "SH", 2027, ORIENTIERUNG, LAND_SH, JETZT)
    ergebnis = erzeuge_entwuerfe(sh, "SH", 2027, LAND_SH, JETZT)
    assert [ags for ags, _ in ergebnis.erzeugt] == ["01054", "01059"]  # nur zkT, nicht 01001 (gE)
    assert ergebnis.meldung == "2 Entwürfe erzeugt."
    vereinbarungen = sh.exec(select(Zielvereinbarung)).all()
    assert {(v.ags, v.jahr, v.zustand, v.am_zug) for v in vereinbarungen} == {
        ("01054", 2027, "entwurf", "traeger"),
        ("01059", 2027, "entwurf", "traeger"),
    }

    nf = zielwerte(sh, "01054")
    assert list(nf) == ["LLU", "IQ", "IQ_F", "IQ_M", "IQ_AE", "LZB", "IQ_LZB", "Q1"]
    assert (nf["IQ"].basiswert, nf["IQ"].basiswert_vorlaeufig, nf["IQ"].basiswert_monat) == (
        D(30),
        False,
        "2026-12",
    )
    assert (nf["IQ"].zieltyp, nf["IQ"].wert, nf["IQ"].orientierungswert) == (
        "veraenderung",
        D("2.5"),
        "+2,5 %",
    )
    assert nf["IQ_F"].basiswert == D(24) and nf["IQ_M"].basiswert == D(36)
    assert (nf["IQ_F"].zieltyp, nf["IQ_F"].wert) == ("niveau", D(25))
    assert nf["LZB"].basiswert == D(400) and nf["LLU"].basiswert == D(1_200_000)
    assert nf["IQ_LZB"].basiswert == D(12)  # 48 / 400 × 100
    assert nf["LLU"].zieltyp == "monitoring"  # kein Orientierungswert
    # IQ_AE nicht berechenbar: Grund sichtbar, Vorschlag Monitoring statt relativer Vorgabe
    assert nf["IQ_AE"].basiswert is None
    assert (
        nf["IQ_AE"].basiswert_grund
        == "Wert „Bestand alleinerziehende eLb“ (elb_alleinerziehend) für Dezember 2025 "
        "nicht gemeldet"
    )
    assert nf["IQ_AE"].zieltyp == "monitoring"
    assert (nf["Q1"].zieltyp, nf["Q1"].bezeichnung) == ("qualitativ", "Geflüchtete")

    k = nf["IQ"].kontext
    assert [(j["jahr"], j["wert"], j["veraenderung"]) for j in k["jahre"]] == [
        (2024, None, None),
        (2025, "24", None),
        (2026, "30", "25"),
    ]
    # Vergleichstyp I im Dezember 2026: 01054 +25 %, 01001 +10 % (01059 ohne Dezember) → 17,5 %
    assert (k["median_veraenderung"], k["median_anzahl"], k["median_monat"]) == (
        "17.5",
        2,
        "2026-12",
    )


def test_ohne_dezember_vorlaeufiger_basiswert(sh):
    setze_orientierungswerte(sh, "SH", 2027, ORIENTIERUNG, LAND_SH, JETZT)
    erzeuge_entwuerfe(sh, "SH", 2027, LAND_SH, JETZT)
    sl = zielwerte(sh, "01059")
    assert (sl["IQ"].basiswert, sl["IQ"].basiswert_vorlaeufig, sl["IQ"].basiswert_monat) == (
        D(30),
        True,
        "2026-09",
    )
    assert (sl["LZB"].basiswert, sl["LZB"].basiswert_vorlaeufig) == (D(500), True)
    assert sl["IQ_F"].basiswert is None and sl["IQ_F"].basiswert_grund  # keine Frauen-Daten
    # Median im September: alle drei Träger haben ihn (+25 %, +25 %, +10 %)
    k = sl["IQ"].kontext
    assert (k["median_veraenderung"], k["median_anzahl"], k["median_monat"]) == ("25", 3, "2026-09")


def test_zweiter_aufruf_erzeugt_nichts(sh):
    setze_orientierungswerte(sh, "SH", 2027, ORIENTIERUNG, LAND_SH, JETZT)
    erstes = erzeuge_entwuerfe(sh, "SH", 2027, LAND_SH, JETZT)
    assert [n.an for n in erstes.benachrichtigungen] == [["nf@kreis-nf.de"]]
    assert "Entwurf liegt vor" in erstes.benachrichtigungen[0].betreff
    zweites = erzeuge_entwuerfe(sh, "SH", 2027, LAND_SH, JETZT)
    assert zweites.erzeugt == [] and zweites.vorhanden == ["01054", "01059"]
    assert zweites.meldung.startswith("Keine neuen Entwürfe")
    assert zweites.benachrichtigungen == []
    assert sh.exec(select(func.count()).select_from(Zielvereinbarung)).one() == 2
    assert sh.exec(select(func.count()).select_from(Revision)).one() == 2
    aktionen = sh.exec(select(AuditEreignis.aktion).order_by(AuditEreignis.id)).all()
    assert aktionen == ["orientierungswerte", "entwuerfe_erzeugt"]


def test_entwuerfe_nur_durch_das_land_selbst(sh):
    setze_orientierungswerte(sh, "SH", 2027, ORIENTIERUNG, LAND_SH, JETZT)
    for fremd in (
        Akteur("land.ni", "land", land_code="NI"),
        Akteur("adm", "admin"),
        Akteur("nf", "traeger", traeger_ags="01054"),
    ):
        with pytest.raises(KeineBerechtigung):
            erzeuge_entwuerfe(sh, "SH", 2027, fremd, JETZT)
    assert sh.exec(select(func.count()).select_from(Zielvereinbarung)).one() == 0
