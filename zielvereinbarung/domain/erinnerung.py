"""Erinnerungen an Vereinbarungen, die auf eine Partei warten (rein, ohne Uhr).

Eine Vereinbarung wartet seit ihrem letzten Zustandswechsel auf die Partei, die am Zug ist
(`domain.verhandlung.am_zug`). Erinnert wird in den Zuständen der Verhandlung und der
Unterschriften; `unterzeichnet` (Nachhaltung bis zum Jahresabschluss) und `abgeschlossen` nie.
Stufe n ist fällig, sobald n × N Tage vergangen sind (N = `ZV_ERINNERUNG_TAGE`, Standard 14);
jede Stufe wird je Wartebeginn höchstens einmal gesendet.
"""

from __future__ import annotations

from datetime import datetime

from . import verhandlung as vh

ERINNERUNGS_ZUSTAENDE = (
    vh.ENTWURF,
    vh.ANGEBOT,
    vh.GEGENVORSCHLAG,
    vh.EINIGUNG,
    vh.UNTERZEICHNET_TRAEGER,
)
STANDARD_TAGE = 14


def faellige_stufe(zustand: str, seit: datetime, jetzt: datetime, tage: int) -> int:
    """0 = keine Erinnerung fällig, sonst die Stufe ⌊Wartetage / tage⌋."""
    if tage <= 0:
        raise ValueError("Die Frist für Erinnerungen muss mindestens 1 Tag sein.")
    if zustand not in ERINNERUNGS_ZUSTAENDE:
        return 0
    return max(0, (jetzt - seit).days // tage)
