"""Audit-Protokoll: HMAC-Kette, lückenlose ids, Suche; gleichzeitige Schreiber.

Die Angriffe auf die Kette (mit Ankern) stehen in `test_audit_angriffe.py`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from zielvereinbarung.config import audit_schluessel
from zielvereinbarung.services.audit.kette import (
    NULL_HASH,
    berechne_hmac,
    berechne_sha256,
    kopf,
    protokolliere,
)
from zielvereinbarung.services.audit.pruefung import pruefe_kette
from zielvereinbarung.services.audit.suche import Ereignisfilter, suche_ereignisse

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _kette(session, anzahl=3):
    return [
        protokolliere(
            session,
            "land-ni",
            "revision",
            "zielvereinbarung",
            40 + i,
            {"wert": "12,5", "grund": "Änderung ä"},
            JETZT + timedelta(minutes=i),
        )
        for i in range(anzahl)
    ]


def _pruefe(session):
    return pruefe_kette(session, audit_schluessel())


def test_kette_verknuepft_jedes_ereignis_mit_dem_vorgaenger(session):
    erstes, zweites, drittes = _kette(session)
    assert [e.id for e in (erstes, zweites, drittes)] == [1, 2, 3]
    assert erstes.vorgaenger_hash == NULL_HASH
    assert zweites.vorgaenger_hash == erstes.hash and drittes.vorgaenger_hash == zweites.hash
    assert len({erstes.hash, zweites.hash, drittes.hash}) == 3
    assert drittes.objekt_id == "42" and drittes.verfahren == "hmac-sha256"
    ergebnis = _pruefe(session)
    assert ergebnis.ok and ergebnis.art == "intakt"
    assert ergebnis.meldung == (
        f"Audit-Kette intakt: 3 Ereignisse geprüft, Kopf Ereignis 3, HMAC {drittes.hash[:16]}."
    )
    assert "Noch kein Anker" in ergebnis.hinweise[0]
    assert kopf(session) == (3, drittes.hash)


def test_hash_ist_ein_hmac_mit_dem_schluessel_nicht_sha256(session):
    (ereignis,) = _kette(session, 1)
    schluessel = audit_schluessel().hmac_schluessel
    assert ereignis.hash == berechne_hmac(ereignis, schluessel)
    assert ereignis.hash != berechne_sha256(ereignis)  # ohne Schlüssel nicht nachrechenbar
    assert berechne_hmac(ereignis, b"x" * 32) != ereignis.hash


def test_kette_haelt_ueber_commits_und_neu_geladene_werte(engine, session):
    _kette(session)
    session.commit()
    session.expire_all()
    protokolliere(session, "system", "import", "import_protokoll", 1, {"zeilen": 3}, JETZT)
    session.commit()
    assert _pruefe(session).ok


def test_zurueckgerollte_ereignisse_hinterlassen_keine_luecke(engine, session):
    _kette(session, 2)
    session.commit()
    protokolliere(session, "x", "verworfen", None, None, {}, JETZT)
    session.rollback()
    protokolliere(session, "y", "danach", None, None, {}, JETZT)
    session.commit()
    ergebnis = _pruefe(session)
    assert ergebnis.ok and ergebnis.kopf.id == 3, ergebnis.meldung


def test_veraenderte_zeile_wird_benannt(session):
    _, zweites, _ = _kette(session)
    session.commit()
    session.execute(
        text("UPDATE audit_ereignis SET akteur = 'jemand' WHERE id = :id"), {"id": zweites.id}
    )
    session.commit()
    session.expire_all()
    ergebnis = _pruefe(session)
    assert (ergebnis.ok, ergebnis.art, ergebnis.ereignis_id) == (False, "veraendert", 2)
    assert ergebnis.meldung.startswith("Ereignis 2 („revision“ von jemand, 24.11.2026 09:01)")
    assert "nachträglich verändert" in ergebnis.meldung


def test_geloeschte_mittlere_zeile_ist_eine_luecke(session):
    _kette(session, 4)
    session.commit()
    session.execute(text("DELETE FROM audit_ereignis WHERE id = 2"))
    session.commit()
    ergebnis = _pruefe(session)
    assert (ergebnis.ok, ergebnis.art, ergebnis.ereignis_id) == (False, "luecke", 3)
    assert ergebnis.meldung == (
        "Lücke in der Audit-Kette: Ereignis 2 fehlt nach Ereignis 1 (gelöscht)."
    )


def test_hmac_haengt_an_jedem_feld(session):
    (ereignis,) = _kette(session, 1)
    schluessel = audit_schluessel().hmac_schluessel
    original = berechne_hmac(ereignis, schluessel)
    ereignis.details = {"wert": "12,6", "grund": "Änderung ä"}
    assert berechne_hmac(ereignis, schluessel) != original


def test_suche_filtert_und_blaettert_neueste_zuerst(session):
    _kette(session, 5)
    protokolliere(
        session, "admin", "benutzer_angelegt", "benutzer", 7, {}, JETZT + timedelta(days=2)
    )
    seite = suche_ereignisse(session, Ereignisfilter(), seite=1, pro_seite=4)
    assert (seite.gesamt, seite.seiten) == (6, 2)
    assert seite.ereignisse[0].akteur == "admin"
    zweite = suche_ereignisse(session, Ereignisfilter(), seite=2, pro_seite=4)
    assert len(zweite.ereignisse) == 2
    assert suche_ereignisse(session, Ereignisfilter(akteur="admin")).gesamt == 1
    assert suche_ereignisse(session, Ereignisfilter(aktion="revision")).gesamt == 5
    assert (
        suche_ereignisse(
            session, Ereignisfilter(objekt_typ="zielvereinbarung", objekt_id="41")
        ).gesamt
        == 1
    )
    assert suche_ereignisse(session, Ereignisfilter(von=date(2026, 11, 25))).gesamt == 1
    assert suche_ereignisse(session, Ereignisfilter(bis=date(2026, 11, 24))).gesamt == 5


@pytest.mark.echte_commits  # je Schreiber eine eigene Verbindung in einem eigenen Thread
def test_gleichzeitige_schreiber_bilden_eine_lueckenlose_kette(engine):
    """Mehrere Transaktionen zugleich (je eine Verbindung), manche zurückgerollt: die Kette
    bleibt linear, intakt und ohne Lücken."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlmodel import Session, func, select

    from zielvereinbarung.models import AuditEreignis

    def schreiber(nr: int) -> None:
        for i in range(8):
            with Session(engine) as session:
                session.exec(select(func.count()).select_from(AuditEreignis)).one()  # liest vorher
                protokolliere(session, f"s{nr}", "test", None, None, {"i": i}, JETZT)
                if i % 3 == 2:
                    session.rollback()
                else:
                    session.commit()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(schreiber, range(4)))
    with Session(engine) as session:
        ergebnis = _pruefe(session)
        ids = session.exec(select(AuditEreignis.id).order_by(AuditEreignis.id)).all()
    assert ergebnis.ok, ergebnis.meldung
    assert ids == list(range(1, 25))  # 4 × (8 − 2 zurückgerollte)
