"""Seiten der Vereinbarungen BMAS ↔ Land (DOMAIN.md § 9) über die echten Formulare: das BMAS setzt
Orientierungswerte für Schleswig-Holstein, die Vereinbarung erscheint mit BMAS und Land als
Parteien, das Land übernimmt die Ziele als Orientierungswerte für seine zkT; das Cockpit zeigt die
13 Länder mit zkT."""

from __future__ import annotations

import io
import re

from sqlmodel import Session

from tests.factories import gleichbleibende_monate, importiere
from zielvereinbarung.services.verhandlung.bund_land import bund_land_vereinbarung
from zielvereinbarung.services.verhandlung.orientierungswerte import lade_orientierungswerte


def test_cockpit_zeigt_die_dreizehn_laender_mit_zkt(client_als):
    text = client_als("bund").get("/bund?jahr=2027").get_data(as_text=True)
    assert "BMAS-Cockpit 2027" in text and "13 Länder mit zkT" in text
    assert "Niedersachsen" in text and "Hamburg" not in text and "Bremen" not in text
    # einzelne zkT gibt es dort nicht
    assert "Nordfriesland" not in text


def test_cockpit_ohne_jahr_zeigt_das_laufende(client_als):
    """Das Cockpit ist für die Nachhaltung da: ohne Angabe das laufende Jahr, nicht das
    Planungsjahr (im Dezember stand dort sonst nur „ohne Ziel“)."""
    from datetime import date

    text = client_als("bund").get("/bund").get_data(as_text=True)
    assert f"BMAS-Cockpit {date.today().year}" in text


def test_bmas_setzt_orientierungswerte_und_land_uebernimmt_sie(client_als, csrf_token, engine):
    with Session(engine) as s:
        for ags in ("01054", "01059"):
            importiere(
                s,
                gleichbleibende_monate(
                    ags, "2025-12", "2026-12", elb=1000, integrationen=25, lzb=400
                ),
                name=f"{ags}.csv",
            )
        s.commit()
    bund = client_als("bund")
    seite = bund.get("/bund/SH/2027").get_data(as_text=True)
    assert "Orientierungswerte des BMAS setzen" in seite
    token = csrf_token(bund, "/bund/SH/2027")
    # böse Eingabe: deutsche Meldung, nichts angelegt
    antwort = bund.post(
        "/bund/SH/2027/entwurf",
        data={"csrf_token": token, "wert_IQ": "viel", "zurueck": "/bund/SH/2027"},
        follow_redirects=True,
    )
    assert antwort.status_code == 200 and "Integrationsquote" in antwort.get_data(as_text=True)
    with Session(engine) as s:
        assert bund_land_vereinbarung(s, "SH", 2027) is None
    antwort = bund.post(
        "/bund/SH/2027/entwurf",
        data={"csrf_token": token, "wert_IQ": "2,5", "wert_LZB": "-2", "zurueck": "/bund/SH/2027"},
    )
    assert antwort.status_code == 302
    ziel = antwort.headers["Location"]
    text = bund.get(ziel).get_data(as_text=True)
    assert "Zielvereinbarung 2027 – BMAS und Schleswig-Holstein" in text
    assert "Land Schleswig-Holstein (für seine zkT insgesamt)" in text

    land = client_als("land")
    seite = land.get("/bund/SH/2027").get_data(as_text=True)
    assert "Angebot bottom-up aus den Zielen der zkT einreichen" in seite
    vid = int(re.search(r"/vereinbarungen/(\d+)", ziel).group(1))
    token = csrf_token(land, "/bund/SH/2027")
    # ohne vereinbarte Ziele der zkT kein bottom-up: Meldung, zurück zur Seite des Landes
    antwort = land.post(
        f"/bund/vereinbarungen/{vid}/bottom-up",
        data={"csrf_token": token, "basis": "1", "zurueck": "/bund/SH/2027"},
        follow_redirects=True,
    )
    assert "noch kein Landesziel" in antwort.get_data(as_text=True)
    antwort = land.post(
        f"/bund/vereinbarungen/{vid}/orientierung",
        data={"csrf_token": token, "zurueck": "/bund/SH/2027"},
    )
    assert antwort.status_code == 302 and "/planung/SH/2027" in antwort.headers["Location"]
    with Session(engine) as s:
        werte = lade_orientierungswerte(s, "SH", 2027)
    assert str(werte["IQ"].wert) == "2.5" and werte["LZB"].wert < 0
    # das Land NI sieht die Seite von SH nicht
    assert client_als("land-ni").get("/bund/SH/2027").status_code == 403


