"""Eine Sicherung schreiben: Schnappschuss der Datenbank, dann die Ablagen, zuletzt das Manifest.

Die Datei entsteht unter einem temporären Namen im Zielverzeichnis und wird erst vollständig
(fsync) auf den Zielnamen gebracht; eine vorhandene Datei wird nie überschrieben.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Connection, make_url

from ..ablage import TEMP_PRAEFIX
from .archiv import ANKER, MANIFEST, Manifest, SicherungsFehler, ablage_eintrag, gesicherte_tabellen
from .zeilen import Zeilenformat

STAPEL = 2000


@contextmanager
def schnappschuss(url: str) -> Iterator[Connection]:
    """Eine Verbindung, die einen festen Stand der ganzen Datenbank sieht.

    SQLite: eine Kopie über die Backup-API (sie sieht einen festgeschriebenen Stand, auch während
    andere schreiben); PostgreSQL: eine lesende Transaktion REPEATABLE READ."""
    adresse = make_url(url)
    if adresse.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="zv-sicherung-") as verzeichnis:
            kopie = Path(verzeichnis) / "schnappschuss.sqlite3"
            assert adresse.database  # SQLite-Datei der Anwendung (nie nur im Speicher)
            quelle, ziel = sqlite3.connect(adresse.database), sqlite3.connect(kopie)
            try:
                quelle.backup(ziel)
            finally:
                quelle.close()
                ziel.close()
            engine = create_engine(f"sqlite:///{kopie}")
            try:
                with engine.connect() as verbindung:
                    yield verbindung
            finally:
                engine.dispose()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as verbindung:
            verbindung = verbindung.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with verbindung.begin():
                yield verbindung
    finally:
        engine.dispose()


def schemastand(verbindung: Connection) -> str:
    try:
        return verbindung.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    except Exception:
        raise SicherungsFehler(
            "Die Datenbank hat keinen Schemastand (flask db upgrade fehlt)."
        ) from None


class _Schreiber:
    def __init__(self, archiv: tarfile.TarFile, manifest: Manifest, zeit: float):
        self.archiv, self.manifest, self.zeit = archiv, manifest, zeit

    def datei(self, name: str, datei: IO[bytes], groesse: int, sha: str) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = groesse, int(self.zeit), 0o600
        self.archiv.addfile(info, datei)
        self.manifest.eintraege[name] = {"sha256": sha, "groesse": groesse}

    def tabelle(self, verbindung: Connection, tabelle) -> None:
        format_ = Zeilenformat(tabelle)
        sortierung = list(tabelle.primary_key.columns) or list(tabelle.columns)
        anzahl, sha = 0, hashlib.sha256()
        with tempfile.TemporaryFile() as puffer:
            ergebnis = verbindung.execution_options(yield_per=STAPEL).execute(
                select(tabelle).order_by(*sortierung)
            )
            for zeile in ergebnis.mappings():
                roh = json.dumps(format_.kodiere(dict(zeile)), ensure_ascii=False).encode()
                roh += b"\n"
                puffer.write(roh)
                sha.update(roh)
                anzahl += 1
            groesse = puffer.tell()
            puffer.seek(0)
            self.datei(f"datenbank/{tabelle.name}.jsonl", puffer, groesse, sha.hexdigest())
        self.manifest.tabellen[tabelle.name] = anzahl

    def ablage(self, art: str, verzeichnis: Path) -> None:
        if not verzeichnis.is_dir():
            return
        for pfad in sorted(verzeichnis.rglob("*")):
            if not pfad.is_file() or pfad.name.startswith(TEMP_PRAEFIX):
                continue
            self.pfad(ablage_eintrag(art, pfad.relative_to(verzeichnis).as_posix()), pfad)

    def pfad(self, name: str, pfad: Path) -> None:
        sha = hashlib.sha256()
        with pfad.open("rb") as datei:
            while block := datei.read(1024 * 1024):
                sha.update(block)
            groesse = datei.tell()
            datei.seek(0)
            self.datei(name, datei, groesse, sha.hexdigest())


def erstelle_sicherung(
    verbindung: Connection,
    ziel: Path,
    ablagen: dict[str, Path],
    ankerdatei: Path | None,
    schluessel: dict[str, str],
    jetzt: datetime,
) -> Manifest:
    """Die Sicherung nach `ziel` schreiben (siehe Paketkopf); `verbindung` aus `schnappschuss`."""
    if ziel.exists():
        raise SicherungsFehler(f"Die Datei {ziel} gibt es schon; sie wird nicht überschrieben.")
    if not ziel.parent.is_dir():
        raise SicherungsFehler(f"Das Verzeichnis {ziel.parent} gibt es nicht.")
    manifest = Manifest(
        erstellt=jetzt.isoformat(),
        schema=schemastand(verbindung),
        datenbank=verbindung.dialect.name,
        schluessel=dict(schluessel),
    )
    fd, temporaer = tempfile.mkstemp(prefix=TEMP_PRAEFIX, suffix=".tar.gz", dir=ziel.parent)
    try:
        with os.fdopen(fd, "wb") as roh, tarfile.open(fileobj=roh, mode="w:gz") as archiv:
            schreiber = _Schreiber(archiv, manifest, time.time())
            for tabelle in gesicherte_tabellen():
                schreiber.tabelle(verbindung, tabelle)
            for art, verzeichnis in ablagen.items():
                schreiber.ablage(art, verzeichnis)
            if ankerdatei is not None and ankerdatei.is_file():
                schreiber.pfad(ANKER, ankerdatei)
            inhalt = manifest.als_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(inhalt), int(time.time()), 0o600
            archiv.addfile(info, io.BytesIO(inhalt))
        with open(temporaer, "rb+") as datei:
            os.fsync(datei.fileno())
        os.link(temporaer, ziel)
    finally:
        os.unlink(temporaer)
    return manifest
