"""Die leeren Signaturfelder im Strukturbaum des getaggten PDFs verankern (PDF/A-3a, PDF/UA).

WeasyPrint taggt das Dokument aus dem HTML; die Signaturfelder legt danach pyHanko an
(`signatur.lege_felder_an`), als Widget-Annotationen ohne Platz im Strukturbaum. Diese
inkrementelle Aktualisierung (vor der ersten Signatur, also von keiner Signatur abgedeckt)
macht aus dem leeren Platzhalter-`Div` jedes Unterschriftsblocks ein `Form`-Element mit einem
Objektverweis (OBJR) auf das Widget und einem Alternativtext, trägt das Widget mit
`/StructParent` in den ParentTree ein und gibt dem Feld einen lesbaren Namen (`/TU`). Findet
sich der Platzhalter nicht, hängt das `Form`-Element am Ende des Dokuments.
"""

from __future__ import annotations

import io

from . import objektstroeme


def _kinder(element):
    from pyhanko.pdf_utils import generic

    k = element.get("/K")
    if k is None:
        return
    for eintrag in k if isinstance(k, generic.ArrayObject) else [k]:
        if isinstance(eintrag, generic.IndirectObject):
            obj = eintrag.get_object()
            if isinstance(obj, generic.DictionaryObject) and obj.get("/Type") == "/StructElem":
                yield eintrag, obj


def _leere_divs(element, seite_id: int, treffer: list) -> None:
    """Strukturelemente `Div` ohne Inhalt auf der Seite (Platzhalter), in Lesereihenfolge."""
    for ref, kind in _kinder(element):
        pg = kind.raw_get("/Pg") if "/Pg" in kind else None
        if (
            kind.get("/S") == "/Div"
            and not kind.get("/K")
            and getattr(pg, "idnum", None) == seite_id
        ):
            treffer.append((ref, kind))
        _leere_divs(kind, seite_id, treffer)


def verankere_signaturfelder(pdf: bytes, felder: list[tuple[str, str]]) -> bytes:
    """`felder`: (Feldname, Alternativtext) in der Reihenfolge der Unterschriftsblöcke."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    objektstroeme.beschleunige()

    from .signatur import _einheitlicher_hersteller

    schreiber = IncrementalPdfFileWriter(io.BytesIO(pdf))
    wurzel = schreiber.root
    baum_ref = wurzel.raw_get("/StructTreeRoot")
    baum = baum_ref.get_object()
    eltern_ref = baum.raw_get("/ParentTree")
    zahlen = eltern_ref.get_object()["/Nums"]
    naechster = max((int(zahlen[i]) for i in range(0, len(zahlen), 2)), default=-1) + 1
    dokument_ref, dokument = next(_kinder(baum))
    vorhanden = {}
    for ref in wurzel["/AcroForm"]["/Fields"]:
        feld = ref.get_object() if isinstance(ref, generic.IndirectObject) else ref
        vorhanden[str(feld.get("/T"))] = (ref, feld)
    seiten: dict[int, list] = {}
    for name, text in felder:
        feld_ref, feld = vorhanden[name]
        seite_ref = feld.raw_get("/P")
        if seite_ref.idnum not in seiten:
            seiten[seite_ref.idnum] = []
            _leere_divs(dokument, seite_ref.idnum, seiten[seite_ref.idnum])
        objr = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/OBJR"),
                generic.NameObject("/Obj"): feld_ref,
                generic.NameObject("/Pg"): seite_ref,
            }
        )
        if seiten[seite_ref.idnum]:
            element_ref, element = seiten[seite_ref.idnum].pop(0)
        else:
            element = generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/StructElem"),
                    generic.NameObject("/P"): dokument_ref,
                    generic.NameObject("/Pg"): seite_ref,
                }
            )
            element_ref = schreiber.add_object(element)
            dokument["/K"].append(element_ref)
            schreiber.mark_update(dokument_ref)
        element["/S"] = generic.NameObject("/Form")
        element["/K"] = objr  # direkt, nicht in einem Array: so erkennt pyHankos Änderungsprüfung
        # beim Signieren den Weg StructTreeRoot … /K /Obj zum Feld als zulässig
        element["/Alt"] = generic.TextStringObject(text)
        schreiber.mark_update(element_ref)
        feld["/StructParent"] = generic.NumberObject(naechster)
        feld["/TU"] = generic.TextStringObject(text)
        schreiber.mark_update(feld_ref)
        zahlen.extend([generic.NumberObject(naechster), element_ref])
        naechster += 1
    baum["/ParentTreeNextKey"] = generic.NumberObject(naechster)
    schreiber.mark_update(baum_ref)
    schreiber.mark_update(eltern_ref)
    _einheitlicher_hersteller(schreiber)
    ausgabe = io.BytesIO()
    schreiber.write(ausgabe)
    return ausgabe.getvalue()
