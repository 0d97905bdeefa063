"""Liniendiagramme als SVG, serverseitig erzeugt – dieselben für Webseiten und PDFs.

Barrierearm: `role="img"` mit Titel und Beschreibung; Reihen unterscheiden sich nicht nur in
der Farbe, sondern auch in Strichart und Markern. Keine externen Ressourcen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from itertools import count

from ..format import zahl

# Farben mit mindestens 4,5:1 Kontrast auf Weiß; Strichart als zweites Merkmal.
_STILE = (
    ("#1f4e79", ""),
    ("#a33b00", "6 4"),
    ("#2e6b30", "2 3"),
    ("#5b3a8c", "10 3 2 3"),
)
_ids = count(1)


@dataclass(frozen=True)
class Reihe:
    name: str
    werte: list[Decimal | float | None]  # je Beschriftung ein Wert; None = Lücke


def _schritt(spanne: float) -> float:
    """Ein „runder“ Achsenabstand für etwa fünf Teilstriche."""
    roh = spanne / 5 or 1
    groesse = 10 ** math.floor(math.log10(roh))
    for faktor in (1, 2, 2.5, 5, 10):
        if roh <= faktor * groesse:
            return faktor * groesse
    return 10 * groesse


def liniendiagramm(
    titel: str,
    beschriftungen: list[str],
    reihen: list[Reihe],
    einheit: str = "%",
    breite: int = 640,
    hoehe: int = 260,
    nachkommastellen: int = 1,
) -> str:
    """SVG-Text eines Liniendiagramms; Lücken (None) unterbrechen die Linie."""
    diagramm_id = f"dg{next(_ids)}"
    links, rechts, oben, unten = 56, 28, 16, 58
    werte = [float(w) for r in reihen for w in r.werte if w is not None]
    beschreibung = f"{titel}: {len(reihen)} Reihe(n) über {len(beschriftungen)} Zeitpunkte"
    teile = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagramm" viewBox="0 0 {breite} {hoehe}" '
        f'width="{breite}" height="{hoehe}" role="img" aria-labelledby="{diagramm_id}t {diagramm_id}d">',
        f'<title id="{diagramm_id}t">{escape(titel)}</title>',
        f'<desc id="{diagramm_id}d">{escape(beschreibung)}</desc>',
        f'<rect x="0" y="0" width="{breite}" height="{hoehe}" fill="#ffffff"/>',
    ]
    if not werte or not beschriftungen:
        teile.append(
            f'<text x="{breite / 2}" y="{hoehe / 2}" text-anchor="middle" font-size="13" '
            f'fill="#333333">Keine Werte vorhanden</text></svg>'
        )
        return "".join(teile)
    tief, hoch = min(werte), max(werte)
    if tief == hoch:
        tief, hoch = tief - 1, hoch + 1
    schritt = _schritt(hoch - tief)
    tief = (tief // schritt) * schritt
    hoch = -((-hoch) // schritt) * schritt
    flaeche_b, flaeche_h = breite - links - rechts, hoehe - oben - unten

    def x(i: int) -> float:
        return links + (flaeche_b * i / max(len(beschriftungen) - 1, 1))

    def y(wert: float) -> float:
        return oben + flaeche_h * (1 - (wert - tief) / (hoch - tief))

    stufe = tief
    while stufe <= hoch + schritt / 1000:
        yy = y(stufe)
        teile.append(
            f'<line x1="{links}" x2="{breite - rechts}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#d0d0d0"/>'
        )
        text = zahl(Decimal(str(stufe)), nachkommastellen if schritt < 1 else 0)
        teile.append(
            f'<text x="{links - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="#333333">'
            f"{escape(text)}</text>"
        )
        stufe += schritt
    teile.append(
        f'<text x="12" y="{oben + flaeche_h / 2:.1f}" font-size="11" fill="#333333" '
        f'transform="rotate(-90 12 {oben + flaeche_h / 2:.1f})" text-anchor="middle">{escape(einheit)}</text>'
    )
    jede = max(1, len(beschriftungen) // 12)
    for i, beschriftung in enumerate(beschriftungen):
        if i % jede == 0 or i == len(beschriftungen) - 1:
            teile.append(
                f'<text x="{x(i):.1f}" y="{hoehe - unten + 16}" text-anchor="middle" font-size="10" '
                f'fill="#333333">{escape(beschriftung)}</text>'
            )
    for nr, reihe in enumerate(reihen):
        farbe, strich = _STILE[nr % len(_STILE)]
        strich_attr = f' stroke-dasharray="{strich}"' if strich else ""
        segmente: list[list[str]] = [[]]
        for i, wert in enumerate(reihe.werte):
            if wert is None:
                segmente.append([])
            else:
                segmente[-1].append(f"{x(i):.1f},{y(float(wert)):.1f}")
        for segment in segmente:
            if len(segment) > 1:
                teile.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{farbe}" '
                    f'stroke-width="2"{strich_attr}/>'
                )
            elif segment:
                px, py = segment[0].split(",")
                teile.append(f'<circle cx="{px}" cy="{py}" r="3" fill="{farbe}"/>')
        lx = links + nr * 150
        ly = hoehe - 18
        teile.append(
            f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{farbe}" stroke-width="2"{strich_attr}/>'
            f'<text x="{lx + 30}" y="{ly + 4}" font-size="11" fill="#222222">{escape(reihe.name)}</text>'
        )
    teile.append("</svg>")
    return "".join(teile)
