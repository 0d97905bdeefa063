"""Fortschrittsberichte: Inhalt der PDFs (pypdf-Text), Idempotenz, neue Version bei geänderten
Daten, Monat ohne Daten, Träger ohne Vereinbarung, Absturz mitten im Lauf."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlmodel import select

from tests.fixtures.nachhaltung import importiere
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte
from zielvereinbarung.models import Bericht
from zielvereinbarung.services.ablage import TEMP_PRAEFIX


@pytest.fixture
def ablage(tmp_path, monkeypatch):
    pfad = tmp_path / "berichte"
    monkeypatch.setenv("ZV_BERICHTE_PATH", str(pfad))
    return pfad


def text(ablage, bericht: Bericht) -> str:
    inhalt = (ablage / bericht.datei).read_bytes()
    return " ".join(" ".join(s.extract_text().split()) for s in PdfReader(BytesIO(inhalt)).pages)


def berichte(session, **filter_) -> list[Bericht]:
    abfrage = select(Bericht).order_by(Bericht.art, Bericht.schluessel, Bericht.version)
    for k, v in filter_.items():
        abfrage = abfrage.where(getattr(Bericht, k) == v)
    return list(session.exec(abfrage))


@pytest.mark.rendern  # prüft den Audit-Kopf, der nicht im Fingerabdruck steht
def test_traegerbericht_enthaelt_die_zahlen_und_namen(
    session, vereinbarung, db_url, ablage, pdf_struktur
):
    from zielvereinbarung.services.audit.kette import kopf

    audit_kopf = kopf(session)
    ergebnis = erzeuge_berichte(db_url, "2026-03", land="SH", arbeiter=1)
    session.expire_all()
    nf = berichte(session, art="traeger", schluessel="01054")[0]
    t = text(ablage, nf)
    kopfzeile = f"Audit-Kette bei Erstellung: Ereignis {audit_kopf.id}, HMAC {audit_kopf.hmac[:16]}"
    assert kopfzeile in t
    assert kopfzeile in text(ablage, berichte(session, art="land", schluessel="SH")[0])
    assert "Fortschrittsbericht März 2026 – Kreis Nordfriesland" in t
    for erwartet in (
        "7,2 %",
        "7,5 %",
        "−4,0 %",
        "30,75 %",
        "28,8 %",
        "93,7 %",
        "kritisch",
        "auf Kurs",
        "Datenstand: 15.05.2026",
        "Saisonfaktor des Vorjahres",
        "Zielvereinbarung 2026 (unterzeichnet)",
    ):
        assert erwartet in t, erwartet
    assert (
        nf.version == 1
        and len(nf.sha256) == 64
        and (ablage / nf.datei).stat().st_size == nf.groesse
    )
    ohne = text(ablage, berichte(session, art="traeger", schluessel="01059")[0])
    assert "Keine geltende Zielvereinbarung" in ohne and "noch nicht unterzeichnet" in ohne
    land = text(ablage, berichte(session, art="land", schluessel="SH")[0])
    assert (
        "Landesübersicht März 2026 – Schleswig-Holstein" in land and "Kreis Nordfriesland" in land
    )
    # das Land vereinbart Ziele nur mit seinen zkT (SH: Nordfriesland und Schleswig-Flensburg)
    assert "1 von 2 zugelassenen kommunalen Trägern (zkT) mit unterzeichneter" in land
    assert "kritisch" in land
    # barrierefrei: getaggtes PDF/A-3a, Diagramme mit Alternativtext, Tabellen mit Kopfzellen
    for bericht, diagramme in ((nf, 7), (berichte(session, art="land", schluessel="SH")[0], 1)):
        s = pdf_struktur.pruefe(ablage / bericht.datei)
        assert s.sprache == "de-DE" and s.titel.startswith(("Fortschrittsbericht", "Landes"))
        assert pdf_struktur.ueberschriften_in_ordnung(s.ueberschriften), s.ueberschriften
        assert len(s.abbildungen) >= diagramme, s.abbildungen
        assert all(a and "Monatsverlauf" in a for a in s.abbildungen), s.abbildungen
        assert s.tags["TH"] >= 10 and s.zellen_ohne_kopf == 0
    # SH-Träger ohne Daten im Monat bekommen keinen Bericht
    assert set(ergebnis.ohne_daten) and "01054" not in ergebnis.ohne_daten
    assert {b.schluessel for b in berichte(session, art="traeger")} == {"01054", "01059"}


def test_wiederholung_ist_idempotent_und_neue_daten_geben_neue_version(
    session, vereinbarung, db_url, ablage
):
    erster = erzeuge_berichte(db_url, "2026-03", ags="01054", arbeiter=1)
    assert len(erster.neu) == 1
    zweiter = erzeuge_berichte(db_url, "2026-03", ags="01054", arbeiter=1)
    assert zweiter.neu == [] and zweiter.unveraendert == 1
    session.expire_all()
    v1 = berichte(session, schluessel="01054")
    assert [b.version for b in v1] == [1]
    # Revision der Basiszahlen: neue Version, die alte bleibt unverändert erhalten
    importiere(
        session,
        von="2026-02",
        bis="2026-02",
        datenstand=date(2026, 6, 15),
        aenderung={("01054", "2026-02"): {"integrationen": 30}},
        jetzt=datetime(2026, 6, 20, tzinfo=UTC),
    )
    session.commit()
    dritter = erzeuge_berichte(db_url, "2026-03", ags="01054", arbeiter=1)
    session.expire_all()
    versionen = berichte(session, schluessel="01054")
    assert len(dritter.neu) == 1 and [b.version for b in versionen] == [1, 2]
    assert versionen[0].sha256 == v1[0].sha256 and (ablage / versionen[0].datei).exists()
    assert "7,8 %" in text(ablage, versionen[1]) and "7,2 %" in text(ablage, versionen[0])
    assert versionen[0].datenstand_hash != versionen[1].datenstand_hash


def test_neue_datenstaende_seit_dem_bericht_des_vormonats(session, vereinbarung, db_url, ablage):
    erzeuge_berichte(db_url, "2026-02", ags="01054", arbeiter=1)
    importiere(
        session,
        von="2026-01",
        bis="2026-01",
        datenstand=date(2026, 6, 15),
        aenderung={("01054", "2026-01"): {"integrationen": 20}},
        jetzt=datetime.now(UTC),
    )
    session.commit()
    erzeuge_berichte(db_url, "2026-03", ags="01054", arbeiter=1)
    session.expire_all()
    maerz = berichte(session, schluessel="01054", monat="2026-03")[0]
    t = text(ablage, maerz)
    assert "2026-01 (gesamt), Datenstand 15.06.2026: integrationen 24 → 20" in t
    # ein zweiter Lauf für März bleibt trotz Revisionsliste idempotent
    assert erzeuge_berichte(db_url, "2026-03", ags="01054", arbeiter=1).neu == []


def test_monat_ohne_daten_gibt_keinen_bericht(session, vereinbarung, db_url, ablage):
    with pytest.raises(FachlicherFehler, match="Für Juli 2026 liegen keine Basiszahlen vor"):
        erzeuge_berichte(db_url, "2026-07", arbeiter=1)
    with pytest.raises(FachlicherFehler, match="Ungültiger Monat"):
        erzeuge_berichte(db_url, "2026-13", arbeiter=1)
    session.expire_all()
    assert berichte(session) == [] and not list(ablage.rglob("*.pdf"))


def test_auswahl_beschraenkt_die_traegerberichte_nicht_die_landesuebersicht(
    session, vereinbarung, db_url, ablage
):
    """So erzeugt die Demo nur die Berichte der zkT (`demo.berichte`)."""
    lauf = erzeuge_berichte(db_url, "2026-03", "SH", arbeiter=1, auswahl={"01054"})
    session.expire_all()
    erzeugt = [(b.art, b.schluessel) for b in berichte(session)]
    assert erzeugt == [("land", "SH"), ("traeger", "01054")] and len(lauf.neu) == 2


def test_absturz_mittendrin_wird_beim_naechsten_lauf_vervollstaendigt(
    session, vereinbarung, db_url, ablage
):
    class Absturz(Exception):
        pass

    def stirb(n: int) -> None:
        if n == 2:
            raise Absturz

    with pytest.raises(Absturz):
        erzeuge_berichte(db_url, "2026-03", land="SH", arbeiter=1, nach_jedem=stirb)
    session.expire_all()
    teil = berichte(session)
    assert len(teil) == 2  # genau die festgeschriebenen, jede Datei vollständig
    for b in teil:
        assert (ablage / b.datei).stat().st_size == b.groesse
    assert not list(ablage.rglob(f"{TEMP_PRAEFIX}*"))
    rest = erzeuge_berichte(db_url, "2026-03", land="SH", arbeiter=1)
    session.expire_all()
    alle = berichte(session)
    assert len(rest.neu) == 1 and rest.unveraendert == 2
    assert len({(b.art, b.schluessel) for b in alle}) == len(alle) == 3
    assert {b.version for b in alle} == {1}


def test_parallel_gerendert_in_worker_prozessen(session, vereinbarung, db_url, ablage):
    ergebnis = erzeuge_berichte(db_url, "2026-03", land="SH", arbeiter=2)
    session.expire_all()
    assert len(ergebnis.neu) == 3 and len(berichte(session)) == 3
    for b in berichte(session):
        assert (ablage / b.datei).read_bytes().startswith(b"%PDF")


def test_dialogtexte_im_bericht_ohne_bidi_und_lange_woerter_vollstaendig(
    session, vereinbarung, db_url, ablage
):
    """Über den Dienst (wie Kommandozeile/Skripte) erfasste Texte: U+202E wird beim Speichern
    entfernt; ein Wort aus 1.500 Zeichen steht vollständig auf der Seite (pdftotext)."""
    import re
    import string
    import subprocess

    from tests.fixtures.nachhaltung import TRAEGER_NF
    from zielvereinbarung.models import Zielnachhaltedialog
    from zielvereinbarung.services.nachhaltung.dialoge import lege_dialog_an

    wort = "".join(string.ascii_letters[i % 52] for i in range(1500))
    wuerdigung = {"IQ": f"Rückstand \u2067durch Saisoneffekt {wort}"}
    lege_dialog_an(session, vereinbarung, TRAEGER_NF, datetime(2026, 5, 20, tzinfo=UTC),
                   date(2026, 5, 12), "Frau A\u202e (Land)", "2026-03", wuerdigung,
                   f"Offensive {wort}")  # fmt: skip
    session.commit()
    d = session.exec(select(Zielnachhaltedialog)).one()
    assert d.teilnehmende == "Frau A (Land)" and d.massnahmen == f"Offensive {wort}"
    erzeuge_berichte(db_url, "2026-03", ags="01054", arbeiter=1)
    session.expire_all()
    pfad = ablage / berichte(session, schluessel="01054")[0].datei
    text = subprocess.run(["pdftotext", str(pfad), "-"], capture_output=True, text=True).stdout
    assert "\u202e" not in text and "\u2067" not in text and "Frau A (Land)" in text
    # Würdigung (Abschnitt „Würdigung“ und im Dialog) und Maßnahmen
    assert re.sub(r"[\s\-‐]+", "", text).count(wort) == 3
