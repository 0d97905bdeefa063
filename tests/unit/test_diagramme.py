"""Diagramme (documents/diagramme.py): in jeder Größe ohne überlappende Beschriftungen, deutsche
Monatskürzel, Reihen an Strichart und Marker unterscheidbar, Legende und Alternativtext."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from zielvereinbarung.documents.diagramme import SCHRIFT, Reihe, liniendiagramm

NS = {"s": "http://www.w3.org/2000/svg"}
MONATE_24 = [f"{2024 + (i // 12)}-{i % 12 + 1:02d}" for i in range(24)]
KURZ = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]


def _svg(breite, hoehe, beschriftungen, reihen, einheit="%") -> etree._Element:
    return etree.fromstring(
        liniendiagramm("Titel", beschriftungen, reihen, einheit, breite, hoehe).encode()
    )


def _achse_x(svg) -> list[tuple[float, float, str]]:
    """(links, rechts, Text) der Monatsbeschriftungen unter der Achse (Schrift 10 px)."""
    texte = []
    for t in svg.iterfind("s:text[@text-anchor='middle']", NS):
        if t.get("font-size") == str(SCHRIFT - 1):
            breite = len(t.text) * (SCHRIFT - 1) * 0.62
            x = float(t.get("x"))
            texte.append((x - breite / 2, x + breite / 2, t.text))
    return texte


@pytest.mark.parametrize("breite", [200, 260, 340, 480, 640, 900])
@pytest.mark.parametrize("beschriftungen", [MONATE_24, KURZ], ids=["24 Monate", "12 Monate"])
def test_monatsbeschriftungen_ueberlappen_nie(breite, beschriftungen):
    werte = [float(i % 7) for i in range(len(beschriftungen))]
    svg = _svg(breite, 220, beschriftungen, [Reihe("2025", werte)])
    achse = _achse_x(svg)
    assert len(achse) >= 3, achse
    for (_, rechts, a), (links, _, b) in zip(achse, achse[1:], strict=False):
        assert rechts + 2 <= links, f"„{a}“ und „{b}“ überlappen bei {breite} px"
    assert achse[0][0] >= 0 and achse[-1][1] <= breite, "Beschriftung ragt aus dem Bild"
    for _, _, text in achse:  # deutsche Kürzel, nie ISO
        assert re.fullmatch(
            r"(Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)( \d{2}| \d{4})?", text
        )


def test_grosse_zahlen_verschieben_die_achse_statt_zu_ueberlappen():
    svg = _svg(340, 200, KURZ, [Reihe("2026", [125_000.0 * i for i in range(12)])], "EUR")
    y_texte = [t for t in svg.iterfind("s:text[@text-anchor='end']", NS)]
    assert any(re.fullmatch(r"\d\.\d{3}\.\d{3}", t.text) for t in y_texte), [
        t.text for t in y_texte
    ]
    breiteste = max(len(t.text) for t in y_texte) * (SCHRIFT - 1) * 0.62
    assert all(float(t.get("x")) - breiteste >= 0 for t in y_texte)  # ganz im Bild


def test_reihen_unterscheiden_sich_ohne_farbe_und_legende_bricht_um():
    reihen = [
        Reihe("2026", [1.0, 2.0, None, 3.0]),
        Reihe("2025", [1.5, 2.5, 3.5, 4.5]),
        Reihe("Zielpfad (bessere Korridorgrenze)", [2.0, 3.0, 4.0, 5.0]),
    ]
    text = liniendiagramm("IQ: Monatsverlauf", KURZ[:4], reihen, breite=260, hoehe=220)
    svg = etree.fromstring(text.encode())
    striche = [p.get("stroke-dasharray") for p in svg.iterfind("s:polyline", NS)]
    assert striche[0] is None and len(set(striche)) == 3  # durchgezogen, gestrichelt, gepunktet
    # Marker: Kreis, Quadrat, Dreieck – je Wert einer (Lücke: keiner), dazu einer in der Legende
    assert len(svg.findall("s:circle", NS)) == 3 + 1
    assert len(svg.findall("s:rect[@fill='#ffffff'][@stroke]", NS)) == 4 + 1
    legende = [t.text for t in svg.iterfind("s:text", NS) if t.text in {r.name for r in reihen}]
    assert legende == ["2026", "2025", "Zielpfad (bessere Korridorgrenze)"]
    y_legende = {t.get("y") for t in svg.iterfind("s:text", NS) if t.text in legende}
    assert len(y_legende) == 2, "bei 260 px bricht die Legende in eine zweite Zeile um"
    titel = svg.find("s:title", NS).text
    assert titel.startswith("IQ: Monatsverlauf. Liniendiagramm;")
    assert "2026 (durchgezogen): Jan bis Apr, zuletzt 3,0 %" in titel
    assert "2025 (gestrichelt)" in titel and "(gepunktet)" in titel
    assert svg.get("aria-labelledby") == svg.find("s:title", NS).get("id")


def test_personen_ohne_bruchteile_auf_der_achse():
    svg = _svg(340, 200, KURZ, [Reihe("2026", [380.0, 390.0, 400.0])], "Personen")
    y = [t.text for t in svg.iterfind("s:text[@text-anchor='end']", NS)]
    assert y and all("," not in t for t in y), y


def test_ohne_werte():
    assert "Keine Werte vorhanden" in liniendiagramm("Leer", KURZ, [Reihe("2026", [None] * 12)])
