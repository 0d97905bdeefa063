"""Die Wertspalten der Datei bestimmen, was sich ändert – für gesetzliche wie für Ringspalten
(Entscheidung zu Issue 9.6 und 12): fehlende Spalten behalten ihre gespeicherten Werte, eine
Datei nur mit Ringspalten ist die Teilkorrektur, die nur Ringwerte ändert; die Vorschau sagt,
welche Spalten sich ändern und welche bleiben, und zeigt alt → neu auch für Ringwerte."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.datenstaende import NEUER_DATENSTAND
from zielvereinbarung.models import Basiszahl
from zielvereinbarung.services.basiszahlen import importvorgang
from zielvereinbarung.services.basiszahlen.importer import ImportAbgelehnt
from zielvereinbarung.services.ringe.daten import lade_ringdaten
from zielvereinbarung.web.import_.vorschau import vorschauseite

from .conftest import JETZT, importiere

MAERZ = 2024 * 12 + 2  # 2024-03
RINGWERTE = {"personal": 10, "kosten": 1_000_000, "quote": 2_500, "widersprueche": 10}


def _geltend(session, ags="01054", monat="2024-03") -> Basiszahl:
    return (
        session.execute(
            select(Basiszahl)
            .where(Basiszahl.ags == ags, Basiszahl.monat == monat, Basiszahl.geschlecht == "gesamt")
            .order_by(Basiszahl.datenstand.desc(), Basiszahl.import_id.desc())
        )
        .scalars()
        .first()
    )


def _vorschau(session, text: str, akteur: Akteur | None = None):
    bereich = importvorgang.importbereich(session, akteur)
    return importvorgang.vorschau(
        session, "korrektur.csv", text.encode(), "test", JETZT, bereich=bereich
    )


def test_gesetzliche_und_ringspalte_aendern_nur_sich(session, ring, daten):
    datei = "ags,monat,datenstand,integrationen,personal\n01054,2024-03,2025-03-20,25,12\n"
    vorschau = _vorschau(session, datei)
    assert vorschau.spaltenansage == (
        "Geändert werden nur die Spalten der Datei: integrationen; Vergleichsringe: personal"
    )
    assert vorschau.teilkorrektur.startswith(
        "Spalten, die nicht in der Datei stehen, bleiben unverändert: elb, elb_zugang"
    )
    assert vorschau.teilkorrektur.endswith(  # die Ausgaben (DOMAIN § 10) sind weitere Spalten
        "lzb_aktiviert; Vergleichsringe: abgeholfen, kosten, quote, widersprueche; "
        "Ausgaben: ausgaben_eingliederung, ausgaben_verwaltung"
    )
    (satz,) = vorschau.zeilen
    assert satz.zusatz_art == {"personal": NEUER_DATENSTAND} and satz.zusatz_alt["personal"] == 10

    vorher = _geltend(session)
    ergebnis = importiere(session, datei)
    assert (ergebnis.neuer_datenstand, ergebnis.zusatz.neuer_datenstand) == (1, 1)
    nachher = _geltend(session)
    assert (nachher.elb, nachher.integrationen) == (vorher.elb, 25) and nachher.id != vorher.id
    ringwerte = lade_ringdaten(session, ring.id).zusatzreihe("01054")[MAERZ]
    assert ringwerte == {**RINGWERTE, "personal": 12, "abgeholfen": 3}


def test_datei_nur_mit_ringspalten_ist_teilkorrektur_der_ringwerte(session, ring, daten):
    datei = "ags,monat,datenstand,personal\n01054,2024-03,2025-03-20,12\n"
    vorschau = _vorschau(session, datei)
    assert vorschau.nur_ringspalten and vorschau.neu == vorschau.neuer_datenstand == 0
    assert vorschau.teilkorrektur == (
        "Spalten, die nicht in der Datei stehen, bleiben unverändert: alle gesetzlichen "
        "Basiszahlen; Vergleichsringe: abgeholfen, kosten, quote, widersprueche; "
        "Ausgaben: ausgaben_eingliederung, ausgaben_verwaltung"
    )
    seite = vorschauseite(vorschau, None, None, lambda **_: "/x")
    assert seite.spalten == ["personal"]
    (zeile,) = seite.zeilen
    assert (zeile.art_text, zeile.monat, zeile.geaendert) == ("neuer Datenstand", "März 2024", 1)
    assert (zeile.werte[0].alt, zeile.werte[0].text) == ("10", "12")

    anzahl = session.execute(select(func.count()).select_from(Basiszahl)).scalar()
    ergebnis = importiere(session, datei)
    assert "Teilkorrektur" in ergebnis.meldung and "Werte der Vergleichsringe: 0 neu" in (
        ergebnis.meldung
    )
    assert session.execute(select(func.count()).select_from(Basiszahl)).scalar() == anzahl
    ringwerte = lade_ringdaten(session, ring.id).zusatzreihe("01054")[MAERZ]
    assert ringwerte == {**RINGWERTE, "personal": 12, "abgeholfen": 3}  # die übrigen bleiben


def test_leere_ringzelle_in_vorhandener_spalte_heisst_nicht_gemeldet(session, ring, daten):
    importiere(session, "ags,monat,datenstand,personal,kosten\n01054,2024-03,2025-03-20,,\n")
    ringwerte = lade_ringdaten(session, ring.id).zusatzreihe("01054")[MAERZ]
    assert ringwerte["personal"] is None and ringwerte["kosten"] is None
    assert ringwerte["quote"] == 2_500  # nicht in der Datei: bleibt


def test_ohne_wertspalte_nennt_die_erlaubten_spalten(session, ring, daten):
    traeger = Akteur("traeger-01054", "traeger", traeger_ags="01054")
    with pytest.raises(ImportAbgelehnt) as fehler:
        importiere(session, "ags,monat\n01054,2024-03\n", traeger)
    (meldung,) = fehler.value.details
    assert meldung.startswith("Zeile 1: keine Wertspalte") and "personal" in meldung
    assert "elb" not in meldung  # Träger importieren keine gesetzlichen Basiszahlen


def test_ringspalte_nur_fuer_mitglieder_auch_in_der_teilkorrektur(session, ring, daten):
    with pytest.raises(ImportAbgelehnt) as fehler:
        importiere(session, "ags,monat,personal\n01059,2024-03,4\n")
    assert fehler.value.details[0].startswith(
        "Zeile 2, Spalte C (personal): 01059 ist 2024 kein Mitglied"
    )
