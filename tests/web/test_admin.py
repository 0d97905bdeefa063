"""Benutzerverwaltung und Audit-Protokoll im Browser (nur Administration)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.models import AuditEreignis, Benutzer
from zielvereinbarung.services.audit.kette import protokolliere

NEU = {
    "benutzername": "neu-ni",
    "name": "Herr Neu",
    "email": "",
    "rolle": "land",
    "land_code": "NI",
    "traeger_ags": "",
    "passwort": "ein-gutes-passwort",
    "passwort_wiederholung": "ein-gutes-passwort",
}


@pytest.mark.parametrize("rolle", ["land", "traeger", "leser"])
@pytest.mark.parametrize("url", ["/admin/benutzer", "/admin/benutzer/neu", "/admin/audit"])
def test_administration_nur_fuer_admins(welt, client_als, rolle, url):
    antwort = client_als(rolle).get(url)
    assert antwort.status_code == 403 and "Kein Zugriff" in antwort.get_data(as_text=True)


def test_navigation_haengt_von_der_rolle_ab(welt, client_als):
    admin = client_als("admin").get("/admin/benutzer").get_data(as_text=True)
    assert 'href="/admin/audit"' in admin
    assert '<a href="/admin/benutzer" aria-current="page">Benutzer</a>' in admin
    land = client_als("land").get("/").get_data(as_text=True)
    assert 'aria-label="Hauptnavigation"' in land and "/admin/" not in land


def test_benutzer_anlegen(welt, client_als, csrf_token, engine, app):
    client = client_als("admin")
    antwort = client.post(
        "/admin/benutzer/neu", data={**NEU, "csrf_token": csrf_token(client, "/admin/benutzer/neu")}
    )
    assert antwort.status_code == 302 and antwort.headers["Location"] == "/admin/benutzer"
    liste = client.get("/admin/benutzer").get_data(as_text=True)
    assert "Benutzer „neu-ni“ angelegt." in liste and 'role="status"' in liste
    with Session(engine) as session:
        ereignis = session.exec(select(AuditEreignis).order_by(AuditEreignis.id.desc())).first()
    assert (ereignis.akteur, ereignis.aktion) == ("admin", "benutzer_angelegt")

    neu = app.test_client()
    antwort = neu.post(
        "/anmelden",
        data={
            "benutzername": "neu-ni",
            "passwort": "ein-gutes-passwort",
            "csrf_token": csrf_token(neu),
        },
    )
    assert antwort.status_code == 302


def test_eingabefehler_stehen_an_den_feldern(welt, client_als, csrf_token, engine):
    client = client_als("admin")
    daten = {
        **NEU,
        "benutzername": "Mit Leerzeichen",
        "land_code": "",
        "passwort": "kurz",
        "passwort_wiederholung": "kurz",
        "csrf_token": csrf_token(client, "/admin/benutzer/neu"),
    }
    antwort = client.post("/admin/benutzer/neu", data=daten)
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200
    assert "Bitte korrigieren Sie Ihre Eingaben" in text
    for feld, meldung in [
        ("benutzername", "Der Benutzername muss 3 bis 40 Zeichen lang sein"),
        ("land_code", "Für die Rolle Land bitte genau ein Land angeben."),
        ("passwort", "Das Passwort muss mindestens 12 Zeichen lang sein."),
    ]:
        eingabe = re.search(rf'<(input|select)[^>]*\bid="{feld}"[^>]*>', text).group(0)
        assert 'aria-invalid="true"' in eingabe, feld
        assert f"{feld}-fehler" in re.search(r'aria-describedby="([^"]+)"', eingabe).group(1)
        assert re.search(rf'id="{feld}-fehler">.*{re.escape(meldung)}', text), feld
        assert f'href="#{feld}"' in text  # Verweis aus der Fehlerübersicht
    verweise = re.findall(
        r'<a href="#(\w+)">',
        re.search(r'class="fehleruebersicht".*?</div>', text, re.DOTALL).group(0),
    )
    assert verweise == ["benutzername", "land_code", "passwort"]  # Reihenfolge wie auf der Seite
    name = re.search(r'<input[^>]*\bid="name"[^>]*>', text).group(0)
    assert "aria-invalid" not in name and 'value="Herr Neu"' in name
    with Session(engine) as session:
        assert (
            session.exec(select(Benutzer).where(Benutzer.benutzername == "mit leerzeichen")).first()
            is None
        )


def test_passwort_wiederholung_muss_passen(welt, client_als, csrf_token):
    client = client_als("admin")
    daten = {
        **NEU,
        "passwort_wiederholung": "etwas-anderes-x",
        "csrf_token": csrf_token(client, "/"),
    }
    text = client.post("/admin/benutzer/neu", data=daten).get_data(as_text=True)
    assert "Die beiden Passwörter stimmen nicht überein." in text


def test_rolle_bereich_und_aktiv_aendern(welt, client_als, csrf_token, app):
    betroffen = client_als("land-ni")
    client = client_als("admin")
    benutzer_id = welt.benutzer_ids["land-ni"]
    url = f"/admin/benutzer/{benutzer_id}"
    seite = client.get(url).get_data(as_text=True)
    assert 'value="Demo Land NI"' in seite and '<option selected value="NI">' in seite

    antwort = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "name": "Demo Land NI",
            "rolle": "leser",
            "land_code": "",
            "traeger_ags": "03157",
        },
    )
    assert antwort.status_code == 302
    # „aktiv“ nicht angekreuzt: das Konto ist gesperrt, die laufende Sitzung endet sofort.
    assert betroffen.get("/").status_code == 302
    neu = app.test_client()
    antwort = neu.post(
        "/anmelden",
        data={"benutzername": "land-ni", "passwort": DEMO_PASSWORT, "csrf_token": csrf_token(neu)},
    )
    assert "Benutzername oder Passwort falsch." in antwort.get_data(as_text=True)


def test_passwort_zuruecksetzen_beendet_sitzungen(welt, client_als, csrf_token, app):
    betroffen = client_als("land-ni")
    assert betroffen.get("/").status_code == 200
    client = client_als("admin")
    benutzer_id = welt.benutzer_ids["land-ni"]
    url = f"/admin/benutzer/{benutzer_id}/passwort"
    token = csrf_token(client, f"/admin/benutzer/{benutzer_id}")
    kurz = client.post(
        url, data={"csrf_token": token, "passwort": "kurz", "passwort_wiederholung": "kurz"}
    )
    assert kurz.status_code == 200 and "mindestens 12 Zeichen" in kurz.get_data(as_text=True)

    antwort = client.post(
        url,
        data={
            "csrf_token": token,
            "passwort": "neues-passwort-123",
            "passwort_wiederholung": "neues-passwort-123",
        },
    )
    assert antwort.status_code == 302
    assert betroffen.get("/").status_code == 302
    neu = app.test_client()
    assert (
        neu.post(
            "/anmelden",
            data={
                "benutzername": "land-ni",
                "passwort": "neues-passwort-123",
                "csrf_token": csrf_token(neu),
            },
        ).status_code
        == 302
    )


def test_unbekannter_benutzer_404(welt, client_als):
    assert client_als("admin").get("/admin/benutzer/999999").status_code == 404


def test_audit_seite_filtert_und_blaettert(welt, client_als, engine):
    with Session(engine) as session:
        start = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
        for i in range(60):
            protokolliere(
                session,
                "land-sh",
                "revision",
                "zielvereinbarung",
                i % 3,
                {"nr": i},
                start + timedelta(minutes=i),
            )
        session.commit()
    client = client_als("admin")
    seite = client.get("/admin/audit").get_data(as_text=True)
    assert "Ereignisse, Seite 1 von 2" in seite and "Ältere Ereignisse" in seite
    assert seite.index("anmeldung") < seite.index("revision")  # neueste zuerst

    gefiltert = client.get(
        "/admin/audit?akteur=land-sh&aktion=revision&objekt_typ=zielvereinbarung"
        "&objekt_id=1&von=2026-01-10&bis=2026-01-10"
    ).get_data(as_text=True)
    assert "20 Ereignisse" in gefiltert and "benutzer_angelegt" not in gefiltert.split("<tbody>")[1]
    seite2 = client.get("/admin/audit?seite=2").get_data(as_text=True)
    assert "Seite 2 von 2" in seite2 and "Neuere Ereignisse" in seite2
    leer = client.get("/admin/audit?von=2030-01-01").get_data(as_text=True)
    assert "Keine Ereignisse für diese Auswahl." in leer
