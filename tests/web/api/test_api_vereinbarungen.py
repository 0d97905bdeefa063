"""Zielvereinbarungen über die API: Liste im Bereich der Rolle, Detail mit ETag, Revisionen,
Zustand, Angebot und Gegenvorschlag mit If-Match (428 ohne, 412 veraltet, 409 im falschen
Zustand, 201 ehrlich), kein Annehmen über die API,
Nachhaltung vor der Unterzeichnung (409), Dokumente und Berichte ohne Einträge."""

from __future__ import annotations

from sqlmodel import Session, select

from tests.fixtures.dokumente import NF, vorgaben
from tests.web.conftest import JETZT
from zielvereinbarung.models import Revision, Zielvereinbarung
from zielvereinbarung.services.verhandlung.schritte import reiche_angebot_ein


def _angebot(welt, engine) -> int:
    vid = welt.vereinbarung("01054")
    with Session(engine) as session:
        reiche_angebot_ein(session, vid, 1, vorgaben(), "Angebot", NF, JETZT)
        session.commit()
    return vid


def test_liste_nur_im_eigenen_bereich(welt, api, token_fuer):
    welt.vereinbarung("01054"), welt.vereinbarung("03157")
    traeger = api(token_fuer("traeger")).get("/api/v1/vereinbarungen").get_json()
    assert {v["ags"] for v in traeger["eintraege"]} == {"01054"}
    land = api(token_fuer("land")).get("/api/v1/vereinbarungen?jahr=2027").get_json()
    assert {v["land_code"] for v in land["eintraege"]} == {"SH"} and land["gesamt"] >= 2
    seite = api(token_fuer("land")).get("/api/v1/vereinbarungen?pro_seite=1&seite=2").get_json()
    assert len(seite["eintraege"]) == 1 and seite["seite"] == 2
    leer = api(token_fuer("land")).get("/api/v1/vereinbarungen?zustand=einigung").get_json()
    assert leer["eintraege"] == [] and leer["naechste_seite"] is None


def test_detail_revisionen_zustand(welt, engine, api, token_fuer):
    vid = _angebot(welt, engine)
    aufrufer = api(token_fuer("traeger"))
    antwort = aufrufer.get(f"/api/v1/vereinbarungen/{vid}")
    daten = antwort.get_json()
    assert antwort.headers["ETag"] == daten["etag"]
    assert daten["zustand"] == "angebot" and daten["am_zug"] == "land"
    assert daten["aktuelle_revision"]["nummer"] == 2
    iq = next(z for z in daten["aktuelle_revision"]["zielwerte"] if z["zielindikator"] == "IQ")
    assert iq["zieltyp"] == "veraenderung" and iq["wert"] == 2.0
    revs = aufrufer.get(f"/api/v1/vereinbarungen/{vid}/revisionen").get_json()["eintraege"]
    assert [(r["nummer"], r["art"]) for r in revs] == [(1, "entwurf"), (2, "angebot")]
    zustand = aufrufer.get(f"/api/v1/vereinbarungen/{vid}/zustand").get_json()
    assert [w["nach"] for w in zustand["verlauf"]][-1] == "angebot"


def test_annehmen_gibt_es_in_der_api_nicht(welt, engine, api, token_fuer):
    """Annehmen ist verbindlich und verlangt eine erneute Anmeldung im Browser – ein Token
    beweist das nicht (web.kern.erneute_anmeldung)."""
    vid = _angebot(welt, engine)
    antwort = api(token_fuer("land")).post(
        f"/api/v1/vereinbarungen/{vid}/annehmen", headers={"If-Match": "*"}
    )
    assert antwort.status_code == 404
    with Session(engine) as session:
        assert session.get(Zielvereinbarung, vid).zustand == "angebot"


def test_nachhaltung_erst_nach_unterzeichnung(welt, api, token_fuer):
    vid = welt.vereinbarung("01054")
    antwort = api(token_fuer("traeger")).get(f"/api/v1/vereinbarungen/{vid}/nachhaltung")
    assert antwort.status_code == 409
    assert "beginnt mit der Unterzeichnung" in antwort.get_json()["detail"]


def test_dokumente_und_berichte_ohne_eintraege(welt, api, token_fuer):
    vid = welt.vereinbarung("01054")
    aufrufer = api(token_fuer("traeger"))
    assert aufrufer.get(f"/api/v1/vereinbarungen/{vid}/dokumente").get_json() == {"eintraege": []}
    assert aufrufer.get(f"/api/v1/vereinbarungen/{vid}/dokumente/1").status_code == 404
    assert aufrufer.get("/api/v1/berichte").get_json()["gesamt"] == 0


ZIELE = [  # dieselben Ziele wie `vorgaben()`, als JSON
    {k: (float(w) if k in ("wert", "untere", "obere") else w) for k, w in vars(z).items() if w}
    for z in vorgaben()
]


def test_angebot_und_gegenvorschlag_mit_zielwerten(welt, api, token_fuer, engine):
    vid = welt.vereinbarung("01054")
    url = f"/api/v1/vereinbarungen/{vid}/einreichen"
    traeger, land = api(token_fuer("traeger")), api(token_fuer("land"))
    etag = traeger.get(f"/api/v1/vereinbarungen/{vid}").headers["ETag"]

    ungueltig = [{"zielindikator": "IQ", "zieltyp": "korridor", "untere": 3, "obere": 1}]
    antwort = traeger.post(url, json={"zielwerte": ungueltig}, headers={"If-Match": etag})
    assert antwort.status_code == 422 and antwort.get_json()["fehler"]
    with Session(engine) as session:  # nichts geschrieben
        assert len(session.exec(select(Revision).where(Revision.vereinbarung_id == vid)).all()) == 1

    angebot = traeger.post(url, json={"zielwerte": ZIELE, "kommentar": "per API"},
                           headers={"If-Match": etag})  # fmt: skip
    assert angebot.status_code == 201, angebot.get_json()
    daten = angebot.get_json()["vereinbarung"]
    assert daten["zustand"] == "angebot" and daten["aktuelle_revision"]["kommentar"] == "per API"
    assert (
        traeger.post(url, json={"zielwerte": ZIELE}, headers={"If-Match": etag}).status_code == 412
    )

    neu = angebot.headers["ETag"]
    assert (
        traeger.post(url, json={"zielwerte": ZIELE}, headers={"If-Match": neu}).status_code == 409
    )
    gegen = land.post(url, json={"zielwerte": ZIELE, "kommentar": "Land"},
                      headers={"If-Match": neu})  # fmt: skip
    assert gegen.status_code == 201
    assert gegen.get_json()["vereinbarung"]["zustand"] == "gegenvorschlag"


def test_revision_als_formular_oder_ohne_if_match(welt, api, token_fuer):
    vid = welt.vereinbarung("01054")
    url = f"/api/v1/vereinbarungen/{vid}/einreichen"
    traeger = api(token_fuer("traeger"))
    assert traeger.post(url, json={"zielwerte": ZIELE}).status_code == 428
    formular = traeger.post(url, data={"zielwerte": "x"}, headers={"If-Match": "*"})
    assert formular.status_code == 415
