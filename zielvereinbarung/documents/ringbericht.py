"""Der Jahresbericht eines Vergleichsrings (PDF) aus einem einfachen Ansichtsmodell.

Wie die Fortschrittsberichte: eigene Jinja-Umgebung (`bericht.umgebung`), keine Datenbank, kein
Flask; Diagramme als Inline-SVG. `fingerabdruck` ist der SHA-256 aller Inhalte außer dem
Erstellungszeitpunkt – gleiche Daten ergeben keinen neuen Bericht.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from markupsafe import Markup

from .berichtsmodell import Diagramm


@dataclass(frozen=True)
class BerichtZeile:
    ags: str
    name: str
    land: str
    wert: str
    rang: str
    hinweis: str  # Grund („nicht berechenbar …“) oder Plausibilitätshinweise, sonst ""


@dataclass(frozen=True)
class BerichtKennzahl:
    code: str
    name: str
    kategorie: str
    einheit: str
    richtung: str
    formel: str
    gueltigkeit: str
    ba_unterschied: str
    zeilen: tuple[BerichtZeile, ...]
    ring: str  # Ringwert mit Abdeckung
    statistik: tuple[tuple[str, str], ...]  # (Bezeichnung, Wert)
    boxplot: str  # SVG
    verlauf: Diagramm | None


@dataclass(frozen=True)
class RingJahresbericht:
    titel: str
    ring: str
    beschreibung: str
    jahr: int
    monat: str  # Stand: der Dezember des Jahres ('JJJJ-12')
    erstellt: str
    demodaten: bool
    freigabe: str
    mitglieder: tuple[tuple[str, str, str], ...]  # (AGS, Name, Land)
    basiszahlen: tuple[tuple[str, str, str, str], ...]  # (Code, Name, Einheit, Beschreibung)
    kennzahlen: tuple[BerichtKennzahl, ...]

    def fingerabdruck(self) -> str:
        inhalt = asdict(self)
        inhalt.pop("erstellt")
        text = json.dumps(inhalt, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def html(modell: RingJahresbericht) -> str:
    from .bericht import umgebung

    return umgebung().get_template("pdf/ring_jahresbericht.html").render(b=modell, Markup=Markup)


def rendere(modell: RingJahresbericht) -> bytes:
    """PDF-Bytes des Jahresberichts (A4 hoch)."""
    from weasyprint import HTML

    from .bericht import VORLAGEN

    return HTML(string=html(modell), base_url=str(VORLAGEN)).write_pdf()
