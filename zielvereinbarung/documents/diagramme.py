"""Liniendiagramme als SVG, serverseitig erzeugt – dieselben für Webseiten und PDFs.

- Lesbar in jeder Größe: Ränder richten sich nach den längsten Achsenbeschriftungen; Monate
  werden deutsch abgekürzt („2026-03“ → „Mär 26“, „März“ → „Mär“), und es wird nur jede k-te
  Beschriftung gezeigt, so dass sich keine überlappen; die Legende bricht in Zeilen um.
- Reihen unterscheiden sich nicht nur in der Farbe (alle mit mindestens 4,5:1 Kontrast auf Weiß),
  sondern in Strichart und Marker – auch in Graustufen und ohne Farbe. Die Reihenfolge legt die
  Bedeutung fest: 1. dieses Jahr (durchgezogen, Kreis), 2. Vorjahr (gestrichelt, Quadrat),
  3. Zielpfad (gepunktet, Dreieck), 4. weitere (Strich-Punkt, Raute).
- Barrierearm: `role="img"`, `<title>` mit Titel und Kurzbeschreibung der Reihen – daraus wird
  im PDF auch der Alternativtext der Abbildung (/Alt). Keine externen Ressourcen.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from itertools import count

from ..format import MONATSKUERZEL, MONATSNAMEN, zahl

# (Farbe, Strichart, Marker, Name der Strichart für die Beschreibung)
STILE = (
    ("#1f4e79", "", "kreis", "durchgezogen"),
    ("#a33b00", "7 4", "quadrat", "gestrichelt"),
    ("#2e6b30", "2 3", "dreieck", "gepunktet"),
    ("#5b3a8c", "9 3 2 3", "raute", "Strich-Punkt"),
)
SCHRIFT = 11  # px; Achsenbeschriftungen 10 px
_ZEICHENBREITE = 0.62  # geschätzte mittlere Zeichenbreite je px Schriftgröße (DejaVu/Liberation)
_ids = count(1)


@dataclass(frozen=True)
class Reihe:
    name: str
    werte: list[Decimal | float | None]  # je Beschriftung ein Wert; None = Lücke


def _breite(text: str, groesse: float) -> float:
    return len(text) * groesse * _ZEICHENBREITE


def kurzformen(beschriftung: str) -> tuple[str, ...]:
    """Beschriftung, vom längsten zum kürzesten: „2026-03“ → („Mär 2026“, „Mär 26“);
    „März“ → („März“, „Mär“); anderes unverändert."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", beschriftung):
        monat = MONATSKUERZEL[int(m.group(2)) - 1]
        return (f"{monat} {m.group(1)}", f"{monat} {m.group(1)[2:]}")
    if beschriftung in MONATSNAMEN:
        return (beschriftung, MONATSKUERZEL[MONATSNAMEN.index(beschriftung)])
    return (beschriftung,)


def x_beschriftungen(beschriftungen: list[str], abstand: float) -> list[tuple[int, str]]:
    """(Index, Text) der gezeigten Beschriftungen bei `abstand` px zwischen zwei Punkten: die
    längste Form, bei der mindestens vier (oder alle) Platz haben; dann jede k-te (k aus 1, 2, 3,
    4, 6, 12 …), die letzte nur, wenn sie nicht an die vorige stößt."""
    n = len(beschriftungen)
    formen = [kurzformen(b) for b in beschriftungen]
    stufen = max(len(f) for f in formen)
    for stufe in range(stufen):
        texte = [f[min(stufe, len(f) - 1)] for f in formen]
        noetig = max(_breite(t, SCHRIFT - 1) for t in texte) + 8
        k = max(1, math.ceil(noetig / abstand)) if abstand > 0 else n
        k = next((s for s in (1, 2, 3, 4, 6, 12) if s >= k), k)
        if math.ceil(n / k) >= min(4, n) or stufe == stufen - 1:
            break
    gezeigt = list(range(0, n, k))
    if gezeigt[-1] != n - 1 and (n - 1 - gezeigt[-1]) * abstand >= noetig:
        gezeigt.append(n - 1)
    return [(i, texte[i]) for i in gezeigt]


