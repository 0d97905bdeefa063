"""Strenge Änderungsanalyse (pyHanko-`StandardDiffPolicy`, enger eingestellt).

pyHankos Standardpolitik erlaubt nach einer Signatur beliebige Änderungen am Info-Verzeichnis
und an den XMP-Metadaten (Stufe „LTA-Aktualisierung“) und übersieht zusätzliche, von nirgends
verwiesene Objekte. Für eine Zielvereinbarung ist beides eine Änderung des Dokuments:
- Info-Verzeichnis: nur `/ModDate` und `/Producer` dürfen sich ändern (das tut jedes Werkzeug,
  das inkrementell speichert, auch pyHanko beim Signieren);
- XMP-Metadaten: nur `xmp:ModifyDate`, `xmp:MetadataDate` und `pdf:Producer` dürfen sich
  ändern, alles andere muss Zeichen für Zeichen gleich bleiben;
- neu hinzugefügte Objekte, die nichts verweist, gelten als unerklärte Änderung.
Alle anderen Regeln (Formularfelder, Signaturfelder, DSS/VRI, Querverweis- und Objektströme)
sind die von pyHanko.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FLUECHTIG_INFO = {"/ModDate", "/Producer"}
_FLUECHTIG_XMP = re.compile(
    rb'\s(xmp:ModifyDate|xmp:MetadataDate|pdf:Producer)="[^"]*"'
    rb"|<(xmp:ModifyDate|xmp:MetadataDate|pdf:Producer)>[^<]*</(xmp:ModifyDate|xmp:MetadataDate|"
    rb"pdf:Producer)>"
)


def _xmp_kern(resolver) -> bytes | None:
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    try:
        strom = resolver.get_object(resolver.root.raw_get("/Metadata").reference)
    except (KeyError, AttributeError):
        return None
    return _FLUECHTIG_XMP.sub(b"", strom.read_data(DecodePurpose.XMP_METADATA))


def _info_kern(resolver) -> dict | None:
    try:
        info = resolver.get_object(resolver.trailer_view.raw_get("/Info").reference)
    except (KeyError, AttributeError):
        return None
    return {k: str(v) for k, v in info.items() if k not in _FLUECHTIG_INFO}


@lru_cache(maxsize=1)
def strenge_politik():
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
    from pyhanko.sign.diff_analysis.form_rules_api import FormUpdatingRule
    from pyhanko.sign.diff_analysis.policies import StandardDiffPolicy
    from pyhanko.sign.diff_analysis.rules.file_structure_rules import (
        CatalogModificationRule,
        ObjectStreamRule,
        XrefStreamRule,
    )
    from pyhanko.sign.diff_analysis.rules.form_field_rules import (
        DSSCompareRule,
        GenericFieldModificationRule,
        SigFieldCreationRule,
        SigFieldModificationRule,
    )
    from pyhanko.sign.diff_analysis.rules.metadata_rules import DocInfoRule, MetadataUpdateRule

    class StrengeInfoRegel(DocInfoRule):
        def apply(self, old, new):
            alt, neu = _info_kern(old), _info_kern(new)
            if neu is not None and alt != neu:
                raise SuspiciousModification("Das Info-Verzeichnis wurde inhaltlich geändert.")
            yield from super().apply(old, new)

    class StrengeXmpRegel(MetadataUpdateRule):
        def apply(self, old, new):
            neu = _xmp_kern(new)
            if neu is not None and neu != _xmp_kern(old):
                raise SuspiciousModification("Die XMP-Metadaten wurden inhaltlich geändert.")
            yield from super().apply(old, new)

    lta = ModificationLevel.LTA_UPDATES
    return StandardDiffPolicy(
        global_rules=[
            CatalogModificationRule(),
            StrengeInfoRegel().as_qualified(lta),
            XrefStreamRule().as_qualified(lta),
            ObjectStreamRule().as_qualified(lta),
            DSSCompareRule().as_qualified(lta),
            StrengeXmpRegel().as_qualified(lta),
        ],
        form_rule=FormUpdatingRule(
            field_rules=[
                SigFieldCreationRule(),
                SigFieldModificationRule(),
                GenericFieldModificationRule(),
            ],
        ),
        ignore_orphaned_objects=False,
    )
