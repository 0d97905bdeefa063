"""Die Dateiablage: Dateien einmal gespeichert, benannt nach ihrem SHA-256, nie überschrieben.

Eine Ablage für alles, was die Anwendung an Dateien aufbewahrt, je in einem eigenen Verzeichnis:
Vereinbarungsdokumente und Anlagen (`ZV_DOKUMENTE_PATH`), Fortschrittsberichte
(`ZV_BERICHTE_PATH`) und hochgeladene Importdateien zwischen Vorschau und Bestätigung
(`<instance>/uploads`, `Zwischenablage`).

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
- `raeume_auf` entfernt temporäre Reste abgebrochener Schreibvorgänge (`.neu-…`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..fehler import FachlicherFehler

TEMP_PRAEFIX = ".neu-"


class AblageFehler(FachlicherFehler):
    """Datei fehlt, ist verändert, liegt außerhalb der Ablage oder ein Vorgang ist ungültig."""


@dataclass(frozen=True)
class Abgelegt:
    sha256: str
    pfad: str  # relativ zur Ablage
    groesse: int


class Ablage:
    def __init__(self, verzeichnis: Path):
        self.verzeichnis = Path(verzeichnis)

    @staticmethod
    def relativer_pfad(sha256: str, endung: str = "pdf") -> str:
        return f"{sha256[:2]}/{sha256}.{endung}"

    def pfad(self, relativ: str) -> Path:
        """Der absolute Pfad einer abgelegten Datei (nur innerhalb der Ablage)."""
        return self._ziel(relativ)

    def _ziel(self, relativ: str) -> Path:
        ziel = (self.verzeichnis / relativ).resolve()
        if self.verzeichnis.resolve() not in ziel.parents:
            raise AblageFehler(f"Ungültiger Pfad in der Dokumentablage: {relativ}")
        return ziel

    def schreibe(self, daten: bytes, endung: str = "pdf") -> Abgelegt:
        sha = hashlib.sha256(daten).hexdigest()
        relativ = self.relativer_pfad(sha, endung)
        ziel = self._ziel(relativ)
        if ziel.exists():
            self._pruefe(ziel, sha)
            return Abgelegt(sha, relativ, len(daten))
        ziel.parent.mkdir(parents=True, exist_ok=True)
        fd, temporaer = tempfile.mkstemp(prefix=TEMP_PRAEFIX, dir=ziel.parent)
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

    def entferne_wenn_verwaist(self, relativ: str, referenziert: bool) -> None:
        """Eine eigene Datei entfernen, die nach einem verlorenen Wettlauf keine Zeile hat."""
        if not referenziert:
            self._ziel(relativ).unlink(missing_ok=True)

    def raeume_auf(self, aelter_als_s: float = 3600) -> int:
        """Temporäre Reste abgebrochener Schreibvorgänge entfernen; Zahl der entfernten Dateien."""
        if not self.verzeichnis.exists():
            return 0
        grenze = time.time() - aelter_als_s
        entfernt = 0
        for pfad in self.verzeichnis.glob(f"*/{TEMP_PRAEFIX}*"):
            if pfad.stat().st_mtime < grenze:
                pfad.unlink(missing_ok=True)
                entfernt += 1
        return entfernt


UNBEKANNT = (
    "Dieser Importvorgang ist unbekannt (die geprüfte Datei liegt nicht mehr vor). Bitte "
    "laden Sie die Datei erneut hoch. Es wurde nichts importiert."
)
FREMD = (
    "Dieser Importvorgang gehört zu einem anderen Benutzer. Bitte laden Sie die Datei selbst "
    "hoch. Es wurde nichts importiert."
)
ABGELAUFEN = (
    "Die Vorschau ist abgelaufen (gültig {minuten} Minuten). Bitte laden Sie die Datei "
    "erneut hoch. Es wurde nichts importiert."
)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True)
class Vorgemerkt:
    token: str
    dateiname: str
    inhalt: bytes


class Zwischenablage:
    """Hochgeladene Dateien zwischen Vorschau und Bestätigung eines Imports.

    Die Bytes liegen in der `Ablage` des Verzeichnisses (inhaltsadressiert), dazu je Vorgang
    `<token>.json` (Benutzer-ID, Dateiname, SHA-256, Pfad, Zeitpunkt). Das Token ist zufällig
    (256 Bit, URL-sicher) und nur für den hochladenden Benutzer `gueltigkeit` lang gültig. Eine
    Bestätigung verbraucht es nicht: ein zweites Absenden importiert dieselbe Datei noch einmal
    und meldet „keine Änderungen“. Jedes neue Ablegen räumt Vorgänge und Dateien weg, die älter
    als die doppelte Gültigkeit sind."""

    def __init__(self, verzeichnis: Path, gueltigkeit: timedelta = timedelta(minutes=30)):
        self.verzeichnis = Path(verzeichnis)
        self.ablage = Ablage(self.verzeichnis)
        self.gueltigkeit = gueltigkeit

    def lege_ab(self, inhalt: bytes, dateiname: str, benutzer_id: int, jetzt: datetime) -> str:
        """Legt die Datei ab und liefert das Token des Vorgangs."""
        self.verzeichnis.mkdir(parents=True, exist_ok=True)
        self.raeume_auf(jetzt)
        abgelegt = self.ablage.schreibe(inhalt, "daten")
        os.utime(self.ablage.pfad(abgelegt.pfad))  # gleicher Inhalt: wieder frisch
        token = secrets.token_urlsafe(32)
        (self.verzeichnis / f"{token}.json").write_text(
            json.dumps(
                {
                    "benutzer_id": benutzer_id,
                    "dateiname": dateiname,
                    "sha256": abgelegt.sha256,
                    "pfad": abgelegt.pfad,
                    "erstellt": jetzt.astimezone(UTC).isoformat(),
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        return token

    def hole(self, token: str, benutzer_id: int, jetzt: datetime) -> Vorgemerkt:
        """Die Datei des Vorgangs; `AblageFehler` bei unbekanntem, fremdem oder altem Token."""
        if not _TOKEN.fullmatch(token or ""):
            raise AblageFehler(UNBEKANNT)
        try:
            info = json.loads((self.verzeichnis / f"{token}.json").read_text(encoding="utf-8"))
            inhalt = self.ablage.lies(info["pfad"], info["sha256"])
        except (OSError, ValueError, KeyError, AblageFehler):
            raise AblageFehler(UNBEKANNT) from None
        if info.get("benutzer_id") != benutzer_id:
            raise AblageFehler(FREMD)
        if jetzt - datetime.fromisoformat(info["erstellt"]) > self.gueltigkeit:
            minuten = int(self.gueltigkeit.total_seconds() // 60)
            raise AblageFehler(ABGELAUFEN.format(minuten=minuten))
        return Vorgemerkt(token, info["dateiname"], inhalt)

    def raeume_auf(self, jetzt: datetime) -> None:
        """Vorgänge und Dateien löschen, die älter als die doppelte Gültigkeit sind (mtime)."""
        grenze = (jetzt - 2 * self.gueltigkeit).timestamp()
        for pfad in [*self.verzeichnis.glob("*.json"), *self.verzeichnis.glob("*/*.daten")]:
            try:
                if pfad.stat().st_mtime < grenze:
                    pfad.unlink()
            except OSError:
                pass  # gleichzeitig von einer anderen Anfrage gelöscht
