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
from schemathesis.specs.openapi.checks import positive_data_acceptance
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


# Feste Beispiele (derandomize): Schemathesis meldet gelegentlich eine „schemawidrige Anfrage
# angenommen“, deren unbekannter Abfrageparameter beim Verkleinern oder Kodieren weggefallen
# ist – die gesendete Anfrage (z. B. `?ags=00000`) ist dann gültig (bekanntes Problem,
# schemathesis/schemathesis#3730, #4332). Mit festen Beispielen ist jeder Lauf gleich; echte
# Fehler der API zeigt er in jedem Lauf, statt sie zufällig zu verlieren oder zu erfinden.
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
    ohne = (
        [positive_data_acceptance]
        if (case.method.upper(), case.path) in OHNE_ANNAHMEPRUEFUNG
        else []
    )
    for token in api_tokens.values():
        case.call_and_validate(
            base_url="http://localhost",
            app=app,
            headers={"Authorization": f"Bearer {token}"},
            excluded_checks=ohne,
        )
