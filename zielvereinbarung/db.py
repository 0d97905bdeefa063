"""Datenbank-Engine und Sessions (ohne Flask).

- `engine_fuer(url)`: eine Engine je URL, prozessweit geteilt.
- `sitzung(url)`: eine neue Session; alle Anwendungsteile (Web, Jobs, Kommandozeile) holen ihre
  Sessions hier. Tests binden sie mit `binde(url, verbindung)` an eine offene Verbindung mit
  SAVEPOINT: jede Session legt dann ihren eigenen SAVEPOINT an, `commit()` gibt ihn frei, und am
  Ende des Tests wird alles zurückgerollt (`tests/conftest.py`).
- `transaktion(url)`: eine Session als eine Transaktion (Jobs, Kommandozeile).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

_engines: dict[str, Engine] = {}
_bindungen: dict[str, Connection] = {}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def engine_fuer(url: str) -> Engine:
    """Eine Engine je URL (Prozess-weit geteilt). Legt das Verzeichnis einer SQLite-Datei an."""
    if url not in _engines:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _engines[url] = engine
    return _engines[url]


def entsorge_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def sitzung(url: str) -> Session:
    """Eine neue Session für `url` (Objekte bleiben nach dem Commit lesbar)."""
    return Session(_bindungen.get(url) or engine_fuer(url), expire_on_commit=False)


def binde(url: str, verbindung: Connection | None) -> None:
    """Nur für Tests: alle Sessions für `url` auf `verbindung` (None: wieder auf die Engine)."""
    if verbindung is None:
        _bindungen.pop(url, None)
    else:
        _bindungen[url] = verbindung


@contextmanager
def transaktion(url: str) -> Iterator[Session]:
    """Eine Session als eine Transaktion: Commit bei Erfolg, Rollback bei Fehler."""
    with sitzung(url) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
