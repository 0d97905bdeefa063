"""Box-Plot eines Ringvergleichs als SVG, serverseitig – dasselbe für Webseite und PDF.

Waagerecht: Kasten von Q1 bis Q3 mit Median, Antennen bis Minimum und Maximum, jedes Mitglied
als Punkt, der eigene Träger als größere Raute (Farbe und Form), der Ringwert als gestrichelte
Linie. Barrierearm: `role="img"` mit einem Titel, der alle Zahlen nennt (wie `diagramme`).
"""

from __future__ import annotations

import hashlib
import math
from decimal import Decimal
from html import escape

from ..domain.ringvergleich import Verteilung
from ..format import zahl

_KASTEN, _LINIE, _PUNKT, _EIGEN, _RING = "#dbe7f3", "#1f4e79", "#555555", "#a33b00", "#2e6b30"


def _schritt(spanne: float) -> float:
    roh = spanne / 6 or 1
    groesse = 10 ** math.floor(math.log10(roh))
    for faktor in (1, 2, 2.5, 5, 10):
        if roh <= faktor * groesse:
            return faktor * groesse
    return 10 * groesse


def _text(wert: Decimal | float, stellen: int, zeichen: str) -> str:
    text = zahl(Decimal(str(wert)) if isinstance(wert, float) else wert, stellen)
    return f"{text} {zeichen}".rstrip()


