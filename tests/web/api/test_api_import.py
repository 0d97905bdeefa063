"""Import über die API: Trockenlauf (Vorschau, nichts gespeichert), Import, alles oder nichts
mit Zeilenfehlern als JSON, fremdes Land, Träger ohne Importrecht."""

from __future__ import annotations

import io

from sqlmodel import Session, func, select

from tests.factories import basiszahlen_csv, gleichbleibende_monate
from zielvereinbarung.models import Basiszahl, ImportProtokoll

URL = "/api/v1/importe"


def _datei(zeilen, name="daten.csv") -> dict:
    return {"datei": (io.BytesIO(basiszahlen_csv(zeilen)), name)}


def _anzahl(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Basiszahl)).one()


def test_trockenlauf_und_import(api, token_fuer, engine):
    land = api(token_fuer("land"))
    zeilen = gleichbleibende_monate("01054", "2026-01", "2026-03", elb=1000, integrationen=25)
    vorschau = land.post(f"{URL}?trockenlauf=true", data=_datei(zeilen))
    assert vorschau.status_code == 200, vorschau.get_json()
    assert vorschau.get_json()["trockenlauf"] is True and vorschau.get_json()["neu"] == 3
    assert vorschau.get_json()["protokoll_id"] is None and _anzahl(engine) == 0
    echt = land.post(URL, data=_datei(zeilen))
    assert echt.status_code == 200 and echt.get_json()["ergebnis"] == "importiert"
    assert _anzahl(engine) == 3
    wieder = land.post(URL, data=_datei(zeilen)).get_json()
    assert wieder["ergebnis"] == "unveraendert" and _anzahl(engine) == 3


def test_alles_oder_nichts_mit_zeilenfehlern(api, token_fuer, engine):
    land = api(token_fuer("land"))
    zeilen = gleichbleibende_monate("01054", "2026-01", "2026-02", elb=1000, integrationen=25)
    zeilen[1]["elb"] = "viele"
    antwort = land.post(URL, data=_datei(zeilen))
    assert antwort.status_code == 422 and antwort.mimetype == "application/problem+json"
    fehler = antwort.get_json()["fehler"]
    assert fehler and fehler[0]["ort"].startswith("Zeile 3")
    assert _anzahl(engine) == 0
    with Session(engine) as session:  # das Protokoll der Ablehnung bleibt
        assert [p.ergebnis for p in session.exec(select(ImportProtokoll))] == ["abgelehnt"]


def test_fremdes_land_und_traeger(api, token_fuer, engine):
    zeilen = gleichbleibende_monate("03157", "2026-01", "2026-01", elb=1000, integrationen=25)
    antwort = api(token_fuer("land")).post(URL, data=_datei(zeilen))
    assert antwort.status_code == 422 and _anzahl(engine) == 0
    traeger = api(token_fuer("traeger", scopes=["lesen", "verhandeln"])).post(
        URL, data=_datei(zeilen)
    )
    assert traeger.status_code == 403
    admin = api(token_fuer("admin")).post(URL, data=_datei(zeilen))
    assert admin.status_code == 200 and _anzahl(engine) == 1


def test_ohne_datei(api, token_fuer):
    land = api(token_fuer("land"))
    assert land.post(URL, json={"datei": "x"}).status_code == 415
    assert land.post(URL, data={"datei": "kein upload"}).status_code == 422


def test_formularteil_ohne_namen_ist_422(api, token_fuer):
    """Von Schemathesis gefunden: ein Formularteil ohne Namen ließ spectree beim Melden des
    Eingabefehlers scheitern (500)."""
    koerper = (
        b"--x\r\nContent-Disposition: form-data\r\n\r\nnull\r\n"
        b'--x\r\nContent-Disposition: form-data; name=""\r\n\r\nnull\r\n--x--\r\n'
    )
    kopf = {"Content-Type": "multipart/form-data; boundary=x"}
    antwort = api(token_fuer("land")).post(URL, data=koerper, headers=kopf)
    assert antwort.status_code == 422
    assert antwort.get_json()["fehler"] == [{"ort": "datei", "meldung": "Pflichtangabe fehlt."}]
