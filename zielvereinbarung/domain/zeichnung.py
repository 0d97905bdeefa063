"""Wer unterzeichnen darf (DOMAIN.md § 6a) – die Regeln, ohne Datenbank und ohne Uhr.

- **Organisation eines Kontos**: ein Träger-Konto handelt für seinen Träger, ein Land-Konto für
  sein Land, ein BMAS-Konto für das BMAS (Vereinbarungen BMAS ↔ Land, DOMAIN.md § 9; weder Land
  noch Träger); Administration und Lesezugriff handeln für niemanden und können nicht
  zeichnungsberechtigt sein.
- **Befugnis verwalten**: die Administration für jedes Träger- und Land-Konto; ein Land für
  die eigenen Leute (Land-Konten desselben Landes, nicht die Träger), und zwar nur durch eine
  Person, die selbst für das Land zeichnungsberechtigt ist und nicht sich selbst – sonst könnte
  sich jede Sachbearbeiterin die Befugnis selbst geben.
- **Vier-Augen-Prinzip** (Einstellung des Landes): vor der Gegenzeichnung gibt eine zweite
  zeichnungsberechtigte Person des Landes frei; wer freigibt, zeichnet nicht gegen.
"""

from __future__ import annotations

from dataclasses import dataclass

from .berechtigung import ADMIN, BUND, LAND, TRAEGER, Akteur


@dataclass(frozen=True)
class Organisation:
    """Für wen eine Befugnis gilt: höchstens eines von `land_code` und `traeger_ags`; keines
    von beiden ist das BMAS."""

    land_code: str | None
    traeger_ags: str | None

    @property
    def partei(self) -> str:
        if self.land_code:
            return LAND
        return TRAEGER if self.traeger_ags else BUND


BMAS = Organisation(None, None)


def organisation_des_kontos(
    rolle: str, land_code: str | None, traeger_ags: str | None
) -> Organisation | None:
    """Die Organisation, für die ein Konto zeichnungsberechtigt sein kann (sonst None)."""
    if rolle == LAND and land_code:
        return Organisation(land_code, None)
    if rolle == TRAEGER and traeger_ags:
        return Organisation(None, traeger_ags)
    if rolle == BUND:
        return BMAS
    return None


def warum_nicht_verwalten(
    akteur: Akteur | None,
    selbst_zeichnungsberechtigt: bool,
    ziel_benutzername: str,
    ziel_rolle: str,
    ziel_land: str | None,
) -> str | None:
    """None, wenn `akteur` die Befugnis des Zielkontos erteilen/entziehen darf, sonst der Grund."""
    if akteur is None:
        return "Bitte melden Sie sich an."
    if akteur.rolle == ADMIN:
        return None
    if akteur.rolle != LAND or akteur.land_code is None:
        return "Zeichnungsbefugnisse vergibt die Administration."
    if ziel_rolle != LAND or ziel_land != akteur.land_code:
        return (
            "Ein Land vergibt Zeichnungsbefugnisse nur an die eigenen Leute (Land-Konten des "
            "Landes); für Träger vergibt sie die Administration."
        )
    if ziel_benutzername == akteur.benutzername:
        return "Die eigene Zeichnungsbefugnis ändert eine andere berechtigte Person."
    if not selbst_zeichnungsberechtigt:
        return "Zeichnungsbefugnisse vergibt im Land nur, wer selbst zeichnungsberechtigt ist."
    return None


def warum_nicht_gegenzeichnen(
    vier_augen: bool, freigegeben_von: str | None, gegenzeichner: str
) -> str | None:
    """None, wenn das Land gegenzeichnen darf; sonst der Grund (Vier-Augen-Prinzip)."""
    if not vier_augen:
        return None
    if freigegeben_von is None:
        return (
            "Im Land gilt das Vier-Augen-Prinzip: vor der Gegenzeichnung muss eine zweite "
            "zeichnungsberechtigte Person die Version freigeben."
        )
    if freigegeben_von == gegenzeichner:
        return (
            "Sie haben diese Version freigegeben; gegenzeichnen muss eine andere "
            "zeichnungsberechtigte Person (Vier-Augen-Prinzip)."
        )
    return None