def boxplot(
    titel: str,
    verteilung: Verteilung | None,
    punkte: list[Decimal],
    eigener: Decimal | None = None,
    ring: Decimal | None = None,
    zeichen: str = "%",
    stellen: int = 1,
    breite: int = 760,
    hoehe: int = 150,
) -> str:
    """SVG-Text: Verteilung der Mitgliedswerte, eigener Wert und Ringwert hervorgehoben."""
    # Kennung aus dem Inhalt statt eines Zählers: gleiche Daten ergeben dasselbe SVG (der
    # Fingerabdruck des Jahresberichts bleibt gleich).
    kennung = (
        "bp"
        + hashlib.sha256(f"{titel}|{verteilung}|{punkte}|{eigener}|{ring}".encode()).hexdigest()[
            :10
        ]
    )
    kopf = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagramm" viewBox="0 0 {breite} {hoehe}"'
        f' width="{breite}" height="{hoehe}" role="img" aria-labelledby="{kennung}t"'
        ' font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">'
    )
    teile = [kopf]
    if verteilung is None:
        teile += [
            f'<title id="{kennung}t">{escape(titel)}: keine berechenbaren Werte.</title>',
            f'<rect x="0" y="0" width="{breite}" height="{hoehe}" fill="#ffffff"/>',
            f'<text x="{breite / 2}" y="{hoehe / 2}" text-anchor="middle" font-size="13" '
            'fill="#333333">Keine Werte vorhanden</text></svg>',
        ]
        return "".join(teile)
    v = verteilung
    beschreibung = (
        f"{v.anzahl} Werte. Minimum {_text(v.minimum, stellen, zeichen)}, erstes Quartil "
        f"{_text(v.q1, stellen, zeichen)}, Median {_text(v.median, stellen, zeichen)}, drittes "
        f"Quartil {_text(v.q3, stellen, zeichen)}, Maximum {_text(v.maximum, stellen, zeichen)}."
    )
    if ring is not None:
        beschreibung += f" Ringwert {_text(ring, stellen, zeichen)}."
    if eigener is not None:
        beschreibung += f" Eigener Wert {_text(eigener, stellen, zeichen)}."
    # Der Titel trägt alle Zahlen: er ist der Alternativtext (Web: aria-labelledby; PDF: /Alt).
    teile += [
        f'<title id="{kennung}t">{escape(titel)}. {escape(beschreibung)}</title>',
        f'<rect x="0" y="0" width="{breite}" height="{hoehe}" fill="#ffffff"/>',
    ]
    alle = [float(w) for w in (v.minimum, v.maximum, ring, eigener) if w is not None]
    tief, hoch = min(alle), max(alle)
    if tief == hoch:
        tief, hoch = tief - 1, hoch + 1
    schritt = _schritt(hoch - tief)
    tief, hoch = math.floor(tief / schritt) * schritt, math.ceil(hoch / schritt) * schritt
    links, rechts = 20, 20
    mitte, kasten_h, achse_y = 62, 30, 108

    def x(wert: Decimal | float) -> float:
        return links + (breite - links - rechts) * (float(wert) - tief) / (hoch - tief)

    # Achse mit Teilstrichen
    teile.append(
        f'<line x1="{links}" x2="{breite - rechts}" y1="{achse_y}" y2="{achse_y}" '
        'stroke="#333333"/>'
    )
    teilstellen = next(
        d for d in range(5) if float(round(schritt * 10**d, 6)).is_integer() or d == 4
    )
    stufe = tief
    while stufe <= hoch + schritt / 1000:
        xx = x(stufe)
        teile.append(
            f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{achse_y}" y2="{achse_y + 5}" '
            'stroke="#333333"/>'
            f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="20" y2="{achse_y}" stroke="#e4e4e4"/>'
            f'<text x="{xx:.1f}" y="{achse_y + 18}" text-anchor="middle" font-size="11" '
            f'fill="#333333">{escape(_text(stufe, teilstellen, zeichen))}</text>'
        )
        stufe += schritt
    oben, unten = mitte - kasten_h / 2, mitte + kasten_h / 2
    # Antennen und Kasten
    teile.append(
        f'<line x1="{x(v.minimum):.1f}" x2="{x(v.q1):.1f}" y1="{mitte}" y2="{mitte}" '
        f'stroke="{_LINIE}"/>'
        f'<line x1="{x(v.q3):.1f}" x2="{x(v.maximum):.1f}" y1="{mitte}" y2="{mitte}" '
        f'stroke="{_LINIE}"/>'
    )
    for ende in (v.minimum, v.maximum):
        teile.append(
            f'<line x1="{x(ende):.1f}" x2="{x(ende):.1f}" y1="{mitte - 8}" y2="{mitte + 8}" '
            f'stroke="{_LINIE}"/>'
        )
    teile.append(
        f'<rect x="{x(v.q1):.1f}" y="{oben}" width="{max(x(v.q3) - x(v.q1), 1):.1f}" '
        f'height="{kasten_h}" fill="{_KASTEN}" stroke="{_LINIE}"/>'
        f'<line x1="{x(v.median):.1f}" x2="{x(v.median):.1f}" y1="{oben}" y2="{unten}" '
        f'stroke="{_LINIE}" stroke-width="3"/>'
    )
    for wert in punkte:
        teile.append(
            f'<circle cx="{x(wert):.1f}" cy="{unten + 8}" r="3" fill="{_PUNKT}" '
            'fill-opacity="0.8"/>'
        )
    if ring is not None:
        teile.append(
            f'<line x1="{x(ring):.1f}" x2="{x(ring):.1f}" y1="{oben - 2}" y2="{unten + 14}" '
            f'stroke="{_RING}" stroke-width="2" stroke-dasharray="5 3"/>'
            f'<text x="{x(ring):.1f}" y="{oben - 18}" text-anchor="middle" font-size="11" '
            f'fill="{_RING}">Ring</text>'
        )
    if eigener is not None:
        ex, ey = x(eigener), unten + 8
        teile.append(
            f'<path d="M {ex:.1f} {ey - 8} L {ex + 7:.1f} {ey} L {ex:.1f} {ey + 8} '
            f'L {ex - 7:.1f} {ey} Z" fill="{_EIGEN}" stroke="#ffffff"/>'
            f'<text x="{ex:.1f}" y="{oben - 4}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="{_EIGEN}">eigener Wert</text>'
        )
    teile.append(
        f'<text x="{links}" y="{hoehe - 6}" font-size="10" fill="#333333">Kasten: mittlere '
        "Hälfte (Q1 bis Q3), dicker Strich: Median, Punkte: Mitglieder"
        f"{', Raute: eigener Wert' if eigener is not None else ''}</text></svg>"
    )
    return "".join(teile)
