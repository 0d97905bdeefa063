"""Berechtigungen jeder API-Operation je Rolle und Scope (Tabelle: `api_routen.API_ROUTEN`).

- ohne Token → 401 (Problem-Objekt mit `WWW-Authenticate: Bearer`), nie Daten;
- Token ohne den nötigen Scope → 403, auch beim eigenen Objekt;
- Token einer Rolle (Land SH, Träger 01054, Leser SH) mit fremden Objekten oder einer Operation,
  die die Rolle nicht nutzen darf → 403/404;
- der ehrliche Weg: dieselbe Rolle mit eigenem Objekt und passendem Scope → 200.

Jeder Aufruf ist syntaktisch gültig (schreibende mit `If-Match: *`): abgewiesen wird wegen des
Objekts, der Rolle oder des Scopes, nicht wegen der Form.
"""

from __future__ import annotations

import pytest
from flask import url_for

from tests.web.api.api_routen import API_ROUTEN
from tests.web.api.conftest import erlaubte
from tests.web.test_berechtigung_routen import _vergleichstypen  # noqa: F401 – autouse-Fixture

ROLLEN = ("land", "traeger", "leser")


def _api_regeln(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]


def _url(app, endpoint: str, args: dict) -> str:
    with app.test_request_context():
        return url_for(endpoint, **args)


def _aufrufe(app, welt, rolle: str, wahl: str):
    for regel in _api_regeln(app):
        eintrag = API_ROUTEN[regel.endpoint]
        for args in getattr(eintrag, wahl)(welt, rolle):
            for methode in sorted(regel.methods - {"HEAD", "OPTIONS"}):
                yield regel.endpoint, eintrag, methode, _url(app, regel.endpoint, args)


KOPF = {"If-Match": "*"}


def _mit_koerper(eintrag, methode: str) -> dict:
    """Kopf und (für schreibende Operationen) einen gültigen JSON-Körper."""
    if methode != "GET" and eintrag.koerper is not None:
        return {"headers": KOPF, "json": eintrag.koerper}
    return {"headers": KOPF}


def _ist_problem(antwort, status: int) -> bool:
    return (
        antwort.status_code == status
        and antwort.mimetype == "application/problem+json"
        and antwort.get_json()["status"] == status
    )


def test_jede_api_route_hat_einen_eintrag(app):
    fehlend = [r.endpoint for r in _api_regeln(app) if r.endpoint not in API_ROUTEN]
    assert not fehlend


def test_ohne_token_401(app, welt, api):
    probleme = []
    for _endpoint, _e, methode, url in _aufrufe(app, welt, "land", "eigene"):
        antwort = api(None).open(url, methode, **_mit_koerper(_e, methode))
        if not _ist_problem(antwort, 401) or "Bearer" not in antwort.headers["WWW-Authenticate"]:
            probleme.append(f"{methode} {url}: {antwort.status_code}")
    assert not probleme


def test_sitzungscookie_allein_reicht_nicht(app, welt, client_als):
    """Die API ist vom CSRF-Schutz ausgenommen: ein angemeldeter Browser ohne Token bekommt 401."""
    client = client_als("land")
    assert client.get("/kennzahlen/land/SH").status_code == 200
    antwort = client.get("/api/v1/traeger/01054")
    assert _ist_problem(antwort, 401)


@pytest.mark.parametrize("rolle", ROLLEN)
def test_fremde_objekte_und_fremde_rollen(app, welt, api, token_fuer, rolle):
    aufrufer = api(token_fuer(rolle))
    probleme = []
    for endpoint, eintrag, methode, url in _aufrufe(app, welt, rolle, "fremde"):
        antwort = aufrufer.open(url, methode, **_mit_koerper(eintrag, methode))
        if antwort.status_code not in (403, 404) or antwort.mimetype != "application/problem+json":
            probleme.append(f"{endpoint} {methode} {url}: {antwort.status_code}")
    for endpoint, eintrag, methode, url in _aufrufe(app, welt, rolle, "eigene"):
        if rolle in eintrag.rollen:
            continue
        antwort = aufrufer.open(url, methode, **_mit_koerper(eintrag, methode))
        if antwort.status_code not in (403, 404):
            probleme.append(f"{endpoint} {methode} {url}: {antwort.status_code} (Rolle)")
    assert not probleme


@pytest.mark.parametrize("rolle", ROLLEN)
def test_ehrlicher_weg_mit_passendem_scope(app, welt, api, token_fuer, rolle):
    probleme = []
    tokens = {}
    for endpoint, eintrag, methode, url in _aufrufe(app, welt, rolle, "eigene"):
        if rolle not in eintrag.rollen or methode != "GET":
            continue
        if eintrag.scope not in tokens:
            tokens[eintrag.scope] = api(token_fuer(rolle, scopes=[eintrag.scope]))
        antwort = tokens[eintrag.scope].open(url, methode, headers=KOPF)
        if antwort.status_code != 200:
            probleme.append(f"{endpoint} {methode} {url}: {antwort.status_code}")
    assert not probleme


@pytest.mark.parametrize("rolle", ["land", "traeger"])
def test_falscher_scope_403(app, welt, api, token_fuer, rolle):
    probleme = []
    for endpoint, eintrag, methode, url in _aufrufe(app, welt, rolle, "eigene"):
        andere = [s for s in erlaubte(rolle) if s != eintrag.scope]
        antwort = api(token_fuer(rolle, scopes=andere[:1])).open(
            url, methode, **_mit_koerper(eintrag, methode)
        )
        if not _ist_problem(antwort, 403) or eintrag.scope not in antwort.get_json()["detail"]:
            probleme.append(f"{endpoint} {methode} {url}: {antwort.status_code}")
    assert not probleme
