"""Hilfen der Tests für getaggte PDFs (PDF/A-3a): Angaben von `pdfinfo` und der Strukturbaum,
gelesen mit pypdf. Benutzt über die Fixture `pdf_struktur` (tests/conftest.py)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class Struktur:
    sprache: str
    titel: str
    tags: Counter = field(default_factory=Counter)  # Strukturtyp → Anzahl
    ueberschriften: list[int] = field(default_factory=list)  # Ebenen in Lesereihenfolge
    abbildungen: list[str | None] = field(default_factory=list)  # /Alt jeder Figure
    formulare: list[str | None] = field(default_factory=list)  # /Alt jedes Form-Elements
    kopfzellen_ids: set[str] = field(default_factory=set)  # /ID der TH
    zellen_ohne_kopf: int = 0  # TD ohne /Headers-Bezug auf eine TH (in Tabellen mit TH)


def _kinder(element: DictionaryObject):
    k = element.get("/K")
    if k is None:
        return []
    k = k.get_object()
    eintraege = k if isinstance(k, ArrayObject) else [k]
    kinder = []
    for e in eintraege:
        obj = e.get_object() if isinstance(e, IndirectObject) else e
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/StructElem":
            kinder.append(obj)
    return kinder


def _laufe(element: DictionaryObject, s: Struktur, td_koepfe: list[list[str]]) -> None:
    typ = str(element.get("/S", ""))[1:]
    s.tags[typ] += 1
    if re.fullmatch(r"H[1-6]", typ):
        s.ueberschriften.append(int(typ[1]))
    elif typ == "Figure":
        alt = element.get("/Alt")
        s.abbildungen.append(str(alt) if alt is not None else None)
    elif typ == "Form":
        alt = element.get("/Alt")
        s.formulare.append(str(alt) if alt is not None else None)
    elif typ == "TH" and "/ID" in element:
        s.kopfzellen_ids.add(str(element["/ID"]))
    elif typ == "TD":
        attribute = element.get("/A")
        attribute = attribute.get_object() if attribute is not None else {}
        td_koepfe.append([str(h) for h in attribute.get("/Headers", [])])
    for kind in _kinder(element):
        _laufe(kind, s, td_koepfe)


def pruefe(pfad: Path | str) -> Struktur:
    info = subprocess.run(["pdfinfo", str(pfad)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M), info.stdout
    meta = subprocess.run(["pdfinfo", "-meta", str(pfad)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta, meta
    leser = PdfReader(str(pfad))
    katalog = leser.trailer["/Root"]
    assert bool(katalog["/MarkInfo"]["/Marked"])
    assert bool(katalog["/ViewerPreferences"]["/DisplayDocTitle"])  # Titel statt Dateiname
    wurzel = katalog["/StructTreeRoot"].get_object()
    titel = str((leser.metadata or {}).get("/Title") or "")
    s = Struktur(sprache=str(katalog.get("/Lang", "")), titel=titel)
    td_koepfe: list[list[str]] = []
    for kind in _kinder(wurzel):
        _laufe(kind, s, td_koepfe)
    if s.kopfzellen_ids:
        s.zellen_ohne_kopf = sum(1 for k in td_koepfe if not set(k) & s.kopfzellen_ids)
    return s


def ueberschriften_in_ordnung(ebenen: list[int]) -> bool:
    """Eine H1 zuerst, danach nie eine Ebene übersprungen (H2 → H4)."""
    if not ebenen or ebenen[0] != 1:
        return False
    return all(b <= a + 1 for a, b in pairwise(ebenen))
