"""Sitzungen des Kooperationsausschusses im Browser (Test-Client, echte Anmeldung; DOMAIN.md § 9):
das Land erfasst auf den Dialogseiten eine Sitzung zur unterzeichneten Vereinbarung BMAS ↔ SH
(zweimal gesendet: eine), korrigiert sie, das BMAS bestätigt die gesehene Version, danach ist sie
eingefroren (409); die Seite /bund/SH/2027 zeigt sie. Fremde Länder, Träger, Leser: 403 – auch
mit geschmiedeten POSTs."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from tests.services.nachhaltung.test_ausschuss import unterzeichnete_bund_land
from zielvereinbarung.models import DialogBestaetigung, Zielnachhaltedialog

EINGABE = {
    "datum": "2026-11-30",
    "teilnehmende": "Frau A (BMAS), Herr B (Schleswig-Holstein)",
    "datenstand": "2027-01",
    "wuerdigung_IQ": "Aggregat der zkT unter dem Ziel",
    "massnahmen": "Land berichtet im Frühjahr",
}
SEITE = "/bund/SH/2027"


@pytest.fixture
def bund_sh(welt, engine) -> int:
    with Session(engine) as s:
        vid = unterzeichnete_bund_land(s)
        s.commit()
    return vid


def sitzungen(engine) -> list[Zielnachhaltedialog]:
    with Session(engine) as s:
        return list(s.exec(select(Zielnachhaltedialog).order_by(Zielnachhaltedialog.id)))


def ausgefuellt(formular, client, url: str, **werte):
    action, felder = formular(client, url, "formular")
    for name, wert in {**EINGABE, **werte}.items():
        felder[name] = wert
    return action or url, felder


def test_erfassen_korrigieren_bestaetigen_einfrieren(client_als, formular, csrf_token, bund_sh,
                                                     engine):  # fmt: skip
    land, bund = client_als("land"), client_als("bund")
    text = land.get(SEITE).get_data(as_text=True)
    assert "Sitzungen des Kooperationsausschusses" in text
    assert "Bisher ist keine Sitzung des Kooperationsausschusses erfasst." in text
    assert f"/vereinbarungen/{bund_sh}/nachhaltung/dialog" in text  # „Sitzung erfassen“
    url = f"/vereinbarungen/{bund_sh}/nachhaltung/dialog"
    formularseite = land.get(url).get_data(as_text=True)
    assert "Sitzung des Kooperationsausschusses erfassen" in formularseite
    assert "Zurück zur Seite des Landes" in formularseite
    assert "Datum der Sitzung" in formularseite
    assert "Stand des Aggregats der zkT gegen die Ziele mit dem BMAS" in formularseite
    action, felder = ausgefuellt(formular, land, url)
    antworten = [land.post(action, data=felder) for _ in range(3)]
    [s] = sitzungen(engine)
    assert s.partei == "land"
    assert all(a.status_code == 302 for a in antworten)
    assert all(a.location.endswith(f"{SEITE}#dialog-{s.id}") for a in antworten)
    assert "Sitzung des Kooperationsausschusses wurde gespeichert" in land.get(SEITE).get_data(
        as_text=True
    )

    # das Land korrigiert (Version 1 → 2), bevor das BMAS bestätigt
    korr = f"/vereinbarungen/{bund_sh}/nachhaltung/dialog/{s.id}/korrigieren"
    assert bund.get(korr).status_code == 403  # nicht die erfassende Seite
    action, felder = ausgefuellt(formular, land, korr, massnahmen="Land berichtet im März")
    assert land.post(action, data=felder).status_code == 302
    start = bund.get("/").get_data(as_text=True)  # auf der Startseite des BMAS
    assert "Sitzung des Kooperationsausschusses vom 30.11.2026 bestätigen" in start
    text = bund.get(SEITE).get_data(as_text=True)
    assert "Wartet auf die Bestätigung durch das BMAS" in text
    assert "Land berichtet im März" in text and "Sitzung vom 30.11.2026 bestätigen" in text

    bestaetigen = f"/vereinbarungen/{bund_sh}/nachhaltung/dialog/{s.id}/bestaetigen"
    # das Land bestätigt nicht selbst (geschmiedeter POST), eine alte Version nicht
    token_land = csrf_token(land, SEITE)
    assert (
        land.post(bestaetigen, data={"csrf_token": token_land, "version": "2"}).status_code == 403
    )
    token = csrf_token(bund, SEITE)
    assert bund.post(bestaetigen, data={"csrf_token": token, "version": "1"}).status_code == 409
    with Session(engine) as db:
        assert db.get(DialogBestaetigung, s.id) is None
    antwort = bund.post(bestaetigen, data={"csrf_token": token, "version": "2"})
    assert antwort.status_code == 302 and antwort.location.endswith(f"{SEITE}#dialog-{s.id}")
    text = land.get(SEITE).get_data(as_text=True)
    assert "Bestätigt am" in text and "(BMAS) (Version 2)" in text
    # eingefroren: Korrigieren 409, nichts geändert; zweites Bestätigen: Hinweis, keine zweite
    assert land.get(korr).status_code == 409
    assert land.post(action, data={**felder, "massnahmen": "später"}).status_code == 409
    assert sitzungen(engine)[0].massnahmen == "Land berichtet im März"
    antwort = bund.post(bestaetigen, data={"csrf_token": token, "version": "2"})
    assert antwort.status_code == 302 and antwort.location.endswith(f"{SEITE}#dialog-{s.id}")


def test_fremde_und_leser_werden_abgewiesen(client_als, formular, csrf_token, bund_sh, engine):
    land = client_als("land")
    action, felder = ausgefuellt(formular, land, f"/vereinbarungen/{bund_sh}/nachhaltung/dialog")
    # Leser des Landes sieht die Seite, aber keinen Knopf und kein Formular
    leser = client_als("leser")
    text = leser.get(SEITE).get_data(as_text=True)
    assert "Sitzungen des Kooperationsausschusses" in text
    assert f"/vereinbarungen/{bund_sh}/nachhaltung/dialog" not in text
    for wer in ("leser", "land-ni", "traeger"):
        client = client_als(wer)
        assert client.get(f"/vereinbarungen/{bund_sh}/nachhaltung/dialog").status_code == 403
        geschmiedet = {**felder, "csrf_token": csrf_token(client, "/")}
        assert client.post(action, data=geschmiedet).status_code == 403
    assert sitzungen(engine) == []
    assert client_als("land-ni").get(SEITE).status_code == 403
    assert client_als("traeger").get(SEITE).status_code == 403
    # der ehrliche Weg geht weiter: das BMAS erfasst, das Land bestätigt
    bund = client_als("bund")
    action, felder = ausgefuellt(formular, bund, f"/vereinbarungen/{bund_sh}/nachhaltung/dialog")
    assert bund.post(action, data=felder).status_code == 302
    [s] = sitzungen(engine)
    assert s.partei == "bund"
    bestaetigen = f"/vereinbarungen/{bund_sh}/nachhaltung/dialog/{s.id}/bestaetigen"
    for wer in ("land-ni", "leser"):
        client = client_als(wer)
        daten = {"csrf_token": csrf_token(client, "/"), "version": "1"}
        assert client.post(bestaetigen, data=daten).status_code == 403
    assert "Wartet auf die Bestätigung durch das Land" in land.get(SEITE).get_data(as_text=True)
    daten = {"csrf_token": csrf_token(land, SEITE), "version": "1"}
    assert land.post(bestaetigen, data=daten).status_code == 302
    with Session(engine) as db:
        assert db.get(DialogBestaetigung, s.id).partei == "land"
