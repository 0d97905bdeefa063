"""Das Formular mit allen Zielwerten einer Revision (Angebot, Gegenvorschlag, Konfliktseite)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from ...domain.ziele import ist_qualitativ
from ...services.verhandlung.lesen import RevisionAnsicht
from ..ziele.felder import (
    bloecke,
    formular_klasse,
    formulardaten,
    naechster_q_code,
    q_codes_im_formular,
    zieltypen_verhandlung,
)
from .darstellung import formular_info


def formular(rev: RevisionAnsicht, formdaten: MultiDict | None = None):
    """(Blöcke, Formular) auf Grundlage der Revision `rev`. Ohne `formdaten`: vorbelegt aus `rev`
    (Werte, keine Kommentare) mit einem leeren Platz für ein weiteres qualitatives Ziel."""
    codes = [z.zielindikator for z in rev.zielwerte]
    if formdaten is None:
        neue = [naechster_q_code(codes)]
        formdaten = formulardaten(rev.vorgaben(), mit_kommentar=False)
        formdaten["basis_nummer"] = str(rev.nummer)
    else:
        neue = [c for c in q_codes_im_formular(formdaten) if c not in codes]
    bl = bloecke(
        codes,
        {z.zielindikator: formular_info(z, rev) for z in rev.zielwerte},
        neue,
        {z.zielindikator: z.bezeichnung for z in rev.zielwerte if ist_qualitativ(z.zielindikator)},
    )
    klasse = formular_klasse(bl, zieltypen_verhandlung(), mit_revision=True)
    return bl, klasse(formdata=formdaten)
