"""Kennzahlenseiten im Browser (Test-Client, echte Anmeldung) mit einem kleinen, von Hand
nachrechenbaren Datensatz.

Daten (importiert über den echten Import, 2024-01 bis 2025-01, Datenstand 15.04.2025):
- 01054 (zkT, SH): elb 1.000, integrationen 21 je Monat → K2(2025-01) = 252 / 1.000 × 100 = 25,2 %;
  lzb 400, im 2024-06 aber 1.200 (> elb: Plausibilitätshinweis); keine Spalte llu → K1 fehlt.
- 01059 (zkT, SH): elb 2.000, integrationen 30 → K2 = 360 / 2.000 × 100 = 18,0 %.
- 01001 (gE, SH):  elb   500, integrationen 15 → K2 = 180 /   500 × 100 = 36,0 %.
- Land SH: (252 + 360 + 180) / ((12.000 + 24.000 + 6.000) / 12) × 100 = 792 / 3.500 × 100 = 22,6 %
  (22,628…), Abdeckung 3 von 15 Trägern.
Vergleichstypen: 01054 und 03157 (NI) „T1“, 01059 „T2“.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from zielvereinbarung.models import Traeger
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen

from .scrollbereiche import pruefe_scrollbereiche

MONATE = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01"]
IMPORTZEIT = datetime(2025, 5, 1, 10, 0, tzinfo=UTC)


def basiszahlen_csv() -> bytes:
    zeilen = ["ags,monat,datenstand,elb,integrationen,lzb"]
    for monat in MONATE:
        lzb = 1200 if monat == "2024-06" else 400
        zeilen.append(f"01054,{monat},2025-04-15,1000,21,{lzb}")
        zeilen.append(f"01059,{monat},2025-04-15,2000,30,")
        zeilen.append(f"01001,{monat},2025-04-15,500,15,")
    return ("\n".join(zeilen) + "\n").encode()


@pytest.fixture
def daten(welt, engine):
    with Session(engine) as session:
        importiere_basiszahlen(session, "klein.csv", basiszahlen_csv(), "test", IMPORTZEIT)
        for ags, vt in {"01054": "T1", "03157": "T1", "01059": "T2"}.items():
            session.get(Traeger, ags).vergleichstyp = vt
        session.commit()
    return welt


def seite(client, url: str) -> str:
    antwort = client.get(url)
    assert antwort.status_code == 200, (url, antwort.status_code)
    return antwort.get_data(as_text=True)


def zeile(html: str, kopf: str) -> str:
    """Die Tabellenzeile, deren Zeilenkopf mit `kopf` beginnt."""
    treffer = re.search(r'<tr>\s*<th scope="row">' + re.escape(kopf) + r".*?</tr>", html, re.DOTALL)
    assert treffer, kopf
    return treffer.group(0)


def reihenfolge(html: str) -> list[str]:
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<td>(\d{5})</td>", tbody)


def test_traegerseite_zeigt_werte_gruende_und_datenstand(daten, client_als):
    html = seite(client_als("traeger"), "/kennzahlen/traeger/01054")
    assert "Kennzahlen im Januar 2025 (Gesamt)" in html
    # Zeilenkopf ist der Name, der Code steht daneben (Issue 9.9: nicht „K2“ allein)
    k2 = zeile(html, "Integrationsquote</th>")
    assert "<td>K2</td>" in k2 and "25,2 %" in k2 and "besser: höher" in k2
    k1 = zeile(html, "Veränderung der Summe der Leistungen zum Lebensunterhalt</th>")
    assert "<td>K1</td>" in k1 and "–" in k1
    assert (
        "nicht berechenbar: Wert „Summe der Leistungen zum Lebensunterhalt“ (llu) für Januar 2024 "
        "nicht gemeldet" in k1
    )
    assert "besser: niedriger" in k1
    assert "<dt>Datenstand</dt><dd>15.04.2025</dd>" in html
    assert "Demodaten" not in html
    # Verlauf: Spaltenköpfe mit Namen (Code darunter), Monate deutsch; 2024-06 braucht elb ab
    # 2023-06 → Fußnote mit deutschem Grund
    verlauf = html.split('id="verlauf"', 1)[1]
    assert "<caption" in verlauf
    assert (
        '<th scope="col" class="zahl">Integrationsquote<br><span class="zusatz">K2</span>'
        in verlauf
    )
    assert '<th scope="row">Januar 2025</th>' in verlauf and "2025-01" not in verlauf
    assert re.search(r'<li id="grund-\d+" value="\d+">Daten für Juni 2023 fehlen</li>', verlauf)
    assert pruefe_scrollbereiche(html) == 3  # Kennzahlen, Zielindikatoren, Verlauf


def test_zielindikatoren_und_plausibilitaet(daten, client_als):
    html = seite(client_als("land"), "/kennzahlen/traeger/01054")
    zielindikatoren = html.split('id="zielindikatoren"', 1)[1]
    iq = zeile(zielindikatoren, "Integrationsquote (Jahresfortschrittswert)</th>")
    # IQ Januar 2025: 21 / Ø elb(2024-12) = 21 / 1.000 × 100 = 2,1 %; Vorjahr fehlt (2023-12)
    assert "<td>IQ</td>" in iq and "2,1 %" in iq and "Daten für Dezember 2023 fehlen" in iq
    assert '<th scope="row">IQ_F</th>' not in zielindikatoren
    assert "Integrationsquote Frauen</th><td>IQ_F</td>" in zielindikatoren
    # lzb 2024-06 > elb: markiert K2 (liest elb 2024-01 … 2024-12) und nennt die Regel
    assert '<span class="markierung" aria-hidden="true">⚠</span>' in zeile(
        html, "Integrationsquote</th>"
    )
    assert (
        "Juni 2024 (Gesamt): „Bestand Langzeitleistungsbeziehende“ (lzb) größer als "
        "„Bestand erwerbsfähige Leistungsberechtigte“ (elb)"
    ) in html


def test_diagramme_sind_inline_svg_mit_titel(daten, client_als):
    html = seite(client_als("traeger"), "/kennzahlen/traeger/01054")
    diagramme = re.findall(r'<svg[^>]*class="diagramm"[^>]*>.*?</svg>', html, re.DOTALL)
    assert len(diagramme) == 5  # K2, K3, K1 und IQ, LZB
    for svg in diagramme:
        assert 'role="img"' in svg and re.search(r"<title id=\"[^\"]+\">[^<]+</title>", svg)
    assert (
        "<title" in diagramme[0]
        and "K2 Integrationsquote (Gesamt), Februar 2023 bis Januar 2025" in diagramme[0]
    )
    assert (
        "IQ Integrationsquote (Jahresfortschrittswert): Jahresfortschrittswerte 2024 und 2025"
        in html
    )
    assert "<script" not in html and not re.search(r'(src|href)="https?:', html)  # nichts Externes


def test_geschlecht_und_demodaten(welt, engine, client_als):
    csv = "ags,monat,geschlecht,datenstand,elb\n01054,2025-01,frauen,2025-04-15,480\n"
    with Session(engine) as session:
        importiere_basiszahlen(
            session, "demo.csv", csv.encode(), "demo", IMPORTZEIT, demodaten=True
        )
        session.commit()
    client = client_als("traeger")
    html = seite(client, "/kennzahlen/traeger/01054?geschlecht=frauen")
    assert '<p class="demodaten" role="note"><strong>Demodaten</strong>' in html
    assert "Kennzahlen im Januar 2025 (Frauen)" in html
    assert client.get("/kennzahlen/traeger/01054?geschlecht=divers").status_code == 400


def test_landesseite_sortiert_ohne_javascript_und_zeigt_aggregat(daten, client_als):
    client = client_als("leser")
    html = seite(client, "/kennzahlen/land/SH?sort=K2&richtung=ab")
    assert reihenfolge(html)[:3] == ["01001", "01054", "01059"]
    assert re.search(
        r'<th scope="col" aria-sort="descending" class="zahl">\s*'
        r'<a href="[^"]*sort=K2&amp;richtung=auf">Integrationsquote<span class="nur-vorlesen"> – '
        r"nach Integrationsquote aufsteigend sortieren</span></a>.*?"
        r'<br><span class="zusatz">K2</span>',
        html,
    )  # Name im Spaltenkopf, der Code darunter
    assert html.count("aria-sort=") == 1
    aggregat = html.split("<tfoot>", 1)[1]
    assert "Schleswig-Holstein insgesamt (15 Träger)" in aggregat
    assert "22,6 %" in aggregat and "3 von 15 Trägern" in aggregat
    assert '<a href="/kennzahlen/traeger/01054">Kreis Nordfriesland</a>' in html
    assert "<strong>zkT</strong>" in zeile(html, '<a href="/kennzahlen/traeger/01054">')

    aufsteigend = reihenfolge(seite(client, "/kennzahlen/land/SH?sort=K2&richtung=auf"))
    assert aufsteigend[:3] == ["01059", "01054", "01001"]
    assert len(aufsteigend) == 15  # Träger ohne Werte stehen am Ende
    standard = seite(client, "/kennzahlen/land/sh")  # Voreinstellung: nach Namen aufsteigend
    tbody = standard.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    namen = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', tbody)
    assert len(namen) == 15 and namen == sorted(namen, key=str.casefold)
    assert re.search(
        r'<th scope="col" aria-sort="ascending">\s*<a href="[^"]*sort=name&amp;richtung=ab',
        standard,
    )


def test_vergleichstyp_land_sieht_alle_traeger_nur_das_eigene(daten, client_als):
    html = seite(client_als("land"), "/kennzahlen/vergleichstyp/T1")
    assert reihenfolge(html) == ["01054", "03157"]
    assert '<a href="/kennzahlen/traeger/03157">' not in html  # fremdes Land: Zeile ohne Link
    assert "Vergleichstyp T1 insgesamt (2 Träger)" in html and "1 von 2 Trägern" in html

    eigene = seite(client_als("traeger"), "/kennzahlen/vergleichstyp/T1")
    assert reihenfolge(eigene) == ["01054"] and "03157" not in eigene and "Peine" not in eigene
    assert "Vergleichstyp T1 insgesamt (2 Träger)" in eigene


@pytest.mark.parametrize(
    ("rolle", "url", "status"),
    [
        ("traeger", "/kennzahlen/vergleichstyp/T2", 403),  # Vergleichstyp des Nachbarn
        ("traeger", "/kennzahlen/land/SH", 403),  # keine Landesübersicht für Träger
        ("traeger", "/kennzahlen/traeger/01059", 403),
        ("land", "/kennzahlen/traeger/03157", 403),
        ("land", "/kennzahlen/land/NI", 403),
        ("land", "/kennzahlen/land/XX", 404),
        ("land", "/kennzahlen/traeger/99999", 404),
        ("land", "/kennzahlen/vergleichstyp/gibt-es-nicht", 404),
        ("land-ni", "/kennzahlen/vergleichstyp/T2", 403),  # kein Mitglied in NI
    ],
)
def test_fremde_und_unbekannte_objekte(daten, client_als, rolle, url, status):
    assert client_als(rolle).get(url).status_code == status


@pytest.mark.parametrize(
    ("rolle", "ziel"),
    [
        ("land", "/kennzahlen/land/SH"),
        ("leser", "/kennzahlen/land/SH"),
        ("traeger", "/kennzahlen/traeger/01054"),
    ],
)
def test_einstieg_leitet_zur_eigenen_seite(daten, client_als, rolle, ziel):
    antwort = client_als(rolle).get("/kennzahlen")
    assert antwort.status_code == 302 and antwort.headers["Location"] == ziel


def test_einstieg_fuer_admin_und_navigation(daten, client_als):
    html = seite(client_als("admin"), "/kennzahlen")
    assert '<a href="/kennzahlen/land/SH">Schleswig-Holstein (SH)</a>' in html
    assert '<a href="/kennzahlen/vergleichstyp/T1">' in html
    assert '<a href="/kennzahlen" aria-current="page">Kennzahlen</a>' in html
    assert '<a href="/import">Import</a>' in html
    traeger = seite(client_als("traeger"), "/kennzahlen/traeger/01054")
    assert '<a href="/kennzahlen" aria-current="page">Kennzahlen</a>' in traeger
    assert 'href="/import"' not in traeger


def test_traeger_ohne_daten(daten, client_als):
    html = seite(client_als("land"), "/kennzahlen/traeger/01051")
    assert "Für diesen Träger liegen keine Basiszahlen der Geschlechtergruppe Gesamt vor." in html
    assert "<dt>Datenstand</dt><dd>keine Basiszahlen vorhanden</dd>" in html
    assert 'class="diagramm"' not in html
