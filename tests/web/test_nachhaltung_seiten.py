"""Nachhaltungsseite, Zielnachhaltedialog, Jahresabschluss, Berichtsarchiv und Jobs im Browser
(Test-Client, echte Anmeldung). Zahlen wie in tests/fixtures/nachhaltung.py: 01054 hat eLb 1.000,
25 Integrationen je Monat 2025 und 24 je Monat 2026 → IQ 2026-03 = 7,2 %, Projektion 28,8 %."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from zielvereinbarung.demo.vereinbarungen import unterzeichne_land
from zielvereinbarung.domain.basiszahlen import monat_index, monat_text
from zielvereinbarung.jobs.ausfuehrung import angeforderte_ausfuehren
from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte
from zielvereinbarung.models import JobLauf, Zielnachhaltedialog, Zielvereinbarung
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen

JETZT = datetime(2026, 5, 20, tzinfo=UTC)


def _csv() -> bytes:
    zeilen = ["ags,monat,datenstand,elb,integrationen,lzb,llu"]
    for ags, elb, i25, i26 in (
        ("01054", 1000, 25, 24),
        ("01059", 2000, 60, 66),
        ("03157", 3000, 90, 90),
    ):
        for m in range(monat_index("2024-12"), monat_index("2026-03") + 1):
            i = i26 if m // 12 == 2026 else i25
            zeilen.append(f"{ags},{monat_text(m)},2026-05-15,{elb},{i},400,10000.00")
    return ("\n".join(zeilen) + "\n").encode()


@pytest.fixture
def unterzeichnet(welt, engine) -> dict[str, int]:
    """Unterzeichnete Vereinbarungen 2026 für alle zkT in SH und NI; {ags: id}."""
    with Session(engine) as session:
        importiere_basiszahlen(session, "basis.csv", _csv(), "test", JETZT)
        session.commit()
        ids = {}
        for land in ("SH", "NI"):
            ids.update(unterzeichne_land(session, land, 2026, JETZT))
            session.commit()
    return ids


@pytest.fixture
def ablage(tmp_path, monkeypatch):
    monkeypatch.setenv("ZV_BERICHTE_PATH", str(tmp_path / "berichte"))
    return tmp_path / "berichte"


def test_nachhaltungsseite_zeigt_werte_status_und_diagramm(client_als, unterzeichnet):
    seite = client_als("land").get(f"/vereinbarungen/{unterzeichnet['01054']}/nachhaltung")
    text = seite.get_data(as_text=True)
    assert seite.status_code == 200
    for erwartet in (
        "März 2026",
        "7,2 %",
        "7,5 %",
        "28,8 %",
        "kritisch",
        "Saisonfaktor des Vorjahres",
        "15.05.2026",
        'class="diagramm"',
        "Rang im Land",
        "Zielpfad",
    ):
        assert erwartet in text, erwartet
    anderer_monat = client_als("traeger").get(
        f"/vereinbarungen/{unterzeichnet['01054']}/nachhaltung?monat=2026-01"
    )
    assert "Januar 2026" in anderer_monat.get_data(as_text=True)


def test_einstieg_listet_die_eigenen_vereinbarungen(client_als, unterzeichnet):
    land = client_als("land").get("/nachhaltung").get_data(as_text=True)
    assert f'href="/vereinbarungen/{unterzeichnet["01054"]}/nachhaltung"' in land
    assert "Region Hannover" not in land
    traeger = client_als("traeger").get("/nachhaltung").get_data(as_text=True)
    assert "Kreis Nordfriesland" in traeger and "Schleswig-Flensburg" not in traeger


def test_nicht_unterzeichnet_gibt_409(client_als, welt, unterzeichnet, engine):
    with Session(engine) as session:
        v = session.get(Zielvereinbarung, unterzeichnet["01059"])
        v.zustand = "einigung"
        session.commit()
    antwort = client_als("land").get(f"/vereinbarungen/{unterzeichnet['01059']}/nachhaltung")
    assert antwort.status_code == 409 and "beginnt mit der Unterzeichnung" in antwort.get_data(
        as_text=True
    )


def test_dialog_erfassen(client_als, csrf_token, unterzeichnet, engine):
    vid = unterzeichnet["01054"]
    client = client_als("traeger")
    url = f"/vereinbarungen/{vid}/nachhaltung/dialog"
    token = csrf_token(client, url)
    fehler = client.post(url, data={"csrf_token": token, "datenstand": "2026-3"})
    assert fehler.status_code == 200 and "Bitte korrigieren" in fehler.get_data(as_text=True)
    ok = client.post(
        url,
        data={
            "csrf_token": token,
            "datum": "2026-05-12",
            "teilnehmende": "Frau A, Herr B",
            "datenstand": "2026-03",
            "wuerdigung_IQ": "Rückstand aufholen",
            "massnahmen": "Vermittlungsoffensive",
        },
    )
    assert ok.status_code == 302
    seite = client.get(f"/vereinbarungen/{vid}/nachhaltung").get_data(as_text=True)
    assert (
        "Daten bis März 2026" in seite
        and "Rückstand aufholen" in seite
        and "Vermittlungsoffensive" in seite
    )
    assert client_als("leser").get(url).status_code == 403
    with Session(engine) as session:
        assert len(session.exec(select(Zielnachhaltedialog)).all()) == 1


def test_jahresabschluss_nur_land_und_nur_mit_dezember(client_als, csrf_token, unterzeichnet):
    vid = unterzeichnet["01054"]
    traeger = client_als("traeger")
    assert (
        traeger.post(
            f"/vereinbarungen/{vid}/jahresabschluss", data={"csrf_token": csrf_token(traeger, "/")}
        ).status_code
        == 403
    )
    land = client_als("land")
    antwort = land.post(
        f"/vereinbarungen/{vid}/jahresabschluss",
        data={"csrf_token": csrf_token(land, "/")},
        follow_redirects=True,
    )
    assert "fehlen die Daten für Dezember 2026" in antwort.get_data(as_text=True)


def test_unterzeichnet_ist_niemand_am_zug_und_kein_abschlussknopf(client_als, unterzeichnet):
    """Issue 9: „unterzeichnet – Land am Zug“ mit einem Hauptknopf „Jahresabschluss“, der vor den
    Dezemberdaten nur scheitern kann. Jetzt: niemand am Zug, ein Verweis auf die Nachhaltung;
    dort steht, ab wann der Abschluss geht (kein Knopf)."""
    vid = unterzeichnet["01054"]
    land = client_als("land")
    seite = land.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "niemand am Zug" in seite and "Land am Zug" not in seite
    assert f'action="/vereinbarungen/{vid}/jahresabschluss"' not in seite
    assert f'href="/vereinbarungen/{vid}/nachhaltung">Zur Nachhaltung' in seite
    nachhaltung = land.get(f"/vereinbarungen/{vid}/nachhaltung").get_data(as_text=True)
    assert f'action="/vereinbarungen/{vid}/jahresabschluss"' not in nachhaltung
    assert "sobald die Daten für Dezember 2026 vorliegen" in nachhaltung


def test_archiv_respektiert_die_rollen(client_als, unterzeichnet, db_url, ablage):
    erzeuge_berichte(db_url, "2026-03", land="SH", arbeiter=1)
    erzeuge_berichte(db_url, "2026-03", land="NI", arbeiter=1)
    land = client_als("land").get("/berichte?monat=2026-03").get_data(as_text=True)
    assert (
        "Kreis Nordfriesland" in land and "Landesübersicht März 2026 – Schleswig-Holstein" in land
    )
    assert "Niedersachsen" not in land and "Region Hannover" not in land
    traeger = client_als("traeger")
    seite = traeger.get("/berichte").get_data(as_text=True)
    assert "Kreis Nordfriesland" in seite and "Landesübersicht März" not in seite
    assert "Schleswig-Flensburg" not in seite
    links = [
        z.split('"')[0] for z in seite.split('href="/berichte/')[1:] if "/datei" in z.split('"')[0]
    ]
    pdf = traeger.get(f"/berichte/{links[0]}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    leser = client_als("leser").get("/berichte").get_data(as_text=True)
    assert "Schleswig-Flensburg" in leser and "Niedersachsen" not in leser


def test_abonnieren_und_kuendigen(client_als, csrf_token, unterzeichnet):
    client = client_als("traeger")
    token = csrf_token(client, "/berichte")
    antwort = client.post(
        "/berichte/abonnement/traeger/01054", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Abonniert" in antwort.get_data(as_text=True)
    assert "Abonnement beenden" in antwort.get_data(as_text=True)
    antwort = client.post(
        "/berichte/abonnement/traeger/01054",
        data={"csrf_token": token, "aktion": "kuendigen"},
        follow_redirects=True,
    )
    assert "Abonnement beendet" in antwort.get_data(as_text=True)


def test_jobs_seite_und_jetzt_ausfuehren(client_als, csrf_token, welt, db_url, ablage):
    admin = client_als("admin")
    seite = admin.get("/admin/jobs").get_data(as_text=True)
    assert "Fortschrittsberichte nach neuen Daten" in seite and "Erinnerungen" in seite
    antwort = admin.post(
        "/admin/jobs/erinnerungen/ausfuehren",
        data={"csrf_token": csrf_token(admin, "/admin/jobs")},
        follow_redirects=True,
    )
    assert "angefordert" in antwort.get_data(as_text=True)
    assert angeforderte_ausfuehren(db_url) == 1
    with Session(welt.engine) as session:
        lauf = session.exec(select(JobLauf)).one()
    assert lauf.status == "ok" and "Erinnerung" in lauf.ergebnis and lauf.angefordert_von == "admin"
    assert "erfolgreich" in admin.get("/admin/jobs").get_data(as_text=True)
    assert client_als("land").get("/admin/jobs").status_code == 403


def test_zahlen_mit_erklaerung(app, client_als, unterzeichnet):
    """Issue 9 Punkt 8: die Zahlen der Nachhaltung und der Kennzahlen führen zu ihrer Erklärung
    auf /hilfe (die öffentlich ist); jeder Verweis trifft einen Begriff dort."""
    land = client_als("land")
    hilfe = app.test_client().get("/hilfe").get_data(as_text=True)  # ohne Anmeldung
    anker = set(re.findall(r'class="glossar-eintrag" id="([a-z0-9]+)"', hilfe))
    assert {"basiswert", "k2", "jahresfortschrittswert", "prozentpunkte", "projektion"} <= anker
    seiten = {
        "nachhaltung": f"/vereinbarungen/{unterzeichnet['01054']}/nachhaltung",
        "kennzahlen": "/kennzahlen/traeger/01054",
        "vereinbarung": f"/vereinbarungen/{unterzeichnet['01054']}",
    }
    verweise = {}
    for name, url in seiten.items():
        html = land.get(url).get_data(as_text=True)
        verweise[name] = set(re.findall(r'href="/hilfe#([a-z0-9]+)"', html))
        assert verweise[name] <= anker, (name, verweise[name] - anker)
    assert {"jahresfortschrittswert", "zielniveau", "projektion", "rang"} <= verweise["nachhaltung"]
    assert {"kennzahl", "k2"} <= verweise["kennzahlen"]
    assert "basiswert" in verweise["vereinbarung"]
