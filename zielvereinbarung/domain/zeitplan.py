"""Zeitplan eines Landes für Planung und Verhandlung (DOMAIN.md §§ 1, 5) und was daraus auf der
Startseite steht: der nächste Schritt der Partei am Zug und seine Frist (rein, ohne Uhr).

- Drei Termine je Land und Vereinbarungsjahr Y, alle optional: Frist für Angebote, Ziel der
  Einigung, Unterzeichnung. Erlaubt ist 1. Juli Y−1 bis 31. Dezember Y, in dieser Reihenfolge
  (gleiche Tage erlaubt).
- Welche Frist gilt: für ein Angebot (Entwurf) die Frist für Angebote; solange verhandelt wird
  (Angebot, Gegenvorschlag) das Ziel der Einigung; für Unterschrift und Gegenzeichnung der Termin
  der Unterzeichnung. Danach keine.
- „noch 3 Tage“, „heute“, „seit 2 Tagen überschritten“ – gerechnet in ganzen Kalendertagen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..format import datum
from . import verhandlung as vh
from .ziele import Feldfehler

FELDER = ("frist_angebote", "ziel_einigung", "unterzeichnung")
NAMEN = {
    "frist_angebote": "Frist für Angebote",
    "ziel_einigung": "Ziel der Einigung",
    "unterzeichnung": "Unterzeichnung",
}
FRIST_FUER = {
    vh.ENTWURF: "frist_angebote",
    vh.ANGEBOT: "ziel_einigung",
    vh.GEGENVORSCHLAG: "ziel_einigung",
    vh.EINIGUNG: "unterzeichnung",
    vh.UNTERZEICHNET_TRAEGER: "unterzeichnung",
}
NAECHSTER_SCHRITT = {
    vh.ENTWURF: "Angebot einreichen",
    vh.ANGEBOT: "Angebot prüfen: annehmen oder Gegenvorschlag senden",
    vh.GEGENVORSCHLAG: "Gegenvorschlag prüfen: annehmen oder neues Angebot einreichen",
    vh.EINIGUNG: "unterzeichnen",
    vh.UNTERZEICHNET_TRAEGER: "gegenzeichnen",
    vh.UNTERZEICHNET: "Jahresabschluss",
}


def pruefe_zeitplan(jahr: int, termine: dict[str, date | None]) -> list[Feldfehler]:
    """Fehler je Feld (leer = in Ordnung); Regeln im Modulkopf."""
    fehler = []
    von, bis = date(jahr - 1, 7, 1), date(jahr, 12, 31)
    for feld in FELDER:
        tag = termine.get(feld)
        if tag is not None and not von <= tag <= bis:
            fehler.append(
                Feldfehler(
                    feld,
                    f"{NAMEN[feld]}: bitte ein Datum zwischen {datum(von)} und {datum(bis)}.",
                )
            )
    gesetzt = [(f, termine[f]) for f in FELDER if termine.get(f) is not None]
    for (frueher, a), (spaeter, b) in zip(gesetzt, gesetzt[1:], strict=False):
        if a > b:  # type: ignore[operator]
            fehler.append(
                Feldfehler(spaeter, f"{NAMEN[spaeter]} liegt vor „{NAMEN[frueher]}“ ({datum(a)}).")
            )
    return fehler


@dataclass(frozen=True)
class Frist:
    name: str  # „Frist für Angebote“
    tag: date
    text: str  # „bis 30.11.2026 (noch 29 Tage)“
    ueberfaellig: bool


def frist(zustand: str, termine: dict[str, date | None], heute: date) -> Frist | None:
    """Die Frist des nächsten Schritts im Zustand, falls das Land sie gesetzt hat."""
    feld = FRIST_FUER.get(zustand)
    tag = termine.get(feld) if feld else None
    if feld is None or tag is None:
        return None
    tage = (tag - heute).days
    if tage > 1:
        rest = f"noch {tage} Tage"
    elif tage == 1:
        rest = "noch 1 Tag"
    elif tage == 0:
        rest = "heute"
    else:
        rest = f"seit {-tage} {'Tag' if tage == -1 else 'Tagen'} überschritten"
    return Frist(NAMEN[feld], tag, f"bis {datum(tag)} ({rest})", tage < 0)
