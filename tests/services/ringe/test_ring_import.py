"""Eigene Basiszahlen der Ringe über den Basiszahlen-Import: dieselben Regeln (alles oder nichts,
Zeilenfehler, Plausibilität, Datenstände) und wer welche Spalten importieren darf."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.models import Basiszahl, RingWert
from zielvereinbarung.services.basiszahlen.importer import ImportAbgelehnt
from zielvereinbarung.services.basiszahlen.importvorgang import KeinImportrecht, importbereich
from zielvereinbarung.services.ringe.daten import lade_ringdaten

from .conftest import importiere

KOPF = "ags,monat,datenstand,personal,kosten,quote,widersprueche,abgeholfen\n"


def _anzahl(session, tabelle) -> int:
    return session.execute(select(func.count()).select_from(tabelle)).scalar()


def test_ringspalten_werden_gespeichert_und_gerechnet(session, ring, daten):
    assert daten.ergebnis == "importiert"
    # 2 Mitglieder × 24 Monate + 03159 × 11 Monate, je 5 Werte
    assert (daten.zusatz.neu, daten.zusatz.neuer_datenstand) == ((2 * 24 + 11) * 5, 0)
    assert "Werte der Vergleichsringe: 295 neu" in daten.meldung
    ringdaten = lade_ringdaten(session, ring.id)
    m = 2024 * 12 + 5  # 2024-06
    assert ringdaten.zusatzreihe("03157")[m] == {
        "personal": 20, "kosten": 2_000_000, "quote": 2_500, "widersprueche": 10, "abgeholfen": 5,
    }  # fmt: skip


def test_datei_nur_mit_ringspalten_schreibt_keine_gesetzlichen_basiszahlen(session, ring, daten):
    vorher = _anzahl(session, Basiszahl)
    ergebnis = importiere(session, KOPF + "03159,2024-12,2025-03-01,11,,,,\n")
    assert ergebnis.ergebnis == "importiert" and ergebnis.neu == 0 and ergebnis.zusatz.neu == 5
    assert _anzahl(session, Basiszahl) == vorher


def test_gleiche_datei_aendert_nichts_und_neuer_datenstand_ueberschreibt_nie(session, ring, daten):
    zeile = "01054,2024-03,2025-03-01,10,10000.00,0.25,10,3\n"
    assert importiere(session, KOPF + zeile).ergebnis == "unveraendert"
    vorher = _anzahl(session, RingWert)
    korrektur = importiere(session, KOPF + "01054,2024-03,2025-03-20,12,10000.00,0.25,10,3\n")
    assert (korrektur.zusatz.neu, korrektur.zusatz.neuer_datenstand) == (0, 1)
    assert korrektur.zusatz.unveraendert == 4
    assert _anzahl(session, RingWert) == vorher + 1  # alter Stand bleibt erhalten
    assert lade_ringdaten(session, ring.id).zusatzreihe("01054")[2024 * 12 + 2]["personal"] == 12
    # ein älterer Stand ändert den geltenden Wert nicht
    importiere(session, KOPF + "01054,2024-03,2025-03-10,11,10000.00,0.25,10,3\n")
    assert lade_ringdaten(session, ring.id).zusatzreihe("01054")[2024 * 12 + 2]["personal"] == 12


def test_leere_zelle_ist_nicht_gemeldet(session, ring, daten):
    importiere(session, KOPF + "01054,2024-03,2025-03-20,,10000.00,0.25,10,3\n")
    assert lade_ringdaten(session, ring.id).zusatzreihe("01054")[2024 * 12 + 2]["personal"] is None


def test_alles_oder_nichts_mit_zeilenfehlern(session, ring, daten):
    vorher = (_anzahl(session, RingWert), _anzahl(session, Basiszahl))
    datei = (
        "ags,monat,datenstand,elb,personal,kosten,quote,abgeholfen\n"
        "01054,2024-05,2025-03-25,999,7,1.5,0.5,2\n"  # gültig
        "01059,2024-05,2025-03-25,500,3,,,\n"  # 01059 ist kein Mitglied
        "01059,2024-06,2025-03-25,500,,,,\n"  # leere Ringzellen eines Nichtmitglieds stören nicht
        "03159,2023-05,2025-03-25,3000,4,,,\n"  # 03159 ist erst 2024 Mitglied
        # Anzahl mit Komma, Euro mit 3 Stellen, Anteil > 1, negativ:
        "03157,2024-05,2025-03-25,2000,2.5,1.234,1.5,-1\n"
    )
    with pytest.raises(ImportAbgelehnt) as fehler:
        importiere(session, datei)
    details = fehler.value.details
    kein_mitglied = "Zeile 3, Spalte E (personal): 01059 ist 2024 kein Mitglied im Vergleichsring"
    assert any(d.startswith(kein_mitglied + " „Testring“") for d in details)
    assert any(
        d.startswith("Zeile 5, Spalte E (personal): 03159 ist 2023 kein Mitglied") for d in details
    )
    assert any(d.startswith("Zeile 6, Spalte E (personal):") and "ganze Zahl" in d for d in details)
    assert any(
        d.startswith("Zeile 6, Spalte F (kosten):") and "2 Nachkommastellen" in d for d in details
    )
    assert any(
        d.startswith("Zeile 6, Spalte G (quote):") and "zwischen 0 und 1" in d for d in details
    )
    assert any(d.startswith("Zeile 6, Spalte H (abgeholfen):") and "negativ" in d for d in details)
    assert not any(d.startswith("Zeile 4") for d in details)
    assert len(details) == 6
    assert (_anzahl(session, RingWert), _anzahl(session, Basiszahl)) == vorher


def test_unbekannte_spalte_bleibt_fehler(session, ring):
    with pytest.raises(ImportAbgelehnt) as fehler:
        importiere(session, "ags,monat,personall\n01054,2024-01,3\n")
    assert (
        "unbekannte Spalte „personall“. Gemeint ist vielleicht „personal“."
        in fehler.value.details[0]
    )


def test_plausibilitaet_obergrenze_und_summenregel(session, ring, daten):
    datei = (
        "ags,monat,geschlecht,datenstand,widersprueche,abgeholfen\n"
        "01054,2024-07,gesamt,2025-03-25,10,12\n"  # mehr Abhilfen als Widersprüche
        "01054,2024-08,gesamt,2025-03-25,10,3\n"
        "01054,2024-08,frauen,2025-03-25,4,1\n"
        "01054,2024-08,maenner,2025-03-25,5,2\n"  # 4 + 5 != 10
    )
    ergebnis = importiere(session, datei)
    assert ergebnis.ergebnis == "importiert"
    assert any(
        "Zeile 2: abgeholfen (12) ist größer als widersprueche (10)" in w
        for w in ergebnis.warnungen
    )
    assert any("widersprueche bei 01054, 2024-08: frauen + maenner = 9, aber gesamt = 10" in w
               for w in ergebnis.warnungen)  # fmt: skip
    ringdaten = lade_ringdaten(session, ring.id)
    regeln = {h["regel"] for h in ringdaten.hinweise("01054", 2024 * 12 + 6)}
    assert "abgeholfen > widersprueche" in regeln
    regeln = {h["regel"] for h in ringdaten.hinweise("01054", 2024 * 12 + 7)}
    assert "frauen + maenner != gesamt" in regeln


def test_traeger_importiert_nur_ringspalten_fuer_sich(session, ring, daten):
    traeger = Akteur("traeger-01054", "traeger", traeger_ags="01054")
    bereich = importbereich(session, traeger)
    assert bereich.ags == frozenset({"01054"}) and not bereich.gesetzliche_spalten
    assert bereich.ringspalten == ["abgeholfen", "kosten", "personal", "quote", "widersprueche"]
    ergebnis = importiere(session, KOPF + "01054,2024-12,2025-03-25,9,,,,\n", traeger)
    assert ergebnis.zusatz.neuer_datenstand == 5  # vier leere Zellen: jetzt „nicht gemeldet“
    with pytest.raises(ImportAbgelehnt) as fehler:
        importiere(session, "ags,monat,elb,personal\n01054,2024-01,5,9\n", traeger)
    assert "keine gesetzlichen Basiszahlen" in fehler.value.details[0]
    with pytest.raises(ImportAbgelehnt) as fehler:
        importiere(session, KOPF + "03157,2024-01,2025-03-25,9,,,,\n", traeger)
    assert "Spalte A (ags)" in fehler.value.details[0]


def test_wer_keinen_ring_hat_importiert_nichts(session, ring):
    with pytest.raises(KeinImportrecht):
        importbereich(session, Akteur("t", "traeger", traeger_ags="01059"))
    with pytest.raises(KeinImportrecht):
        importbereich(session, Akteur("l", "leser", traeger_ags="01054"))
    koordination = Akteur("k", "ring", ring_id=ring.id)
    bereich = importbereich(session, koordination)
    assert bereich.ags == frozenset({"01054", "03157", "03159"}) and not bereich.gesetzliche_spalten
    land = importbereich(session, Akteur("l", "land", land_code="SH"))
    assert land.gesetzliche_spalten and "personal" in land.ringspalten
