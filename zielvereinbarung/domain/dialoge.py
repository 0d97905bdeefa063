"""Zielnachhaltedialoge korrigieren und bestätigen (DOMAIN.md § 7, Issue 8) – reine Regeln.

Ein Dialog gehört der Partei, die ihn erfasst hat (Land oder Träger):
- Bis die andere Partei ihn bestätigt, darf die eigene Partei ihn korrigieren (jede Person dieser
  Partei mit Schreibrecht für den Träger, nicht nur die Autorin).
- Bestätigen darf nur die andere Partei, und nur die Version, die sie gesehen hat
  (`version`): wurde er inzwischen korrigiert, ist erst die neue Version zu prüfen.
- Ein bestätigter Dialog ist eingefroren. Eine Korrektur ist dann ein neuer Dialog, der auf ihn
  verweist („Korrektur zu …“); den bestätigt wiederum die jeweils andere Partei.
Die Prüfungen liefern None (erlaubt) oder die deutsche Begründung.
"""

from __future__ import annotations

from dataclasses import dataclass

from .verhandlung import LAND, PARTEIEN, TRAEGER

PARTEI_NOMINATIV = {LAND: "das Land", TRAEGER: "der Träger"}
PARTEI_AKKUSATIV = {LAND: "das Land", TRAEGER: "den Träger"}


def andere_partei(partei: str) -> str:
    return TRAEGER if partei == LAND else LAND


@dataclass(frozen=True)
class DialogStand:
    """Was die Regeln über einen gespeicherten Dialog wissen müssen."""

    partei: str  # wer ihn erfasst hat
    version: int
    bestaetigt_von: str | None = None
    bestaetigt_am: str | None = None  # schon deutsch formatiert, nur für Texte

    @property
    def bestaetigt(self) -> bool:
        return self.bestaetigt_von is not None

    @property
    def status(self) -> str:
        """„bestätigt von land-sh am 12.05.2026“ oder „wartet auf Bestätigung durch den Träger“."""
        if self.bestaetigt:
            return f"bestätigt von {self.bestaetigt_von} am {self.bestaetigt_am}"
        return f"wartet auf Bestätigung durch {PARTEI_AKKUSATIV[andere_partei(self.partei)]}"


def korrektur_verweigert(stand: DialogStand, partei: str) -> str | None:
    """Darf `partei` den Dialog an Ort und Stelle korrigieren?"""
    if stand.bestaetigt:
        return (
            f"Der Dialog ist {stand.status} und kann nicht mehr geändert werden. Erfassen Sie "
            "eine Korrektur als neuen Dialog."
        )
    if partei != stand.partei:
        return (
            f"Diesen Dialog hat {PARTEI_NOMINATIV[stand.partei]} erfasst; nur diese Seite kann "
            "ihn korrigieren. Sie können ihn bestätigen."
        )
    return None


def bestaetigung_verweigert(stand: DialogStand, partei: str, gesehene_version: int) -> str | None:
    """Darf `partei` die Version `gesehene_version` bestätigen? (Schon bestätigt: kein Fehler –
    der Aufrufer zeigt die Bestätigung, damit ein doppelter Klick nichts verdoppelt.)"""
    if partei not in PARTEIEN:
        return "Bestätigen können nur Land und Träger."
    if partei == stand.partei:
        return (
            f"Den Dialog hat Ihre Seite erfasst; bestätigen muss ihn "
            f"{PARTEI_NOMINATIV[andere_partei(stand.partei)]}."
        )
    if not stand.bestaetigt and gesehene_version != stand.version:
        return (
            "Der Dialog wurde inzwischen korrigiert. Bitte prüfen Sie die neue Version und "
            "bestätigen Sie dann."
        )
    return None
