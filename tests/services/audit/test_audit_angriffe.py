"""Angriffe auf die Audit-Kette mit Datenbankzugriff – und der ehrliche Weg daneben.

Jeder Test baut eine Kette, verankert sie außerhalb der Datenbank (wie Job, Unterschrift und
Import es tun), greift dann mit rohem SQL an und erwartet den benannten Befund der Prüfung."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from zielvereinbarung.config import audit_anker_pfad, audit_schluessel
from zielvereinbarung.models import AuditEreignis
from zielvereinbarung.services.audit.anker import lies_anker, verankere
from zielvereinbarung.services.audit.kette import berechne_hmac, berechne_sha256, protokolliere
from zielvereinbarung.services.audit.pruefung import pruefe_kette

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _ereignisse(session, anzahl, ab=0):
    for i in range(ab, ab + anzahl):
        protokolliere(
            session,
            "land-ni",
            "revision",
            "zielvereinbarung",
            40 + i,
            {"wert": f"{i},5"},
            JETZT + timedelta(minutes=i),
        )
    session.commit()


def _pruefe(session):
    session.expire_all()
    return pruefe_kette(session, audit_schluessel(), lies_anker())


@pytest.fixture
def verankert(session):
    """Fünf Ereignisse, verankert; danach zwei weitere (noch ohne Anker)."""
    _ereignisse(session, 5)
    anker = verankere(session, "täglich", JETZT + timedelta(hours=1))
    _ereignisse(session, 2, ab=5)
    return anker


def _schreibe_neu(session, ab_id: int, schluessel: bytes | None) -> None:
    """Die Kette ab `ab_id` neu berechnen, wie es ein Angreifer nach einer Änderung täte: mit dem
    Schlüssel (Insider) oder – ohne ihn – mit dem alten SHA-256-Verfahren."""
    vorher = session.exec(select(AuditEreignis).where(AuditEreignis.id == ab_id - 1)).one()
    vorher_hash = vorher.hash
    for e in session.exec(
        select(AuditEreignis).where(AuditEreignis.id >= ab_id).order_by(AuditEreignis.id)
    ):
        e.vorgaenger_hash = vorher_hash
        if schluessel:
            e.hash = berechne_hmac(e, schluessel)
        else:
            e.verfahren, e.hash = "sha256", berechne_sha256(e)
        vorher_hash = e.hash
    session.commit()


def test_ehrlich_kette_mit_ankern_ist_intakt(session, verankert):
    ergebnis = _pruefe(session)
    assert ergebnis.ok, ergebnis.meldung
    assert ergebnis.anker_geprueft == 1 and ergebnis.kopf.id == 7
    assert ergebnis.hinweise[0] == (
        "1 Anker geprüft, jüngster vom 24.11.2026 10:00:00 UTC (täglich, Ereignis 5)."
    )
    zeile = json.loads(audit_anker_pfad().read_text().splitlines()[0])
    assert (zeile["id"], zeile["hmac"], zeile["anlass"]) == (5, verankert.hmac, "täglich")
    assert zeile["schluessel"] == audit_schluessel().kennung and zeile["zeitstempel"] is None


def test_veraenderte_zeile(session, verankert):
    session.execute(text('UPDATE audit_ereignis SET details = \'{"wert": "99,5"}\' WHERE id = 3'))
    session.commit()
    ergebnis = _pruefe(session)
    assert (ergebnis.ok, ergebnis.art, ergebnis.ereignis_id) == (False, "veraendert", 3)
    assert "Ereignis 3 („revision“ von land-ni" in ergebnis.meldung


def test_geloeschte_mittlere_zeile(session, verankert):
    session.execute(text("DELETE FROM audit_ereignis WHERE id IN (3, 4)"))
    session.commit()
    ergebnis = _pruefe(session)
    assert (ergebnis.art, ergebnis.ereignis_id) == ("luecke", 5)
    assert ergebnis.meldung == (
        "Lücke in der Audit-Kette: Ereignis 3–4 fehlt nach Ereignis 2 (gelöscht)."
    )


def test_geloeschter_anfang(session, verankert):
    session.execute(text("DELETE FROM audit_ereignis WHERE id = 1"))
    session.commit()
    ergebnis = _pruefe(session)
    assert ergebnis.art == "luecke"
    assert "Ereignis 1 fehlt am Anfang der Kette" in ergebnis.meldung


def test_geloeschte_juengste_zeilen_bis_zum_anker(session, verankert):
    session.execute(text("DELETE FROM audit_ereignis WHERE id >= 4"))
    session.commit()
    ergebnis = _pruefe(session)
    assert (ergebnis.ok, ergebnis.art) == (False, "abgeschnitten")
    assert ergebnis.meldung == (
        "Die jüngsten Ereignisse fehlen: der Anker vom 24.11.2026 10:00:00 UTC (täglich) nennt "
        "Ereignis 5, die Kette endet bei Ereignis 3 (2 Ereignis(se) gelöscht)."
    )


def test_alle_zeilen_geloescht(session, verankert):
    session.execute(text("DELETE FROM audit_ereignis"))
    session.commit()
    ergebnis = _pruefe(session)
    assert ergebnis.art == "abgeschnitten" and "die Kette ist leer" in ergebnis.meldung


def test_geloescht_und_neu_angehaengt(session, verankert):
    """Die jüngsten Ereignisse gelöscht, danach neue angehängt: die ids 4, 5 … gibt es wieder,
    aber Ereignis 5 ist nicht mehr das verankerte."""
    session.execute(text("DELETE FROM audit_ereignis WHERE id >= 4"))
    session.commit()
    _ereignisse(session, 4, ab=20)
    ergebnis = _pruefe(session)
    assert (ergebnis.art, ergebnis.ereignis_id) == ("anker", 5)
    assert "neu geschrieben" in ergebnis.meldung


def test_kette_mit_schluessel_neu_geschrieben(session, verankert):
    """Ein Insider mit dem Schlüssel ändert Ereignis 2 und rechnet alle HMACs nach: jedes
    Ereignis passt zu seinem HMAC, aber nicht mehr zum Anker."""
    session.execute(text("UPDATE audit_ereignis SET akteur = 'jemand' WHERE id = 2"))
    session.commit()
    _schreibe_neu(session, 2, audit_schluessel().hmac_schluessel)
    ergebnis = _pruefe(session)
    assert (ergebnis.ok, ergebnis.art, ergebnis.ereignis_id) == (False, "anker", 5)
    assert ergebnis.meldung == (
        "Die Kette wurde neu geschrieben: Ereignis 5 hat nicht den HMAC, den der Anker vom "
        "24.11.2026 10:00:00 UTC (täglich) festhält."
    )


def test_ohne_schluessel_mit_sha256_nachgerechnet(session):
    """Ohne Schlüssel bleibt nur das alte Verfahren – auch ohne Anker fällt das auf."""
    _ereignisse(session, 4)
    session.execute(text("UPDATE audit_ereignis SET akteur = 'jemand' WHERE id = 3"))
    session.commit()
    _schreibe_neu(session, 3, None)
    ergebnis = _pruefe(session)
    assert (ergebnis.art, ergebnis.ereignis_id) == ("veraendert", 3)
    assert "ohne Schlüssel neu berechnet" in ergebnis.meldung


def test_falscher_schluessel_mit_ankern(session, verankert, monkeypatch):
    richtig = audit_schluessel().kennung
    with (
        monkeypatch.context() as m
    ):  # nur den Schlüssel ändern (die Ankerdatei bleibt die des Tests)
        m.setenv("ZV_AUDIT_SCHLUESSEL", "ein-ganz-anderer-schluessel-" + "9" * 32)
        ergebnis = _pruefe(session)
    assert (ergebnis.ok, ergebnis.art) == (False, "schluessel")
    assert ergebnis.meldung.startswith(
        f"Falscher Audit-Schlüssel: der jüngste Anker (24.11.2026 10:00:00 UTC) wurde mit dem "
        f"Schlüssel {richtig} geschrieben"
    )
    assert _pruefe(session).ok  # ehrlich: mit dem richtigen Schlüssel ist alles in Ordnung


def test_falscher_schluessel_ohne_anker(session, monkeypatch):
    _ereignisse(session, 3)
    monkeypatch.setenv("ZV_AUDIT_SCHLUESSEL", "ein-ganz-anderer-schluessel-" + "9" * 32)
    ergebnis = _pruefe(session)
    assert (ergebnis.art, ergebnis.ereignis_id) == ("schluessel", 1)
    assert "Kein Ereignis passt zum eingestellten Audit-Schlüssel" in ergebnis.meldung


def test_unlesbare_ankerdatei(session, verankert):
    from zielvereinbarung.services.audit.anker import AnkerdateiFehler

    with audit_anker_pfad().open("a") as datei:
        datei.write("{kaputt\n")
    with pytest.raises(AnkerdateiFehler, match="Zeile 2, ist unlesbar"):
        lies_anker()


def test_anker_erst_nach_dem_commit(session, engine):
    """`verankere_nach_commit`: nach einem Rollback kein Anker, nach dem Commit der Kopf."""
    from zielvereinbarung.services.audit.anker import verankere_nach_commit

    _ereignisse(session, 2)
    protokolliere(session, "x", "import", None, None, {}, JETZT)
    verankere_nach_commit(session, "import", JETZT)
    session.rollback()
    assert lies_anker() == []
    protokolliere(session, "x", "import", None, None, {}, JETZT)
    verankere_nach_commit(session, "import", JETZT)
    session.commit()
    (anker,) = lies_anker()
    assert (anker.id, anker.anlass) == (3, "import")
    assert _pruefe(session).ok