def _schritt(spanne: float, anzahl: int, ganzzahlig: bool = False) -> float:
    """Ein „runder“ Achsenabstand für etwa `anzahl` Teilstriche; `ganzzahlig` (Personen):
    keine Bruchteile wie 2,5."""
    roh = spanne / max(anzahl, 1) or 1
    groesse = 10 ** math.floor(math.log10(roh))
    for faktor in (1, 2, 2.5, 5, 10):
        schritt = faktor * groesse
        if roh <= schritt and not (ganzzahlig and schritt != int(schritt)):
            return schritt
    return 10 * groesse


def _stellen(stufen: list[float]) -> int:
    """So viele Nachkommastellen, wie die Teilstriche brauchen (2,5 → 1; 10 → 0)."""
    return next((n for n in (0, 1, 2) if all(abs(round(s, n) - s) < 1e-9 for s in stufen)), 3)


def _marker(art: str, x: float, y: float, farbe: str, r: float = 3.2) -> str:
    if art == "kreis":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{farbe}"/>'
    if art == "quadrat":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
            f'fill="#ffffff" stroke="{farbe}" stroke-width="1.5"/>'
        )
    if art == "dreieck":
        return (
            f'<path d="M{x:.1f},{y - r - 0.8:.1f} L{x + r + 0.6:.1f},{y + r:.1f} '
            f'L{x - r - 0.6:.1f},{y + r:.1f} Z" fill="{farbe}"/>'
        )
    return (
        f'<path d="M{x:.1f},{y - r - 0.6:.1f} L{x + r + 0.6:.1f},{y:.1f} '
        f'L{x:.1f},{y + r + 0.6:.1f} L{x - r - 0.6:.1f},{y:.1f} Z" fill="#ffffff" '
        f'stroke="{farbe}" stroke-width="1.5"/>'
    )


def _legende(reihen: list[Reihe], breite: float, links: float) -> list[list[tuple[int, float]]]:
    """Zeilen der Legende: je Eintrag (Reihennummer, x-Versatz); umbrechen, wenn es nicht passt."""
    zeilen: list[list[tuple[int, float]]] = [[]]
    x = 0.0
    for nr, reihe in enumerate(reihen):
        eintrag = 34 + _breite(reihe.name, SCHRIFT) + 18
        if zeilen[-1] and links + x + eintrag > breite - 4:
            zeilen.append([])
            x = 0.0
        zeilen[-1].append((nr, x))
        x += eintrag
    return zeilen


