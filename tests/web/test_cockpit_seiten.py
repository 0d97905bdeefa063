"""Cockpit der Nachhaltung im Browser (Test-Client, echte Anmeldung): Raster mit Status als
Wort und Symbol, Landeszeile, Filter, Sortierung, Drill-down, Druckansicht, Berechtigung und
Fehlerfälle. Daten wie in test_nachhaltung_seiten.py (SH: 01054 IQ 7,2 % → kritisch; 01059
IQ 9,9 % → auf Kurs)."""

from __future__ import annotations

import re

from .test_nachhaltung_seiten import unterzeichnet  # noqa: F401  (Fixture)


def _zeilen(text: str) -> list[str]:
    """Die Trägernamen im Tabellenkörper, in der gezeigten Reihenfolge."""
    koerper = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row">(?:<a href="[^"]*">)?([^<]+)', koerper)


def test_cockpit_zeigt_raster_status_landeszeile_und_datenstand(client_als, unterzeichnet):  # noqa: F811
    antwort = client_als("land").get("/nachhaltung/SH/2026")
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200
    assert "<h1>Nachhaltung 2026: Schleswig-Holstein</h1>" in text
    assert "Daten bis März 2026" in text and "15.05.2026" in text
    assert '<caption id="cockpit-titel">' in text and 'scope="col"' in text
    assert '<span class="ampel-symbol" aria-hidden="true">✗</span> kritisch' in text
    assert '<span class="ampel-symbol" aria-hidden="true">✓</span> auf Kurs' in text
    for name, wert in ("Wert", "7,2 %"), ("Projektion", "28,8 %"), ("Ziel", "30,75 %"):
        assert f'{name} <span class="zahlwert">{wert}</span>' in text
    assert '<tr class="aggregat">' in text and "Aggregat aller 2 Träger" in text
    assert 'Ziel <span class="zahlwert">34,85 %</span>' in text  # Landesziel, zwei Stellen
    assert _zeilen(text) == ["Kreis Nordfriesland", "Kreis Schleswig-Flensburg"]
    assert f'href="/vereinbarungen/{unterzeichnet["01054"]}/nachhaltung?monat=2026-03"' in text


def test_filter_suche_und_sortierung_ohne_javascript(client_als, unterzeichnet):  # noqa: F811
    client = client_als("land")
    kritisch = client.get("/nachhaltung/SH/2026?status=schlecht").get_data(as_text=True)
    assert _zeilen(kritisch) == ["Kreis Nordfriesland"] and "1 von 2 Trägern (Auswahl)" in kritisch
    assert _zeilen(client.get("/nachhaltung/SH/2026?suche=01059").get_data(as_text=True)) == [
        "Kreis Schleswig-Flensburg"
    ]
    sortiert = client.get("/nachhaltung/SH/2026?sort=IQ&richtung=ab").get_data(as_text=True)
    assert _zeilen(sortiert) == ["Kreis Schleswig-Flensburg", "Kreis Nordfriesland"]
    assert 'aria-sort="descending"' in sortiert
    # der Kopf der aktiven Spalte kehrt die Richtung um und behält die Auswahl
    assert "sort=IQ&amp;richtung=auf" in sortiert
    leer = client.get("/nachhaltung/SH/2026?suche=K%C3%B6ln").get_data(as_text=True)
    assert "Kein Träger entspricht der Auswahl." in leer


def test_druckansicht_ohne_navigation(client_als, unterzeichnet):  # noqa: F811
    text = client_als("leser").get("/nachhaltung/SH/2026?ansicht=druck").get_data(as_text=True)
    assert 'class="druckansicht"' in text and "Hauptnavigation" not in text
    assert "Kreis Nordfriesland" in text and "Zurück zum Cockpit" in text
    assert '<a href="/vereinbarungen/' not in text  # keine Links im Ausdruck


