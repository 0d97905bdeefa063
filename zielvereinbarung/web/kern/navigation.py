"""Die Hauptnavigation: eine einfache Liste, gefiltert nach der Rolle des angemeldeten Benutzers.

Einen Menüpunkt ergänzen: eine Zeile in `EINTRAEGE` (Titel, Endpoint, Rollen). Punkte, deren
Endpoint (noch) nicht registriert ist, werden ausgelassen. Admins sehen alle Punkte, für die
`ADMIN` in den Rollen steht. Der Kontextprozessor liefert `navigation`: Liste von
`{"titel", "url", "aktiv"}` für die Vorlage.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from ...domain.berechtigung import ADMIN, BUND, LAND, LESER, RING, TRAEGER

ALLE = frozenset({ADMIN, LAND, TRAEGER, LESER, BUND})


@dataclass(frozen=True)
class Eintrag:
    titel: str
    endpoint: str
    rollen: frozenset[str]
    praefix: str | None = None  # Endpoints mit diesem Anfang markieren den Punkt als aktuell
    nur_landesbereich: bool = False  # nur für Admins und Konten mit einem Land als Bereich


EINTRAEGE: list[Eintrag] = [
    Eintrag("Start", "start.index", ALLE | {RING}),
    Eintrag("Planung", "planung.start", frozenset({ADMIN, LAND, LESER}), "planung.", True),
    Eintrag("BMAS", "bund.uebersicht", frozenset({ADMIN, BUND, LAND, LESER}), "bund.", True),
    # das BMAS verhandelt über „BMAS“ (/verhandlungen leitet dorthin)
    Eintrag("Verhandlungen", "verhandlung.meine", ALLE - {BUND}, "verhandlung."),
    Eintrag("Kennzahlen", "kennzahlen.index", ALLE, "kennzahlen."),
    Eintrag("Import", "import_.hochladen", frozenset({ADMIN, LAND, RING}), "import_."),
    Eintrag("Benutzer", "admin.benutzer_liste", frozenset({ADMIN}), "admin.benutzer"),
    Eintrag("Zeichnungsbefugnisse", "zeichnung.uebersicht", frozenset({ADMIN, LAND}), "zeichnung."),
    Eintrag("Audit-Protokoll", "admin.audit", frozenset({ADMIN}), "admin.audit"),
    Eintrag("Nachhaltung", "nachhaltung.liste", ALLE, "nachhaltung."),
    Eintrag("Berichte", "berichte.archiv", ALLE, "berichte."),
    Eintrag("Dokument prüfen", "dokumente.pruefen", ALLE, "dokumente.pruefen"),
    Eintrag("Vergleichsringe", "ringe.liste", ALLE | {RING}, "ringe."),
    Eintrag("Jobs", "jobs.uebersicht", frozenset({ADMIN}), "jobs."),
    Eintrag("Zugriffstokens", "tokens.liste", ALLE, "tokens."),
    Eintrag("Hilfe", "hilfe.seite", ALLE, "hilfe."),
]


def navigation_fuer(rolle: str | None, land_code: str | None = None) -> list[dict]:
    if rolle is None:
        return []
    aktueller = request.endpoint or ""
    punkte = []
    for eintrag in EINTRAEGE:
        if rolle not in eintrag.rollen or eintrag.endpoint not in current_app.view_functions:
            continue
        if eintrag.nur_landesbereich and rolle not in (ADMIN, BUND) and not land_code:
            continue  # z. B. ein Lesezugriff auf einen Träger: die Planung ist Sache des Landes
        aktiv = aktueller == eintrag.endpoint or bool(
            eintrag.praefix and aktueller.startswith(eintrag.praefix)
        )
        punkte.append({"titel": eintrag.titel, "url": url_for(eintrag.endpoint), "aktiv": aktiv})
    return punkte


def register(app: Flask) -> None:
    @app.context_processor
    def _navigation():
        return {
            "navigation": navigation_fuer(
                getattr(current_user, "rolle", None), getattr(current_user, "land_code", None)
            )
        }
