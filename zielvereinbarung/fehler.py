"""Fachliche Fehler: Ausnahmen mit deutscher Meldung, die ein Benutzer verstehen und beheben kann.

Services werfen sie, der Aufrufer bildet sie ab: im Web rollt jeder `FachlicherFehler` die ganze
Anfrage zurück (`web.kern.datenbank`), `KeineBerechtigung` wird zu 403, `NichtGefunden` zu 404; die
Kommandozeile gibt die Meldung aus und endet mit Status 1. Fehler, die nur ein Aggregat kennt
(z. B. `ImportAbgelehnt`), stehen bei ihrem Service und erben von `FachlicherFehler`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .services.verhandlung.lesen import Eingabe, RevisionAnsicht


class KonfigurationsFehler(RuntimeError):
    """Eine Einstellung (`ZV_*`) fehlt oder ist unbrauchbar: ein Startfehler mit deutscher Meldung,
    kein fachlicher Fehler (`config`)."""


class FachlicherFehler(Exception):
    """Ein Fehler, den der Benutzer verstehen und beheben kann (deutsche Meldung)."""

    def __init__(self, meldung: str, details: list | None = None):
        super().__init__(meldung)
        self.meldung = meldung
        self.details = details or []


class KeineBerechtigung(FachlicherFehler):
    """Der Benutzer darf das Objekt nicht sehen oder nicht für diese Partei handeln."""


class NichtGefunden(FachlicherFehler):
    pass


class Konflikt(FachlicherFehler):
    """Die Vereinbarung ist seit `eingereicht.basis_nummer` weitergegangen. `aktuelle_revision`
    ist die neueste Revision (None nach einem Versionskonflikt beim Schreiben: dann zurückrollen
    und neu lesen), `eingereicht` die Eingabe des Benutzers."""

    def __init__(
        self,
        aktuelle_revision: RevisionAnsicht | None,
        eingereicht: Eingabe | None,
        meldung: str | None = None,
    ):
        super().__init__(
            meldung
            or "Die Zielvereinbarung wurde inzwischen geändert. Bitte "
            "vergleichen Sie Ihre Eingabe mit der aktuellen Revision."
        )
        self.aktuelle_revision = aktuelle_revision
        self.eingereicht = eingereicht
