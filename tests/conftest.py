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
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from zielvereinbarung import db, migration
from zielvereinbarung.db import engine_fuer, entsorge_engines
from zielvereinbarung.models import alle_tabellen

# Fixtures je Aggregat, die mehrere Testordner brauchen (Dokumente: services/dokumente, cli, demo;
# Nachhaltung: services/nachhaltung, services/berichte, cli).
pytest_plugins = ["tests.fixtures.dokumente", "tests.fixtures.nachhaltung", "tests.fixtures.ringe"]

# Ein fester Audit-Schlüssel für alle Tests (sonst entstünde ein Entwicklungsschlüssel im
# Projektverzeichnis); Tests zum Schlüssel selbst setzen ihn mit monkeypatch um.
os.environ.setdefault("ZV_AUDIT_SCHLUESSEL", "test-audit-schluessel-" + "0123456789abcdef" * 2)
# Billige Passwort-Hashes (im Produktionsbetrieb verboten, siehe config.ARGON2_PROFILE): jede
# Anmeldung kostet sonst ~0,5 s Rechenzeit.
os.environ.setdefault("ZV_ARGON2_PROFIL", "test")


@pytest.fixture(scope="session", autouse=True)
def _ankerdatei_des_testlaufs(tmp_path_factory):
    """Audit-Anker, die Fixtures mit Modul- oder Sitzungsdauer schreiben (z. B. die Daten der
    Ende-zu-Ende-Tests), landen in einer Datei des Testlaufs – nie in `instance/` des Checkouts,
    wo spätere Läufe sie als Anker ihrer eigenen Kette läsen."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ZV_AUDIT_ANKER", str(tmp_path_factory.mktemp("anker") / "audit_anker.jsonl"))
        yield


@pytest.fixture(autouse=True)
def _eigene_ankerdatei(tmp_path, monkeypatch):
    """Jeder Test schreibt Audit-Anker in eine eigene Datei (seine Datenbankänderungen verfallen ja
    auch)."""
    monkeypatch.setenv("ZV_AUDIT_ANKER", str(tmp_path / "audit_anker.jsonl"))
    monkeypatch.delenv("ZV_TSA_URL", raising=False)


def pytest_addoption(parser):
    parser.addoption(
        "--nur-datenbanktests",
        action="store_true",
        help="nur Tests, die die Datenbank-Fixture `db_url` (direkt oder über andere Fixtures) "
        "nutzen; für den zweiten Lauf auf PostgreSQL in scripts/test.sh – alle übrigen laufen "
        "dort schon im SQLite-Lauf, und ihr Ergebnis hängt nicht von der Datenbank ab",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("nur_datenbanktests"):
        return
    behalten, ohne, unabhaengig = [], [], []
    for item in items:
        if "db_url" not in getattr(item, "fixturenames", ()):
            ohne.append(item)
        elif item.get_closest_marker("datenbankunabhaengig") is not None:
            unabhaengig.append(item)
        else:
            behalten.append(item)
    if ohne or unabhaengig:
        config.hook.pytest_deselected(items=ohne + unabhaengig)
        items[:] = behalten
    config.stash[_OHNE_DATENBANK] = (len(ohne), len(unabhaengig))


_OHNE_DATENBANK = pytest.StashKey[tuple[int, int]]()


def pytest_report_collectionfinish(config, start_path, items):
    if config.getoption("nur_datenbanktests"):
        ohne, unabhaengig = config.stash.get(_OHNE_DATENBANK, (0, 0))
        return (
            f"--nur-datenbanktests: {ohne} Tests ohne Datenbank-Fixture (db_url) und "
            f"{unabhaengig} als datenbankunabhängig markierte (axe …) abgewählt – sie laufen im "
            f"SQLite-Lauf; {len(items)} Tests mit Datenbank bleiben"
        )
    return None


STAMMDATEN = ("land", "traeger", "kennzahl_definition")


def _leere_schema(url: str) -> None:
    engine = engine_fuer(url)
    alle_tabellen().drop_all(engine)
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
        for tabelle in reversed(alle_tabellen().sorted_tables):
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


class _VorlagenCache(BytecodeCache):
    """Übersetzte Jinja-Vorlagen für alle Test-Apps: jede App hat ihre eigene Jinja-Umgebung und
    übersetzte sonst jede Vorlage neu (bei Hunderten Apps je Testlauf spürbar). Jinja prüft die
    Prüfsumme des Quelltexts; alle Apps entstehen mit denselben Einstellungen (`create_app`)."""

    def __init__(self) -> None:
        self.daten: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if (code := self.daten.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.daten[bucket.key] = bucket.bytecode_to_string()


_VORLAGEN = _VorlagenCache()


@pytest.fixture
def app(db_url, tmp_path):
    from zielvereinbarung.web import create_app

    anwendung = create_app(
        {"DATABASE_URL": db_url, "TESTING": True, "INSTANCE_PFAD": str(tmp_path)}
    )
    anwendung.jinja_env.bytecode_cache = _VORLAGEN
    return anwendung


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


# ---------------------------------------------------------------- PDFs einmal je Testlauf

_PDF_CACHE: dict[object, bytes] = {}


def _schluessel(*teile) -> str:
    import hashlib
    import pickle

    return hashlib.sha256(pickle.dumps(teile)).hexdigest()


@pytest.fixture(scope="session", autouse=True)
def _pdfs_einmal_rendern():
    """Jedes PDF wird je Testlauf einmal gerendert: das Vereinbarungsdokument je (Modell,
    Zeitpunkt), ein Fortschrittsbericht je Fingerabdruck seines Modells (ohne Erstellungszeit und
    Audit-Kopf). Gleiche Eingaben ergeben dieselben Bytes – nur Tests, die genau diese beiden
    Angaben im PDF prüfen oder das Rendern selbst messen, brauchen `@pytest.mark.rendern`."""
    from zielvereinbarung.documents import berichtsmodell
    from zielvereinbarung.documents import vereinbarung as dokument
    from zielvereinbarung.jobs import worker

    stelle_aus, pdfs = dokument.stelle_aus, worker._pdfs

    def stelle_aus_einmal(modell, jetzt=None):
        if _PDF_CACHE.get("aus"):
            return stelle_aus(modell, jetzt)
        schluessel = ("dokument", _schluessel(modell, jetzt))
        if schluessel not in _PDF_CACHE:
            _PDF_CACHE[schluessel] = stelle_aus(modell, jetzt)
        return _PDF_CACHE[schluessel]

    def pdfs_einmal(auftraege, pool):
        if _PDF_CACHE.get("aus"):
            yield from pdfs(auftraege, pool)
            return
        fehlend = []
        for auftrag in auftraege:
            schluessel = ("bericht", berichtsmodell.fingerabdruck(auftrag.modell))
            if schluessel in _PDF_CACHE:
                yield auftrag, _PDF_CACHE[schluessel]
            else:
                fehlend.append((schluessel, auftrag))
        schluessel_von = {id(a): s for s, a in fehlend}
        for auftrag, pdf in pdfs([a for _, a in fehlend], pool):
            _PDF_CACHE[schluessel_von[id(auftrag)]] = pdf
            yield auftrag, pdf

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dokument, "stelle_aus", stelle_aus_einmal)
        mp.setattr(worker, "_pdfs", pdfs_einmal)
        yield


@pytest.fixture(autouse=True)
def _rendern_wenn_markiert(request):
    if request.node.get_closest_marker("rendern"):
        _PDF_CACHE["aus"] = True
        yield
        _PDF_CACHE.pop("aus", None)
    else:
        yield
