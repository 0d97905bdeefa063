"""Gemeinsame Fixtures. Datenbank: `ZV_TEST_DATABASE_URL` (z. B. PostgreSQL) oder eine SQLite-Datei.

- Das Schema entsteht einmal je Testlauf über die echten Alembic-Migrationen; die Stammdaten
  (16 Länder, 401 Träger, Kennzahlenkatalog) werden gleich danach einmal geladen.
- Jeder Test läuft in einer Transaktion, die am Ende zurückgerollt wird: `engine` ist eine
  Verbindung mit offener Transaktion und SAVEPOINT; jede Session (der Tests, der Web-Anfragen, der
  Jobs über `db.sitzung`) legt darin ihren eigenen SAVEPOINT an, `commit()` gibt ihn frei.
- Tests, die wirklich festschreiben müssen (andere Prozesse oder Verbindungen lesen mit: Scheduler,
  gunicorn, Sperren zwischen Prozessen), tragen `@pytest.mark.echte_commits`; danach werden alle
  Tabellen außer den Stammdaten geleert.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

import zielvereinbarung.models  # noqa: F401
from zielvereinbarung import db, migration
from zielvereinbarung.db import engine_fuer, entsorge_engines

# Ein fester Audit-Schlüssel für alle Tests (sonst entstünde ein Entwicklungsschlüssel im
# Projektverzeichnis); Tests zum Schlüssel selbst setzen ihn mit monkeypatch um.
os.environ.setdefault("ZV_AUDIT_SCHLUESSEL", "test-audit-schluessel-" + "0123456789abcdef" * 2)
# Billige Passwort-Hashes (im Produktionsbetrieb verboten, siehe config.ARGON2_PROFILE): jede
# Anmeldung kostet sonst ~0,5 s Rechenzeit.
os.environ.setdefault("ZV_ARGON2_PROFIL", "test")


@pytest.fixture(autouse=True)
def _eigene_ankerdatei(tmp_path, monkeypatch):
    """Jeder Test schreibt Audit-Anker in eine eigene Datei (seine Datenbankänderungen verfallen ja
    auch)."""
    monkeypatch.setenv("ZV_AUDIT_ANKER", str(tmp_path / "audit_anker.jsonl"))
    monkeypatch.delenv("ZV_TSA_URL", raising=False)


STAMMDATEN = ("land", "traeger", "kennzahl_definition")


def _leere_schema(url: str) -> None:
    engine = engine_fuer(url)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _lade_stammdaten(url: str) -> None:
    from zielvereinbarung.services.basiszahlen.katalog import synchronisiere_katalog
    from zielvereinbarung.services.basiszahlen.stammdaten import importiere_traeger

    with Session(engine_fuer(url)) as s:
        importiere_traeger(s)
        synchronisiere_katalog(s)
        s.commit()


def _leere_tabellen(url: str) -> None:
    """Alles außer den Stammdaten löschen (nach Tests mit echten Commits); fehlen die Stammdaten
    (ein Test hat das Schema neu aufgebaut), werden sie neu geladen."""
    with engine_fuer(url).begin() as conn:
        for tabelle in reversed(SQLModel.metadata.sorted_tables):
            if tabelle.name not in STAMMDATEN:
                conn.execute(tabelle.delete())
        fehlen = conn.execute(text("SELECT count(*) FROM traeger")).scalar() == 0
    if fehlen:
        _lade_stammdaten(url)


@pytest.fixture(scope="session")
def db_url(tmp_path_factory) -> str:
    url = os.environ.get("ZV_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )
    _leere_schema(url)
    migration.upgrade(url)
    _lade_stammdaten(url)
    yield url
    entsorge_engines()


@pytest.fixture(scope="session")
def _test_engine(db_url):
    """Die Engine der zurückgerollten Testtransaktionen. SQLite: der Treiber soll BEGIN und
    SAVEPOINT nicht selbst steuern (sonst gibt ein RELEASE die äußere Transaktion frei)."""
    if make_url(db_url).get_backend_name() != "sqlite":
        yield engine_fuer(db_url)
        return
    engine = create_engine(db_url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _verbunden(dbapi_connection, record):
        db._sqlite_pragmas(dbapi_connection, record)
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _beginn(conn):
        conn.exec_driver_sql("BEGIN")

    yield engine
    engine.dispose()


@pytest.fixture
def engine(db_url, _test_engine, request):
    """Eine Verbindung in einer Transaktion mit SAVEPOINT, am Ende zurückgerollt (Modulkopf);
    mit `@pytest.mark.echte_commits` die echte Engine, danach geleerte Tabellen."""
    if request.node.get_closest_marker("echte_commits"):
        yield engine_fuer(db_url)
        _leere_tabellen(db_url)
        return
    verbindung = _test_engine.connect()
    aussen = verbindung.begin()
    verbindung.begin_nested()
    db.binde(db_url, verbindung)
    try:
        yield verbindung
    finally:
        db.binde(db_url, None)
        try:
            aussen.rollback()
        finally:
            verbindung.close()


@pytest.fixture
def ohne_stammdaten(engine):
    """Leere Stammdatentabellen – nur in der zurückgerollten Testtransaktion (für Tests des
    Stammdaten-Imports selbst)."""
    for tabelle in STAMMDATEN[::-1]:
        engine.execute(text(f"DELETE FROM {tabelle}"))


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture
def stammdaten(engine):
    """Länder, die 401 mitgelieferten Träger und der Kennzahlenkatalog – einmal je Testlauf
    geladen (`db_url`); die Fixture nennt nur die Abhängigkeit."""


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


# ---------------------------------------------------------------- Verzeichnisdienste


@pytest.fixture(scope="session")
def ldap_server():
    """Debians slapd auf 127.0.0.1 (freie Ports) mit Testverzeichnis; einmal je Testlauf."""
    from .dienste.slapd import starte_slapd

    try:
        server = starte_slapd()
    except FileNotFoundError as fehler:
        pytest.fail(str(fehler), pytrace=False)
    yield server
    server.stoppe()


# ---------------------------------------------------------------- PDF


@pytest.fixture(scope="session")
def pdf_struktur():
    """Prüfer für barrierefreie PDFs (tests/pdfstruktur.py): `pdf_struktur.pruefe(pfad)` stellt
    sicher, dass das PDF getaggt ist und PDF/A-3a beansprucht (pdfinfo), und liefert den
    Strukturbaum (pypdf); `pdf_struktur.ueberschriften_in_ordnung(ebenen)`."""
    from . import pdfstruktur

    return pdfstruktur


# -------------------------------------------------------------------- Vergleichsringe


class Testring:
    """Ring „Testring“ über die echten Services (Details: tests/ringe/conftest.py)."""

    JETZT = None  # gesetzt unten

    def __init__(self, engine):
        from datetime import date

        from zielvereinbarung.domain.berechtigung import ADMIN, Akteur
        from zielvereinbarung.services.ringe import verwaltung as v

        self.engine = engine
        admin, jetzt = Akteur("admin", ADMIN), self.JETZT
        with Session(engine, expire_on_commit=False) as s:
            r = v.lege_ring_an(s, "Testring", "Ein Ring für Tests.", False, admin, jetzt)
            v.setze_mitglieder(s, r.id, 2023, ["01054", "03157"], admin, jetzt)
            v.setze_mitglieder(s, r.id, 2024, ["01054", "03157", "03159"], admin, jetzt)
            for code, einheit, grenze in (
                ("personal", "anzahl", None),
                ("kosten", "euro", None),
                ("quote", "anteil", None),
                ("widersprueche", "anzahl", None),
                ("abgeholfen", "anzahl", "widersprueche"),
            ):
                v.speichere_basiszahl(
                    s, r.id, code, code.title(), einheit, "", "", grenze, admin, jetzt
                )
            for code, einheit, richtung, formel in (
                ("K_PERS", "anzahl", "niedriger", "elb / personal"),
                ("K_KOST", "euro", "niedriger", "kosten / elb"),
                ("Q_ABH", "prozent", "niedriger",
                 "summe(abgeholfen, 12) / summe(widersprueche, 12) * 100"),
            ):  # fmt: skip
                werte = dict(code=code, name=code, kategorie="kosten", einheit=einheit,
                             richtung=richtung, formel=formel,
                             gueltig_ab=date(2023, 1, 1))  # fmt: skip
                v.speichere_kennzahl(s, r.id, werte, admin, jetzt)
            v.aendere_einstellungen(s, r.id, "", False, "2024-12", admin, jetzt)
            s.commit()
        self.ring = r

    def importiere(self, text: str, name: str = "ring.csv"):
        from zielvereinbarung.services.basiszahlen import importvorgang

        with Session(self.engine, expire_on_commit=False) as s:
            bereich = importvorgang.importbereich(s, None)
            ergebnis = importvorgang.importiere(
                s, name, text.encode(), "test", self.JETZT, bereich=bereich
            )
            s.commit()
        return ergebnis

    def import_eigene(self):
        """Gesetzliche Basiszahlen (elb) 2023–2024 für die drei Träger und 01059 (kein
        Mitglied); eigene Werte je Monat: personal = elb / 100, kosten = elb × 10 €, quote 0,25,
        widersprueche 10, abgeholfen 3 (01054) bzw. 5. 03159 meldet 2024-12 keine eigenen Werte.
        Ergebnis: das Importergebnis der eigenen Werte."""
        elb = {"01054": 1000, "03157": 2000, "03159": 3000, "01059": 500}
        gesetzlich = ["ags,monat,datenstand,elb,integrationen"]
        eigene = ["ags,monat,datenstand,personal,kosten,quote,widersprueche,abgeholfen"]
        for jahr in (2023, 2024):
            for m in range(1, 13):
                monat = f"{jahr}-{m:02d}"
                for ags, n in elb.items():
                    gesetzlich.append(f"{ags},{monat},2025-03-01,{n},{n // 50}")
                    mitglied = ags in ("01054", "03157") or (ags == "03159" and jahr == 2024)
                    if not mitglied or (ags == "03159" and monat == "2024-12"):
                        continue
                    ab = 3 if ags == "01054" else 5
                    eigene.append(f"{ags},{monat},2025-03-01,{n // 100},{n * 10}.00,0.25,10,{ab}")
        self.importiere("\n".join(gesetzlich) + "\n", "gesetzlich.csv")
        return self.importiere("\n".join(eigene) + "\n", "eigene.csv")


@pytest.fixture
def testring(engine, stammdaten):
    from datetime import UTC, datetime

    Testring.JETZT = datetime(2025, 4, 1, 10, 0, tzinfo=UTC)
    return Testring(engine)
