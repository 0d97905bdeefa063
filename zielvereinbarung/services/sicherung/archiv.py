"""Das Archiv einer Sicherung: Namen der Einträge, Manifest und die vollständige Prüfung.

Geprüft wird, ohne etwas zu entpacken: jeder Eintrag ist eine reguläre Datei mit erlaubtem Namen
(keine Pfade außerhalb, keine Links, keine Dubletten), sein SHA-256 und seine Größe stimmen mit
dem Manifest, Ablagedateien heißen nach ihrem SHA-256, jede Tabellenzeile ist JSON mit genau den
Spalten des Schemas, und die Zeilenzahlen stimmen. Gelesen wird in Blöcken (begrenzter Speicher).
"""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from ...fehler import FachlicherFehler
from ...models import alle_tabellen
from .zeilen import NICHT_GESICHERT, Zeilenformat

FORMAT = "zielvereinbarung-sicherung"
VERSION = 1
MANIFEST = "manifest.json"
ANKER = "audit_anker.jsonl"
ABLAGEN = ("dokumente", "berichte")
MAX_ZEILE = 64 * 1024 * 1024  # Bytes je Tabellenzeile
MAX_ABLAGEDATEI = 512 * 1024 * 1024
MAX_MANIFEST = 16 * 1024 * 1024
BLOCK = 1024 * 1024
ABLAGENAME = re.compile(r"^(dokumente|berichte)/([0-9a-f]{2})/([0-9a-f]{64})\.([a-z0-9]{1,10})$")
TABELLENNAME = re.compile(r"^datenbank/([a-z_]{1,63})\.jsonl$")


class SicherungsFehler(FachlicherFehler):
    """Die Sicherung ist unvollständig, verändert, nicht lesbar oder passt nicht zum Ziel."""


