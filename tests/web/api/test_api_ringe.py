"""Ringwerte über die API: dieselben Zahlen und dieselbe Sichtbarkeit wie die Ringseiten
(tests/web/test_ring_seiten.py). Testring: 01054 und 03157 (2023–2024), 03159 (2024); K_KOST =
kosten / elb = 10,00 € für jedes Mitglied; 03159 meldet 2024-12 keine eigenen Werte."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from zielvereinbarung.domain.berechtigung import ADMIN, Akteur
from zielvereinbarung.services.ringe.verwaltung import aendere_einstellungen


def _kkost(daten: dict) -> dict:
    return next(k for k in daten["kennzahlen"] if k["code"] == "K_KOST")


def test_mitglied_liest_die_werte_des_rings(welt, api, token_fuer):
    ring_id = welt.ring()
    traeger = api(token_fuer("traeger", scopes=["lesen"]))
    (ring,) = traeger.get("/api/v1/ringe").get_json()["eintraege"]
    assert (ring["id"], ring["name"], ring["sicht"]) == (ring_id, "Testring", "mitglied")
    assert ring["freigegeben_bis"] == "2024-12" and ring["jahre"] == [2023, 2024]

    daten = traeger.get(f"/api/v1/ringe/{ring_id}/werte").get_json()
    assert daten["monat"] == "2024-12" and daten["monate"][0] == "2024-12"
    dezember = _kkost(daten)
    assert (dezember["ring_wert"], dezember["abdeckung"], dezember["mitglieder"]) == (10.0, 2, 3)
    (ohne,) = [w for w in dezember["werte"] if w["wert"] is None]
    assert ohne["ags"] == "03159" and ohne["rang"] is None and ohne["grund"]
    assert dezember["werte"][-1]["ags"] == "03159"  # nicht berechenbare am Ende

    november = _kkost(traeger.get(f"/api/v1/ringe/{ring_id}/werte?monat=2024-11").get_json())
    assert november["abdeckung"] == 3 and november["einheit"] == "euro"
    assert november["verteilung"] == {
        "anzahl": 3, "minimum": 10.0, "q1": 10.0, "median": 10.0, "q3": 10.0, "maximum": 10.0
    }  # fmt: skip
    (eigene,) = [w for w in november["werte"] if w["eigener"]]
    assert eigene["ags"] == "01054" and eigene["wert"] == 10.0


def test_nicht_freigegebene_monate_und_fremde_sehen_nichts(welt, api, token_fuer):
    ring_id = welt.ring()
    traeger = api(token_fuer("traeger"))
    for monat in ("2025-01", "2022-12"):  # nicht freigegeben / kein Jahr der Mitgliedschaft
        antwort = traeger.get(f"/api/v1/ringe/{ring_id}/werte?monat={monat}")
        assert antwort.status_code == 404 and antwort.mimetype == "application/problem+json"
    for rolle in ("land", "leser"):
        aufrufer = api(token_fuer(rolle))
        assert aufrufer.get("/api/v1/ringe").get_json()["eintraege"] == []
        assert aufrufer.get(f"/api/v1/ringe/{ring_id}/werte").status_code == 404


def test_land_sieht_den_ring_wenn_er_es_erlaubt(welt, api, token_fuer, engine):
    ring_id = welt.ring()
    with Session(engine) as s:
        aendere_einstellungen(
            s, ring_id, "", True, "2024-12", Akteur("admin", ADMIN), datetime.now(UTC)
        )
        s.commit()
    land = api(token_fuer("land"))
    (ring,) = land.get("/api/v1/ringe").get_json()["eintraege"]
    assert ring["sicht"] == "land"
    daten = land.get(f"/api/v1/ringe/{ring_id}/werte?monat=2024-11").get_json()
    assert not any(w["eigener"] for w in _kkost(daten)["werte"])
    assert len(_kkost(daten)["werte"]) == 3
