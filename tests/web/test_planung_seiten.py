"""Planung im Browser (Test-Client, echte Anmeldung): Orientierungswerte setzen (deutsche Zahlen,
Fehler am Feld), Entwürfe erzeugen, Lesesicht für Leser und Admin."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlmodel import Session, func, select

from zielvereinbarung.models import Orientierungswert, Zielvereinbarung

URL = "/planung/SH/2027"


def orientierungswerte(engine) -> dict:
    with Session(engine) as s:
        return {
            o.zielindikator: o
            for o in s.exec(
                select(Orientierungswert).where(
                    Orientierungswert.land_code == "SH", Orientierungswert.jahr == 2027
                )
            )
        }


def vereinbarungen(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Zielvereinbarung)).one()


def test_land_setzt_orientierungswerte_mit_deutschen_zahlen(client_als, formular, engine):
    land = client_als("land")
    action, daten = formular(land, URL)
    assert action == URL
    daten["IQ-zieltyp"], daten["IQ-wert"], daten["IQ-kommentar"] = (
        "veraenderung",
        "2,5",
        "wie Vorjahr",
    )
    daten["LZB-zieltyp"], daten["LZB-untere"], daten["LZB-obere"] = "korridor", "-3,0", "−1,0"
    daten["Q1-bezeichnung"], daten["Q1-text"] = "Geflüchtete", "Mehr Geflüchtete in Arbeit"
    antwort = land.post(action, data=daten, follow_redirects=True)
    assert antwort.status_code == 200
    seite = antwort.get_data(as_text=True)
    assert "Orientierungswerte 2027 für Schleswig-Holstein gespeichert" in seite
    assert "Gespeichert: +2,5 %" in seite and "Gespeichert: −3,0 % bis −1,0 %" in seite
    werte = orientierungswerte(engine)
    assert werte["IQ"].wert == Decimal("2.5") and werte["IQ"].kommentar == "wie Vorjahr"
    assert (werte["LZB"].untere, werte["LZB"].obere) == (Decimal(-3), Decimal(-1))
    assert werte["Q1"].text == "Mehr Geflüchtete in Arbeit" and set(werte) == {"IQ", "LZB", "Q1"}

    _, daten = formular(land, URL)  # vorbelegt; ein Ziel streichen, ein Zieltyp leeren
    assert daten["IQ-wert"] == "2,5" and daten["LZB-untere"] == "-3,0"
    daten["Q1-streichen"], daten["LZB-zieltyp"] = "y", ""
    land.post(URL, data=daten)
    assert set(orientierungswerte(engine)) == {"IQ"}


def test_fehler_stehen_am_feld_und_nichts_wird_gespeichert(client_als, formular, engine):
    land = client_als("land")
    _, daten = formular(land, URL)
    daten["IQ-zieltyp"], daten["IQ-wert"] = "veraenderung", "abc"
    daten["IQ_AE-zieltyp"], daten["IQ_AE-untere"], daten["IQ_AE-obere"] = "korridor", "2,0", "1,0"
    daten["IQ_F-zieltyp"], daten["IQ_F-wert"] = "veraenderung", "75"
    antwort = land.post(URL, data=daten)
    assert antwort.status_code == 422
    seite = antwort.get_data(as_text=True)
    assert re.search(
        r'aria-describedby="IQ-wert-hinweis IQ-wert-fehler"[^>]*aria-invalid="true"'
        r'[^>]*name="IQ-wert"[^>]*value="abc"',
        seite,
    )
    assert "„abc“ ist keine Zahl im deutschen Format" in seite and 'href="#IQ-wert"' in seite
    assert 'id="IQ_AE-obere-fehler"' in seite and "Obergrenze muss über der Untergrenze" in seite
    assert 'id="IQ_F-wert-fehler"' in seite and "zwischen −50,0 % und +50,0 %" in seite
    assert orientierungswerte(engine) == {}

    _, daten = formular(land, URL)  # Regel des Services: kein landesweites Niveau für LZB
    daten["LZB-zieltyp"], daten["LZB-wert"] = "niveau", "4.850"
    seite = land.post(URL, data=daten).get_data(as_text=True)
    assert 'id="LZB-zieltyp-fehler"' in seite and "landesweites Niveau passt nicht" in seite
    assert orientierungswerte(engine) == {}


def test_entwuerfe_erzeugen(client_als, formular, engine):
    land = client_als("land")
    seite = land.post(f"{URL}/entwuerfe", data=_token(land), follow_redirects=True).get_data(
        as_text=True
    )
    assert "noch keine Orientierungswerte" in seite and vereinbarungen(engine) == 0

    _, daten = formular(land, URL)
    daten["IQ-zieltyp"], daten["IQ-wert"] = "veraenderung", "2,5"
    land.post(URL, data=daten)
    seite = land.post(f"{URL}/entwuerfe", data=_token(land), follow_redirects=True).get_data(
        as_text=True
    )
    assert "2 Entwürfe erzeugt" in seite and "2 von 2 zkT haben eine Zielvereinbarung 2027" in seite
    seite = land.post(f"{URL}/entwuerfe", data=_token(land), follow_redirects=True).get_data(
        as_text=True
    )
    assert "Keine neuen Entwürfe" in seite and vereinbarungen(engine) == 2

    seite = client_als("traeger").get("/verhandlungen").get_data(as_text=True)
    assert "Zielvereinbarung 2027" in seite and "Träger am Zug" in seite


def test_leser_und_admin_sehen_nur(client_als, formular, engine):
    land = client_als("land")
    _, daten = formular(land, URL)
    daten["IQ-zieltyp"], daten["IQ-wert"] = "veraenderung", "2,5"
    land.post(URL, data=daten)
    for rolle in ("leser", "admin"):
        client = client_als(rolle)
        seite = client.get(URL).get_data(as_text=True)
        assert "+2,5 %" in seite and "Orientierungswerte 2027" in seite
        assert "werteformular" not in seite and "Entwürfe erzeugen</button>" not in seite
        daten["csrf_token"] = _token(client)["csrf_token"]
        daten["IQ-wert"] = "9,0"
        assert client.post(URL, data=daten).status_code == 403
        assert client.post(f"{URL}/entwuerfe", data=_token(client)).status_code == 403
    assert orientierungswerte(engine)["IQ"].wert == Decimal("2.5") and vereinbarungen(engine) == 0


def test_einstieg_und_fremde_laender(client_als):
    land = client_als("land")
    antwort = land.get("/planung")
    assert antwort.status_code == 302 and re.search(
        r"/planung/SH/\d{4}$", antwort.headers["Location"]
    )
    assert land.get("/planung/NI/2027").status_code == 403
    assert land.get("/planung/XX/2027").status_code == 404
    assert land.get("/planung/SH/1999").status_code == 404
    assert client_als("traeger").get("/planung").status_code == 403
    seite = client_als("admin").get("/planung").get_data(as_text=True)
    assert "Niedersachsen" in seite and "Berlin" not in seite
    nav = land.get(URL).get_data(as_text=True)
    assert 'href="/planung" aria-current="page">Planung</a>' in nav and ">Verhandlungen</a>" in nav


def _token(client) -> dict:
    seite = client.get("/").get_data(as_text=True)
    return {"csrf_token": re.search(r'<meta name="csrf-token" content="([^"]+)"', seite).group(1)}


def test_planung_im_menue_nur_mit_landesbereich(client_als, welt):
    """Ein Lesezugriff auf einen Träger sieht den Menüpunkt „Planung“ nicht (er bekäme dort 403);
    ein Lesezugriff auf ein Land sieht ihn."""
    from datetime import UTC, datetime

    from sqlmodel import Session

    from zielvereinbarung.demo.konten import DEMO_PASSWORT
    from zielvereinbarung.services.konten.benutzer import lege_benutzer_an

    with Session(welt.engine) as s:
        lege_benutzer_an(
            s,
            benutzername="leser-01054",
            name="Kreistag Nordfriesland",
            rolle="leser",
            passwort=DEMO_PASSWORT,
            traeger_ags="01054",
            jetzt=datetime.now(UTC),
        )
        s.commit()
    menue = 'aria-label="Hauptnavigation"'
    traeger_leser = client_als("leser-01054").get("/").get_data(as_text=True)
    land_leser = client_als("leser").get("/").get_data(as_text=True)
    assert menue in traeger_leser and menue in land_leser
    assert ">Planung</a>" not in traeger_leser
    assert ">Planung</a>" in land_leser
