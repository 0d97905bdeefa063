"""Die JSON-API unter `/api/v1` (Issue 13), beschrieben durch OpenAPI 3.1 unter
`/api/v1/openapi.json` und die Dokuseite `/api/v1/doku`.

Bibliothek: spectree – die pydantic-Modelle in `schemas` prüfen Abfrage und Körper und
erzeugen zugleich das Schema; die App bleibt eine gewöhnliche Flask-App (siehe docs/api.md).
Zugang: `zugang` (Token, Limit, Scope), Fehler: `probleme` (RFC 9457).
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort
from spectree import SecurityScheme, SpecTree
from spectree.model_adapter.pydantic_adapter import PydanticModelAdapter
from spectree.models import SecuritySchemeData

from .probleme import Problem, UngueltigeEingabe, problem
from .schemas import KeineAbfrage

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# spectree überspringt beim Sammeln der Operationen alles unter `/<path>`; das Dokument selbst
# liefert `doku.openapi` unter /api/v1/openapi.json.
PFAD = "api/v1/openapi"


def _vor_der_view(_req, _resp, fehler, _instanz, adapter=None):
    """Eingabefehler aus der Prüfung → 422 als Problem-Objekt (statt spectrees Liste); fehlt nur
    der Kopf If-Match einer schreibenden Operation → 428."""
    if fehler is None:
        return
    liste = fehler.errors(include_context=False, include_input=False, include_url=False)
    if any(f["type"] == "missing" and tuple(f["loc"]) == ("If-Match",) for f in liste):
        abort(problem(428))
    raise UngueltigeEingabe(liste)


def _nach_der_view(_req, _resp, fehler, _instanz, adapter=None):
    """Eine Antwort, die nicht zum eigenen Schema passt, ist ein Programmfehler (→ 500)."""
    if fehler is not None:
        raise RuntimeError(f"Antwort passt nicht zum Schema: {fehler}")


class _Modelladapter(PydanticModelAdapter):
    """Fehlerlisten ohne die Eingabe selbst: spectree wandelt sie vor unserem Behandler in JSON,
    und ein Formularteil ohne Namen (Schlüssel None) ließ das mit einem TypeError scheitern."""

    def validation_errors(self, err):
        return err.errors(include_context=False, include_input=False, include_url=False)


spec = SpecTree(
    "flask",
    title="Zielvereinbarung – API",
    version="1",
    description=(
        "Lesender und schreibender Zugriff mit persönlichen Zugriffstokens "
        "(Authorization: Bearer zv_…). Fehler als application/problem+json (RFC 9457)."
    ),
    path=PFAD,
    mode="strict",
    page_templates={},  # keine Seiten mit Skripten von fremden Hosts; Doku: `doku`
    security_schemes=[
        SecurityScheme(
            name="token", data=SecuritySchemeData(type="http", scheme="bearer", bearer_format="zv")
        )
    ],
    security={"token": []},
    validation_error_model=Problem,
    naming_strategy=lambda modell: modell.__name__,
    nested_naming_strategy=lambda _eltern, kind: kind,
    model_adapter=_Modelladapter(),
    before=_vor_der_view,
    after=_nach_der_view,
)


def validiere(*, query=KeineAbfrage, **kwargs):
    """`spec.validate` mit den Regeln des Hauses: Abfrageparameter immer geprüft (unbekannte →
    422), Antworten immer durch ihr Modell serialisiert (Datumsangaben ISO 8601)."""
    return spec.validate(query=query, force_resp_serialize=True, **kwargs)


def register(app: Flask) -> None:
    from limits import parse

    from ...fehler import KonfigurationsFehler
    from ..kern.sicherheit import csrf

    try:
        parse(app.config["API_RATENLIMIT"])
    except ValueError:
        raise KonfigurationsFehler(
            f"ZV_API_RATENLIMIT „{app.config['API_RATENLIMIT']}“ ist kein Limit wie „300/minute“."
        ) from None

    from .doku import doku_bp

    _routen()
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.register_blueprint(doku_bp)


def _routen() -> None:
    """Die Module registrieren ihre Routen beim ersten Import (erst hier: `fehlerseiten` importiert
    `probleme` aus diesem Paket, die Routenmodule brauchen die Web-Schicht)."""
    from . import (  # noqa: F401
        dokumente,
        importe,
        kennzahlen,
        nachhaltung,
        ringe,
        stammdaten,
        vereinbarungen,
        verhandeln,
    )


from .zugang import authentifiziere  # noqa: E402

bp.before_request(authentifiziere)
