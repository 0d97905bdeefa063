"""Änderungsvereinbarung im Browser (Test-Client, echte Anmeldung): das Land legt sie auf der
Seite der unterzeichneten Zielvereinbarung an, der Träger regt sie an; geschmiedete POSTs
fremder Rollen scheitern mit 403 und legen nichts an; die Nachhaltung nennt die Änderung;
/pruefen erkennt die unterzeichnete Änderung und verweist auf die geänderte Vereinbarung."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlmodel import Session, select

from tests.web.test_nachhaltung_seiten import _csv
from zielvereinbarung.demo.unterzeichnung import bringe_in_zustand
from zielvereinbarung.demo.vereinbarungen import unterzeichne, unterzeichne_land
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.models import Zielvereinbarung
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
from zielvereinbarung.services.verhandlung.aenderung import lege_aenderung_an
from zielvereinbarung.services.verhandlung.lesen import letzte_revision
from zielvereinbarung.services.verhandlung.schritte import reiche_angebot_ein

JETZT = datetime(2026, 5, 20, tzinfo=UTC)


@pytest.fixture
def unterzeichnet(welt, engine) -> int:
    """Unterzeichnete Zielvereinbarung 2026 von 01054 (und der übrigen zkT in SH)."""
    with Session(engine) as session:
        importiere_basiszahlen(session, "basis.csv", _csv(), "test", JETZT)
        ids = dict(unterzeichne_land(session, "SH", 2026, JETZT))
        session.commit()
    return ids["01054"]


def _aenderungen(engine) -> list[Zielvereinbarung]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Zielvereinbarung).where(Zielvereinbarung.aenderung_von_id.is_not(None))
            )
        )


def test_land_legt_an_traeger_regt_an(client_als, csrf_token, unterzeichnet, engine):
    url = f"/vereinbarungen/{unterzeichnet}"
    land = client_als("land")
    seite = land.get(url).get_data(as_text=True)
    assert "Änderungsvereinbarung anlegen" in seite and "beim Land anregen" not in seite
    traeger = client_als("traeger")
    seite = traeger.get(url).get_data(as_text=True)
    assert "beim Land anregen" in seite and "Änderungsvereinbarung anlegen" not in seite
    assert "Änderungsvereinbarung anlegen" not in client_als("leser").get(url).get_data(
        as_text=True
    )

    # Anregen: ohne Begründung eine Meldung, mit Begründung geht es ans Land
    token = csrf_token(traeger, url)
    leer = traeger.post(f"{url}/aenderung/anregen", data={"csrf_token": token},
                        follow_redirects=True)  # fmt: skip
    assert "Bitte begründen Sie" in leer.get_data(as_text=True)
    ok = traeger.post(f"{url}/aenderung/anregen",
                      data={"csrf_token": token, "begruendung": "Großbetrieb schließt"},
                      follow_redirects=True)  # fmt: skip
    assert "Ihre Anregung ist beim Land angekommen" in ok.get_data(as_text=True)

    token = csrf_token(land, url)
    antwort = land.post(f"{url}/aenderung", data={"csrf_token": token, "anlass": "Einbruch"})
    assert antwort.status_code == 302
    [aenderung] = _aenderungen(engine)
    assert antwort.headers["Location"].endswith(f"/vereinbarungen/{aenderung.id}")
    neu = land.get(f"/vereinbarungen/{aenderung.id}").get_data(as_text=True)
    assert "Änderungsvereinbarung Nr. 1 zur Zielvereinbarung 2026 – Kreis Nordfriesland" in neu
    assert "Was diese Änderungsvereinbarung ändert" in neu and "ändert noch kein Ziel" in neu
    assert "Einbruch" in neu  # der Anlass ist der Kommentar des Entwurfs
    # die Seite des Originals listet sie, bietet aber keine zweite an
    original = land.get(url).get_data(as_text=True)
    assert "Änderungsvereinbarung Nr. 1</a> – Entwurf" in original
    assert "Änderungsvereinbarung anlegen" not in original


@pytest.mark.parametrize("rolle", ["traeger", "leser", "land-ni", "traeger-03157"])
def test_geschmiedete_posts(client_als, csrf_token, unterzeichnet, engine, rolle):
    client = client_als(rolle)
    token = csrf_token(client, "/")
    antwort = client.post(f"/vereinbarungen/{unterzeichnet}/aenderung",
                          data={"csrf_token": token})  # fmt: skip
    assert antwort.status_code == 403
    assert _aenderungen(engine) == []
    # der ehrliche Weg geht weiter
    land = client_als("land")
    token = csrf_token(land, f"/vereinbarungen/{unterzeichnet}")
    assert land.post(f"/vereinbarungen/{unterzeichnet}/aenderung",
                     data={"csrf_token": token}).status_code == 302  # fmt: skip
    assert len(_aenderungen(engine)) == 1


def test_anregen_fremder_traeger_und_ohne_csrf(client_als, csrf_token, unterzeichnet, engine):
    fremd = client_als("traeger-03157")
    token = csrf_token(fremd, "/")
    antwort = fremd.post(f"/vereinbarungen/{unterzeichnet}/aenderung/anregen",
                         data={"csrf_token": token, "begruendung": "x"})  # fmt: skip
    assert antwort.status_code == 403
    land = client_als("land")
    ohne = land.post(f"/vereinbarungen/{unterzeichnet}/aenderung", data={})
    assert ohne.status_code == 400 and _aenderungen(engine) == []


def test_nachhaltung_nennt_die_unterzeichnete_aenderung(client_als, csrf_token, unterzeichnet,
                                                        engine):  # fmt: skip
    land = client_als("land")
    token = csrf_token(land, f"/vereinbarungen/{unterzeichnet}")
    land.post(f"/vereinbarungen/{unterzeichnet}/aenderung", data={"csrf_token": token})
    [aenderung] = _aenderungen(engine)
    spaeter = JETZT + timedelta(days=3)
    with Session(engine) as session:
        v = session.get(Zielvereinbarung, aenderung.id)
        neu = [replace(x, wert=D(-5), kommentar=None) if x.zielindikator == "IQ" else x
               for x in letzte_revision(session, v).vorgaben()]  # fmt: skip
        unterzeichne(session, v.id, spaeter, neu)
        session.commit()
    seite = land.get(f"/vereinbarungen/{unterzeichnet}/nachhaltung").get_data(as_text=True)
    assert "geändert durch Änderungsvereinbarung Nr. 1 vom" in seite and "auf Kurs" in seite
    aenderungsseite = land.get(f"/vereinbarungen/{aenderung.id}").get_data(as_text=True)
    assert "+2,5 %" in aenderungsseite and "−5,0 %" in aenderungsseite
    # eine Änderung hat keine eigene Nachhaltung
    assert land.get(f"/vereinbarungen/{aenderung.id}/nachhaltung").status_code == 409


def test_pruefen_erkennt_die_aenderungsvereinbarung(app, engine, einigung, client_als,
                                                    csrf_token):  # fmt: skip
    """/pruefen: die unterzeichnete Änderung ist gültig und als solche benannt, mit Verweis auf
    die geänderte Zielvereinbarung; das Original bleibt gültig."""

    land = Akteur("land-sh", "land", land_code="SH")
    traeger = Akteur("traeger-01054", "traeger", traeger_ags="01054")
    einst = DokumentEinstellungen.aus_konfiguration(app.config, app.instance_path)
    jetzt = datetime.now(UTC)
    with Session(engine) as session:
        assert bringe_in_zustand(session, einst, einigung, "unterzeichnet", land, traeger,
                                 jetzt) == "unterzeichnet"  # fmt: skip
        a = lege_aenderung_an(session, einigung, land, jetzt + timedelta(seconds=10))
        v = session.get(Zielvereinbarung, a.vereinbarung_id)
        neu = [replace(x, wert=D(1), kommentar=None) if x.zielindikator == "IQ" else x
               for x in letzte_revision(session, v).vorgaben()]  # fmt: skip
        reiche_angebot_ein(session, v.id, 1, neu, None, traeger, jetzt + timedelta(seconds=11))
        assert bringe_in_zustand(session, einst, v.id, "unterzeichnet", land, traeger,
                                 jetzt + timedelta(seconds=12)) == "unterzeichnet"  # fmt: skip
        session.commit()
        aid = v.id
    leser = client_als("leser")
    texte = []
    for vid, erwartet in (
        (aid, "unterzeichnete Änderungsvereinbarung Nr. 1."),
        (einigung, "unterzeichnete Zielvereinbarung."),
    ):
        pdf = leser.get(f"/vereinbarungen/{vid}/dokument/v3.pdf")
        assert pdf.status_code == 200
        geprueft = leser.post(
            "/pruefen",
            data={"csrf_token": csrf_token(leser, "/pruefen"),
                  "datei": (io.BytesIO(pdf.data), "datei.pdf")},
            content_type="multipart/form-data",
        )  # fmt: skip
        text = geprueft.get_data(as_text=True)
        assert f"Gültig:</strong> Dies ist die von Träger und Land {erwartet}" in text, text[:3000]
        texte.append(text)
    assert (
        f'ändert die <a href="/vereinbarungen/{einigung}">Zielvereinbarung {einigung}</a>'
        in (texte[0])
    )
    assert "ändert die" not in texte[1]
