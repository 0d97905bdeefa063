"""Fehler der API als `application/problem+json` (RFC 9457) mit deutschem `title`/`detail`.

Jede Antwort unter `/api/` mit Status ≥ 400 ist ein Problem-Objekt: `type` (hier immer
`about:blank` – die Bedeutung trägt der Status), `title`, `status`, `detail`, bei
Eingabefehlern `fehler` (Liste aus `ort` und `meldung`). Nie ein Traceback; unerwartete
Fehler werden protokolliert und als 500 gemeldet.
"""

from __future__ import annotations

from flask import Response, current_app, json, request
from pydantic import BaseModel, Field
from werkzeug.exceptions import HTTPException

from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden

MIMETYPE = "application/problem+json"
PRAEFIX = "/api/"

TEXTE = {
    400: ("Ungültige Anfrage", "Die Anfrage ist nicht wohlgeformt."),
    401: (
        "Anmeldung erforderlich",
        "Bitte ein gültiges Zugriffstoken als „Authorization: Bearer …“ senden.",
    ),
    403: ("Kein Zugriff", "Für diese Operation oder dieses Objekt fehlt die Berechtigung."),
    404: ("Nicht gefunden", "Diese Ressource gibt es nicht."),
    405: ("Methode nicht erlaubt", "Diese Adresse unterstützt die Methode nicht."),
    406: ("Nicht lieferbar", "Das gewünschte Format kann nicht geliefert werden."),
    409: ("Konflikt", "Die Operation ist im aktuellen Zustand nicht möglich."),
    412: (
        "Vorbedingung fehlgeschlagen",
        "Die Ressource wurde inzwischen geändert (If-Match passt nicht zum ETag).",
    ),
    413: ("Zu groß", "Die gesendeten Daten sind zu groß (höchstens 100 MB je Sendung)."),
    415: ("Falscher Inhaltstyp", "Dieser Inhaltstyp wird hier nicht angenommen."),
    422: ("Ungültige Eingabe", "Die Anfrage enthält ungültige Werte."),
    428: (
        "Vorbedingung erforderlich",
        "Schreibende Operationen brauchen den Kopf „If-Match“ mit dem aktuellen ETag.",
    ),
    429: ("Zu viele Anfragen", "Das Anfragelimit dieses Tokens ist erreicht; bitte warten."),
    500: (
        "Interner Fehler",
        "Es ist ein unerwarteter Fehler aufgetreten; nichts wurde gespeichert.",
    ),
}


class Fehlerort(BaseModel):
    ort: str = Field(description="Wo der Fehler liegt, z. B. „query.seite“ oder „Zeile 12“")
    meldung: str


class Problem(BaseModel):
    """Problem Details (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    fehler: list[Fehlerort] | None = None


def ist_api_anfrage() -> bool:
    return request.path.startswith(PRAEFIX)


def problem(
    status: int,
    detail: str | None = None,
    title: str | None = None,
    fehler: list[dict] | None = None,
    headers: dict | None = None,
) -> Response:
    standard = TEXTE.get(status, ("Fehler", "Die Anfrage konnte nicht bearbeitet werden."))
    koerper = {
        "type": "about:blank",
        "title": title or standard[0],
        "status": status,
        "detail": detail or standard[1],
    }
    if fehler is not None:
        koerper["fehler"] = fehler
    antwort = Response(json.dumps(koerper), status=status, mimetype=MIMETYPE)
    for name, wert in (headers or {}).items():
        antwort.headers[name] = wert
    return antwort


def aus_http_fehler(fehler: HTTPException) -> Response:
    code = fehler.code or 500
    if code >= 500:
        original = getattr(fehler, "original_exception", None)
        if original is not None:
            current_app.logger.error(
                "Unerwarteter Fehler bei %s %s", request.method, request.path, exc_info=original
            )
        return problem(500)
    kopf = {
        name: wert
        for name, wert in fehler.get_headers()
        if name.lower() in ("allow", "retry-after", "www-authenticate")
    }
    detail = getattr(fehler, "zv_detail", None)
    if code == 401:
        kopf.setdefault("WWW-Authenticate", 'Bearer realm="zielvereinbarung"')
    return problem(code, detail, headers=kopf)


def aus_fachlichem_fehler(fehler: FachlicherFehler) -> Response:
    if isinstance(fehler, KeineBerechtigung):
        return problem(403, fehler.meldung)
    if isinstance(fehler, NichtGefunden):
        return problem(404, fehler.meldung)
    felder = getattr(fehler, "felder", None)
    if felder:
        return problem(
            422, fehler.meldung, fehler=[{"ort": k, "meldung": v} for k, v in felder.items()]
        )
    feldfehler = [d for d in fehler.details if hasattr(d, "feld")]
    if feldfehler:  # z. B. ungültige Ziele einer neuen Revision (`domain.ziele.Feldfehler`)
        return problem(
            422, fehler.meldung, fehler=[{"ort": d.feld, "meldung": str(d)} for d in feldfehler]
        )
    return problem(409, fehler.meldung)


_MELDUNGEN = {
    "missing": "Pflichtangabe fehlt.",
    "int_parsing": "Bitte eine ganze Zahl angeben.",
    "int_type": "Bitte eine ganze Zahl angeben.",
    "greater_than_equal": "Der Wert ist zu klein.",
    "less_than_equal": "Der Wert ist zu groß.",
    "literal_error": "Dieser Wert ist nicht erlaubt.",
    "string_too_long": "Der Text ist zu lang.",
    "string_too_short": "Der Text ist zu kurz.",
    "string_pattern_mismatch": "Der Text hat nicht das erwartete Format.",
    "bool_parsing": "Bitte true oder false angeben.",
    "extra_forbidden": "Diese Angabe ist hier nicht vorgesehen.",
    "model_type": "Bitte ein JSON-Objekt senden.",
}


class UngueltigeEingabe(Exception):
    """Die Prüfung der Anfrage (Abfrage, Kopf, Körper) ist gescheitert → 422."""

    def __init__(self, fehler: list[dict]):
        super().__init__("ungültige Eingabe")
        self.fehler = [
            {
                "ort": ".".join(str(teil) for teil in f.get("loc", ())) or "anfrage",
                "meldung": _MELDUNGEN.get(f.get("type", ""), "Der Wert ist ungültig."),
            }
            for f in fehler
        ]


def aus_ungueltiger_eingabe(fehler: UngueltigeEingabe) -> Response:
    return problem(422, fehler=fehler.fehler)