def beschreibung(titel: str, beschriftungen: list[str], reihen: list[Reihe], einheit: str,
                 nachkommastellen: int) -> str:  # fmt: skip
    """Kurzbeschreibung für Screenreader und PDF: je Reihe Strichart, Zeitraum und letzter Wert."""
    teile = []
    for nr, reihe in enumerate(reihen):
        belegt = [(i, w) for i, w in enumerate(reihe.werte) if w is not None]
        art = STILE[nr % len(STILE)][3]
        if not belegt:
            teile.append(f"{reihe.name} ({art}): keine Werte")
            continue
        (i0, _), (i1, w1) = belegt[0], belegt[-1]
        stellen = nachkommastellen if abs(float(w1)) < 1000 else 0
        von, bis = kurzformen(beschriftungen[i0])[0], kurzformen(beschriftungen[i1])[0]
        zuletzt = zahl(Decimal(str(w1)), stellen)
        teile.append(f"{reihe.name} ({art}): {von} bis {bis}, zuletzt {zuletzt} {einheit}")
    return f"{titel}. Liniendiagramm; " + "; ".join(teile) + "."


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
    kennung = f"dg{next(_ids)}"
    werte = [float(w) for r in reihen for w in r.werte if w is not None]
    text = beschreibung(titel, beschriftungen, reihen, einheit, nachkommastellen)
    teile = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagramm" viewBox="0 0 {breite} {hoehe}" '
        f'width="{breite}" height="{hoehe}" role="img" aria-labelledby="{kennung}t" '
        f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">',
        f'<title id="{kennung}t">{escape(text)}</title>',
        f'<rect x="0" y="0" width="{breite}" height="{hoehe}" fill="#ffffff"/>',
    ]
    if not werte or not beschriftungen:
        teile.append(
            f'<text x="{breite / 2}" y="{hoehe / 2}" text-anchor="middle" '
            f'font-size="{SCHRIFT + 2}" fill="#333333">Keine Werte vorhanden</text></svg>'
        )
        return "".join(teile)

    # Legende unten (Zeilen nach Breite), Einheit oben links über der Achse
    rechts: float
    oben, rechts = 22, 16
    legende = _legende(reihen, breite, 8)
    unten = 24 + len(legende) * 18
    flaeche_h = max(hoehe - oben - unten, 20)
    tief: float
    hoch: float
    tief, hoch = min(werte), max(werte)
    if tief == hoch:
        tief, hoch = tief - 1, hoch + 1
    schritt = _schritt(hoch - tief, max(2, min(6, int(flaeche_h // 28))), nachkommastellen == 0)
    tief = (tief // schritt) * schritt
    hoch = -((-hoch) // schritt) * schritt
    stufen = [tief + i * schritt for i in range(int(round((hoch - tief) / schritt)) + 1)]
    stellen = _stellen(stufen)
    y_texte = [zahl(Decimal(str(round(s, 6))), stellen) for s in stufen]
    # Die erste und letzte Monatsbeschriftung steht mittig unter ihrem Punkt: Platz für ihre Hälfte
    halb = max(_breite(kurzformen(b)[0], SCHRIFT - 1) for b in beschriftungen) / 2 + 3
    links = max(10 + max(_breite(t, SCHRIFT - 1) for t in y_texte), halb)
    rechts = max(rechts, halb)
    flaeche_b = max(breite - links - rechts, 20)
    n = len(beschriftungen)
    abstand = flaeche_b / max(n - 1, 1)

    def x(i: int) -> float:
        return links + (abstand * i if n > 1 else flaeche_b / 2)

    def y(wert: float) -> float:
        return oben + flaeche_h * (1 - (wert - tief) / (hoch - tief))

    teile.append(
        f'<text x="4" y="{oben - 9}" font-size="{SCHRIFT - 1}" fill="#333333">'
        f"{escape(einheit)}</text>"
    )
    for stufe, beschriftung in zip(stufen, y_texte, strict=True):
        yy = y(stufe)
        teile.append(
            f'<line x1="{links:.1f}" x2="{breite - rechts}" y1="{yy:.1f}" y2="{yy:.1f}" '
            f'stroke="#d0d0d0"/><text x="{links - 6:.1f}" y="{yy + 3.5:.1f}" text-anchor="end" '
            f'font-size="{SCHRIFT - 1}" fill="#333333">{escape(beschriftung)}</text>'
        )
    unterkante = oben + flaeche_h
    for i, beschriftung in x_beschriftungen(beschriftungen, abstand):
        teile.append(
            f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{unterkante:.1f}" '
            f'y2="{unterkante + 4:.1f}" stroke="#888888"/><text x="{x(i):.1f}" '
            f'y="{unterkante + 15:.1f}" '
            f'text-anchor="middle" font-size="{SCHRIFT - 1}" fill="#333333">'
            f"{escape(beschriftung)}</text>"
        )
    for nr, reihe in enumerate(reihen):
        farbe, strich, marker, _ = STILE[nr % len(STILE)]
        strich_attr = f' stroke-dasharray="{strich}"' if strich else ""
        punkte = [(x(i), y(float(w))) for i, w in enumerate(reihe.werte) if w is not None]
        segment: list[str] = []
        for i, wert in enumerate([*reihe.werte, None]):
            if wert is not None:
                segment.append(f"{x(i):.1f},{y(float(wert)):.1f}")
                continue
            if len(segment) > 1:
                teile.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{farbe}" '
                    f'stroke-width="2"{strich_attr}/>'
                )
            segment = []
        teile.extend(_marker(marker, px, py, farbe) for px, py in punkte)
    for zeile, eintraege in enumerate(legende):
        ly = hoehe - unten + 30 + zeile * 18
        for nr, versatz in eintraege:
            farbe, strich, marker, _ = STILE[nr % len(STILE)]
            strich_attr = f' stroke-dasharray="{strich}"' if strich else ""
            lx = 8 + versatz
            teile.append(
                f'<line x1="{lx:.1f}" x2="{lx + 28:.1f}" y1="{ly}" y2="{ly}" stroke="{farbe}" '
                f'stroke-width="2"{strich_attr}/>{_marker(marker, lx + 14, ly, farbe)}'
                f'<text x="{lx + 34:.1f}" y="{ly + 4}" font-size="{SCHRIFT}" fill="#222222">'
                f"{escape(reihen[nr].name)}</text>"
            )
    teile.append("</svg>")
    return "".join(teile)
