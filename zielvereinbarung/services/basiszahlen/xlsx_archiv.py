"""Das ZIP-Archiv einer XLSX-Datei prüfen, bevor irgendetwas daraus geparst wird.

2 MB können sich auf Gigabytes entpacken („Zip-Bombe“). `pruefe_archiv` lehnt ab (Speicher dabei:
ein Stück von 1 MB):

- ein Zentralverzeichnis über 1 MB (Millionen Einträge, deren Verwaltung allein Speicher frisst;
  eine XLSX-Datei hat ein gutes Dutzend);
- andere Packverfahren als „gespeichert“ und Deflate (bzip2/LZMA entpacken ohne Größenbremse)
  und Verschlüsseltes;
- angegebene Größen: Summe über `Grenzen.max_entpackt`, Verhältnis entpackt : gepackt über
  `Grenzen.max_verhaeltnis` bei Teilen ab 1 MB (echte Tabellen: 5–20);
- tatsächliche Größen: jedes Mitglied wird stückweise entpackt und gezählt; mehr als angegeben,
  mehr als die Obergrenze, eine falsche Größe oder Prüfsumme (CRC-32).

`BegrenztesArchiv` ist das Archiv, das openpyxl bekommt: alles, was openpyxl ganz in den Speicher
lädt (Inhaltsverzeichnis, Arbeitsmappe, Beziehungen, sharedStrings, Formate), zählt zusammen
gegen MAX_GANZ_GELADEN. Ein 8-MB-Formatteil kostet openpyxl rund 270 MB Speicher; das
Tabellenblatt liest `xlsx` selbst zeilenweise.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from ...fehler import FachlicherFehler
from ...format import zahl

MB = 1024 * 1024
MAX_VERZEICHNIS = 1 * MB  # Zentralverzeichnis; ein Eintrag braucht ≥ 46 Bytes
MAX_GANZ_GELADEN = 8 * MB  # alle Teile zusammen, die openpyxl ganz lädt
VERHAELTNIS_AB = 1 * MB  # kleinere Teile dürfen sich beliebig gut packen lassen
STUECK = 1 * MB
_EOCD = b"PK\x05\x06"
_LOKALER_KOPF = b"PK\x03\x04"
BESCHAEDIGT = "Die XLSX-Datei kann nicht gelesen werden (beschädigt?)."


@dataclass(frozen=True)
class Grenzen:
    """Obergrenzen für das Entpacken (Einstellungen `ZV_IMPORT_MAX_ENTPACKT_MB`,
    `ZV_IMPORT_MAX_VERHAELTNIS`)."""

    max_entpackt: int = 200 * MB
    max_verhaeltnis: int = 100


STANDARDGRENZEN = Grenzen()


class ArchivAbgelehnt(FachlicherFehler):
    """Das Archiv ist zu groß, manipuliert oder beschädigt."""


def groesse(anzahl: int) -> str:
    return f"{zahl(round(anzahl / MB))} MB" if anzahl >= MB else f"{zahl(anzahl)} Bytes"


def bombe(text: str) -> ArchivAbgelehnt:
    return ArchivAbgelehnt(
        f"Die XLSX-Datei wurde nicht gelesen: {text} Das ist keine gewöhnliche Tabelle "
        "(möglicherweise eine Zip-Bombe). Bitte die Tabelle neu als XLSX oder CSV speichern."
    )


def _teil(info: zipfile.ZipInfo) -> str:
    return f"der Teil „{info.filename[:80]}“"


def _verzeichnisgroesse(inhalt: bytes) -> int | None:
    """Größe des Zentralverzeichnisses laut Endsatz, ohne es zu lesen; None: kein ZIP."""
    stelle = inhalt.rfind(_EOCD, max(0, len(inhalt) - 22 - 65_535))
    if stelle < 0 or len(inhalt) < stelle + 22:
        return None
    return struct.unpack_from("<L", inhalt, stelle + 12)[0]


def pruefe_archiv(inhalt: bytes, grenzen: Grenzen) -> None:
    """Prüft angegebene und tatsächliche Größen aller Mitglieder; sonst `ArchivAbgelehnt`."""
    verzeichnis = _verzeichnisgroesse(inhalt)
    if verzeichnis is None:
        raise ArchivAbgelehnt("Die XLSX-Datei kann nicht gelesen werden (kein ZIP-Archiv).")
    if verzeichnis > MAX_VERZEICHNIS:
        raise bombe(f"das Inhaltsverzeichnis des Archivs ist {groesse(verzeichnis)} groß.")
    try:
        mitglieder = zipfile.ZipFile(io.BytesIO(inhalt)).infolist()
    except Exception:  # zipfile meldet Beschädigungen mit vielerlei Ausnahmen
        raise ArchivAbgelehnt(BESCHAEDIGT) from None
    angegeben = sum(info.file_size for info in mitglieder)
    if angegeben > grenzen.max_entpackt:
        raise bombe(
            f"sie würde sich auf {groesse(angegeben)} entpacken; erlaubt sind "
            f"{groesse(grenzen.max_entpackt)}."
        )
    for info in mitglieder:
        _pruefe_angaben(info, grenzen)
    gesamt = 0
    for info in mitglieder:
        gesamt = _entpacke_zaehlend(inhalt, info, gesamt, grenzen)


def _pruefe_angaben(info: zipfile.ZipInfo, grenzen: Grenzen) -> None:
    if info.flag_bits & 0x1:
        raise ArchivAbgelehnt("Die XLSX-Datei ist verschlüsselt; bitte ohne Kennwort speichern.")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise bombe(f"{_teil(info)} ist mit einem unüblichen Verfahren gepackt.")
    faktor = info.file_size // max(info.compress_size, 1)
    if info.file_size > VERHAELTNIS_AB and faktor > grenzen.max_verhaeltnis:
        raise bombe(
            f"{_teil(info)} würde sich {zahl(faktor)}-fach entpacken; erlaubt ist höchstens "
            f"{zahl(grenzen.max_verhaeltnis)}-fach."
        )


def _gepackte_daten(inhalt: bytes, info: zipfile.ZipInfo) -> memoryview:
    kopf = info.header_offset
    if inhalt[kopf : kopf + 4] != _LOKALER_KOPF:
        raise ArchivAbgelehnt(BESCHAEDIGT)
    namenslaenge, extralaenge = struct.unpack_from("<2H", inhalt, kopf + 26)
    beginn = kopf + 30 + namenslaenge + extralaenge
    daten = memoryview(inhalt)[beginn : beginn + info.compress_size]
    if len(daten) != info.compress_size:
        raise ArchivAbgelehnt(BESCHAEDIGT)
    return daten


def _entpacke_zaehlend(inhalt: bytes, info: zipfile.ZipInfo, bisher: int, grenzen: Grenzen) -> int:
    """Entpackt ein Mitglied stückweise (nichts bleibt liegen) und liefert die neue Summe."""
    gepackt = _gepackte_daten(inhalt, info)
    grenze = min(info.file_size, grenzen.max_entpackt - bisher)
    if info.compress_type == zipfile.ZIP_STORED:
        entpackt, crc = len(gepackt), zlib.crc32(gepackt)
    else:
        entpackt, crc = _inflate(gepackt, grenze)
    if entpackt > info.file_size:
        raise bombe(
            f"{_teil(info)} entpackt sich auf mehr als die angegebenen {groesse(info.file_size)}."
        )
    if bisher + entpackt > grenzen.max_entpackt:
        raise bombe(f"sie entpackt sich auf mehr als {groesse(grenzen.max_entpackt)}.")
    if entpackt != info.file_size or crc != info.CRC:
        raise ArchivAbgelehnt(
            f"Die XLSX-Datei kann nicht gelesen werden ({_teil(info)} ist beschädigt: Größe oder "
            "Prüfsumme stimmen nicht)."
        )
    return bisher + entpackt


def _inflate(gepackt: memoryview, grenze: int) -> tuple[int, int]:
    """(entpackte Bytes, CRC-32); hört auf, sobald mehr als `grenze` Bytes entstanden sind."""
    entpacker = zlib.decompressobj(-15)
    rest: bytes | memoryview = gepackt
    entpackt, crc = 0, 0
    try:
        while not entpacker.eof:
            stueck = entpacker.decompress(rest, STUECK)
            rest = entpacker.unconsumed_tail
            entpackt += len(stueck)
            if entpackt > grenze:
                break
            crc = zlib.crc32(stueck, crc)
            if not stueck and not rest:
                break  # Strom endet ohne Schlussblock: Größe/Prüfsumme entscheiden
    except zlib.error:
        raise ArchivAbgelehnt(BESCHAEDIGT) from None
    return entpackt, crc


class BegrenztesArchiv(zipfile.ZipFile):
    """ZIP-Archiv für openpyxl: jedes ganz gelesene Mitglied zählt gegen MAX_GANZ_GELADEN."""

    def __init__(self, inhalt: bytes, budget: int = MAX_GANZ_GELADEN):
        super().__init__(io.BytesIO(inhalt))
        self.budget = budget

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        if mode == "r":
            info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
            if info.file_size > self.budget:
                raise bombe(
                    f"{_teil(info)} und die übrigen Verwaltungsteile wären entpackt zusammen "
                    f"größer als {groesse(MAX_GANZ_GELADEN)}."
                )
            self.budget -= info.file_size
        return super().open(name, mode, pwd, force_zip64=force_zip64)
