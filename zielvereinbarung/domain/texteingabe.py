"""Bereinigung von Texteingaben der Nutzer (Formulare, Kommandozeile, Dienste).

Bidirektionale Steuerzeichen (U+202A–U+202E: LRE, RLE, PDF, LRO, RLO; U+2066–U+2069: LRI, RLI,
FSI, PDI) kehren die Leserichtung des folgenden Textes um und erlauben so, in Dokumenten und
auf Seiten etwas anderes anzuzeigen, als gespeichert ist („Trojan Source“). Deutsche Texte
brauchen sie nie; sie werden beim Eingang entfernt (und zur Sicherheit auch beim Drucken).
"""

from __future__ import annotations

import re
from typing import TypeVar

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

T = TypeVar("T")


def ohne_bidi(text: T) -> T:
    """`text` ohne bidirektionale Steuerzeichen; alles, was kein `str` ist, unverändert.
    Unterklassen (z. B. `markupsafe.Markup`) behalten ihren Typ."""
    if isinstance(text, str) and _BIDI.search(text):
        return type(text)(_BIDI.sub("", text))  # type: ignore[return-value]
    return text
