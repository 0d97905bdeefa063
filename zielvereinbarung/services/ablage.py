"""Die Dokumentablage: Dateien einmal gespeichert, benannt nach ihrem SHA-256, nie überschrieben.

- Pfad: `<ablage>/<sha[:2]>/<sha>.<endung>` (relativ gespeichert: `ab/ab12….pdf`).
- Schreiben ist atomar: temporäre Datei im Zielverzeichnis, `fsync`, dann `os.link` auf den
  Zielnamen (scheitert, wenn es ihn schon gibt – dann wird nichts überschrieben), zuletzt das
  Verzeichnis `fsync`en. Gibt es die Datei schon, muss ihr Inhalt denselben SHA-256 haben.
- **Warum vor dem Commit schreiben**: Die Datei wird geschrieben, bevor die Datenbankzeile
  festgeschrieben ist. Rollt die Transaktion zurück, bleibt eine unbenutzte Datei mit
  korrektem Inhalt liegen (harmlos; ein späterer Versuch mit gleichem Inhalt verwendet sie
  wieder). Umgekehrt (schreiben nach dem Commit, `nach_commit`) könnte eine festgeschriebene
  Zeile auf eine Datei zeigen, die nie geschrieben wurde – bei einem unterschriebenen
  Dokument wäre das ein Verlust. Zudem bleiben die Services so ohne Flask nutzbar (CLI, Jobs).
- Lesen prüft den SHA-256: eine veränderte Datei in der Ablage fällt sofort auf.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..fehler import FachlicherFehler


class AblageFehler(FachlicherFehler):
    pass


@dataclass(frozen=True)
class Abgelegt:
    sha256: str
    pfad: str  # relativ zur Ablage
    groesse: int


class Ablage:
    def __init__(self, verzeichnis: Path):
        self.verzeichnis = Path(verzeichnis)

    def _ziel(self, relativ: str) -> Path:
        ziel = (self.verzeichnis / relativ).resolve()
        if self.verzeichnis.resolve() not in ziel.parents:
            raise AblageFehler(f"Ungültiger Pfad in der Dokumentablage: {relativ}")
        return ziel

    def schreibe(self, daten: bytes, endung: str = "pdf") -> Abgelegt:
        sha = hashlib.sha256(daten).hexdigest()
        relativ = f"{sha[:2]}/{sha}.{endung}"
        ziel = self._ziel(relativ)
        if ziel.exists():
            self._pruefe(ziel, sha)
            return Abgelegt(sha, relativ, len(daten))
        ziel.parent.mkdir(parents=True, exist_ok=True)
        fd, temporaer = tempfile.mkstemp(prefix=".neu-", dir=ziel.parent)
        try:
            with os.fdopen(fd, "wb") as datei:
                datei.write(daten)
                datei.flush()
                os.fsync(datei.fileno())
            os.chmod(temporaer, 0o440)
            try:
                os.link(temporaer, ziel)  # atomar und ohne Überschreiben
            except FileExistsError:
                self._pruefe(ziel, sha)  # gleichzeitig geschrieben: gleicher Inhalt
        finally:
            os.unlink(temporaer)
        self._fsync_verzeichnis(ziel.parent)
        return Abgelegt(sha, relativ, len(daten))

    @staticmethod
    def _fsync_verzeichnis(verzeichnis: Path) -> None:
        try:
            fd = os.open(verzeichnis, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _pruefe(self, ziel: Path, sha: str) -> None:
        if hashlib.sha256(ziel.read_bytes()).hexdigest() != sha:
            raise AblageFehler(
                f"Die Datei {ziel.name} in der Dokumentablage ist beschädigt oder verändert."
            )

    def lies(self, relativ: str, sha256: str) -> bytes:
        ziel = self._ziel(relativ)
        try:
            daten = ziel.read_bytes()
        except FileNotFoundError:
            raise AblageFehler(
                f"Die Datei {relativ} fehlt in der Dokumentablage ({self.verzeichnis})."
            ) from None
        if hashlib.sha256(daten).hexdigest() != sha256:
            raise AblageFehler(
                f"Die Datei {relativ} in der Dokumentablage ist verändert worden "
                "(SHA-256 stimmt nicht)."
            )
        return daten
