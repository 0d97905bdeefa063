"""Alte Ketten (SHA-256, vor Migration 0007): Migration, einmalige Neuverschlüsselung, Prüfung."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from zielvereinbarung import migration
from zielvereinbarung.config import audit_schluessel
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.models import AuditEreignis
from zielvereinbarung.services.audit.anker import lies_anker
from zielvereinbarung.services.audit.kette import NULL_HASH, berechne_sha256, protokolliere
from zielvereinbarung.services.audit.pruefung import pruefe_kette
from zielvereinbarung.services.audit.umstellung import neu_verschluesseln

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _alte_kette(session, ids=(1, 2, 4, 5)):
    """Eine Kette, wie sie vor Migration 0007 entstand (ungeschlüsselt); auf PostgreSQL konnten
    zurückgerollte Transaktionen Lücken in der Sequenz lassen (hier: 3)."""
    vorher = NULL_HASH
    for i in ids:
        e = AuditEreignis(
            id=i,
            zeitpunkt=JETZT + timedelta(minutes=i),
            akteur="admin",
            aktion="benutzer_angelegt",
            objekt_typ="benutzer",
            objekt_id=str(i),
            details={"nr": i},
            vorgaenger_hash=vorher,
            hash="",
            verfahren="sha256",
        )
        e.hash = berechne_sha256(e)
        session.add(e)
        session.flush()
        vorher = e.hash
    session.commit()


def _pruefe(session):
    session.expire_all()
    return pruefe_kette(session, audit_schluessel(), lies_anker())


def _umstellen(session):
    ergebnis = neu_verschluesseln(session, audit_schluessel(), lies_anker(), "system", JETZT)
    session.commit()
    return ergebnis


def test_alte_kette_wird_gemeldet_bis_zur_neuverschluesselung(session):
    _alte_kette(session)
    protokolliere(session, "admin", "nach_dem_update", None, None, {}, JETZT)  # schon HMAC
    session.commit()
    ergebnis = _pruefe(session)
    assert (ergebnis.ok, ergebnis.art) == (False, "altformat")
    assert "4 Ereignis(se) stehen noch im alten, ungeschlüsselten Verfahren" in ergebnis.meldung
    assert "flask zv audit neu-verschluesseln" in ergebnis.meldung

    umstellung = _umstellen(session)
    assert umstellung.umgestellt == 5 and umstellung.luecken == [(2, 4)]
    assert "1 vorgefundene Lücke(n) festgehalten" in umstellung.meldung
    ergebnis = _pruefe(session)
    assert ergebnis.ok, ergebnis.meldung
    assert ergebnis.kopf.id == 7  # 1, 2, 4, 5, HMAC-Ereignis 6, Umstellungsereignis 7
    ereignis = session.exec(select(AuditEreignis).where(AuditEreignis.id == 7)).one()
    assert ereignis.aktion == "audit_neu_verschluesselt"
    assert ereignis.details["luecken"] == [[2, 4]] and ereignis.details["alte_ereignisse"] == 4
    (anker,) = lies_anker()
    assert (anker.id, anker.anlass) == (7, "neuverschluesselung")
    assert "nichts zu tun" in _umstellen(session).meldung


def test_neue_luecke_nach_der_umstellung_bleibt_ein_befund(session):
    _alte_kette(session)
    _umstellen(session)
    protokolliere(session, "admin", "a", None, None, {}, JETZT)
    protokolliere(session, "admin", "b", None, None, {}, JETZT)
    session.commit()
    session.execute(text("DELETE FROM audit_ereignis WHERE id = 7"))
    session.commit()
    assert _pruefe(session).art == "luecke"


def test_gebrochene_alte_kette_wird_nicht_beglaubigt(session):
    _alte_kette(session)
    session.execute(text("UPDATE audit_ereignis SET akteur = 'jemand' WHERE id = 2"))
    session.commit()
    with pytest.raises(FachlicherFehler, match="bei Ereignis 2 gebrochen"):
        neu_verschluesseln(session, audit_schluessel(), [], "system", JETZT)
    session.rollback()
    verfahren = session.exec(select(AuditEreignis.verfahren)).all()
    assert set(verfahren) == {"sha256"}  # nichts umgestellt
    assert lies_anker() == []


def test_zurueckgestufte_kette_wird_nicht_erneut_umgestellt(session):
    """Nach der Umstellung rechnet ein Angreifer ohne Schlüssel alles mit SHA-256 nach und
    hofft, dass jemand die Umstellung noch einmal laufen lässt."""
    _alte_kette(session)
    _umstellen(session)
    vorher = NULL_HASH
    for e in session.exec(select(AuditEreignis).order_by(AuditEreignis.id)):
        e.vorgaenger_hash, e.verfahren = vorher, "sha256"
        e.hash = vorher = berechne_sha256(e)
    session.commit()
    ergebnis = _pruefe(session)  # das Umstellungsereignis steht noch in der Kette
    assert ergebnis.art == "veraendert" and "ohne Schlüssel neu berechnet" in ergebnis.meldung
    with pytest.raises(FachlicherFehler, match="ohne Schlüssel neu berechnet"):
        neu_verschluesseln(session, audit_schluessel(), lies_anker(), "system", JETZT)


@pytest.mark.echte_commits  # migriert das Schema zurück und wieder vor
def test_migration_markiert_bestehende_zeilen_als_altes_verfahren(db_url, engine):
    migration.downgrade(db_url, "0006_signaturpruefung")
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_ereignis (id, zeitpunkt, akteur, aktion, details, "
                    "vorgaenger_hash, hash) VALUES (1, :z, 'admin', 'alt', '{}', :v, 'x')"
                ),
                {"z": JETZT, "v": NULL_HASH},
            )
    finally:
        migration.upgrade(db_url)
    with Session(engine) as session:
        assert session.exec(select(AuditEreignis.verfahren)).all() == ["sha256"]
