"""Monatliche Ausgaben im Basiszahlen-Import (DOMAIN.md § 10 mit den Regeln von § 2): alles oder
nichts mit Zeilenfehlern, Datenstände, Teilkorrektur, nur Land und Administration."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.models import Ausgabe, Basiszahl, ImportProtokoll
from zielvereinbarung.services.basiszahlen import importvorgang
from zielvereinbarung.services.basiszahlen.importer import ImportAbgelehnt

JETZT = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)
LAND_SH = Akteur("land-sh", "land", land_code="SH")


def datei(*zeilen: str) -> bytes:
    return ("\n".join(zeilen) + "\n").encode("utf-8")


def importiere(session, inhalt: bytes, akteur=None, jetzt=JETZT, vorschau=False):
    bereich = importvorgang.importbereich(session, akteur)
    if vorschau:
        return importvorgang.vorschau(session, "ausgaben.csv", inhalt, "t", jetzt, bereich=bereich)
    ergebnis = importvorgang.importiere(
        session, "ausgaben.csv", inhalt, "t", jetzt, bereich=bereich
    )
    session.flush()
    return ergebnis


def staende(session, ags="01054", monat="2026-01") -> list[Ausgabe]:
    return list(
        session.exec(
            select(Ausgabe)
            .where(Ausgabe.ags == ags, Ausgabe.monat == monat)
            .order_by(Ausgabe.datenstand, Ausgabe.import_id)
        )
    )


def anzahl(session, modell) -> int:
    return session.exec(select(func.count()).select_from(modell)).one()


def test_ausgaben_kommen_exakt_in_cent_an_und_schreiben_keine_basiszahlen(session, stammdaten):
    ergebnis = importiere(
        session,
        datei(
            "ags;monat;datenstand;ausgaben_eingliederung;ausgaben_verwaltung",
            "01054;2026-01;2026-02-15;1234567,89;98765,4",
            "01054;2026-02;2026-03-15;0,01;",
        ),
    )
    assert ergebnis.ergebnis == "importiert"
    assert (ergebnis.zusatz.bezeichnung, ergebnis.zusatz.neu) == ("Ausgaben", 2)
    assert "Ausgaben: 2 neu" in ergebnis.meldung
    (jan,) = staende(session)
    assert (jan.eingliederung, jan.verwaltung, jan.datenstand) == (
        123456789,
        9876540,
        date(2026, 2, 15),
    )
    (feb,) = staende(session, monat="2026-02")
    assert (feb.eingliederung, feb.verwaltung) == (1, None)  # leer = nicht gemeldet, nie 0
    assert anzahl(session, Basiszahl) == 0


def test_alles_oder_nichts_mit_zeile_und_spalte(session, stammdaten):
    inhalt = datei(
        "ags,monat,geschlecht,ausgaben_eingliederung,ausgaben_verwaltung",
        "01054,2026-01,gesamt,100.00,50",
        "01054,2026-02,gesamt,-5,50",
        "01054,2026-03,gesamt,12.345,50",
        "01054,2026-03,frauen,10,",
        "99999,2026-04,gesamt,10,10",
        "01054,2026-05,gesamt,=A1,1e5",
    )
    with pytest.raises(ImportAbgelehnt) as info:
        importiere(session, inhalt)
    details = "\n".join(map(str, info.value.details))
    assert (
        "Zeile 3, Spalte D (ausgaben_eingliederung): „-5“ – negative Werte sind nicht erlaubt."
        in details
    )
    assert (
        "Zeile 4, Spalte D (ausgaben_eingliederung): „12.345“ – ein Geldbetrag darf höchstens 2"
        in details
    )
    assert (
        "Zeile 5, Spalte D (ausgaben_eingliederung): Ausgaben gibt es nur je Träger und Monat"
        in details
    )
    assert "Zeile 6, Spalte A (ags): „99999“ – unbekannter Träger" in details
    assert (
        "Zeile 7, Spalte D (ausgaben_eingliederung): „=A1“ – Formeln sind nicht erlaubt" in details
    )
    assert "Zeile 7, Spalte E (ausgaben_verwaltung): „1e5“ – Exponentschreibweise" in details
    session.flush()
    assert anzahl(session, Ausgabe) == 0 and anzahl(session, ImportProtokoll) == 0


def test_datenstaende_neue_fassung_ueberschreibt_nicht(session, stammdaten):
    kopf = "ags,monat,datenstand,ausgaben_eingliederung,ausgaben_verwaltung"
    importiere(session, datei(kopf, "01054,2026-01,2026-02-15,100.00,50.00"))
    wieder = importiere(session, datei(kopf, "01054,2026-01,2026-02-15,100.00,50.00"))
    assert wieder.ergebnis == "unveraendert"
    assert "keine Änderungen" in wieder.meldung

    korrektur = importiere(session, datei(kopf, "01054,2026-01,2026-03-01,110.00,50.00"))
    assert (korrektur.zusatz.neu, korrektur.zusatz.neuer_datenstand) == (0, 1)
    alt, neu = staende(session)
    assert (alt.eingliederung, neu.eingliederung) == (10_000, 11_000)  # Verlauf bleibt

    # Teilkorrektur: nur die Verwaltung in der Datei; die Eingliederung bleibt aus dem Stand
    importiere(
        session,
        datei("ags,monat,datenstand,ausgaben_verwaltung", "01054,2026-01,2026-04-01,60.00"),
    )
    geltend = staende(session)[-1]
    assert (geltend.eingliederung, geltend.verwaltung) == (11_000, 6_000)
    assert len(staende(session)) == 3


def test_vorschau_schreibt_nichts(session, stammdaten):
    ergebnis = importiere(
        session,
        datei("ags,monat,ausgaben_eingliederung", "01054,2026-01,5"),
        vorschau=True,
    )
    assert ergebnis.protokoll_id is None and ergebnis.zusatz.neu == 1
    session.flush()
    assert anzahl(session, Ausgabe) == 0


def test_land_nur_fuer_eigene_traeger(session, stammdaten):
    kopf = "ags,monat,ausgaben_eingliederung"
    with pytest.raises(ImportAbgelehnt) as info:
        importiere(session, datei(kopf, "03101,2026-01,5"), akteur=LAND_SH)
    assert "Zeile 2, Spalte A (ags)" in str(info.value.details[0])
    ergebnis = importiere(session, datei(kopf, "01054,2026-01,5"), akteur=LAND_SH)
    assert ergebnis.ergebnis == "importiert"


def test_leser_und_traeger_importieren_keine_ausgaben(session, stammdaten):
    with pytest.raises(importvorgang.KeinImportrecht):
        importvorgang.importbereich(session, Akteur("l", "leser", land_code="SH"))
    # Träger ohne Ring: kein Import; mit Ring nur die Ringspalten (nicht die Ausgaben)
    with pytest.raises(importvorgang.KeinImportrecht):
        importvorgang.importbereich(session, Akteur("t", "traeger", traeger_ags="01054"))


def test_vorschau_nennt_alt_und_neu_und_die_ausgabenspalten(session, stammdaten):
    kopf = "ags,monat,datenstand,ausgaben_eingliederung,ausgaben_verwaltung"
    importiere(session, datei(kopf, "01054,2026-01,2026-02-15,100.00,50.00"))
    vorschau = importiere(
        session,
        datei("ags,monat,datenstand,ausgaben_verwaltung", "01054,2026-01,2026-03-01,60.00"),
        vorschau=True,
    )
    (satz,) = vorschau.zeilen
    assert satz.zusatz_art == {"ausgaben_verwaltung": "neuer_datenstand"}
    assert satz.zusatz_alt == {"ausgaben_verwaltung": 5_000}
    assert vorschau.erweiterung.wert_text("ausgaben_verwaltung", 5_000) == "50,00 €"
    assert "Ausgaben: ausgaben_verwaltung" in vorschau.spaltenansage
    assert "Vergleichsringe" not in vorschau.spaltenansage
