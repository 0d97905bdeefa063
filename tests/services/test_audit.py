"""Audit-Protokoll: Hashkette, Prüfung, Suche."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from zielvereinbarung.services.audit import (
    NULL_HASH,
    Ereignisfilter,
    berechne_hash,
    protokolliere,
    pruefe_kette,
    suche_ereignisse,
)

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


def test_kette_verknuepft_jedes_ereignis_mit_dem_vorgaenger(session):
    erstes, zweites, drittes = _kette(session)
    assert erstes.vorgaenger_hash == NULL_HASH
    assert zweites.vorgaenger_hash == erstes.hash and drittes.vorgaenger_hash == zweites.hash
    assert len({erstes.hash, zweites.hash, drittes.hash}) == 3
    assert drittes.objekt_id == "42"
    assert pruefe_kette(session) == (True, None, "Audit-Kette intakt: 3 Ereignisse geprüft.")


def test_kette_haelt_ueber_commits_und_neu_geladene_werte(engine, session):
    _kette(session)
    session.commit()
    session.expire_all()
    protokolliere(session, "system", "import", "import_protokoll", 1, {"zeilen": 3}, JETZT)
    session.commit()
    assert pruefe_kette(session).ok


def test_veraenderte_zeile_wird_erkannt(session):
    _, zweites, _ = _kette(session)
    session.commit()
    session.execute(
        text("UPDATE audit_ereignis SET akteur = 'jemand' WHERE id = :id"), {"id": zweites.id}
    )
    session.commit()
    session.expire_all()
    ok, erstes_defektes, meldung = pruefe_kette(session)
    assert not ok and erstes_defektes == zweites.id
    assert meldung.startswith(f"Kette gebrochen bei Ereignis {zweites.id} (")


def test_geloeschte_zeile_wird_beim_nachfolger_erkannt(session):
    _, zweites, drittes = _kette(session)
    session.commit()
    session.execute(text("DELETE FROM audit_ereignis WHERE id = :id"), {"id": zweites.id})
    session.commit()
    ok, erstes_defektes, meldung = pruefe_kette(session)
    assert (ok, erstes_defektes) == (False, drittes.id)
    assert "Vorgängerhash" in meldung


def test_hash_haengt_an_jedem_feld(session):
    (ereignis,) = _kette(session, 1)
    original = berechne_hash(ereignis)
    ereignis.details = {"wert": "12,6", "grund": "Änderung ä"}
    assert berechne_hash(ereignis) != original


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


def test_gleichzeitige_schreiber_bilden_eine_kette(engine):
    """Mehrere Transaktionen zugleich (je eine Verbindung): die Kette bleibt linear und intakt."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlmodel import Session, func, select

    from zielvereinbarung.models import AuditEreignis

    def schreiber(nr: int) -> None:
        for i in range(8):
            with Session(engine) as session:
                session.exec(select(func.count()).select_from(AuditEreignis)).one()  # liest vorher
                protokolliere(session, f"s{nr}", "test", None, None, {"i": i}, JETZT)
                session.commit()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(schreiber, range(4)))
    with Session(engine) as session:
        ergebnis = pruefe_kette(session)
        vorgaenger = session.exec(select(AuditEreignis.vorgaenger_hash)).all()
    assert ergebnis.ok, ergebnis.meldung
    assert len(vorgaenger) == 32 and len(set(vorgaenger)) == 32
