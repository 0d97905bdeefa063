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
    session, db_url, testring, daten, berichtsablage
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

    assert ringberichte_nach_daten(db_url).startswith("Keine neuen Daten")
    # neuer Import ohne Änderung der Berichtsdaten: kein neuer Bericht
    testring.importiere("ags,monat,elb\n01059,2024-12,777\n", "anderer.csv")
    meldung = ringberichte_nach_daten(db_url)
    assert "Testring 2024: unverändert (Version 1)." in meldung
    # geänderte Daten im Dezember 2024: Version 2, Version 1 bleibt
    testring.importiere("ags,monat,datenstand,personal\n01054,2024-12,2025-03-25,20\n", "neu.csv")
    assert "Testring 2024: Version 2 erzeugt." in ringberichte_nach_daten(db_url)
    assert len(session.exec(select(RingBericht)).all()) == 3