def test_verhandlung_bmas_land_ueber_dieselben_seiten(client_als, formular, engine):
    """Land reicht ein Angebot ein, das BMAS schickt einen Gegenvorschlag, das Land nimmt ihn an –
    über die Seiten der Verhandlung Land ↔ zkT, mit BMAS und Land als Parteien."""
    from tests.web.conftest import bestaetige
    from tests.web.test_verhandlung_seiten import sende, zustand

    with Session(engine) as s:
        for ags in ("01054", "01059"):
            importiere(
                s,
                gleichbleibende_monate(
                    ags, "2025-12", "2026-12", elb=1000, integrationen=25, lzb=400
                ),
                name=f"{ags}.csv",
            )
        s.commit()
    bund, land = client_als("bund"), client_als("land")
    vid = int(
        re.search(
            r"/vereinbarungen/(\d+)",
            bund.post(
                "/bund/SH/2027/entwurf",
                data={"csrf_token": csrf(bund), "wert_IQ": "2", "zurueck": "/bund/SH/2027"},
            ).headers["Location"],
        ).group(1)
    )
    seite = land.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert "Land am Zug" in seite and "Angebot einreichen" in seite and "30,0 %" in seite
    assert sende(land, formular, vid, IQ_wert="1,5", kommentar="weniger").status_code == 302
    seite = bund.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    assert (
        "BMAS am Zug" in seite and "Gegenvorschlag senden" in seite and "(Land, land-sh)" in seite
    )
    start = bund.get("/").get_data(as_text=True)  # die Startseite des BMAS nennt die Aufgabe
    assert "BMAS und Schleswig-Holstein: Angebot prüfen" in start
    assert "an keiner Verhandlung als Partei beteiligt" not in start
    assert sende(bund, formular, vid, IQ_wert="1,8").status_code == 302
    assert zustand(engine, vid) == "gegenvorschlag"
    assert "Gegenvorschlag des BMAS" in land.get(f"/vereinbarungen/{vid}").get_data(as_text=True)
    bestaetige(land, f"/vereinbarungen/{vid}/annehmen")
    assert zustand(engine, vid) == "einigung"
    # ein anderes Land und der Leser handeln nicht; das BMAS nicht in Vereinbarungen mit zkT
    assert client_als("land-ni").get(f"/vereinbarungen/{vid}/bearbeiten").status_code == 403
    assert client_als("leser").get(f"/vereinbarungen/{vid}/bearbeiten").status_code == 403


def csrf(client) -> str:
    from tests.web.conftest import hole_csrf_token

    return hole_csrf_token(client, "/bund/SH/2027")


