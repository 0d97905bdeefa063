"""Downloads der Tabellenseiten (`?format=xlsx|csv`): dieselben Zeilen wie die Seite, Zahlen als
Zahlen, deutscher Dateiname, nie zwischengespeichert, dieselben Rechte wie die Seite."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from decimal import Decimal

import lxml.html
import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from zielvereinbarung.models import Traeger
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.tabellen.modell import Mappe, Spalte, Tabelle

MONATE = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01"]


@pytest.fixture
def daten(welt, engine):
    zeilen = ["ags,monat,datenstand,elb,integrationen,lzb,llu"]
    for monat in MONATE:
        zeilen.append(f"01054,{monat},2025-04-15,1000,21,400,1000.50")
        zeilen.append(f"01059,{monat},2025-04-15,2000,30,,")
        zeilen.append(f"01001,{monat},2025-04-15,500,15,,")
    with Session(engine) as session:
        inhalt = ("\n".join(zeilen) + "\n").encode()
        importiere_basiszahlen(session, "k.csv", inhalt, "t", datetime(2025, 5, 1, tzinfo=UTC))
        for ags, vt in {"01054": "T1", "03157": "T1", "01059": "T1"}.items():
            session.get(Traeger, ags).vergleichstyp = vt
        session.commit()
    return welt


def zahl_aus_text(text: str) -> Decimal | None:
    """„22,6 %“ → 0.226 (Prozent als Bruchteil wie in Excel), „1.000“ → 1000, „–“ → None."""
    text = re.sub(r"\(\d+\)|⚠", "", text).strip().replace("\u2212", "-").replace("±", "")
    if text in ("–", ""):
        return None
    prozent = text.endswith("%")
    wert = Decimal(re.sub(r"[ %€]", "", text).replace(".", "").replace(",", "."))
    return wert / 100 if prozent else wert


def tabellenzeilen(html: str) -> list[list[str]]:
    """Die Zellen jeder Zeile der ersten Tabelle – ohne Screenreader-Zusätze und ohne die zweite
    Zeile einer Zelle (`zusatz`, in der Datei ein Kommentar an der Zelle)."""
    baum = lxml.html.fromstring(html)
    for weg in baum.xpath('//*[contains(@class, "nur-vorlesen") or contains(@class, "zusatz")]'):
        weg.drop_tree()
    (tabelle,) = baum.xpath("(//table)[1]")
    zeilen = []
    for tr in tabelle.xpath(".//tbody/tr | .//tfoot/tr"):
        zellen = []
        for zelle in tr.xpath("./th | ./td"):
            zellen.append(" ".join(zelle.text_content().split()))
            zellen.extend([""] * (int(zelle.get("colspan", 1)) - 1))
        zeilen.append(zellen)
    return zeilen


def blattzeilen(inhalt: bytes, blatt: int = 0) -> tuple[list, list[list]]:
    """(Zeilen bis einschließlich Kopfzeile, Datenzeilen bis zur ersten Leerzeile)."""
    b = load_workbook(io.BytesIO(inhalt)).worksheets[blatt]
    werte = [[z.value for z in zeile] for zeile in b.iter_rows()]
    kopf = next(i for i, z in enumerate(werte) if z and z[0] == "Träger")
    daten = []
    for zeile in werte[kopf + 1 :]:
        if not any(v is not None for v in zeile):
            break
        daten.append(zeile)
    return werte[: kopf + 1], daten


def test_landesseite_als_xlsx_gleicht_der_seite_zelle_fuer_zelle(daten, client_als):
    client = client_als("land")
    url = "/kennzahlen/land/SH?sort=K2&richtung=ab"
    seite = client.get(url).get_data(as_text=True)
    assert 'href="/kennzahlen/land/SH?sort=K2&amp;richtung=ab&amp;format=xlsx"' in seite
    antwort = client.get(url + "&format=xlsx")
    assert antwort.status_code == 200
    assert antwort.mimetype.endswith("spreadsheetml.sheet")
    assert antwort.headers["Cache-Control"] == "no-store"
    assert antwort.headers["Content-Disposition"] == (
        "attachment; filename=Kennzahlen_Schleswig-Holstein_2025-01.xlsx"
    )
    oben, zeilen = blattzeilen(antwort.data)
    assert oben[0][0] == "Träger in Schleswig-Holstein – Januar 2025"
    assert "Datenstand: 15.04.2025" in [z[0] for z in oben]
    assert oben[-1][:3] == ["Träger", "Kreisschlüssel", "Trägerform"]
    assert oben[-1][4].startswith("K2 ") and oben[-1][4].endswith(" (%)")
    html = tabellenzeilen(seite)
    assert len(zeilen) == len(html) == 16  # 15 Träger und die Landeszeile
    assert [z[1] for z in zeilen[:3]] == ["01001", "01054", "01059"]  # sortiert nach K2, absteigend
    for auf_seite, in_datei in zip(html, zeilen, strict=True):
        assert auf_seite[0] == in_datei[0]
        assert auf_seite[1:3] == [v or "" for v in in_datei[1:3]]
        for text, wert in zip(auf_seite[3:], in_datei[3:], strict=True):
            erwartet = zahl_aus_text(text)
            if erwartet is None:
                assert wert is None, (auf_seite, in_datei)
            else:
                assert isinstance(wert, int | float) and not isinstance(wert, bool)
                assert Decimal(str(wert)) == erwartet, (auf_seite, in_datei)
    assert zeilen[-1][0] == "Schleswig-Holstein insgesamt (15 Träger)"
    blatt = load_workbook(io.BytesIO(antwort.data)).worksheets[0]
    aggregat = [z for z in blatt.iter_rows() if z[0].value == zeilen[-1][0]][0]
    assert "3 von 15 Trägern" in aggregat[4].comment.text  # auf der Seite die zweite Zeile
    assert "3 von 15 Trägern" in seite


def test_landesseite_als_csv(daten, client_als):
    antwort = client_als("land").get("/kennzahlen/land/SH?format=csv")
    assert antwort.mimetype == "text/csv" and antwort.headers["Cache-Control"] == "no-store"
    text = antwort.data.decode("utf-8-sig")
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    kopf = next(z for z in zeilen if z and z[0] == "Träger")
    assert kopf[4].startswith("K2 ") and kopf[4].endswith("(%)")
    nordfriesland = next(z for z in zeilen if z and z[0] == "Kreis Nordfriesland")
    assert nordfriesland[1:6] == ["01054", "zkT", "0,0", "25,2", "0,0"]


def test_traegerseite_mit_drei_blaettern(daten, client_als):
    antwort = client_als("traeger").get("/kennzahlen/traeger/01054?format=xlsx")
    buch = load_workbook(io.BytesIO(antwort.data))
    assert buch.sheetnames == ["Kennzahlen", "Zielindikatoren", "Verlauf"]
    verlauf = [[z.value for z in r] for r in buch["Verlauf"].iter_rows()]
    kopf = next(z for z in verlauf if z and z[0] == "Monat")
    k2 = kopf.index("K2 Integrationsquote (%)")
    januar = next(z for z in verlauf if z and z[0] == "Januar 2025")
    assert januar[k2] == pytest.approx(0.252)
    zi = [[z.value for z in r] for r in buch["Zielindikatoren"].iter_rows()]
    # Name vorn (wie der Zeilenkopf der Seite), der Code daneben
    llu = next(z for z in zi if z and z[1] == "LLU")
    assert llu[0] == "Summe der Leistungen zum Lebensunterhalt" and llu[2] == "EUR"
    assert buch["Zielindikatoren"].cell(zi.index(llu) + 1, 4).number_format.endswith('"€"')


def test_traeger_sieht_im_vergleichstyp_auch_in_der_datei_nur_sich_selbst(daten, client_als):
    antwort = client_als("traeger").get("/kennzahlen/vergleichstyp/T1?format=xlsx")
    _, zeilen = blattzeilen(antwort.data)
    namen = [z[0] for z in zeilen]
    assert namen == ["Kreis Nordfriesland", "Vergleichstyp T1 insgesamt (3 Träger)"]
    assert "Landkreis Peine" not in antwort.data.decode("latin-1")


def test_fremde_und_unbekannte_formate(daten, client_als):
    assert client_als("traeger").get("/kennzahlen/land/SH?format=xlsx").status_code == 403
    assert client_als("land").get("/kennzahlen/land/NI?format=csv").status_code == 403
    assert client_als("land").get("/kennzahlen/land/SH?format=pdf").status_code == 404


def test_deutscher_dateiname_mit_umlaut(app):
    from zielvereinbarung.web.kern.tabellen import datei_antwort

    t = Tabelle("A", "A", [Spalte("A")])
    with app.test_request_context():
        antwort = datei_antwort(Mappe("Kennzahlen", "Kennzahlen Landkreis Göttingen", [t]), "csv")
    assert antwort.headers["Content-Disposition"] == (
        "attachment; filename=Kennzahlen_Landkreis_Gottingen.csv; "
        "filename*=UTF-8''Kennzahlen_Landkreis_G%C3%B6ttingen.csv"
    )


def test_audit_download_enthaelt_alle_ereignisse_der_auswahl(daten, client_als):
    client = client_als("admin")
    seite = client.get("/admin/audit").get_data(as_text=True)
    assert "format=xlsx" in seite and "Der Download enthält alle Ereignisse der Auswahl" in seite
    b = load_workbook(io.BytesIO(client.get("/admin/audit?format=xlsx").data)).worksheets[0]
    werte = [[z.value for z in r] for r in b.iter_rows()]
    kopf = werte.index(["Nr.", "Zeitpunkt", "Akteur", "Aktion", "Objekt", "Details"])
    ereignisse = werte[kopf + 1 :]
    assert ereignisse and all(
        isinstance(e[0], int) and isinstance(e[1], datetime) for e in ereignisse
    )
