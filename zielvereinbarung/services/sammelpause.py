"""Pause der zyklischen Speicherbereinigung während einer Massenberechnung.

Ein Import einer Bundesdatei oder `alle_kennzahlen` legen in Sekundenbruchteilen Hunderttausende
Objekte an (Datensätze, Ergebnisse). Jede volle Sammlung des Garbage Collectors durchläuft dabei
alle lebenden Objekte des Prozesses – bei einer geladenen Anwendung gut 300.000 – und kostete so
rund die Hälfte der Rechenzeit. Diese Objekte bilden keine Zyklen; die Referenzzählung gibt sie
ohnehin frei. Die Pause ist prozessweit, aber harmlos: sie verschiebt nur Sammlungen, und der
vorige Zustand wird wiederhergestellt (auch bei mehreren Threads endet sie eingeschaltet, wenn sie
vorher eingeschaltet war).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sammelpause() -> Iterator[None]:
    """`with sammelpause(): …` oder als Dekorator `@sammelpause()`."""
    war_an = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if war_an:
            gc.enable()
