"""Upload der Basiszahlen im Browser: Vorschau ohne Schreiben, Bestätigung, Fehler, Bereich des
Landes, Token-Regeln, doppeltes Absenden, Audit – über den Test-Client mit echter Anmeldung."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from zielvereinbarung.models import AuditEreignis, Basiszahl, ImportProtokoll

MONATE = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01"]


def csv(*zeilen: str) -> bytes:
    return ("\n".join(zeilen) + "\n").encode("utf-8")


def gute_datei() -> bytes:
    """01054: elb 1.000, integrationen 21 je Monat → K2(2025-01) = 25,2 %; 2024-06 lzb > elb."""
    return csv(
        "ags,monat,datenstand,elb,integrationen,lzb",
        *(f"01054,{m},2025-04-15,1000,21,{1200 if m == '2024-06' else 400}" for m in MONATE),
    )


def zaehle(engine, modell) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(modell)).one()


def protokolle(engine) -> list[tuple[str, str]]:
    with Session(engine) as s:
        return [
            (p.benutzer, p.ergebnis)
            for p in s.exec(select(ImportProtokoll).order_by(ImportProtokoll.id))
        ]


def audit(engine) -> list[dict]:
    with Session(engine) as s:
        return [
            e.details
            for e in s.exec(
                select(AuditEreignis)
                .where(AuditEreignis.aktion == "import")
                .order_by(AuditEreignis.id)
            )
        ]


def hochladen(client, csrf_token, inhalt: bytes, name: str = "basis.csv"):
    token = csrf_token(client, "/import")
    return client.post(
        "/import",
        data={"csrf_token": token, "datei": (io.BytesIO(inhalt), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def vorgang(html: str) -> str:
    treffer = re.search(r'<input id="token" name="token" type="hidden" value="([^"]+)"', html)
    assert treffer, html
    return treffer.group(1)


def bestaetigen(client, csrf_token, vorgangs_token: str):
    return client.post(
        "/import/bestaetigen",
        data={"csrf_token": csrf_token(client, "/import"), "token": vorgangs_token},
    )


@pytest.mark.parametrize("rolle", ["traeger", "leser"])
def test_nur_admin_und_land_duerfen_importieren(welt, client_als, csrf_token, rolle):
    client = client_als(rolle)
    assert client.get("/import").status_code == 403
    assert hochladen(client, csrf_token, gute_datei()).status_code == 403
    assert bestaetigen(client, csrf_token, "x" * 43).status_code == 403
    assert 'href="/import"' not in client.get("/").get_data(as_text=True)


def test_formular_ist_beschriftet(welt, client_als):
    html = client_als("land").get("/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert (
        '<label class="feld-beschriftung" for="datei">Datei mit Basiszahlen (CSV oder XLSX)</label>'
        in html
    )
    assert "Träger Ihres Landes (SH)" in html


def test_fehlerhafte_datei_zeigt_alle_fehler_und_schreibt_nichts(
    welt, client_als, csrf_token, engine
):
    client = client_als("land")
    antwort = hochladen(
        client,
        csrf_token,
        csv(
            "ags,monat,elb,integrationen",
            "01054,2024-13,100,2",
            "01054,2024-02,12.5,-1",
        ),
        "fehler.csv",
    )
    html = antwort.get_data(as_text=True)
    assert antwort.status_code == 200
    assert "fehler.csv wurde nicht importiert (3 Fehler)" in html
    liste = html.split('<ol class="meldungsliste"', 1)[1].split("</ol>", 1)[0]
    assert 'aria-labelledby="fehler-titel"' in liste
    assert [o for o in re.findall(r"<strong>([^<]+):</strong>", liste)] == [
        "Zeile 2, Spalte B (monat)",
        "Zeile 3, Spalte C (elb)",
        "Zeile 3, Spalte D (integrationen)",
    ]
    assert "kein gültiger Monat" in liste
    assert zaehle(engine, Basiszahl) == 0
    assert protokolle(engine) == [("land-sh", "abgelehnt")]  # nur das Protokoll der Ablehnung
    assert audit(engine) == [
        {"dateiname": "fehler.csv", "ergebnis": "abgelehnt", "zeilen": 2, "fehler": 3}
    ]


def test_vorschau_schreibt_nichts_bestaetigung_importiert(
    welt, client_als, csrf_token, engine, app
):
    client = client_als("land")
    vorschau = hochladen(client, csrf_token, gute_datei()).get_data(as_text=True)
    assert "Die Datei ist gültig" in vorschau and "Noch wurde nichts importiert" in vorschau
    assert (
        "<dt>Zeilen gelesen</dt><dd>13</dd>" in vorschau and "<dt>neu</dt><dd>13</dd>" in vorschau
    )
    assert "<strong>Zeile 7:</strong> lzb (1200) ist größer als elb (1000)" in vorschau
    assert zaehle(engine, Basiszahl) == 0 and protokolle(engine) == [] and audit(engine) == []
    token = vorgang(vorschau)
    assert "ags,monat" not in vorschau  # die Daten laufen nicht über den Browser
    sha = hashlib.sha256(gute_datei()).hexdigest()
    assert (
        Path(app.config["INSTANCE_PFAD"]) / "uploads" / sha[:2] / f"{sha}.daten"
    ).read_bytes() == gute_datei()

    ergebnis = bestaetigen(client, csrf_token, token)
    html = ergebnis.get_data(as_text=True)
    assert ergebnis.status_code == 200
    assert (
        "basis.csv: 13 Zeilen gelesen, 13 neu, 0 neue Datenstände, 0 unverändert, 1 "
        "Plausibilitätswarnung." in html
    )
    assert zaehle(engine, Basiszahl) == 13
    assert protokolle(engine) == [("land-sh", "importiert")]
    assert audit(engine)[0]["ergebnis"] == "importiert" and audit(engine)[0]["neu"] == 13

    seite = client.get("/kennzahlen/traeger/01054").get_data(as_text=True)
    assert "Kennzahlen im Januar 2025 (Gesamt)" in seite and "25,2 %" in seite

    # doppeltes Absenden: derselbe Vorgang noch einmal → keine Änderungen, keine Doppel
    zweites = bestaetigen(client, csrf_token, token).get_data(as_text=True)
    assert "keine Änderungen: alle Zeilen waren bereits mit identischen Werten vorhanden" in zweites
    assert zaehle(engine, Basiszahl) == 13
    assert protokolle(engine) == [("land-sh", "importiert"), ("land-sh", "unveraendert")]


def test_land_darf_nur_traeger_des_eigenen_landes_importieren(welt, client_als, csrf_token, engine):
    datei = csv("ags,monat,elb", "01054,2024-01,100", "03157,2024-01,200")
    html = hochladen(client_als("land"), csrf_token, datei).get_data(as_text=True)
    assert (
        "<strong>Zeile 3, Spalte A (ags):</strong> „03157“ – dieser Träger gehört nicht zu Ihrem "
        "Land; Sie dürfen nur Basiszahlen für die Träger Ihres Landes importieren."
    ) in html
    assert zaehle(engine, Basiszahl) == 0
    # Admin darf jeden Träger importieren
    admin = client_als("admin")
    ergebnis = bestaetigen(
        admin, csrf_token, vorgang(hochladen(admin, csrf_token, datei).get_data(as_text=True))
    )
    assert "2 neu" in ergebnis.get_data(as_text=True) and zaehle(engine, Basiszahl) == 2


def _vorgang_von_land(client_als, csrf_token) -> str:
    return vorgang(hochladen(client_als("land"), csrf_token, gute_datei()).get_data(as_text=True))


def test_fremder_unbekannter_und_abgelaufener_vorgang(welt, client_als, csrf_token, engine, app):
    token = _vorgang_von_land(client_als, csrf_token)
    fremd = bestaetigen(client_als("admin"), csrf_token, token)
    assert fremd.status_code == 400
    assert "Dieser Importvorgang gehört zu einem anderen Benutzer" in fremd.get_data(as_text=True)

    client = client_als("land")
    unbekannt = bestaetigen(client, csrf_token, "A" * 43)
    assert (
        unbekannt.status_code == 400
        and "Dieser Importvorgang ist unbekannt" in unbekannt.get_data(as_text=True)
    )
    assert bestaetigen(client, csrf_token, "../../etc/passwd").status_code == 400

    meta = Path(app.config["INSTANCE_PFAD"]) / "uploads" / f"{token}.json"
    info = json.loads(meta.read_text())
    info["erstellt"] = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    meta.write_text(json.dumps(info))
    abgelaufen = bestaetigen(client, csrf_token, token)
    assert abgelaufen.status_code == 400
    assert "Die Vorschau ist abgelaufen (gültig 30 Minuten)" in abgelaufen.get_data(as_text=True)
    assert zaehle(engine, Basiszahl) == 0 and protokolle(engine) == [] and audit(engine) == []


def test_leeres_formular_meldet_fehlende_datei(welt, client_als, csrf_token):
    client = client_als("land")
    antwort = client.post("/import", data={"csrf_token": csrf_token(client, "/import")})
    assert antwort.status_code == 200 and "Bitte eine Datei auswählen." in antwort.get_data(
        as_text=True
    )


def test_xlsx_wird_ebenso_geprueft(welt, client_als, csrf_token):
    openpyxl = pytest.importorskip("openpyxl")
    mappe = openpyxl.Workbook()
    for zeile in (("ags", "monat", "elb"), ("01054", "2024-01", 100), ("01059", "2024-01", 12.5)):
        mappe.active.append(list(zeile))
    puffer = io.BytesIO()
    mappe.save(puffer)
    html = hochladen(client_als("land"), csrf_token, puffer.getvalue(), "basis.xlsx").get_data(
        as_text=True
    )
    assert "<strong>Zeile 3, Spalte C (elb):</strong>" in html and "ganze Zahl" in html
