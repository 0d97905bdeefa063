"""Zugriffstokens: im Browser anlegen (einmal angezeigt, nur gehasht gespeichert), widerrufen,
Verwaltung fremder Konten nur durch Admins; Angriffe mit widerrufenen, abgelaufenen, fremden
oder erfundenen Tokens, Anfragelimit je Token – und jeweils der ehrliche Weg."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from zielvereinbarung.domain.tokens import token_hash
from zielvereinbarung.models import AuditEreignis, Benutzer, ZugriffsToken

URL = "/api/v1/traeger/01054"


def _neues_token_im_browser(client, csrf_token, url="/konto/tokens", **felder) -> str:
    daten = {"name": "BI-Werkzeug", "scopes": ["lesen"], "tage": "30", **felder}
    antwort = client.post(url, data={**daten, "csrf_token": csrf_token(client, url)})
    assert antwort.status_code == 200, antwort.get_data(as_text=True)
    return re.search(r'value="(zv_[A-Za-z0-9_-]{43})"', antwort.get_data(as_text=True)).group(1)


def test_token_im_browser_anlegen_einmal_anzeigen_gehasht(client_als, csrf_token, api, engine):
    client = client_als("land")
    token = _neues_token_im_browser(client, csrf_token)
    assert api(token).get(URL).status_code == 200
    liste = client.get("/konto/tokens").get_data(as_text=True)
    assert token not in liste and token[:10] in liste  # nur das Präfix bleibt sichtbar
    with Session(engine) as session:
        gespeichert = session.exec(select(ZugriffsToken)).all()
        assert [t.token_hash for t in gespeichert] == [token_hash(token)]
        assert all(token not in (t.praefix, t.token_hash, t.scopes) for t in gespeichert)


def test_leser_bekommt_keinen_schreibenden_scope(client_als, csrf_token, engine):
    client = client_als("leser")
    url = "/konto/tokens"
    antwort = client.post(
        url,
        data={
            "name": "x",
            "scopes": ["importieren"],
            "tage": "30",
            "csrf_token": csrf_token(client, url),
        },
    )
    assert antwort.status_code == 422
    assert "Diese Rolle kann den Scope nicht nutzen" in antwort.get_data(as_text=True)
    with Session(engine) as session:
        assert session.exec(select(ZugriffsToken)).all() == []


def test_widerrufenes_token_gilt_nicht_mehr(client_als, csrf_token, api, engine):
    client = client_als("land")
    token = _neues_token_im_browser(client, csrf_token)
    with Session(engine) as session:
        token_id = session.exec(select(ZugriffsToken.id)).one()
    url = f"/konto/tokens/{token_id}/widerrufen"
    assert (
        client.post(url, data={"csrf_token": csrf_token(client, "/konto/tokens")}).status_code
        == 302
    )
    antwort = api(token).get(URL)
    assert antwort.status_code == 401 and antwort.mimetype == "application/problem+json"
    assert "widerrufen" in antwort.get_json()["detail"]
    with Session(engine) as session:
        abgewiesen = session.exec(
            select(AuditEreignis).where(AuditEreignis.aktion == "token_abgewiesen")
        ).all()
        assert [e.details["grund"] for e in abgewiesen] == ["widerrufen"]
    assert api(_neues_token_im_browser(client, csrf_token)).get(URL).status_code == 200


def test_fremdes_token_widerrufen_nur_admin(client_als, csrf_token, welt, engine):
    fremd = client_als("land-ni")
    _neues_token_im_browser(fremd, csrf_token)
    with Session(engine) as session:
        token_id = session.exec(select(ZugriffsToken.id)).one()
    url = f"/konto/tokens/{token_id}/widerrufen"
    land = client_als("land")
    assert land.post(url, data={"csrf_token": csrf_token(land, "/konto/tokens")}).status_code == 403
    admin = client_als("admin")
    assert admin.post(url, data={"csrf_token": csrf_token(admin, "/")}).status_code == 302
    with Session(engine) as session:
        assert session.get(ZugriffsToken, token_id).widerrufen_am is not None


def test_admin_legt_token_fuer_dienstkonto_an(client_als, csrf_token, welt, api):
    url = f"/konto/tokens/benutzer/{welt.benutzer_ids['leser-sh']}"
    assert client_als("land").get(url).status_code == 403
    token = _neues_token_im_browser(client_als("admin"), csrf_token, url)
    assert api(token).get("/api/v1/kennzahlen/land/SH").status_code == 200
    assert api(token).get("/api/v1/kennzahlen/land/NI").status_code == 403  # Bereich des Kontos


def test_abgelaufenes_token(api, token_fuer):
    alt = token_fuer("land", tage=1, jetzt=datetime.now(UTC) - timedelta(days=2))
    assert api(alt).get(URL).status_code == 401
    assert api(token_fuer("land")).get(URL).status_code == 200


def test_erfundene_und_kaputte_tokens(api, token_fuer):
    echt = token_fuer("land")
    for falsch in [
        "zv_" + "A" * 43,
        echt[:-1] + ("A" if echt[-1] != "A" else "B"),
        "abc",
        "zv_\x00",
    ]:
        antwort = api(None).get(URL, headers={"Authorization": f"Bearer {falsch}"})
        assert antwort.status_code == 401, falsch
    assert api(None).get(URL, headers={"Authorization": f"Basic {echt}"}).status_code == 401
    assert api(echt).get(URL).status_code == 200


def test_inaktives_konto(api, token_fuer, engine, welt):
    token = token_fuer("land")
    with Session(engine) as session:
        session.get(Benutzer, welt.benutzer_ids["land-sh"]).aktiv = False
        session.commit()
    assert api(token).get(URL).status_code == 401


def test_fremder_traeger_und_eigener(api, token_fuer):
    traeger = api(token_fuer("traeger"))
    for ags in ("03157", "01059"):
        antwort = traeger.get(f"/api/v1/kennzahlen/traeger/{ags}")
        assert antwort.status_code == 403 and antwort.get_json()["title"] == "Kein Zugriff"
    assert traeger.get("/api/v1/kennzahlen/traeger/01054").status_code == 200


def test_jede_nutzung_steht_im_audit(api, token_fuer, engine):
    aufrufer = api(token_fuer("traeger"))
    aufrufer.get("/api/v1/kennzahlen/traeger/01054")
    aufrufer.get("/api/v1/kennzahlen/traeger/03157")  # abgewiesen: bleibt trotzdem vermerkt
    with Session(engine) as session:
        pfade = [
            e.details["pfad"]
            for e in session.exec(
                select(AuditEreignis)
                .where(AuditEreignis.aktion == "api_zugriff")
                .order_by(AuditEreignis.id)
            )
        ]
        assert pfade == ["/api/v1/kennzahlen/traeger/01054", "/api/v1/kennzahlen/traeger/03157"]
        token = session.exec(select(ZugriffsToken)).one()
        assert token.zuletzt_benutzt_am is not None


def test_anfragelimit_je_token(app, api, token_fuer):
    app.config["API_RATENLIMIT"] = "3/minute"
    app.extensions.pop("zv_api_limiter", None)
    erstes, zweites = api(token_fuer("land")), api(token_fuer("land"))
    assert [erstes.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    antwort = erstes.get(URL)
    assert antwort.status_code == 429 and antwort.mimetype == "application/problem+json"
    assert int(antwort.headers["Retry-After"]) >= 1
    assert zweites.get(URL).status_code == 200  # je Token, nicht für alle
