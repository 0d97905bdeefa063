"""Feindliche XLSX-Dateien für Tests, in Sekundenbruchteilen gebaut.

Grundlage ist immer eine echte XLSX-Datei von openpyxl; ersetzt wird ein Mitglied des Archivs.

- `xlsx_bombe`: das Tabellenblatt bläht sich auf `entpackt` Bytes auf (Voreinstellung 2 GiB aus
  gut 2 MB wie im Angriff aus Issue 8). Der Füllblock (Leerraum zwischen Zeilen, gültiges XML)
  wird nur einmal gepackt und mit Z_FULL_FLUSH abgeschlossen; so hängt er von nichts davor ab
  und lässt sich beliebig oft aneinanderhängen – ein gültiger Deflate-Strom, ohne je 2 GiB
  anzufassen. `gelogen=True` trägt im ZIP-Verzeichnis nur 1.000 Bytes ein: erst das Entpacken
  zeigt die wahre Größe.
- `xlsx_mit_teil`: ein Mitglied (z. B. das Blatt) durch beliebige Bytes ersetzen, normal gepackt.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import openpyxl

BLATT = "xl/worksheets/sheet1.xml"
KOPF = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>ags</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>monat</t></is></c>'
    b'<c r="C1" t="inlineStr"><is><t>elb</t></is></c></row>'
)
ENDE = b"</sheetData></worksheet>"


def normale_xlsx(*zeilen) -> bytes:
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    for zeile in zeilen:
        blatt.append(list(zeile))
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def blatt_xml(*zeilen: bytes, kopf: bytes = KOPF) -> bytes:
    """Ein Tabellenblatt aus fertigen `<row>`-Elementen (Kopfzeile ags, monat, elb schon drin)."""
    return kopf + b"".join(zeilen) + ENDE


def zeile_xml(nummer: int, *zellen: str | bytes) -> bytes:
    """`<row>` mit Zellen ab Spalte A: Text als Inline-Text, Bytes als roher Zahlwert `<v>`."""
    teile = []
    for spalte, zelle in enumerate(zellen):
        ort = f"{chr(65 + spalte)}{nummer}".encode()
        if isinstance(zelle, bytes):
            teile.append(b'<c r="%s"><v>%s</v></c>' % (ort, zelle))
        else:
            text = zelle.encode()
            teile.append(b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ort, text))
    return b'<row r="%d">%s</row>' % (nummer, b"".join(teile))


def blatt_mit_zeilen(*zeilen: tuple) -> bytes:
    """Ganzes Blatt aus Zeilen-Tupeln; die erste ist die Kopfzeile (Zeile 1)."""
    kopf = KOPF[: KOPF.index(b"<row")]
    return kopf + b"".join(zeile_xml(n, *z) for n, z in enumerate(zeilen, start=1)) + ENDE


def _gepackt(daten: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(daten) + packer.flush()


def xlsx_mit_teil(name: str, daten: bytes, vorlage: bytes | None = None) -> bytes:
    """`vorlage` (Standard: kleine gültige Basiszahlen-Datei) mit `name` := `daten`."""
    vorlage = vorlage or normale_xlsx(("ags", "monat"), ("01054", "2024-01"))
    return _baue(vorlage, {name: (_gepackt(daten), len(daten), zlib.crc32(daten))})


def xlsx_bombe(entpackt: int = 2 * 1024**3, gelogen: bool = False) -> bytes:
    block = b" " * (1024 * 1024)
    wiederholungen = max(1, entpackt // len(block))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    anfang = packer.compress(KOPF) + packer.flush(zlib.Z_FULL_FLUSH)
    mitte = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    schluss = packer.compress(ENDE) + packer.flush(zlib.Z_FINISH)
    groesse = len(KOPF) + len(block) * wiederholungen + len(ENDE)
    crc = 0  # die echte Prüfsumme hieße, 2 GiB anzufassen; die Prüfung lehnt vorher ab
    vorlage = normale_xlsx(("ags", "monat"), ("01054", "2024-01"))
    roh = anfang + mitte * wiederholungen + schluss
    return _baue(vorlage, {BLATT: (roh, 1000 if gelogen else groesse, crc)})


def _baue(vorlage: bytes, ersatz: dict[str, tuple[bytes, int, int]]) -> bytes:
    """ZIP neu schreiben (Deflate), Mitglieder aus `ersatz` mit fertig gepackten Daten."""
    quelle = zipfile.ZipFile(io.BytesIO(vorlage))
    aus = io.BytesIO()
    verzeichnis = []
    for info in quelle.infolist():
        if info.filename in ersatz:
            gepackt, laenge, crc = ersatz[info.filename]
        else:
            daten = quelle.read(info.filename)
            gepackt, laenge, crc = _gepackt(daten), len(daten), zlib.crc32(daten)
        name = info.filename.encode()
        angaben = (20, 0, 8, 0, 0x21, crc, len(gepackt), laenge, len(name))
        verzeichnis.append((name, angaben, aus.tell()))
        aus.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *angaben, 0) + name + gepackt)
    anfang = aus.tell()
    for name, angaben, versatz in verzeichnis:
        eintrag = struct.pack("<4sH", b"PK\x01\x02", 20) + struct.pack("<5H3LH", *angaben)
        aus.write(eintrag + struct.pack("<4H2L", 0, 0, 0, 0, 0, versatz) + name)
    ende = aus.tell()
    n = len(verzeichnis)
    aus.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, ende - anfang, anfang, 0))
    return aus.getvalue()
