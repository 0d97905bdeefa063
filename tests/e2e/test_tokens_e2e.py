"""Zugriffstoken im echten Browser anlegen, einmal ablesen, damit die API über HTTP aufrufen,
im Browser widerrufen – danach weist die API es ab. Dazu axe auf der Seite mit dem neuen Token."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.test_barrierefreiheit import pruefe_axe

pytestmark = pytest.mark.e2e


def test_token_anlegen_nutzen_widerrufen(seite, anmelden, server_url, e2e_welt):
    anmelden(seite, "land-ni")
    navigation = seite.get_by_role("navigation", name="Hauptnavigation")
    navigation.get_by_role("link", name="Zugriffstokens").click()
    expect(seite.get_by_role("heading", level=1)).to_have_text("Zugriffstokens")
    seite.get_by_label("Name des Tokens").fill("BI-Werkzeug (Test)")
    seite.get_by_label("Gültig für (Tage)").fill("7")
    seite.get_by_role("button", name="Token anlegen").click()
    feld = seite.get_by_label("Token", exact=True)
    token = feld.input_value()
    assert token.startswith("zv_") and len(token) == 46
    pruefe_axe(seite, "Zugriffstokens mit neuem Token")

    url = f"{server_url}/api/v1/traeger?land=NI"
    kopf = {"Authorization": f"Bearer {token}"}
    antwort = requests.get(url, headers=kopf, timeout=30)
    assert antwort.status_code == 200
    assert {t["land_code"] for t in antwort.json()["eintraege"]} == {"NI"}

    seite.goto("/konto/tokens")
    expect(seite.get_by_label("Token", exact=True)).to_have_count(0)  # nur einmal angezeigt
    seite.get_by_role("button", name="Widerrufen (BI-Werkzeug (Test))").click()
    expect(seite.locator(".meldungen")).to_contain_text("widerrufen")
    abgewiesen = requests.get(url, headers=kopf, timeout=30)
    assert abgewiesen.status_code == 401
    assert abgewiesen.headers["Content-Type"] == "application/problem+json"
