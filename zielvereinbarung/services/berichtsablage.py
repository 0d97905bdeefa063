"""Die Ablage der Berichtsdateien: inhaltsadressiert und atomar.

- Ort: `ZV_BERICHTE_PATH`, sonst `instance/berichte/`; Datei `<sha[:2]>/<sha>.pdf`.
- Atomar: erst unter einem temporären Namen (`.tmp-…`) im Zielordner vollständig schreiben und
  mit fsync sichern, dann mit `os.replace` umbenennen. Ein Absturz hinterlässt höchstens eine
  `.tmp-`-Datei, nie eine halbe PDF unter dem endgültigen Namen; `raeume_auf` entfernt alte
  Reste. Existiert die Datei schon (gleicher Inhalt), bleibt sie unverändert.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from pathlib import Path

from ..config import konfiguration

TEMP_PRAEFIX = ".tmp-"


def ablage_pfad() -> Path:
    return konfiguration().berichtsablage()


def relativer_pfad(sha: str) -> str:
    return f"{sha[:2]}/{sha}.pdf"


def datei(ablage: Path, relativ: str) -> Path:
    """Der absolute Pfad einer abgelegten Datei (nur innerhalb der Ablage)."""
    pfad = (ablage / relativ).resolve()
    if ablage.resolve() not in pfad.parents:
        raise ValueError(f"Pfad außerhalb der Ablage: {relativ}")
    return pfad


def schreibe_atomar(ablage: Path, inhalt: bytes) -> tuple[str, str]:
    """(sha256, relativer Pfad) – schreibt nur, wenn die Datei noch nicht vollständig da ist."""
    sha = hashlib.sha256(inhalt).hexdigest()
    relativ = relativer_pfad(sha)
    ziel = ablage / relativ
    if ziel.exists() and ziel.stat().st_size == len(inhalt):
        return sha, relativ
    ziel.parent.mkdir(parents=True, exist_ok=True)
    temp = ziel.parent / f"{TEMP_PRAEFIX}{os.getpid()}-{uuid.uuid4().hex}"
    try:
        with open(temp, "wb") as f:
            f.write(inhalt)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, ziel)
    finally:
        if temp.exists():
            temp.unlink()
    verzeichnis = os.open(ziel.parent, os.O_RDONLY)
    try:
        os.fsync(verzeichnis)
    finally:
        os.close(verzeichnis)
    return sha, relativ


def raeume_auf(ablage: Path, aelter_als_s: float = 3600) -> int:
    """Temporäre Reste abgebrochener Läufe entfernen; Zahl der entfernten Dateien."""
    if not ablage.exists():
        return 0
    grenze = time.time() - aelter_als_s
    entfernt = 0
    for pfad in ablage.glob(f"*/{TEMP_PRAEFIX}*"):
        if pfad.stat().st_mtime < grenze:
            pfad.unlink(missing_ok=True)
            entfernt += 1
    return entfernt


def entferne_wenn_verwaist(ablage: Path, relativ: str, referenziert: bool) -> None:
    """Eine eigene Datei entfernen, die nach einem verlorenen Wettlauf keine Zeile hat."""
    if not referenziert:
        (ablage / relativ).unlink(missing_ok=True)
