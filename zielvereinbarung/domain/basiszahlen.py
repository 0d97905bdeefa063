"""Die Basiszahlen nach DOMAIN.md § 2: Felder, Typen, Geschlechtergruppen, Monate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..format import monat_lang_index

GESCHLECHTER = ("gesamt", "frauen", "maenner")

ANZAHL = "anzahl"
GELD = "geld"


@dataclass(frozen=True)
class Feld:
    name: str
    typ: str  # ANZAHL (nicht-negative ganze Zahl) oder GELD (EUR, höchstens 2 Nachkommastellen)
    bezeichnung: str


FELDER: tuple[Feld, ...] = (
    Feld("elb", ANZAHL, "Bestand erwerbsfähige Leistungsberechtigte"),
    Feld("elb_zugang", ANZAHL, "Zugänge eLb"),
    Feld("elb_abgang", ANZAHL, "Abgänge eLb"),
    Feld("llu", GELD, "Summe der Leistungen zum Lebensunterhalt (EUR)"),
    Feld("luh", GELD, "Summe der Leistungen für Unterkunft und Heizung (EUR)"),
    Feld("integrationen", ANZAHL, "Integrationen"),
    Feld("integrationen_svb", ANZAHL, "Integrationen in svB"),
    Feld("integrationen_svb_kontinuierlich", ANZAHL, "Kontinuierliche svB nach Integration"),
    Feld("eintritte_minijob", ANZAHL, "Eintritte in geringfügige Beschäftigung"),
    Feld("eintritte_gefoerdert", ANZAHL, "Eintritte in öffentlich geförderte Beschäftigung"),
    Feld("elb_alleinerziehend", ANZAHL, "Bestand alleinerziehende eLb"),
    Feld("integrationen_alleinerziehend", ANZAHL, "Integrationen Alleinerziehender"),
    Feld("lzb", ANZAHL, "Bestand Langzeitleistungsbeziehende"),
    Feld("lzb_zugang", ANZAHL, "Zugänge LZB"),
    Feld("lzb_abgang", ANZAHL, "Abgänge LZB"),
    Feld("lzb_integrationen", ANZAHL, "Integrationen LZB"),
    Feld("lzb_aktiviert", ANZAHL, "Aktivierte LZB"),
)
FELDNAMEN: tuple[str, ...] = tuple(f.name for f in FELDER)
FELD: dict[str, Feld] = {f.name: f for f in FELDER}
GELDFELDER = frozenset(f.name for f in FELDER if f.typ == GELD)

# Geldbeträge werden als ganze Cent gespeichert und gerechnet: exakt, ohne Gleitkomma.
CENT_JE_EURO = 100

_MONAT = re.compile(r"^([0-9]{4})-([0-9]{2})$")  # nur ASCII-Ziffern


def monat_index(monat: str) -> int:
    """'YYYY-MM' → fortlaufende Monatsnummer (Jahr × 12 + Monat − 1). ValueError bei Unsinn."""
    treffer = _MONAT.match(monat)
    if not treffer:
        raise ValueError(monat)
    jahr, mon = int(treffer.group(1)), int(treffer.group(2))
    if not 1 <= mon <= 12 or jahr < 1900:
        raise ValueError(monat)
    return jahr * 12 + mon - 1


def monat_text(index: int) -> str:
    """Fortlaufende Monatsnummer → 'YYYY-MM'."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def feld_text(name: str) -> str:
    """Ein Feld für Meldungen: „Bestand erwerbsfähige Leistungsberechtigte“ (elb); unbekannte
    Namen (z. B. die eigenen Basiszahlen der Vergleichsringe) bleiben „name“."""
    feld = FELD.get(name)
    if feld is None:
        return f"„{name}“"
    return f"„{feld.bezeichnung.removesuffix(' (EUR)')}“ ({name})"


def grund_daten_fehlen(index: int) -> str:
    """Grund „nicht berechenbar“: „Daten für September 2026 fehlen“."""
    return f"Daten für {monat_lang_index(index)} fehlen"


def grund_nicht_gemeldet(name: str, index: int) -> str:
    """Grund „nicht berechenbar“: „Wert „Zugänge eLb“ (elb_zugang) für September 2026 nicht
    gemeldet“."""
    return f"Wert {feld_text(name)} für {monat_lang_index(index)} nicht gemeldet"
