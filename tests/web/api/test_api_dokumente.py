"""Die ehrlichen Wege der lesenden API zu unterzeichneten Vereinbarungen: das Dokument als PDF
(unverändert, ETag = SHA-256, besteht `pdfsig`), sein Prüfergebnis, die Nachhaltung mit Zahlen
und die Fortschrittsberichte als PDF. Die Abweisungen (fremde Träger, fremde Rollen, falscher
Scope) prüft `test_api_berechtigung.py` für jede Operation."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from tests.fixtures.dokumente import unterzeichne
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen


@pytest.fixture
def unterzeichnet(app, engine, einigung) -> int:
    """01054 (2027) von Träger und Land unterzeichnet (Zeichnungskonten der Demo)."""
    einst = DokumentEinstellungen.aus_konfiguration(app.config, app.instance_path)
    with Session(engine) as session:
        for akteur in (
            Akteur("zeichnung-01054", "traeger", traeger_ags="01054"),
            Akteur("zeichnung-sh", "land", land_code="SH"),
        ):
            unterzeichne(session, einst, einigung, akteur, datetime.now(UTC))
        session.commit()
    return einigung


def test_dokument_als_pdf_und_sein_pruefergebnis(unterzeichnet, api, token_fuer, tmp_path):
    leser = api(token_fuer("leser"))
    liste = leser.get(f"/api/v1/vereinbarungen/{unterzeichnet}/dokumente").get_json()
    neueste = liste["eintraege"][-1]
    pdf = leser.get(f"/api/v1/vereinbarungen/{unterzeichnet}/dokumente/{neueste['version']}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    sha = hashlib.sha256(pdf.data).hexdigest()
    assert pdf.headers["ETag"].strip('"') == sha == neueste["sha256"]
    (tmp_path / "v.pdf").write_bytes(pdf.data)
    ausgabe = subprocess.run(["pdfsig", str(tmp_path / "v.pdf")], capture_output=True, text=True)
    assert ausgabe.stdout.count("Signature Validation: Signature is Valid.") == 2, ausgabe.stdout

    url = f"/api/v1/vereinbarungen/{unterzeichnet}/dokumente/{neueste['version']}/pruefung"
    pruefung = leser.get(url).get_json()
    assert pruefung["gueltig"] is True and pruefung["sha256"] == sha
    assert pruefung["fehler"] is None and pruefung["maengel"] == []
    assert [(s["partei"], s["in_ordnung"]) for s in pruefung["signaturen"]] == [
        ("Träger", True),
        ("Land", True),
    ]

    traeger = api(token_fuer("traeger"))  # die eigene Vereinbarung
    assert traeger.get(url).get_json()["gueltig"] is True
    erfunden = f"/api/v1/vereinbarungen/{unterzeichnet}/dokumente/99/pruefung"
    antwort = leser.get(erfunden)
    assert antwort.status_code == 404 and antwort.mimetype == "application/problem+json"


def test_nachhaltung_mit_zahlen_wie_auf_der_seite(vereinbarung, welt, api, token_fuer):
    """01054, 2026 (tests/fixtures/nachhaltung.py): IQ 2026-03 = 7,2 %, Projektion 28,8 %,
    Ziel +2,5 % auf 30 % → 30,75 %."""
    antwort = api(token_fuer("traeger")).get(f"/api/v1/vereinbarungen/{vereinbarung}/nachhaltung")
    assert antwort.status_code == 200, antwort.get_json()
    daten = antwort.get_json()
    assert daten["monat"] == "2026-03" and daten["monate"] == ["2026-01", "2026-02", "2026-03"]
    iq = next(z for z in daten["zielindikatoren"] if z["zielindikator"] == "IQ")
    assert (iq["wert"], iq["projektion"], iq["zielniveau"]) == (7.2, 28.8, 30.75)
    assert iq["methode"] and iq["status"]
    frueher = api(token_fuer("land")).get(
        f"/api/v1/vereinbarungen/{vereinbarung}/nachhaltung?monat=2026-01"
    )
    assert frueher.get_json()["monat"] == "2026-01"
    ohne = api(token_fuer("land")).get(
        f"/api/v1/vereinbarungen/{vereinbarung}/nachhaltung?monat=2026-07"
    )
    assert ohne.status_code == 409 and "Juli 2026" in ohne.get_json()["detail"]


def test_berichte_als_pdf(vereinbarung, welt, api, token_fuer, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ZV_BERICHTE_PATH", str(tmp_path / "berichte"))
    erzeuge_berichte(db_url, "2026-03", land="SH", arbeiter=1)
    traeger = api(token_fuer("traeger"))
    liste = traeger.get("/api/v1/berichte?monat=2026-03").get_json()
    eigene = [b for b in liste["eintraege"] if b["schluessel"] == "01054"]
    assert len(eigene) == 1 and {b["art"] for b in liste["eintraege"]} == {"traeger"}
    pdf = traeger.get(f"/api/v1/berichte/{eigene[0]['id']}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert hashlib.sha256(pdf.data).hexdigest() == eigene[0]["sha256"]
    land = api(token_fuer("land")).get("/api/v1/berichte?monat=2026-03").get_json()
    assert {b["art"] for b in land["eintraege"]} == {"traeger", "land"}
