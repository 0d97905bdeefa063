"""Bereinigung von Texteingaben der Nutzer (Formulare, Kommandozeile, Dienste).

Bidirektionale Steuerzeichen (U+202A–U+202E: LRE, RLE, PDF, LRO, RLO; U+2066–U+2069: LRI, RLI,
FSI, PDI) kehren die Leserichtung des folgenden Textes um und erlauben so, in Dokumenten und
auf Seiten etwas anderes anzuzeigen, als gespeichert ist („Trojan Source“). Deutsche Texte
brauchen sie nie; sie werden beim Eingang entfernt – zentral an zwei Stellen:

- im Web: jedes Feld jedes Formulars (Basisklasse `web.kern.formulare.Formular`);
- in den Diensten (auch für Kommandozeile und Skripte): `@texte_bereinigt` an den
  Einstiegspunkten, die Freitext annehmen (Kommentare, Dialoge, Namen, Dateinamen).

Die PDF-Vorlagen filtern beim Drucken zusätzlich (`documents.druck.umgebung`).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
from collections.abc import Callable
from typing import Any, TypeVar, overload

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def ohne_bidi(text: T) -> T:
    """`text` ohne bidirektionale Steuerzeichen; alles, was kein `str` ist, unverändert.
    Unterklassen (z. B. `markupsafe.Markup`) behalten ihren Typ."""
    if isinstance(text, str) and _BIDI.search(text):
        return type(text)(_BIDI.sub("", text))
    return text


def bereinigt(wert: T) -> T:
    """`ohne_bidi` für Texte, auch in Listen, Tupeln, Wörterbüchern und Datenklassen."""
    if isinstance(wert, str):
        return ohne_bidi(wert)
    if isinstance(wert, list):
        return [bereinigt(w) for w in wert]  # type: ignore[return-value]
    if isinstance(wert, tuple) and not hasattr(wert, "_fields"):
        return tuple(bereinigt(w) for w in wert)  # type: ignore[return-value]
    if isinstance(wert, dict):
        return {bereinigt(k): bereinigt(w) for k, w in wert.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(wert) and not isinstance(wert, type):
        texte = {
            f.name: ohne_bidi(getattr(wert, f.name))
            for f in dataclasses.fields(wert)
            if isinstance(getattr(wert, f.name), str)
        }
        return dataclasses.replace(wert, **texte) if texte else wert
    return wert


@overload
def texte_bereinigt(funktion: F, *, ausser: frozenset[str] = ...) -> F: ...
@overload
def texte_bereinigt(funktion: None = None, *, ausser: frozenset[str] = ...) -> Callable[[F], F]: ...
def texte_bereinigt(
    funktion: F | None = None, *, ausser: frozenset[str] = frozenset()
) -> F | Callable[[F], F]:
    """Dekorator für Dienste: alle Text-Argumente (auch in Listen, Wörterbüchern, Datenklassen)
    ohne bidirektionale Steuerzeichen weitergeben – außer den Parametern in `ausser`
    (Passwörter bleiben, wie sie eingegeben wurden). `@texte_bereinigt` oder
    `@texte_bereinigt(ausser=frozenset({"passwort"}))`."""

    def dekoriere(f: F) -> F:
        signatur = inspect.signature(f)

        @functools.wraps(f)
        def huelle(*args: Any, **kwargs: Any) -> Any:
            gebunden = signatur.bind(*args, **kwargs)
            for name, wert in gebunden.arguments.items():
                if name not in ausser:
                    gebunden.arguments[name] = bereinigt(wert)
            return f(*gebunden.args, **gebunden.kwargs)

        # `functools.wraps` erhält Name und Signatur; mypy kennt die Gleichheit mit F nicht.
        return huelle  # type: ignore[return-value]

    return dekoriere(funktion) if funktion is not None else dekoriere
