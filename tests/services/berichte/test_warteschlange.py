"""Die Warteschlange des verteilten Berichtslaufs: Modell verlustfrei als JSON, einmal einreihen,
Übernehmen mit Frist, Übernahme nach Ablauf der Frist, verlorene Aufträge werden nicht
festgeschrieben, Aufträge toter Prozesse desselben Rechners sofort wieder frei; `flask zv worker`
erzeugt die von `berichte erzeugen --nur-einreihen` eingereihten Berichte."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from zielvereinbarung.documents.berichtsmodell import fingerabdruck
from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte
from zielvereinbarung.models import Bericht, BerichtAuftrag
from zielvereinbarung.services.berichte import warteschlange as ws
from zielvereinbarung.services.berichte.planung import plane_berichte

T0 = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def ablage(tmp_path, monkeypatch):
    monkeypatch.setenv("ZV_BERICHTE_PATH", str(tmp_path / "berichte"))
    return tmp_path / "berichte"


@pytest.fixture
def eingereiht(session, vereinbarung) -> list[int]:
    plan = plane_berichte(session, "2026-03", erstellt="20.05.2026")
    ids = ws.reihe_ein(session, plan.auftraege, "test", T0)
    session.commit()
    return ids


def test_modell_kommt_unveraendert_aus_der_schlange(session, vereinbarung):
    plan = plane_berichte(session, "2026-03", erstellt="20.05.2026")
    ids = ws.reihe_ein(session, plan.auftraege, "test", T0)
    assert len(ids) == 5
    for nr, original in zip(ids, plan.auftraege, strict=True):
        zurueck = ws.auftrag_aus(session.get(BerichtAuftrag, nr))
        assert zurueck == original
        assert zurueck.modell.erstellt == original.modell.erstellt
        assert fingerabdruck(zurueck.modell) == original.fingerabdruck


def test_zweimal_einreihen_ergibt_dieselben_auftraege(session, eingereiht):
    plan = plane_berichte(session, "2026-03", erstellt="später")
    assert ws.reihe_ein(session, plan.auftraege, "test", T0) == eingereiht
    assert len(session.exec(select(BerichtAuftrag)).all()) == 5


def test_uebernehmen_mit_frist_und_uebernahme_nach_ablauf(session, eingereiht):
    a = ws.hole(session, "rechner-a:1", 3, 60, T0)
    b = ws.hole(session, "rechner-b:2", 3, 60, T0)
    assert [nr for nr, _ in a] == eingereiht[:3] and [nr for nr, _ in b] == eingereiht[3:]
    assert ws.hole(session, "rechner-b:2", 3, 60, T0 + timedelta(seconds=59)) == []
    # a ist tot: nach Ablauf der Frist bekommt b seine Aufträge, a darf nicht mehr festschreiben
    spaeter = ws.hole(session, "rechner-b:2", 3, 60, T0 + timedelta(seconds=61))
    assert [nr for nr, _ in spaeter] == eingereiht[:3]
    assert ws.eigener_auftrag(session, eingereiht[0], "rechner-a:1") is None
    zeile = ws.eigener_auftrag(session, eingereiht[0], "rechner-b:2")
    assert zeile.versuche == 2 and zeile.inhaber == "rechner-b:2"


def test_verlaengerte_frist_schuetzt_den_auftrag(session, eingereiht):
    (nr, _), *_ = ws.hole(session, "rechner-a:1", 1, 60, T0)
    ws.verlaengere(session, "rechner-a:1", [nr], T0 + timedelta(seconds=200))
    assert nr not in [n for n, _ in ws.hole(session, "b:2", 5, 60, T0 + timedelta(seconds=100))]


def test_auftraege_toter_prozesse_dieses_rechners_sind_sofort_frei(session, eingereiht):
    from zielvereinbarung.jobs.prozesse import prozess_name, rechner, verwaist

    tot = f"{rechner()}:{2**22 + 12345}"  # keine lebende PID (pid_max ist kleiner)
    ws.hole(session, tot, 2, 3600, T0)
    ws.hole(session, prozess_name(), 1, 3600, T0)
    ws.hole(session, "anderer-rechner:1", 1, 3600, T0)
    assert ws.gib_verwaiste_frei(session, rechner(), lambda i: not verwaist(i)) == 2
    # frei: die beiden des toten Prozesses; es bleiben der eigene und der des anderen Rechners
    assert ws.stand(session, eingereiht) == {"offen": 3, "in_arbeit": 2}


def test_fehler_beim_rendern_nach_drei_versuchen_endgueltig(session, eingereiht):
    nr = eingereiht[0]
    for versuch in range(1, 4):
        jetzt = T0 + timedelta(seconds=versuch)
        assert ws.hole(session, "a:1", 1, 60, jetzt, nur=[nr])[0][0] == nr
        ws.gib_zurueck(session, nr, "a:1", "RuntimeError: kaputt")
    assert session.get(BerichtAuftrag, nr).status == "fehler"
    assert ws.hole(session, "a:1", 1, 60, T0 + timedelta(hours=1), nur=[nr]) == []
    # ein neuer Lauf reiht ihn wieder ein (offen, Versuche von vorn)
    plan = plane_berichte(session, "2026-03", erstellt="x")
    ws.reihe_ein(session, plan.auftraege, "test", T0)
    assert session.get(BerichtAuftrag, nr).status == "offen"


def test_nur_einreihen_und_worker(cli, session, vereinbarung, ablage, db_url):
    ausgabe = cli("zv", "berichte", "erzeugen", "--monat", "2026-03", "--nur-einreihen").output
    assert "5 Berichte für die Worker eingereiht" in ausgabe
    assert session.exec(select(Bericht)).all() == []
    ausgabe = cli("zv", "worker", "--bis-leer").output
    assert "Worker beendet: 5 Berichte erzeugt" in ausgabe
    erzeugt = session.exec(select(Bericht)).all()
    assert len(erzeugt) == 5 and {b.erstellt_von for b in erzeugt} == {"cli"}
    assert all((ablage / b.datei).exists() for b in erzeugt)
    auftraege = session.exec(select(BerichtAuftrag)).all()
    assert {a.status for a in auftraege} == {"erledigt"}
    assert {a.bericht_id for a in auftraege} == {b.id for b in erzeugt}
    # der Ein-Prozess-Weg sieht dieselben Berichte: nichts Neues
    zweiter = erzeuge_berichte(db_url, "2026-03", arbeiter=1)
    assert zweiter.neu == [] and zweiter.unveraendert == 5
