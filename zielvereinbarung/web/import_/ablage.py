"""Zwischenablage hochgeladener Dateien zwischen Vorschau und Bestätigung (ohne Flask).

Die Bytes bleiben auf dem Server: `<verzeichnis>/<token>.daten` und `<token>.json` (Benutzer-ID,
Dateiname, SHA-256, Zeitpunkt). Das Token ist zufällig (256 Bit, URL-sicher) und nur für den
hochladenden Benutzer `GUELTIGKEIT` lang gültig. Eine Bestätigung verbraucht das Token nicht:
ein zweites Absenden importiert dieselbe Datei noch einmal und meldet „keine Änderungen“.
Abgelaufene Dateien räumt jedes neue Ablegen weg.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

GUELTIGKEIT = timedelta(minutes=30)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")

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


class AblageFehler(Exception):
    """Token unbekannt, fremd oder abgelaufen; `meldung` ist deutsch."""

    def __init__(self, meldung: str):
        super().__init__(meldung)
        self.meldung = meldung


@dataclass(frozen=True)
class Abgelegt:
    token: str
    dateiname: str
    inhalt: bytes


def _pfade(verzeichnis: Path, token: str) -> tuple[Path, Path]:
    return verzeichnis / f"{token}.daten", verzeichnis / f"{token}.json"


def lege_ab(
    verzeichnis: Path, inhalt: bytes, dateiname: str, benutzer_id: int, jetzt: datetime
) -> str:
    """Legt die Datei ab und liefert das Token."""
    verzeichnis.mkdir(parents=True, exist_ok=True)
    raeume_auf(verzeichnis, jetzt)
    token = secrets.token_urlsafe(32)
    daten, meta = _pfade(verzeichnis, token)
    daten.write_bytes(inhalt)
    meta.write_text(
        json.dumps(
            {
                "benutzer_id": benutzer_id,
                "dateiname": dateiname,
                "sha256": hashlib.sha256(inhalt).hexdigest(),
                "erstellt": jetzt.astimezone(UTC).isoformat(),
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return token


def hole(verzeichnis: Path, token: str, benutzer_id: int, jetzt: datetime) -> Abgelegt:
    """Die abgelegte Datei des Benutzers; `AblageFehler` bei unbekanntem, fremdem oder altem Token."""
    if not _TOKEN.fullmatch(token or ""):
        raise AblageFehler(UNBEKANNT)
    daten, meta = _pfade(verzeichnis, token)
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        inhalt = daten.read_bytes()
    except (OSError, ValueError):
        raise AblageFehler(UNBEKANNT) from None
    if info.get("benutzer_id") != benutzer_id:
        raise AblageFehler(FREMD)
    if jetzt - datetime.fromisoformat(info["erstellt"]) > GUELTIGKEIT:
        raise AblageFehler(ABGELAUFEN.format(minuten=int(GUELTIGKEIT.total_seconds() // 60)))
    if hashlib.sha256(inhalt).hexdigest() != info.get("sha256"):
        raise AblageFehler(UNBEKANNT)
    return Abgelegt(token, info["dateiname"], inhalt)


def raeume_auf(verzeichnis: Path, jetzt: datetime) -> None:
    """Löscht Ablagen, die älter als die doppelte Gültigkeit sind (nach Änderungszeit)."""
    grenze = (jetzt - 2 * GUELTIGKEIT).timestamp()
    for pfad in verzeichnis.glob("*.*"):
        try:
            if pfad.suffix in (".daten", ".json") and pfad.stat().st_mtime < grenze:
                pfad.unlink()
        except OSError:
            pass  # gleichzeitig von einer anderen Anfrage gelöscht