@dataclass
class Manifest:
    erstellt: str
    schema: str
    datenbank: str
    tabellen: dict[str, int] = field(default_factory=dict)
    eintraege: dict[str, dict[str, Any]] = field(default_factory=dict)
    schluessel: dict[str, str] = field(default_factory=dict)

    def als_json(self) -> bytes:
        daten = {"format": FORMAT, "version": VERSION, **self.__dict__}
        return json.dumps(daten, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def aus_json(cls, roh: bytes) -> Manifest:
        try:
            daten = json.loads(roh)
            if daten.pop("format") != FORMAT:
                raise ValueError
            if daten.pop("version") != VERSION:
                raise SicherungsFehler(
                    "Die Sicherung hat ein Format, das diese Version nicht kennt."
                )
            manifest = cls(**daten)
            if not all(isinstance(n, int) for n in manifest.tabellen.values()):
                raise ValueError
            return manifest
        except (ValueError, TypeError, KeyError, AttributeError):
            raise SicherungsFehler("Das Manifest der Sicherung ist nicht lesbar.") from None

    @property
    def zeilen(self) -> int:
        return sum(self.tabellen.values())

    @property
    def dateien(self) -> int:
        return sum(1 for name in self.eintraege if name.startswith(ABLAGEN))


def gesicherte_tabellen() -> list:
    """Die Tabellen in Abhängigkeitsreihenfolge (erst die, auf die andere verweisen)."""
    return [t for t in alle_tabellen().sorted_tables if t.name not in NICHT_GESICHERT]


def ablage_eintrag(art: str, relativ: str) -> str:
    return f"{art}/{relativ}"


def oeffne(pfad: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(pfad, mode="r|gz")
    except FileNotFoundError:
        raise SicherungsFehler(f"Die Datei {pfad} gibt es nicht.") from None
    except (tarfile.TarError, OSError, EOFError):
        raise SicherungsFehler(f"{pfad.name} ist keine Sicherung (kein tar.gz-Archiv).") from None


def eintraege(pfad: Path) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    """Alle Einträge nacheinander (nur reguläre Dateien mit erlaubten Namen, keine Dubletten)."""
    gesehen: set[str] = set()
    archiv = oeffne(pfad)
    try:
        for info in archiv:
            if not info.isreg():
                raise SicherungsFehler(f"Unerlaubter Eintrag in der Sicherung: {info.name}")
            if info.name in gesehen or not erlaubter_name(info.name):
                raise SicherungsFehler(f"Unerlaubter Eintrag in der Sicherung: {info.name[:200]}")
            gesehen.add(info.name)
            datei = archiv.extractfile(info)
            assert datei is not None
            yield info, datei
    finally:
        archiv.close()


@contextmanager
def lesefehler() -> Iterator[None]:
    """Fehler beim Lesen des Archivs (auch mitten in einem Eintrag) als deutsche Meldung."""
    try:
        yield
    except (tarfile.TarError, OSError, EOFError, zlib.error, UnicodeDecodeError) as fehler:
        raise SicherungsFehler(
            f"Die Sicherung ist beschädigt oder unvollständig ({type(fehler).__name__})."
        ) from None


def erlaubter_name(name: str) -> bool:
    return (
        name in (MANIFEST, ANKER) or bool(ABLAGENAME.match(name)) or bool(TABELLENNAME.match(name))
    )


class _Zeilenquelle(Protocol):
    def readline(self, n: int = -1, /) -> bytes: ...


def zeilen_von(datei: _Zeilenquelle) -> Iterator[bytes]:
    while True:
        zeile = datei.readline(MAX_ZEILE + 1)
        if not zeile:
            return
        if len(zeile) > MAX_ZEILE:
            raise SicherungsFehler("Eine Tabellenzeile der Sicherung ist zu lang.")
        yield zeile


class _Pruefer:
    """Liest einen Eintrag in Blöcken und bildet SHA-256 und Größe."""

    def __init__(self, datei: IO[bytes]):
        self.datei, self.sha, self.groesse = datei, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        daten = self.datei.read(n)
        self.sha.update(daten)
        self.groesse += len(daten)
        return daten

    def readline(self, n: int = -1) -> bytes:
        daten = self.datei.readline(n)
        self.sha.update(daten)
        self.groesse += len(daten)
        return daten


def pruefe_sicherung(pfad: Path) -> Manifest:
    """Die ganze Sicherung prüfen (Modulkopf); das Manifest oder ein `SicherungsFehler`."""
    formate = {t.name: Zeilenformat(t) for t in gesicherte_tabellen()}
    gelesen: dict[str, tuple[str, int]] = {}
    zeilen: dict[str, int] = {}
    manifest: Manifest | None = None
    with lesefehler():
        manifest = _lies_alles(pfad, formate, gelesen, zeilen)
    if manifest is None:
        raise SicherungsFehler("Die Sicherung hat kein Manifest (abgebrochen geschrieben?).")
    _vergleiche(manifest, gelesen, zeilen, formate)
    return manifest


def _lies_alles(
    pfad: Path,
    formate: dict[str, Zeilenformat],
    gelesen: dict[str, tuple[str, int]],
    zeilen: dict[str, int],
) -> Manifest | None:
    manifest: Manifest | None = None
    for info, datei in eintraege(pfad):
        if manifest is not None:
            raise SicherungsFehler("Nach dem Manifest darf kein Eintrag mehr folgen.")
        if info.name == MANIFEST:
            if info.size > MAX_MANIFEST:
                raise SicherungsFehler("Das Manifest der Sicherung ist zu groß.")
            manifest = Manifest.aus_json(datei.read())
            continue
        pruefer = _Pruefer(datei)
        if tabelle := TABELLENNAME.match(info.name):
            zeilen[tabelle.group(1)] = _pruefe_tabelle(tabelle.group(1), pruefer, formate)
        elif ablage := ABLAGENAME.match(info.name):
            if info.size > MAX_ABLAGEDATEI:
                raise SicherungsFehler(f"Datei zu groß für die Ablage: {info.name}")
            while pruefer.read(BLOCK):
                pass
            if pruefer.sha.hexdigest() != ablage.group(3):
                raise SicherungsFehler(f"Datei verändert: {info.name}")
        else:
            while pruefer.read(BLOCK):
                pass
        gelesen[info.name] = (pruefer.sha.hexdigest(), pruefer.groesse)
    return manifest


def _pruefe_tabelle(name: str, datei: _Pruefer, formate: dict[str, Zeilenformat]) -> int:
    if name not in formate:
        raise SicherungsFehler(f"Die Sicherung enthält eine unbekannte Tabelle: {name}")
    anzahl = 0
    for anzahl, zeile in enumerate(zeilen_von(datei), start=1):  # noqa: B007
        try:
            formate[name].dekodiere(json.loads(zeile))
        except (ValueError, TypeError, AttributeError):
            raise SicherungsFehler(
                f"Tabelle {name}, Zeile {anzahl}: passt nicht zum Schema dieser Version."
            ) from None
    return anzahl


def _vergleiche(
    manifest: Manifest,
    gelesen: dict[str, tuple[str, int]],
    zeilen: dict[str, int],
    formate: dict[str, Zeilenformat],
) -> None:
    fehlen = sorted(set(manifest.eintraege) - set(gelesen))
    if fehlen:
        raise SicherungsFehler(
            f"In der Sicherung fehlen {len(fehlen)} Einträge, z. B. {fehlen[0]}."
        )
    for name, (sha, groesse) in gelesen.items():
        erwartet = manifest.eintraege.get(name)
        if erwartet is None:
            raise SicherungsFehler(f"Eintrag nicht im Manifest: {name}")
        if erwartet.get("sha256") != sha or erwartet.get("groesse") != groesse:
            raise SicherungsFehler(f"Eintrag verändert: {name} (SHA-256 stimmt nicht).")
    if zeilen != manifest.tabellen:
        raise SicherungsFehler("Die Zeilenzahlen der Tabellen stimmen nicht mit dem Manifest.")
    if set(zeilen) != set(formate):
        raise SicherungsFehler(
            "Die Sicherung passt nicht zum Schema dieser Version (andere Tabellen)."
        )
