"""Gerettete Eingaben: nur für den angemeldeten Benutzer, dessen Sitzung ablief – anonyme und
beendete Sitzungen speichern nichts, je Benutzer gilt eine Obergrenze (Anzahl und Größe)."""

from __future__ import annotations

from pathlib import Path

from zielvereinbarung.demo.konten import DEMO_PASSWORT

FORMULAR = "/admin/benutzer/neu"
HERKUNFT = {"Referer": f"http://localhost{FORMULAR}"}


def _dateien(app) -> list[Path]:
    ablage = Path(app.config["INSTANCE_PFAD"]) / "gerettete_eingaben"
    return sorted(ablage.rglob("*.json")) if ablage.exists() else []


def _sende(client, token, name="Herr Neu", **extra):
    daten = {
        "csrf_token": token,
        "benutzername": "neu-ni",
        "name": name,
        "rolle": "land",
        "land_code": "NI",
        "passwort": "geheim-geheim-1",
        "passwort_wiederholung": "geheim-geheim-1",
        **extra,
    }
    return client.post(FORMULAR, data=daten, headers=HERKUNFT)


def _anmelden(client, csrf_token, url, benutzername="admin"):
    return client.post(
        url,
        data={
            "benutzername": benutzername,
            "passwort": DEMO_PASSWORT,
            "csrf_token": csrf_token(client, url),
        },
    )


def test_abgelaufene_sitzung_behaelt_die_eingaben(app, welt, client_als, csrf_token, uhr):
    client = client_als("admin")
    token = csrf_token(client, FORMULAR)
    uhr.vor(minutes=61)  # die Sitzung läuft ab, während das Formular offen ist
    antwort = _sende(client, token)
    assert antwort.status_code == 302
    assert antwort.headers["Location"] == f"/anmelden?next={FORMULAR}"
    anmeldeseite = client.get(antwort.headers["Location"]).get_data(as_text=True)
    assert "Ihre Sitzung ist abgelaufen (60 Minuten ohne Aktivität)." in anmeldeseite
    assert "senden Sie das Formular danach noch einmal" in anmeldeseite
    (datei,) = _dateien(app)
    assert datei.parent.name == str(welt.benutzer_ids["admin"])  # an den Benutzer gebunden
    assert "geheim-geheim-1" not in datei.read_text()

    weiter = _anmelden(client, csrf_token, antwort.headers["Location"])
    assert weiter.headers["Location"] == FORMULAR
    formular = client.get(FORMULAR).get_data(as_text=True)
    assert 'value="neu-ni"' in formular and 'value="Herr Neu"' in formular
    assert "Ihre Eingaben wurden wiederhergestellt" in formular
    assert "geheim-geheim-1" not in formular
    assert _dateien(app) == []


def test_anonyme_anfragen_speichern_nichts(app, welt, csrf_token):
    """40 POSTs mit 250 KB ohne Anmeldung (mit und ohne Sitzungscookie): keine Datei."""
    gross = "x" * 250_000
    for i in range(40):
        client = app.test_client()
        token = csrf_token(client) if i % 2 else "erfunden"  # mal mit gültiger Sitzung
        antwort = client.post(
            "/vereinbarungen/12/bearbeiten",
            data={"csrf_token": token, "kommentar": gross},
            headers={"Referer": "http://localhost/vereinbarungen/12/bearbeiten"},
        )
        assert antwort.status_code == 302 and antwort.headers["Location"].startswith("/anmelden")
    assert _dateien(app) == []
    seite = client.get("/anmelden").get_data(as_text=True)
    assert "Bitte melden Sie sich an" in seite


def test_obergrenze_je_benutzer(app, welt, client_als, csrf_token, uhr):
    """Wer ein abgelaufenes Cookie 40-mal mit 250 KB sendet, belegt höchstens die Obergrenze
    seines Kontos (512 KB, 5 Einträge); der jüngste Eintrag bleibt."""
    client = client_als("admin")
    token = csrf_token(client, FORMULAR)
    uhr.vor(minutes=61)
    for i in range(40):
        _sende(client, token, name=f"Versuch {i}", notiz="y" * 250_000)
    dateien = _dateien(app)
    assert 1 <= len(dateien) <= 5
    assert sum(d.stat().st_size for d in dateien) <= 512 * 1024
    assert {d.parent.name for d in dateien} == {str(welt.benutzer_ids["admin"])}
    _anmelden(client, csrf_token, f"/anmelden?next={FORMULAR}")
    assert 'value="Versuch 39"' in client.get(FORMULAR).get_data(as_text=True)


def test_zu_grosse_eingaben_werden_abgelehnt_mit_hinweis(app, welt, client_als, csrf_token, uhr):
    client = client_als("admin")
    token = csrf_token(client, FORMULAR)
    uhr.vor(minutes=61)
    antwort = _sende(client, token, notiz="z" * 300_000)
    assert _dateien(app) == []
    seite = client.get(antwort.headers["Location"]).get_data(as_text=True)
    assert "Ihre Eingaben waren zu umfangreich" in seite


def test_ein_anderer_benutzer_bekommt_die_eingaben_nicht(app, welt, client_als, csrf_token, uhr):
    client = client_als("admin")
    token = csrf_token(client, FORMULAR)
    uhr.vor(minutes=61)
    _sende(client, token)
    assert len(_dateien(app)) == 1
    _anmelden(client, csrf_token, f"/anmelden?next={FORMULAR}", benutzername="land-sh")
    assert _dateien(app) == []  # gelöscht, nicht übergeben


def test_beendete_sitzung_rettet_nichts(app, welt, client_als, csrf_token, uhr):
    """Abgelaufen *und* inzwischen abgemeldet (anderes Gerät): das Cookie gehört niemandem mehr."""
    client = client_als("admin")
    token = csrf_token(client, FORMULAR)
    anderes = client_als("admin")
    anderes.post("/abmelden", data={"csrf_token": csrf_token(anderes, "/")})
    uhr.vor(minutes=61)
    antwort = _sende(client, token)
    assert antwort.status_code == 302 and _dateien(app) == []
    seite = client.get(antwort.headers["Location"]).get_data(as_text=True)
    assert "das Formular wurde nicht gespeichert" in seite
