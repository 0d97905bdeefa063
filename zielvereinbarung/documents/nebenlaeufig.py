"""pyHanko synchron aufrufen, auch wenn im aktuellen Thread schon eine asyncio-Schleife läuft.

pyHankos synchrone Funktionen (`sign_pdf`, `validate_pdf_signature`) rufen intern
`asyncio.run` auf; das scheitert, wenn der Aufrufer selbst in einer laufenden Schleife steckt
(z. B. ein asynchroner Server oder Playwrights Sync-API im selben Thread). Dann läuft der Aufruf
in einem eigenen Thread; sonst direkt (kein Zusatzaufwand).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def synchron(funktion: Callable[..., T], *args, **kwargs) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return funktion(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as ausfuehrer:
        return ausfuehrer.submit(funktion, *args, **kwargs).result()
