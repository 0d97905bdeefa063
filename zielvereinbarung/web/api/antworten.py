"""Die dokumentierten Antworten je Operation: Erfolg plus die Fehler, die jede Operation
liefern kann (alle als Problem-Objekt)."""

from __future__ import annotations

from spectree import Response

from .probleme import Problem

# 405: Werkzeug meldet sie auch, wenn eine id zu groß für ihre Route ist, unter derselben Adresse
# aber eine Route mit anderer Methode liegt (z. B. GET und POST …/revisionen).
FEHLER = ("HTTP_400", "HTTP_401", "HTTP_403", "HTTP_404", "HTTP_405", "HTTP_429")


def antworten(erfolg: dict | None = None, *weitere: str) -> Response:
    """`erfolg`: z. B. {"HTTP_200": Modell}; `weitere`: zusätzliche Fehlercodes wie "HTTP_409"."""
    codes = {code: Problem for code in (*FEHLER, *weitere)}
    return Response(**(erfolg or {}), **codes)
