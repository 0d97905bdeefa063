"""Teilkorrektur gegen die echte Datenbank: eine Datei `ags;monat;llu` ändert nur llu, alle
anderen Werte des Monats bleiben (Issue 9: vorher wurden 19 Werte „nicht gemeldet“); die
Vorschau nennt alt und neu; die Importvorlage lässt sich nach dem Ausfüllen importieren."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook
from sqlmodel import select

from zielvereinbarung.demo.daten import erzeuge_basiszahlen_csv
from zielvereinbarung.domain.basiszahlen import FELDNAMEN
from zielvereinbarung.domain.datenstaende import NEUER_DATENSTAND, UNVERAENDERT
from zielvereinbarung.models import AuditEreignis, Basiszahl, Traeger
from zielvereinbarung.services.basiszahlen import importvorgang
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.kennzahlen import lesen
from zielvereinbarung.tabellen.importvorlage import importvorlage

JETZT = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)


def _geltend(session, ags="01054", monat="2026-06") -> Basiszahl:
    return session.exec(
        select(Basiszahl)
        .where(Basiszahl.ags == ags, Basiszahl.monat == monat, Basiszahl.geschlecht == "gesamt")
        .order_by(Basiszahl.datenstand.desc(), Basiszahl.import_id.desc())
    ).first()


def _berechenbar(session) -> int:
    daten = lesen.traeger_daten(session, session.get(Traeger, "01054"))
    letzter = daten.monate[-1]
    return sum(e.wert is not None for e in daten.verlauf[letzter].values())


def test_einspaltige_korrektur_aendert_nur_diese_spalte(session, stammdaten):
    voll = erzeuge_basiszahlen_csv(
        [("01054", "zkT")], "2024-01", bis="2026-06", seed=3, datenstand="2026-09-15"
    )
    importiere_basiszahlen(session, "voll.csv", voll, "tester", JETZT)
    vorher = _geltend(session)
    berechenbar = _berechenbar(session)
    assert berechenbar >= 14

    korrektur = b"ags;monat;llu\n01054;06.2026;1234,56\n"
    vorschau = importvorgang.vorschau(session, "korrektur.csv", korrektur, "tester", JETZT)
    assert vorschau.teilkorrektur == (
        "Spalten, die nicht in der Datei stehen, bleiben unverändert: "
        + ", ".join(n for n in FELDNAMEN if n != "llu")
    )
    (zeile,) = vorschau.zeilen
    assert zeile.art == NEUER_DATENSTAND and zeile.alt[FELDNAMEN.index("llu")] == vorher.llu
    assert zeile.werte[FELDNAMEN.index("llu")] == 123456
    assert session.exec(select(Basiszahl).where(Basiszahl.import_id.is_(None))).first() is None

    ergebnis = importvorgang.importiere(session, "korrektur.csv", korrektur, "tester", JETZT)
    assert (ergebnis.neuer_datenstand, ergebnis.ergaenzt) == (1, 1)
    assert "Teilkorrektur: 16 Spalten nicht in der Datei" in ergebnis.meldung
    nachher = _geltend(session)
    assert nachher.id != vorher.id and nachher.llu == 123456
    for name in FELDNAMEN:
        if name != "llu":
            assert getattr(nachher, name) == getattr(vorher, name), name
    assert _berechenbar(session) == berechenbar
    details = session.exec(
        select(AuditEreignis.details).where(AuditEreignis.aktion == "import")
    ).all()[-1]
    assert details["teilkorrektur"] == [n for n in FELDNAMEN if n != "llu"]

    # dieselbe Korrektur noch einmal: nichts ändert sich
    wieder = importvorgang.vorschau(session, "korrektur.csv", korrektur, "tester", JETZT)
    assert wieder.ergebnis == "unveraendert" and wieder.zeilen[0].art == UNVERAENDERT


def test_importvorlage_laesst_sich_nach_dem_ausfuellen_importieren(session, stammdaten):
    buch = load_workbook(io.BytesIO(importvorlage()))
    blatt = buch["Basiszahlen"]
    kopf = [z.value for z in blatt[1]]
    assert kopf[:4] == ["ags", "monat", "geschlecht", "datenstand"] and len(kopf) == 21
    pruefungen = {str(dv.sqref).split(":")[0]: dv for dv in blatt.data_validations.dataValidation}
    assert (
        pruefungen["C2"].type == "list" and pruefungen["C2"].formula1 == '"gesamt,frauen,maenner"'
    )
    assert pruefungen["B2"].type == "custom" and "MID(B2,5,1)" in pruefungen["B2"].formula1
    assert pruefungen["A2"].type == "textLength"
    assert buch.sheetnames == ["Basiszahlen", "Erläuterung"]
    erlaeuterung = [z.value for z in buch["Erläuterung"]["B"] if z.value]
    assert "lzb_aktiviert" in erlaeuterung

    # ausfüllen: eigener Träger, Monat deutsch getippt, Datenstand als Datum
    blatt["A2"] = "01054"
    blatt["B2"] = "09.2026"
    blatt["D2"] = datetime(2026, 11, 2)
    puffer = io.BytesIO()
    buch.save(puffer)
    ergebnis = importiere_basiszahlen(session, "vorlage.xlsx", puffer.getvalue(), "tester", JETZT)
    assert (ergebnis.ergebnis, ergebnis.neu, ergebnis.warnungen) == ("importiert", 1, [])
    zeile = _geltend(session, "01054", "2026-09")
    assert zeile.elb == 5120 and zeile.llu == 289012345 and zeile.datenstand.day == 2
