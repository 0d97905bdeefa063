"""Fixtures der API-Tests: Zugriffstokens je Rolle (über den echten Service) und ein Aufruf mit
`Authorization: Bearer …`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from tests.web.conftest import BENUTZER_JE_ROLLE
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.models import Benutzer
from zielvereinbarung.services.konten.tokens import lege_token_an

ALLE_SCOPES = ("lesen", "importieren", "verhandeln")


def erlaubte(rolle: str) -> list[str]:
    return {
        "admin": list(ALLE_SCOPES),
        "land": list(ALLE_SCOPES),
        "traeger": ["lesen", "verhandeln"],
        "leser": ["lesen"],
    }[rolle]


@pytest.fixture
def token_fuer(welt, engine):
    """token_fuer("land") → Klartext eines gültigen Tokens des Demokontos mit allen Scopes, die
    die Rolle haben kann (oder `scopes=[…]`, `tage=…`, `jetzt=…`)."""

    def anlegen(rolle: str, scopes: list[str] | None = None, tage: int = 30, jetzt=None) -> str:
        benutzername = BENUTZER_JE_ROLLE.get(rolle, rolle)
        with Session(engine) as session:
            benutzer_id = welt.benutzer_ids[benutzername]
            benutzer = session.get(Benutzer, benutzer_id)
            akteur = Akteur(benutzer.benutzername, benutzer.rolle)
            neu = lege_token_an(
                session,
                benutzer_id,
                f"Test {rolle}",
                scopes or erlaubte(benutzer.rolle),
                tage,
                akteur,
                jetzt or datetime.now(UTC) - timedelta(minutes=1),
            )
            session.commit()
            return neu.klartext

    return anlegen


@pytest.fixture
def api(app):
    """api(token).get(url) – ein Test-Client, der jedes Mal das Token mitsendet."""

    class Aufrufer:
        def __init__(self, token: str | None):
            self.client = app.test_client()
            self.kopf = {"Authorization": f"Bearer {token}"} if token else {}

        def open(self, url: str, method: str = "GET", **kwargs):
            kopf = {**self.kopf, **kwargs.pop("headers", {})}
            return self.client.open(url, method=method, headers=kopf, **kwargs)

        def get(self, url: str, **kwargs):
            return self.open(url, "GET", **kwargs)

        def post(self, url: str, **kwargs):
            return self.open(url, "POST", **kwargs)

    return Aufrufer
