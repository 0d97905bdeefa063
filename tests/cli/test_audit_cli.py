"""`flask zv audit verify | anker | neu-verschluesseln` über die echte Kommandozeile."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session

from zielvereinbarung.services.audit.anker import lies_anker
from zielvereinbarung.services.audit.kette import protokolliere

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _kette(engine, n=3):
    with Session(engine) as session:
        for i in range(n):
            protokolliere(session, "admin", "test", None, None, {"i": i}, JETZT)
        session.commit()


def test_import_verankert_und_verify_ist_gruen(cli, engine, stammdaten, tmp_path):
    datei = tmp_path / "nf.csv"
    datei.write_text("ags,monat,elb\n01054,2026-01,100\n", encoding="utf-8")
    assert cli("zv", "import", str(datei)).exit_code == 0
    (anker,) = lies_anker()
    assert anker.anlass == "import"
    ergebnis = cli("zv", "audit", "verify")
    assert ergebnis.exit_code == 0, ergebnis.output
    assert ergebnis.stdout.startswith("Audit-Kette intakt: 1 Ereignisse geprüft, Kopf Ereignis 1")
    assert "1 Anker geprüft" in ergebnis.stdout and "Schlüsselkennung" in ergebnis.stdout


def test_verify_nennt_den_befund_mit_exit_1(cli, engine):
    _kette(engine, 4)
    assert cli("zv", "audit", "anker").stdout.startswith("Anker geschrieben: Ereignis 4, HMAC ")
    with engine.begin_nested():  # ein SAVEPOINT in der Testtransaktion
        engine.execute(text("DELETE FROM audit_ereignis WHERE id = 4"))
    ergebnis = cli("zv", "audit", "verify")
    assert ergebnis.exit_code == 1
    assert ergebnis.stderr.startswith("Die jüngsten Ereignisse fehlen: der Anker vom ")
    assert ergebnis.stdout == ""


def test_verify_ohne_anker_weist_darauf_hin(cli, engine):
    _kette(engine, 2)
    ergebnis = cli("zv", "audit", "verify")
    assert ergebnis.exit_code == 0
    assert "Noch kein Anker außerhalb der Datenbank" in ergebnis.stdout


def test_falscher_schluessel(cli, engine, monkeypatch):
    _kette(engine, 2)
    cli("zv", "audit", "anker")
    monkeypatch.setenv("ZV_AUDIT_SCHLUESSEL", "falscher-schluessel-" + "7" * 32)
    ergebnis = cli("zv", "audit", "verify")
    assert ergebnis.exit_code == 1 and "Falscher Audit-Schlüssel" in ergebnis.stderr


def test_neu_verschluesseln_ohne_alte_zeilen(cli, engine):
    _kette(engine, 1)
    ergebnis = cli("zv", "audit", "neu-verschluesseln")
    assert ergebnis.exit_code == 0 and "nichts zu tun" in ergebnis.stdout
