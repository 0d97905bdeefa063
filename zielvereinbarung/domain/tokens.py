"""Regeln der persönlichen Zugriffstokens (reines Python, ohne Uhr und Datenbank).

- Ein Token ist `zv_` + 43 Zeichen URL-sicheres Base64 (32 Zufallsbytes). Gespeichert wird nur
  sein SHA-256 (hex); die ersten `PRAEFIX_LAENGE` Zeichen bleiben zum Wiedererkennen sichtbar.
  Ein zufälliges Token mit 256 Bit braucht kein langsames Hashverfahren wie ein Passwort.
- Scopes: `lesen` (alle GET-Operationen), `importieren` (Basiszahlen einspielen),
  `verhandeln` (Angebot oder Gegenvorschlag einreichen; Annehmen und Unterzeichnen nur im
  Browser, mit erneuter Anmeldung). Jeder Scope wirkt nur zusammen mit der Rolle des Benutzers
  (`domain.berechtigung`): ein Leser bekommt nur `lesen`, nur Land (und Admin) dürfen
  `importieren`, nur Land, Träger (und Admin) `verhandeln`.
- Gültigkeit 1 bis `MAX_TAGE` Tage; abgelaufene und widerrufene Tokens gelten nie wieder.
"""

from __future__ import annotations

import hashlib
import re

from .berechtigung import ADMIN, LAND, LESER, TRAEGER

LESEN = "lesen"
IMPORTIEREN = "importieren"
VERHANDELN = "verhandeln"
SCOPES = (LESEN, IMPORTIEREN, VERHANDELN)
SCOPE_NAMEN = {
    LESEN: "Lesen",
    IMPORTIEREN: "Basiszahlen importieren",
    VERHANDELN: "Verhandeln (Angebot, Gegenvorschlag)",
}

PRAEFIX = "zv_"
PRAEFIX_LAENGE = 10  # „zv_“ + 7 Zeichen
TOKEN_MUSTER = re.compile(r"^zv_[A-Za-z0-9_-]{43}$")
MIN_TAGE = 1
MAX_TAGE = 366
STANDARD_TAGE = 90
NAME_MAX = 80

_ROLLEN_SCOPES = {
    ADMIN: frozenset(SCOPES),
    LAND: frozenset(SCOPES),
    TRAEGER: frozenset({LESEN, VERHANDELN}),
    LESER: frozenset({LESEN}),
}


def erlaubte_scopes(rolle: str) -> frozenset[str]:
    """Die Scopes, die ein Token eines Benutzers dieser Rolle haben kann."""
    return _ROLLEN_SCOPES.get(rolle, frozenset())


def token_hash(token: str) -> str:
    """SHA-256 (hex, 64 Zeichen) des Tokens."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sieht_aus_wie_token(text: str) -> bool:
    return bool(TOKEN_MUSTER.fullmatch(text or ""))


def pruefe_antrag(rolle: str, name: str, scopes: list[str], tage: int | None) -> dict[str, str]:
    """Passt ein neues Token zur Rolle? Ergebnis: Feldname → deutsche Meldung (leer = passt)."""
    fehler: dict[str, str] = {}
    if not (name or "").strip():
        fehler["name"] = "Bitte dem Token einen Namen geben (z. B. „BI-Werkzeug“)."
    elif len(name.strip()) > NAME_MAX:
        fehler["name"] = f"Der Name darf höchstens {NAME_MAX} Zeichen lang sein."
    if not scopes:
        fehler["scopes"] = "Bitte mindestens einen Scope wählen."
    elif unbekannt := [s for s in scopes if s not in SCOPES]:
        fehler["scopes"] = f"Unbekannter Scope: {', '.join(unbekannt)}."
    elif zu_viel := [s for s in scopes if s not in erlaubte_scopes(rolle)]:
        fehler["scopes"] = (
            "Diese Rolle kann den Scope nicht nutzen: "
            + ", ".join(SCOPE_NAMEN[s] for s in zu_viel)
            + "."
        )
    if tage is None or not MIN_TAGE <= tage <= MAX_TAGE:
        fehler["tage"] = f"Die Gültigkeit muss zwischen {MIN_TAGE} und {MAX_TAGE} Tagen liegen."
    return fehler
