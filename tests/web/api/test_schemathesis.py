"""Schemathesis liest das OpenAPI-Dokument der App und ruft jede Operation mit erzeugten
positiven und negativen Daten auf – mit dem Token eines Land- und eines Träger-Benutzers.
Erwartet: kein Serverfehler, jede Antwort passt zu Status, Inhaltstyp und Schema des Dokuments
(alle eingebauten Prüfungen von Schemathesis).

Das Dokument kommt beim Sammeln der Tests aus einer App ohne Datenbank (es hängt nur an den
Routen und Modellen); aufgerufen wird die App des Tests (WSGI im Testprozess, echte
Datenbank mit Basiszahlen für 01054). Je Operation höchstens `BEISPIELE` erzeugte Fälle, damit
der Lauf Teil der normalen Suite bleibt.
"""

from __future__ import annotations

import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from sqlmodel import Session

from tests.factories import basiswerte_nordfriesland

BEISPIELE = 25


def _dokument() -> dict:
    from zielvereinbarung.web import create_app
    from zielvereinbarung.web.api.doku import schema

    with tempfile.TemporaryDirectory() as ordner:
        app = create_app({"DATABASE_URL": f"sqlite:///{ordner}/leer.sqlite3", "TESTING": True})
        with app.app_context():
            return schema()


# Fehlt If-Match bei einer schreibenden Operation, ist 428 „Precondition Required“ (RFC 6585)
# die genaue Antwort; Schemathesis erwartet sonst nur 400/401/403/406/415/422.
KONFIGURATION = SchemathesisConfig.from_dict(
    {
        "checks": {
            "missing_required_header": {"expected-statuses": [400, 401, 403, 406, 415, 422, 428]}
        }
    }
)
schema = schemathesis.openapi.from_dict(_dokument(), config=KONFIGURATION)


@pytest.fixture
def api_tokens(app, welt, engine, token_fuer) -> dict[str, str]:
    with Session(engine) as session:
        basiswerte_nordfriesland(session)
        session.commit()
    welt.vereinbarung("01054")  # Entwürfe 2027 für SH: Vereinbarungen, Revisionen, Zustand
    app.config["API_RATENLIMIT"] = "100000/minute"
    return {"land": token_fuer("land"), "traeger": token_fuer("traeger")}


# Was eine Importdatei gültig macht (Spalten, Zeilen) und welcher ETag gerade gilt, kann JSON
# Schema nicht beschreiben: eine schemagültige, aber inhaltlich falsche Datei ist zu Recht 422
# (Zeilenfehler), ein erfundener If-Match zu Recht 412. Für diese Operationen entfällt
# deshalb nur die Prüfung „schemagültige Anfrage wird angenommen“; die ehrlichen Wege prüfen
# test_api_import.py und test_api_vereinbarungen.py.
OHNE_ANNAHMEPRUEFUNG = {
    ("POST", "/api/v1/importe"),
    ("POST", "/api/v1/vereinbarungen/{id}/einreichen"),
}


def _kopf_negativ(case) -> bool:
    """Hat Schemathesis den Fall über die Kopfzeilen negativ gemacht (z. B. ohne Authorization)?
    Der Test setzt das Token danach wieder ein – die gesendete Anfrage ist dort gültig."""
    komponenten = case.meta.components if case.meta is not None else {}
    return any(
        ort == ParameterLocation.HEADER and info.mode.is_negative
        for ort, info in komponenten.items()
    )


# Die Tokens setzt der Test selbst (zwei Rollen je Fall). Macht Schemathesis einen Fall durch
# Weglassen von Authorization negativ, hebt das eingesetzte Token diese Verneinung auf; fällt
# dabei eine zweite Verneinung (unbekannter Abfrageparameter) beim Kodieren weg, meldet
# Schemathesis eine „schemawidrige Anfrage angenommen“, obwohl die gesendete Anfrage (z. B.
# `?ags=00000`) gültig ist (vgl. schemathesis/schemathesis#3730, #4332). Für solche Fälle
# entfällt nur die Prüfung „negative Daten abgewiesen“; ohne Token prüft
# test_api_berechtigung.py jede Operation (401). Feste Beispiele (derandomize) halten die Läufe
# vergleichbar.
@schema.parametrize()
@settings(
    max_examples=BEISPIELE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_nach_schema(case, app, api_tokens):
    case.operation.schema.app = app  # auch Schemathesis' eigene Proben (ohne Token) gehen an sie
    ohne = []
    if (case.method.upper(), case.path) in OHNE_ANNAHMEPRUEFUNG:
        ohne.append(positive_data_acceptance)
    if _kopf_negativ(case):
        ohne.append(negative_data_rejection)
    for token in api_tokens.values():
        case.call_and_validate(
            base_url="http://localhost",
            app=app,
            headers={"Authorization": f"Bearer {token}"},
            excluded_checks=ohne,
        )
