"""Die dokumentierten Antworten je Operation: Erfolg plus die Fehler, die jede Operation
liefern kann (alle als Problem-Objekt)."""

from __future__ import annotations

from spectree import Response

from .probleme import Problem

# 405 (mit Kopf Allow): eine andere Methode an einer Adresse der API.
FEHLER = ("HTTP_400", "HTTP_401", "HTTP_403", "HTTP_404", "HTTP_405", "HTTP_429")


def antworten(erfolg: dict | None = None, *weitere: str) -> Response:
    """`erfolg`: z. B. {"HTTP_200": Modell}; `weitere`: zusätzliche Fehlercodes wie "HTTP_409"."""
    codes = {code: Problem for code in (*FEHLER, *weitere)}
    return Response(**(erfolg or {}), **codes)