def test_dokument_land_unterzeichnet_bmas_zeichnet_gegen(app, engine, client_als, csrf_token):
    """Dieselben Dokumentseiten wie Land ↔ zkT: Land (`zeichnung-sh`) unterzeichnet, das BMAS
    (`zeichnung-bund`) zeichnet gegen; „Dokument prüfen“ nennt Land und BMAS."""
    from datetime import UTC, datetime

    from tests.web.conftest import bestaetige
    from tests.web.test_dokumente_seiten import _post
    from tests.web.test_verhandlung_seiten import zustand
    from zielvereinbarung.demo.konten import DEMO_PASSWORT
    from zielvereinbarung.demo.zeichnung import lege_demo_zeichnende_bund
    from zielvereinbarung.domain.berechtigung import Akteur
    from zielvereinbarung.models import Zielvereinbarung
    from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
    from zielvereinbarung.services.dokumente.zertifikate import richte_demo_pki_ein
    from zielvereinbarung.services.verhandlung import bund_land as bl
    from zielvereinbarung.services.verhandlung.lesen import letzte_revision
    from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein

    jetzt = datetime.now(UTC)
    einst = DokumentEinstellungen.aus_konfiguration(app.config, app.instance_path)
    with Session(engine) as s:
        vid = bl.lege_entwurf_an(s, "SH", 2027, [], Akteur("bund", "bund"), jetzt).vereinbarung_id
        entwurf = letzte_revision(s, s.get(Zielvereinbarung, vid)).vorgaben()
        reiche_angebot_ein(s, vid, 1, entwurf, None, Akteur("land-sh", "land", "SH"), jetzt)
        nimm_an(s, vid, 2, Akteur("bund", "bund"), jetzt)
        lege_demo_zeichnende_bund(s, jetzt)
        richte_demo_pki_ein(s, einst, jetzt, "admin", "SH", (), bund=True)
        s.commit()
    seite = f"/vereinbarungen/{vid}/dokument"
    land, bund = client_als("zeichnung-sh"), client_als("zeichnung-bund")
    assert "Zuerst unterzeichnet das Land" in bund.get(seite).get_data(as_text=True)
    _post(land, csrf_token, f"{seite}/ausstellen", seite)
    assert "Als Land unterzeichnen …" in land.get(seite).get_data(as_text=True)
    antwort = bestaetige(land, f"{seite}/unterzeichnen", DEMO_PASSWORT)
    assert "Das Land hat unterzeichnet" in antwort.get_data(as_text=True)
    assert zustand(engine, vid) == "unterzeichnet_traeger"
    assert "Als BMAS gegenzeichnen" in bund.get(f"{seite}/unterzeichnen").get_data(as_text=True)
    antwort = bestaetige(bund, f"{seite}/unterzeichnen", DEMO_PASSWORT)
    assert "Das BMAS hat gegengezeichnet" in antwort.get_data(as_text=True)
    assert zustand(engine, vid) == "unterzeichnet"
    pdf = land.get(f"{seite}/v3.pdf")
    geprueft = _post(client_als("leser"), csrf_token, "/pruefen", "/pruefen",
                     datei=(io.BytesIO(pdf.data), "bmas.pdf"))  # fmt: skip
    assert "Dies ist die von Land und BMAS unterzeichnete" in geprueft.get_data(as_text=True)


def test_kennzahlen_der_laender_nur_aggregiert(client_als, engine):
    """Das BMAS liest jedes Land, aber nur die Landeszeile – keine einzelnen Träger, auch nicht im
    Download; das Land sieht weiter seine Träger."""
    with Session(engine) as s:
        importiere(s, gleichbleibende_monate("01054", "2025-01", "2026-12", elb=1000,
                                             integrationen=25, lzb=400))  # fmt: skip
        s.commit()
    bund = client_als("bund")
    index = bund.get("/kennzahlen").get_data(as_text=True)
    assert "Schleswig-Holstein (SH)" in index and "Vergleichstyp" not in index
    text = bund.get("/kennzahlen/land/SH").get_data(as_text=True)
    assert "Schleswig-Holstein insgesamt" in text and "Nordfriesland" not in text
    csv = bund.get("/kennzahlen/land/SH?format=csv").get_data(as_text=True)
    assert "insgesamt" in csv and "Nordfriesland" not in csv
    assert "Nordfriesland" in client_als("land").get("/kennzahlen/land/SH").get_data(as_text=True)
    assert bund.get("/kennzahlen/traeger/01054").status_code == 403
    assert bund.get("/kennzahlen/land/XX").status_code == 404
