"""Der Jahresbericht eines Vergleichsrings (PDF) aus einem einfachen Ansichtsmodell.

Wie die Fortschrittsberichte: gerendert über `druck` (gemeinsamer Druckstil und Vorlagengerüst
`pdf/_dokument.html`, getaggtes PDF/A-3a, Stil `templates/pdf/bericht.css`), keine Datenbank,
kein Flask; Diagramme als Inline-SVG (im PDF `Figure` mit Alternativtext). `fingerabdruck` ist
der SHA-256 aller Inhalte außer dem Erstellungszeitpunkt – gleiche Daten ergeben keinen neuen
Bericht.
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

    vorlage = umgebung().get_template("pdf/ring_jahresbericht.html")
    return vorlage.render(b=modell, Markup=Markup, stil_url=None)


def rendere(modell: RingJahresbericht) -> bytes:
    """PDF/A-3a-Bytes des Jahresberichts (deutsch, A4 hoch)."""
    from . import druck

    return druck.pdf(html(modell), "bericht")
