"""Zahlen in Adressen und Parametern (Issue 8): eine id außerhalb jeder Spalte ist 404, nie 500.

Geprüft wird jede Route mit einer `<int:…>`-Variablen, per GET und POST (mit CSRF-Token), als
Admin: zu große ids (20 Ziffern, 2³¹, 4.301 Ziffern) finden keine Route. Daneben der ehrliche
Weg: die echte id derselben Seite geht, die größte zulässige id ist ein gewöhnliches 404 aus der
Datenbank (auf PostgreSQL eine INTEGER-Spalte).
"""

from __future__ import annotations

import re

import pytest

from zielvereinbarung.web.kern.adressen import MAX_ID, IdUmwandler

ZU_GROSS = ("99999999999999999999", str(MAX_ID + 1), "9" * 4301)
_VARIABLE = re.compile(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>")


def _adresse(regel, id_text: str) -> str:
    """Die Regel mit `id_text` für jede Zahl und einem Wort für jede andere Variable."""
    return _VARIABLE.sub(lambda m: id_text if m.group(1) == "int" else "x", regel.rule)


def _regeln_mit_id(app):
    regeln = [r for r in app.url_map.iter_rules() if "<int:" in r.rule]
    assert len(regeln) >= 15  # Vereinbarungen, Dokumente, Berichte, Nachhaltung, Admin …
    return regeln


def test_jede_zahl_in_einer_route_ist_begrenzt(app):
    for regel in _regeln_mit_id(app):
        umwandler = [
            k for k in regel._converters.values() if type(k).__name__ != "UnicodeConverter"
        ]
        assert umwandler and all(isinstance(k, IdUmwandler) for k in umwandler), regel.rule


@pytest.mark.parametrize("zu_gross", ZU_GROSS, ids=["20-ziffern", "2hoch31", "4301-ziffern"])
def test_zu_grosse_id_ist_404_auf_jeder_route(app, client_als, csrf_token, zu_gross):
    client = client_als("admin")
    token = csrf_token(client, "/")
    for regel in _regeln_mit_id(app):
        adresse = _adresse(regel, zu_gross)
        for methode in sorted(regel.methods & {"GET", "POST"}):
            daten = {"csrf_token": token} if methode == "POST" else None
            antwort = client.open(adresse, method=methode, data=daten)
            assert antwort.status_code == 404, (methode, adresse[:80], antwort.status_code)
            if adresse.startswith("/api/"):  # die API antwortet mit einem Problem-Objekt
                assert antwort.get_json()["title"] == "Nicht gefunden"
            else:
                assert "Seite nicht gefunden" in antwort.get_data(as_text=True)


def test_echte_id_geht_und_groesste_id_ist_gewoehnliches_404(client_als, entwuerfe_sh):
    client = client_als("admin")
    echte = entwuerfe_sh["01054"]
    assert client.get(f"/vereinbarungen/{echte}").status_code == 200
    assert client.get(f"/vereinbarungen/{MAX_ID}").status_code == 404
    assert client.get(f"/vereinbarungen/{MAX_ID}/nachhaltung").status_code == 404


def test_zu_grosse_zahlen_in_parametern_fallen_auf_die_voreinstellung(client_als, entwuerfe_sh):
    client = client_als("admin")
    for seite in ("99999999999999999999", "9" * 4301, "-1", "١٢"):
        assert client.get(f"/admin/audit?seite={seite}").status_code == 200
    echte = entwuerfe_sh["01054"]
    antwort = client.get(f"/vereinbarungen/{echte}/vergleich?a=99999999999999999999&b=1")
    assert antwort.status_code in (200, 404)
