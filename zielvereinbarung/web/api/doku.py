"""Die Dokuseite `/api/v1/doku`: aus dem OpenAPI-Dokument gerendertes HTML (ohne Skripte, ohne
fremde Hosts), öffentlich wie das Dokument selbst."""

from __future__ import annotations

import copy
import re

from flask import Blueprint, current_app, jsonify, render_template

from ..kern.adressen import MAX_ID
from ..kern.konto import oeffentlich
from .probleme import MIMETYPE

doku_bp = Blueprint("api_doku", __name__, url_prefix="/api/v1")

_VARIABLE = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


def _endpunkte() -> dict[tuple[str, str], str]:
    """(Pfad im Schema, Methode) → Endpunkt der Operation."""
    ergebnis = {}
    for regel in current_app.url_map.iter_rules():
        if regel.endpoint.startswith("api."):
            pfad = _VARIABLE.sub(r"{\1}", regel.rule)
            for methode in regel.methods or ():
                ergebnis[(pfad, methode.lower())] = regel.endpoint
    return ergebnis


def schema() -> dict:
    """Das Dokument aus spectree, ergänzt: Fehlerantworten als `application/problem+json`,
    `operationId` = Endpunkt ohne „api.“, der nötige Scope als `x-scope`."""
    if "zv_api_schema" in current_app.extensions:
        return current_app.extensions["zv_api_schema"]
    from . import spec

    dokument = copy.deepcopy(spec.spec)
    endpunkte = _endpunkte()
    for pfad, eintrag in dokument.get("paths", {}).items():
        for methode, op in eintrag.items():
            endpunkt = endpunkte.get((pfad, methode))
            if endpunkt is None:
                continue
            view = current_app.view_functions[endpunkt]
            op["operationId"] = endpunkt.removeprefix("api.")
            op["x-scope"] = getattr(view, "zv_scope", None)
            if getattr(view, "zv_pdf", False):
                op["responses"]["200"]["content"] = {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}}
                }
            for parameter in op.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"].update(minimum=0, maximum=MAX_ID)  # `adressen`
            for status, antwort in op.get("responses", {}).items():
                inhalt = antwort.get("content", {})
                if int(status) >= 400 and "application/json" in inhalt:
                    inhalt[MIMETYPE] = inhalt.pop("application/json")
    current_app.extensions["zv_api_schema"] = dokument
    return dokument


def operationen(schema: dict) -> list[dict]:
    liste = []
    for pfad, eintrag in schema.get("paths", {}).items():
        for methode, op in eintrag.items():
            if methode not in ("get", "post", "put", "patch", "delete"):
                continue
            liste.append(
                {
                    "anker": op.get("operationId", f"{methode}-{pfad}"),
                    "methode": methode.upper(),
                    "pfad": pfad,
                    "titel": op.get("summary") or "",
                    "text": op.get("description") or "",
                    "gruppe": (op.get("tags") or ["Allgemein"])[0],
                    "scope": op.get("x-scope") or "",
                    "parameter": [
                        {
                            "name": p["name"],
                            "ort": p["in"],
                            "pflicht": p.get("required", False),
                            "beschreibung": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "koerper": list((op.get("requestBody") or {}).get("content", {})),
                    "antworten": sorted(op.get("responses", {})),
                }
            )
    return sorted(liste, key=lambda o: (o["gruppe"], o["pfad"], o["methode"]))


@doku_bp.get("/openapi.json")
@oeffentlich
def openapi():
    """Das OpenAPI-3.1-Dokument (von spectree aus den Modellen erzeugt)."""
    return jsonify(schema())


@doku_bp.get("/doku")
@oeffentlich
def doku():
    dokument = schema()
    return render_template(
        "api/doku.html",
        info=dokument.get("info", {}),
        version=dokument.get("openapi"),
        operationen=operationen(dokument),
    )
