"""Jahresbericht eines Rings: Inhalt (PDF), nur bei geänderten Daten eine neue Version, und der
Scheduler-Job, der ihn erzeugt, sobald Daten für den Dezember vorliegen."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlmodel import select

from zielvereinbarung.jobs import JOB
from zielvereinbarung.jobs.ringberichte import ringberichte_nach_daten
from zielvereinbarung.models import RingBericht
from zielvereinbarung.services.ablage import Ablage
from zielvereinbarung.services.ringe.bericht import faellige_berichte


@pytest.fixture
def berichtsablage(tmp_path, monkeypatch) -> Ablage:
    monkeypatch.setenv("ZV_BERICHTE_PATH", str(tmp_path / "berichte"))
    return Ablage(tmp_path / "berichte")


def test_job_erzeugt_jahresberichte_nach_dezember_daten(
    session, db_url, testring, daten, berichtsablage, tmp_path, pdf_struktur
):
    assert "ringberichte" in JOB and JOB["ringberichte"].zeitplan == "15 * * * *"
    ring = testring.ring
    assert faellige_berichte(session, ring.id) == [2023, 2024]
    meldung = ringberichte_nach_daten(db_url)
    assert "Testring 2023: Version 1 erzeugt." in meldung and "Testring 2024: Version 1" in meldung
    berichte = session.exec(select(RingBericht).order_by(RingBericht.jahr)).all()
    assert [(b.jahr, b.version) for b in berichte] == [(2023, 1), (2024, 1)]
    pdf = berichtsablage.lies(berichte[1].datei, berichte[1].sha256)
    text = "".join(seite.extract_text() for seite in PdfReader(io.BytesIO(pdf)).pages)
    assert "Benchmarking-Jahresbericht 2024 – Testring" in text
    assert "Q_ABH" in text and "Ringwert" in text and "Rang 1 von 2" in text
    # barrierefrei: getaggtes PDF/A-3a, Boxplot und Verlauf je Kennzahl mit Alternativtext
    s = pdf_struktur.pruefe(tmp_path / "berichte" / berichte[1].datei)
    assert s.sprache == "de-DE" and s.titel == "Benchmarking-Jahresbericht 2024 – Testring"
    assert pdf_struktur.ueberschriften_in_ordnung(s.ueberschriften), s.ueberschriften
    assert len(s.abbildungen) == 6 and all(s.abbildungen), s.abbildungen
    assert any("Verteilung der Mitglieder" in a and "Median" in a for a in s.abbildungen)
    assert s.tags["TH"] >= 10 and s.zellen_ohne_kopf == 0

    assert ringberichte_nach_daten(db_url).startswith("Keine neuen Daten")
    # neuer Import ohne Änderung der Berichtsdaten: kein neuer Bericht
    testring.importiere("ags,monat,elb\n01059,2024-12,777\n", "anderer.csv")
    meldung = ringberichte_nach_daten(db_url)
    assert "Testring 2024: unverändert (Version 1)." in meldung
    # geänderte Daten im Dezember 2024: Version 2, Version 1 bleibt
    testring.importiere("ags,monat,datenstand,personal\n01054,2024-12,2025-03-25,20\n", "neu.csv")
    assert "Testring 2024: Version 2 erzeugt." in ringberichte_nach_daten(db_url)
    assert len(session.exec(select(RingBericht)).all()) == 3
