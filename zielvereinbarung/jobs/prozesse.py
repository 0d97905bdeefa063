"""Prozesskennungen „Rechner:PID“ für Sperren und Aufträge, und ob ein solcher Prozess noch lebt.

Der Rechnername ist `ZV_RECHNER` oder der Hostname; er muss je Rechner eindeutig sein (in
Containern mit wechselnden Hostnamen ausdrücklich setzen).
"""

from __future__ import annotations

import os

from ..config import konfiguration


def rechner() -> str:
    return konfiguration().rechner


def prozess_name() -> str:
    return f"{rechner()}:{os.getpid()}"


def verwaist(inhaber: str) -> bool:
    """Gehört die Kennung einem Prozess dieses Rechners, der nicht mehr läuft? (Von anderen
    Rechnern lässt sich das nicht sagen: dort entscheidet die Frist.)"""
    name, _, pid = inhaber.rpartition(":")
    if name != rechner() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
