"""Gemeinsame Fixtures. Datenbank: `ZV_TEST_DATABASE_URL` (z. B. PostgreSQL) oder eine SQLite-Datei.

Das Schema entsteht einmal je Testlauf über die echten Alembic-Migrationen; nach jedem Test
werden alle Tabellen geleert.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import zielvereinbarung.models  # noqa: F401
from zielvereinbarung import migration
from zielvereinbarung.db import engine_fuer, entsorge_engines

# Ein fester Audit-Schlüssel für alle Tests (sonst entstünde ein Entwicklungsschlüssel im
# Projektverzeichnis); Tests zum Schlüssel selbst setzen ihn mit monkeypatch um.
os.environ.setdefault("ZV_AUDIT_SCHLUESSEL", "test-audit-schluessel-" + "0123456789abcdef" * 2)
# Billige Passwort-Hashes (im Produktionsbetrieb verboten, siehe config.ARGON2_PROFILE): jede
# Anmeldung kostet sonst ~0,5 s Rechenzeit.
os.environ.setdefault("ZV_ARGON2_PROFIL", "test")


@pytest.fixture(autouse=True)
def _eigene_ankerdatei(tmp_path, monkeypatch):
    """Jeder Test schreibt Audit-Anker in eine eigene Datei (die Datenbank wird ja auch geleert)."""
    monkeypatch.setenv("ZV_AUDIT_ANKER", str(tmp_path / "audit_anker.jsonl"))
    monkeypatch.delenv("ZV_TSA_URL", raising=False)


def _leere_schema(url: str) -> None:
    engine = engine_fuer(url)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(scope="session")
def db_url(tmp_path_factory) -> str:
    url = os.environ.get("ZV_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )
    _leere_schema(url)
    migration.upgrade(url)
    yield url
    entsorge_engines()


@pytest.fixture
def engine(db_url):
    engine = engine_fuer(db_url)
    yield engine
    with engine.begin() as conn:
        for tabelle in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(tabelle.delete())


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture
def stammdaten(engine):
    """Länder, die 401 mitgelieferten Träger und der Kennzahlenkatalog."""
    from zielvereinbarung.services.basiszahlen.katalog import synchronisiere_katalog
    from zielvereinbarung.services.basiszahlen.stammdaten import importiere_traeger

    with Session(engine) as s:
        importiere_traeger(s)
        synchronisiere_katalog(s)
        s.commit()


@pytest.fixture
def app(db_url, tmp_path):
    from zielvereinbarung.web import create_app

    return create_app({"DATABASE_URL": db_url, "TESTING": True, "INSTANCE_PFAD": str(tmp_path)})


@pytest.fixture
def cli(app, engine):
    """Ruft `flask …`-Kommandos gegen die Testdatenbank auf: cli("zv", "import", pfad)."""
    runner = app.test_cli_runner()

    def aufruf(*args: str):
        return runner.invoke(args=list(args), catch_exceptions=False)

    return aufruf