def test_administration_sieht_alle_laender(client_als, unterzeichnet):  # noqa: F811
    text = client_als("admin").get("/nachhaltung/alle/2026?nur_land=SH").get_data(as_text=True)
    assert "Nachhaltung 2026: alle Länder" in text
    assert _zeilen(text) == ["Kreis Nordfriesland", "Kreis Schleswig-Flensburg"]
    assert 'href="/nachhaltung/SH/2026?monat=2026-03">Schleswig-Holstein</a>' in text
    assert "Alle Länder" in text


def test_fremde_und_falsche_eingaben(client_als, unterzeichnet):  # noqa: F811
    land = client_als("land")
    assert land.get("/nachhaltung/NI/2026").status_code == 403
    assert land.get("/nachhaltung/alle/2026").status_code == 403
    assert land.get("/nachhaltung/XX/2026").status_code == 404
    assert land.get("/nachhaltung/SH/1999").status_code == 404
    assert client_als("traeger").get("/nachhaltung/SH/2026").status_code == 403
    weiter = land.get("/nachhaltung/SH/2026?monat=2026-11")
    assert weiter.status_code == 302 and weiter.headers["Location"].endswith("/nachhaltung/SH/2026")
    seite = land.get(weiter.headers["Location"]).get_data(as_text=True)
    assert "Für November 2026 liegen keine Daten vor" in seite
    unsinn = land.get("/nachhaltung/SH/2026?sort=%3Cx%3E&status=%00&suche=" + "x" * 500)
    assert unsinn.status_code == 200


def test_cockpit_als_xlsx_und_csv_mit_der_auswahl_der_seite(client_als, unterzeichnet):  # noqa: F811
    import csv
    import io
    from decimal import Decimal

    from openpyxl import load_workbook

    client = client_als("land")
    url = "/nachhaltung/SH/2026?status=schlecht"
    seite = client.get(url).get_data(as_text=True)
    assert 'href="/nachhaltung/SH/2026?status=schlecht&amp;format=xlsx"' in seite
    antwort = client.get(url + "&format=xlsx")
    assert antwort.status_code == 200 and antwort.headers["Cache-Control"] == "no-store"
    assert antwort.mimetype.endswith("spreadsheetml.sheet")
    blatt = load_workbook(io.BytesIO(antwort.data)).worksheets[0]
    werte = [[z.value for z in zeile] for zeile in blatt.iter_rows()]
    assert "Datenstand: 15.05.2026" in [z[0] for z in werte]
    k = next(i for i, z in enumerate(werte) if z[0] == "Träger")
    kopf, nf, land = werte[k], werte[k + 1], werte[k + 2]
    iq = kopf.index("Integrationsquote (Jahresfortschrittswert): Wert (%)")
    assert kopf[iq + 1 : iq + 6] == [
        "Integrationsquote (Jahresfortschrittswert): Ziel",
        "Integrationsquote (Jahresfortschrittswert): Zielniveau (%)",
        "Integrationsquote (Jahresfortschrittswert): Projektion Dezember (%)",
        "Integrationsquote (Jahresfortschrittswert): Zielerreichung (%)",
        "Integrationsquote (Jahresfortschrittswert): Status",
    ]
    # nur der kritische Träger (wie auf der Seite), dann die Landeszeile; Zahlen als Zahlen
    assert nf[:2] == ["Kreis Nordfriesland", "01054"]
    assert blatt.cell(k + 2, iq + 1).number_format.endswith("%")
    assert Decimal(str(nf[iq])) == Decimal("0.072")  # 7,2 % wie auf der Seite, als Prozentzahl
    assert nf[iq + 5] == "kritisch"
    assert land[0] == "Schleswig-Holstein (Aggregat)"
    text = client.get(url + "&format=csv").data.decode("utf-8-sig")
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [z[0] for z in zeilen if z and z[0].startswith("Kreis")] == ["Kreis Nordfriesland"]
    assert client_als("traeger").get(url + "&format=xlsx").status_code == 403
