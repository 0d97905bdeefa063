"""Zielnachhaltedialog bestätigen im Browser (Test-Client, echte Anmeldung): der Träger erfasst,
das Land sieht ihn auf der Startseite und bestätigt auf der Nachhaltungsseite; die erfassende
Seite und der Leser dürfen nicht, doppelt Abschicken schadet nicht."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from zielvereinbarung.models import DialogBestaetigung, Zielnachhaltedialog

from .test_nachhaltung_seiten import unterzeichnet  # noqa: F401  (Fixture)


def test_traeger_erfasst_land_bestaetigt(client_als, csrf_token, unterzeichnet, engine):  # noqa: F811
    vid = unterzeichnet["01054"]
    traeger = client_als("traeger")
    url = f"/vereinbarungen/{vid}/nachhaltung/dialog"
    daten = {
        "csrf_token": csrf_token(traeger, url),
        "datum": "2026-05-12",
        "teilnehmende": "Frau A, Herr B",
        "datenstand": "2026-03",
        "massnahmen": "Vermittlungsoffensive",
    }
    assert traeger.post(url, data=daten).status_code == 302
    with Session(engine) as session:
        (dialog,) = session.exec(select(Zielnachhaltedialog)).all()
    seite = f"/vereinbarungen/{vid}/nachhaltung"
    ziel = f"{seite}/dialog/{dialog.id}/bestaetigen"
    eigene = traeger.get(seite).get_data(as_text=True)
    assert "Wartet auf die Bestätigung durch das Land." in eigene and ziel not in eigene

    land = client_als("land")
    start = land.get("/").get_data(as_text=True)
    assert "Zielnachhaltedialoge zur Bestätigung" in start
    assert "Kreis Nordfriesland: Zielnachhaltedialog vom 12.05.2026 bestätigen" in start
    assert f'href="{seite}#dialog-{dialog.id}"' in start
    text = land.get(seite).get_data(as_text=True)
    assert f'id="dialog-{dialog.id}"' in text and f'action="{ziel}"' in text
    assert "Dialog vom 12.05.2026 bestätigen" in text

    assert 'name="version" value="1"' in text  # bestätigt wird die gesehene Version
    eigene_seite = {"csrf_token": csrf_token(traeger, "/"), "version": "1"}
    assert traeger.post(ziel, data=eigene_seite).status_code == 403
    leser = client_als("leser")
    assert (
        leser.post(ziel, data={"csrf_token": csrf_token(leser, "/"), "version": "1"}).status_code
        == 403
    )
    assert land.post(ziel, data={"version": "1"}).status_code in (302, 400)  # ohne CSRF nichts
    ohne_version = {"csrf_token": csrf_token(land, "/")}
    assert land.post(ziel, data=ohne_version).status_code == 400
    with Session(engine) as session:
        assert session.exec(select(DialogBestaetigung)).all() == []

    token = csrf_token(land, "/")
    antwort = land.post(ziel, data={"csrf_token": token, "version": "1"})
    assert antwort.status_code == 302 and antwort.location.endswith(f"#dialog-{dialog.id}")
    text = land.get(seite).get_data(as_text=True)
    assert "Der Zielnachhaltedialog ist bestätigt; er ist jetzt eingefroren." in text
    assert re.search(r"Bestätigt am \d\d\.\d\d\.\d{4} von land-sh \(Land\)\.", text)
    assert f'action="{ziel}"' not in text
    nochmal = land.post(ziel, data={"csrf_token": token, "version": "1"})
    assert nochmal.status_code == 302
    assert "bereits bestätigt" in land.get(seite).get_data(as_text=True)
    assert "Zielnachhaltedialoge zur Bestätigung" not in land.get("/").get_data(as_text=True)
    with Session(engine) as session:
        assert len(session.exec(select(DialogBestaetigung)).all()) == 1
