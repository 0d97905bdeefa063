"""Die Importvorschau im Browser (Test-Client): Zeilen seitenweise und gefiltert, alt → neu bei
einem neuen Datenstand, Teilkorrektur angesagt und richtig importiert; Format und Vorlage."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlmodel import Session, select

from zielvereinbarung.models import Basiszahl

MONATE = [f"2025-{m:02d}" for m in range(1, 13)]


def csv(*zeilen: str) -> bytes:
    return ("\n".join(zeilen) + "\n").encode("utf-8")


def hochladen(client, csrf_token, inhalt: bytes, name: str = "basis.csv"):
    token = csrf_token(client, "/import")
    return client.post(
        "/import",
        data={"csrf_token": token, "datei": (io.BytesIO(inhalt), name)},
        content_type="multipart/form-data",
    )


def importieren(client, csrf_token, inhalt: bytes) -> None:
    vorschau = client.get(hochladen(client, csrf_token, inhalt).headers["Location"])
    token = re.search(
        r'name="token" type="hidden" value="([^"]+)"', vorschau.get_data(as_text=True)
    )
    antwort = client.post(
        "/import/bestaetigen",
        data={"csrf_token": csrf_token(client, "/import"), "token": token.group(1)},
    )
    assert antwort.status_code == 200 and "3 neu" in antwort.get_data(as_text=True)


def geltend(engine, monat: str) -> Basiszahl:
    with Session(engine) as s:
        return s.exec(
            select(Basiszahl)
            .where(Basiszahl.ags == "01054", Basiszahl.monat == monat)
            .order_by(Basiszahl.datenstand.desc(), Basiszahl.import_id.desc())
        ).first()


def test_teilkorrektur_vorschau_zeigt_alt_und_neu_und_behaelt_die_anderen_spalten(
    welt, client_als, csrf_token, engine
):
    client = client_als("land")
    voll = csv(
        "ags,monat,datenstand,elb,integrationen,lzb,llu",
        *(f"01054,{m},2025-04-15,1000,21,400,1000.50" for m in MONATE[:3]),
    )
    importieren(client, csrf_token, voll)

    korrektur = csv(
        "ags;monat;llu", "01054;02.2025;1200,75", "01054;03/2025;1000,50", "01054;04.2025;7"
    )
    antwort = hochladen(client, csrf_token, korrektur, "korrektur.csv")
    assert antwort.status_code == 303 and "/import/vorschau/" in antwort.headers["Location"]
    html = client.get(antwort.headers["Location"]).get_data(as_text=True)
    assert "Spalten, die nicht in der Datei stehen, bleiben unverändert: elb, elb_zugang" in html
    assert (
        "Für 1 neue Zeilen (Träger und Monat noch nicht gespeichert) gelten die fehlenden" in html
    )
    assert ">Neuer Datenstand (1)</a>" in html and ">Unverändert (1)</a>" in html
    assert ">Neu (1)</a>" in html and ">Alle Zeilen (3)</a>" in html
    zeile = re.search(r'<tr class="vorschau-neuer_datenstand">.*?</tr>', html, re.S).group(0)
    assert '<del><span class="nur-vorlesen">bisher </span>1.000,50 €</del>' in zeile
    assert '<ins><span class="nur-vorlesen">neu </span>1.200,75 €</ins>' in zeile
    assert "Februar 2025" in zeile and "1 Wert geändert" in zeile and "Kreis Nordfriesland" in zeile
    kopf = re.search(r"<thead>.*?</thead>", html, re.S).group(0)
    assert ">llu</th>" in kopf and ">elb</th>" not in kopf  # nur die Spalten der Datei

    gefiltert = client.get(antwort.headers["Location"] + "?art=unveraendert").get_data(as_text=True)
    assert 'aria-current="page">Unverändert (1)' in gefiltert
    assert "März 2025" in gefiltert and "vorschau-neuer_datenstand" not in gefiltert

    vorher = geltend(engine, "2025-02")
    token = antwort.headers["Location"].rsplit("/", 1)[1]
    ergebnis = client.post(
        "/import/bestaetigen",
        data={"csrf_token": csrf_token(client, "/import"), "token": token},
    ).get_data(as_text=True)
    assert "Teilkorrektur: 16 Spalten nicht in der Datei" in ergebnis
    nachher = geltend(engine, "2025-02")
    assert nachher.id != vorher.id and nachher.llu == 120075
    assert (nachher.elb, nachher.integrationen, nachher.lzb) == (1000, 21, 400)
    neu = geltend(engine, "2025-04")
    assert (neu.llu, neu.elb) == (700, None)  # neuer Monat: fehlende Spalten nicht gemeldet


def test_vorschau_blaettert_und_zeigt_warnungen(welt, client_als, csrf_token):
    client = client_als("admin")
    zeilen = [
        f"01054,{2000 + i // 12}-{i % 12 + 1:02d},100,{200 if i == 60 else 50}" for i in range(120)
    ]
    antwort = hochladen(client, csrf_token, csv("ags,monat,elb,lzb", *zeilen))
    url = antwort.headers["Location"]
    erste = client.get(url).get_data(as_text=True)
    assert "120 Zeile(n), Seite 1 von 3" in erste and 'rel="next"' in erste
    zweite = client.get(url + "?seite=2").get_data(as_text=True)
    assert "Seite 2 von 3" in zweite and 'rel="prev"' in zweite
    warnung = client.get(url + "?art=warnung").get_data(as_text=True)
    assert ">Mit Warnung (1)</a>" in warnung and "(lzb) größer als" in warnung
    assert "1 Zeile(n)" in warnung and "Januar 2005" in warnung
    assert client.get(url + "?seite=x&art=unsinn").status_code == 200


def test_vorschau_eines_fremden_vorgangs_wird_abgewiesen(welt, client_als, csrf_token):
    url = hochladen(
        client_als("land"), csrf_token, csv("ags,monat,elb", "01054,2025-01,1")
    ).headers["Location"]
    antwort = client_als("admin").get(url)
    assert antwort.status_code == 400
    assert "gehört zu einem anderen Benutzer" in antwort.get_data(as_text=True)


def test_uploadseite_verlinkt_format_und_vorlage(welt, client_als):
    client = client_als("land")
    html = client.get("/import").get_data(as_text=True)
    assert "Format wie bei flask zv import" not in html
    assert 'href="/import/format"' in html and 'href="/import/vorlage"' in html
    format_ = client.get("/import/format").get_data(as_text=True)
    assert "Teilkorrektur" in format_ and "lzb_aktiviert" in format_ and "MM.JJJJ" in format_
    vorlage = client.get("/import/vorlage")
    assert vorlage.headers["Cache-Control"] == "no-store"
    assert vorlage.headers["Content-Disposition"] == (
        "attachment; filename=Importvorlage_Basiszahlen.xlsx"
    )
    assert load_workbook(io.BytesIO(vorlage.data)).sheetnames == ["Basiszahlen", "Erläuterung"]
    assert client_als("traeger").get("/import/vorlage").status_code == 403
