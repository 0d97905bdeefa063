"""Objekte aus PDF-Objektströmen schneller lesen (pyHanko).

pyHanko sucht ein Objekt in einem Objektstrom (/ObjStm), indem es den Kopf des Stroms – die Paare
„Objektnummer Versatz“ – bei jedem Zugriff von vorn liest; Objekte früherer Revisionen (die die
Änderungsprüfung nach jeder Signatur vollständig durchgeht) speichert es nicht zwischen.
WeasyPrints getaggte PDFs haben Tausende Objekte in Objektströmen: eine Signaturprüfung verbrachte
so den größten Teil ihrer Zeit (Millionen Zahlen gelesen) im Kopf der Objektströme.

`beschleunige()` legt je Objektstrom einmal ein Verzeichnis Objektnummer → (Index, Versatz) an (am
Stromobjekt, dessen entpackte Daten pyHanko ohnehin zwischenspeichert) und liest das Objekt dann
genau wie pyHanko ab dieser Stelle – jedes Mal neu, es wird also nichts Gelesenes geteilt. Alles
Ungewöhnliche (Index außerhalb von /N, beschädigter Kopf vor dem Objekt, Objekt nicht im Strom,
strikter Modus mit anderem Index, Lesefehler, verbotener Objekttyp) geht an pyHankos eigene
Methode, die daraus wie bisher einen Fehler oder ein Null-Objekt macht.

`_get_object_from_stream` ist eine interne Methode von pyHanko: ersetzt wird sie nur für die
Versionen, gegen die `tests/unit/test_objektstroeme.py` jedes Objekt verglichen hat
(`GEPRUEFT`); mit einer anderen Version liest pyHanko wieder selbst (nur langsamer), bis der Test
für sie grün ist und sie hier eingetragen wird.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

GEPRUEFT = ("0.38.",)  # pyHanko-Versionen (Präfix), für die der Vergleichstest gilt
_VERZEICHNIS = "_zv_objektstrom_verzeichnis"
_original: Callable[..., Any] | None = None


def _verzeichnis(strom) -> tuple[bytes, dict[int, tuple[int, int]]]:
    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    gemerkt = strom.__dict__.get(_VERZEICHNIS)
    if gemerkt is not None:
        return gemerkt
    daten = strom.read_data(DecodePurpose.OBJECT_STREAM)
    kopf = io.BytesIO(daten)
    eintraege: dict[int, tuple[int, int]] = {}
    for i in range(strom["/N"]):
        try:
            misc.read_non_whitespace(kopf, seek_back=True)
            nummer = generic.NumberObject.read_from_stream(kopf)
            misc.read_non_whitespace(kopf, seek_back=True)
            versatz = generic.NumberObject.read_from_stream(kopf)
            misc.read_non_whitespace(kopf, seek_back=True)
        except ValueError:
            break  # Kopf ab hier beschädigt: was danach käme, beantwortet pyHanko selbst
        eintraege.setdefault(nummer, (i, versatz))  # wie pyHanko: der erste Eintrag gilt
    strom.__dict__[_VERZEICHNIS] = (daten, eintraege)
    return daten, eintraege


def _aus_objektstrom(self, idnum, stmnum, idx):
    from pyhanko.pdf_utils import generic, misc

    assert _original is not None

    strom = generic.Reference(stmnum, 0, self).get_object()
    if (
        not isinstance(strom, generic.StreamObject)
        or strom.get("/Type") != "/ObjStm"
        or not (0 <= idx < strom["/N"])
    ):
        return _original(self, idnum, stmnum, idx)
    daten, eintraege = _verzeichnis(strom)
    eintrag = eintraege.get(idnum)
    if eintrag is None or (self.strict and eintrag[0] != idx):
        return _original(self, idnum, stmnum, idx)
    lesen = io.BytesIO(daten)
    lesen.seek(strom["/First"] + eintrag[1])
    try:
        obj = generic.read_object(lesen, generic.Reference(idnum, 0, self))
    except (misc.PdfStreamError, misc.PdfReadError):
        return _original(self, idnum, stmnum, idx)
    if isinstance(obj, (generic.StreamObject, generic.IndirectObject)):
        return _original(self, idnum, stmnum, idx)
    generic.read_non_whitespace(lesen, seek_back=True, allow_eof=True)
    return obj


def beschleunige() -> None:
    """Ersetzt `PdfFileReader._get_object_from_stream` (einmal je Prozess)."""
    global _original
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.version import __version__

    if _original is None and __version__.startswith(GEPRUEFT):
        _original = PdfFileReader._get_object_from_stream
        PdfFileReader._get_object_from_stream = _aus_objektstrom  # type: ignore[method-assign]
