"""Startseite als Arbeitsliste und Hinweise im Browser (Test-Client, echte Anmeldung): Aufgaben
mit Frist, Zeitplan des Landes (speichern, Fehler am Feld, nur das eigene Land), Hinweise mit
Zahl im Kopf, öffnen, als gelesen markieren; fremde Hinweise sind 404."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from zielvereinbarung.models import Hinweis, LandZeitplan

from .conftest import hole_csrf_token

DATEN = {"frist_angebote": "2026-11-30", "ziel_einigung": "31.01.2027", "unterzeichnung": ""}


def _zeitplan(client, land="SH", **daten):
    token = hole_csrf_token(client, "/")
    return client.post(f"/zeitplan/{land}/2027", data={**DATEN, **daten, "csrf_token": token})


def test_land_setzt_zeitplan_traeger_sieht_frist_und_hinweis(client_als, welt, engine):
    welt.vereinbarung("01054")  # Entwürfe 2027 in SH: die Träger sind am Zug
    land = client_als("land")
    seite = land.get("/").get_data(as_text=True)
    assert "<h1>Arbeitsliste</h1>" in seite and "Zeitplan 2027: Schleswig-Holstein" in seite
    assert "Zurzeit ist nichts bei Ihnen am Zug." in seite
    antwort = _zeitplan(land)
    assert antwort.status_code == 302 and antwort.headers["Location"].endswith("/#zeitplan")
    assert "Der Zeitplan 2027 ist gespeichert." in land.get("/").get_data(as_text=True)
    with Session(engine) as s:
        z = s.get(LandZeitplan, ("SH", 2027))
        assert (z.frist_angebote.isoformat(), z.ziel_einigung.isoformat()) == (
            "2026-11-30", "2027-01-31")  # fmt: skip
        assert z.unterzeichnung is None

    traeger = client_als("traeger")
    start = traeger.get("/").get_data(as_text=True)
    assert "Kreis Nordfriesland: Angebot einreichen" in start
    assert "Frist für Angebote bis 30.11.2026" in start
    # zwei Hinweise: der Entwurf liegt vor, der Zeitplan ist gesetzt
    assert re.search(r'class="hinweiszahl">2<span class="nur-vorlesen"> ungelesen', start)
    liste = traeger.get("/hinweise").get_data(as_text=True)
    assert "Ungelesen: " in liste and "Zeitplan Zielvereinbarung 2027" in liste
    assert "Zielvereinbarung 2027 Nordfriesland: Entwurf liegt vor" in liste
    eigene = Hinweis.benutzer_id == welt.benutzer_ids["traeger-01054"]
    with Session(engine) as s:
        h = s.exec(select(Hinweis).where(eigene, Hinweis.art == "zeitplan")).one()
    weiter = traeger.get(f"/hinweise/{h.id}")
    assert weiter.status_code == 302 and weiter.headers["Location"] == "/"
    assert 'class="hinweiszahl">1<' in traeger.get("/hinweise").get_data(as_text=True)


def test_ungueltiger_zeitplan_zeigt_fehler_am_feld_und_speichert_nichts(client_als, welt, engine):
    antwort = _zeitplan(
        client_als("land"), frist_angebote="2027-02-01", unterzeichnung="31.02.2027"
    )
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 422
    assert "Bitte korrigieren Sie Ihre Eingaben" in text
    assert "Bitte ein gültiges Datum angeben (TT.MM.JJJJ)." in text
    falsch = _zeitplan(client_als("land"), frist_angebote="2027-02-01")
    assert "Ziel der Einigung liegt vor „Frist für Angebote“ (01.02.2027)." in falsch.get_data(
        as_text=True
    )
    assert 'aria-invalid="true"' in falsch.get_data(as_text=True)
    with Session(engine) as s:
        assert s.get(LandZeitplan, ("SH", 2027)) is None


def test_zeitplan_nur_fuer_das_eigene_land(client_als, welt):
    assert _zeitplan(client_als("land"), land="NI").status_code == 403
    assert _zeitplan(client_als("leser")).status_code == 403
    assert _zeitplan(client_als("traeger")).status_code == 403
    assert _zeitplan(client_als("land"), land="XX").status_code == 404
    leser = client_als("leser").get("/").get_data(as_text=True)
    assert "Zeitplan speichern" not in leser and "Mit Lesezugriff sind Sie" in leser


def test_hinweise_markieren_und_fremde_sind_404(client_als, welt, engine):
    from datetime import UTC, datetime

    with Session(engine) as s:
        for nr in (1, 2):
            s.add(Hinweis(benutzer_id=welt.benutzer_ids["land-sh"], art="test", titel=f"H{nr}",
                          text="Text", pfad="//boese.example/x",
                          erstellt_am=datetime.now(UTC)))  # fmt: skip
        s.add(Hinweis(benutzer_id=welt.benutzer_ids["land-ni"], art="test", titel="fremd",
                      text="x", erstellt_am=datetime.now(UTC)))  # fmt: skip
        s.commit()
        eigene = s.exec(select(Hinweis.id).where(Hinweis.titel.in_(["H1", "H2"]))).all()
        fremd = s.exec(select(Hinweis.id).where(Hinweis.titel == "fremd")).one()
    land = client_als("land")
    assert "nur ungelesene (2)" in land.get("/hinweise").get_data(as_text=True)
    # ein Pfad auf einen fremden Host wird nicht verfolgt
    assert land.get(f"/hinweise/{eigene[0]}").headers["Location"] == "/hinweise"
    token = hole_csrf_token(land, "/hinweise")
    assert land.get(f"/hinweise/{fremd}").status_code == 404
    assert land.post(f"/hinweise/{fremd}/gelesen", data={"csrf_token": token}).status_code == 404
    assert land.post("/hinweise/gelesen", data={"csrf_token": token}).status_code == 302
    assert "1 Hinweis als gelesen markiert." in land.get("/hinweise").get_data(as_text=True)
    with Session(engine) as s:
        assert s.get(Hinweis, fremd).gelesen_am is None
