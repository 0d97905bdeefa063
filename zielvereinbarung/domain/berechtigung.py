"""Rollen, Zuständigkeitsbereiche und Berechtigungen (reines Python, ohne Flask und Datenbank).

Regeln:
- **admin**: darf alles, hat keinen Bereich.
- **land**: genau ein Land (`land_code`); sieht und ändert dieses Land und alle seine Träger.
- **traeger**: genau ein Träger (`traeger_ags`); sieht und ändert nur diesen Träger,
  keine Landesübersichten (auch nicht die des eigenen Landes).
- **leser**: genau ein Land ODER genau ein Träger; sieht wie eine Land- bzw. Trägerkennung,
  schreibt nie.
- **ring**: Koordination genau eines Vergleichsrings (`ring_id`); verwaltet dessen Mitglieder,
  Definitionen und Freigaben und sieht alle seine Werte – sonst nichts (kein Land, kein Träger).
- **bund**: Personal des BMAS, ohne Bereich (§ 48b Abs. 1 Satz 1 Nr. 3 SGB II, DOMAIN.md § 9):
  sieht jedes Land nur aggregiert (die zkT eines Landes insgesamt, nie einen einzelnen Träger)
  und schreibt nur die eigenen Vereinbarungen mit den Ländern (`darf_bund_land_verhandeln`).

Vergleichsringe (DOMAIN.md § 11, `ring_sicht`): Mitglieder sehen die Werte der anderen
Mitglieder nur im Ring und nur für die Jahre ihrer Mitgliedschaft; die Länder der Mitglieder
nur, wenn der Ring es erlaubt; alle anderen sehen den Ring nicht.

Aufrufer übergeben den Kontext des handelnden Benutzers und die Schlüssel des Objekts; die
Funktionen entscheiden nur, sie laden nichts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ADMIN = "admin"
LAND = "land"
TRAEGER = "traeger"
LESER = "leser"
RING = "ring"
BUND = "bund"
ROLLEN = (ADMIN, LAND, TRAEGER, LESER, RING, BUND)

ROLLEN_NAMEN = {
    ADMIN: "Administration",
    LAND: "Land",
    TRAEGER: "Träger",
    LESER: "Lesezugriff",
    RING: "Ring-Koordination",
    BUND: "BMAS",
}

BENUTZERNAME_MUSTER = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
PASSWORT_MIN = 12
PASSWORT_MAX = 128


@dataclass(frozen=True)
class Akteur:
    """Wer handelt: Benutzername, Rolle und Bereich (Land oder Träger)."""

    benutzername: str
    rolle: str
    land_code: str | None = None
    traeger_ags: str | None = None
    ring_id: int | None = None

    @property
    def bereich(self) -> str:
        """Lesbarer Bereich, z. B. „Land NI“, „Träger 03157“, „Ring 2“ oder „alle“."""
        if self.rolle == ADMIN:
            return "alle"
        if self.rolle == BUND:
            return "alle Länder, aggregiert"
        if self.ring_id is not None:
            return f"Ring {self.ring_id}"
        if self.land_code:
            return f"Land {self.land_code}"
        if self.traeger_ags:
            return f"Träger {self.traeger_ags}"
        return "kein Bereich"


def ist_admin(akteur: Akteur | None) -> bool:
    return akteur is not None and akteur.rolle == ADMIN


def darf_schreiben(akteur: Akteur | None) -> bool:
    """Jede Rolle außer Leser darf (in ihrem Bereich) schreiben."""
    return akteur is not None and akteur.rolle in (ADMIN, LAND, TRAEGER)


def darf_land_sehen(akteur: Akteur | None, land_code: str) -> bool:
    """Landesweite Sichten (z. B. alle Träger eines Landes): Admin, Land und Land-Leser des
    Landes."""
    if akteur is None:
        return False
    if akteur.rolle == ADMIN:
        return True
    return (
        akteur.rolle in (LAND, LESER)
        and akteur.land_code is not None
        and akteur.land_code == land_code
    )


def darf_land_aendern(akteur: Akteur | None, land_code: str) -> bool:
    """Landesweite Änderungen (z. B. Orientierungswerte): Admin und Land-Benutzer des Landes."""
    if akteur is None:
        return False
    if akteur.rolle == ADMIN:
        return True
    return akteur.rolle == LAND and akteur.land_code == land_code


def darf_traeger_sehen(akteur: Akteur | None, traeger_ags: str, traeger_land: str) -> bool:
    """Daten eines Trägers sehen: Admin; Land/Land-Leser seines Landes; Träger/Träger-Leser
    selbst."""
    if akteur is None:
        return False
    if akteur.rolle == ADMIN:
        return True
    if akteur.rolle in (LAND, LESER) and akteur.land_code is not None:
        return akteur.land_code == traeger_land
    if akteur.rolle in (TRAEGER, LESER) and akteur.traeger_ags is not None:
        return akteur.traeger_ags == traeger_ags
    return False


def darf_traeger_aendern(akteur: Akteur | None, traeger_ags: str, traeger_land: str) -> bool:
    """Daten eines Trägers ändern: wie sehen, aber nie als Leser.

    Welche Handlung (Angebot, Gegenvorschlag …) Land oder Träger im Einzelnen vornehmen dürfen,
    entscheidet die Zustandstabelle der Verhandlung; hier geht es nur um den Bereich.
    """
    return darf_schreiben(akteur) and darf_traeger_sehen(akteur, traeger_ags, traeger_land)


def pruefe_rolle_und_bereich(
    rolle: str, land_code: str | None, traeger_ags: str | None, ring_id: int | None = None
) -> dict[str, str]:
    """Passen Rolle und Bereich zusammen? Ergebnis: Feldname → deutsche Meldung (leer = passt)."""
    fehler: dict[str, str] = {}
    if rolle not in ROLLEN:
        fehler["rolle"] = (
            "Bitte eine gültige Rolle wählen (Administration, Land, Träger, Lesezugriff, "
            "Ring-Koordination, BMAS)."
        )
        return fehler
    if rolle == BUND:
        if land_code:
            fehler["land_code"] = "Für die Rolle BMAS bitte kein Land angeben (sie sieht alle)."
        if traeger_ags:
            fehler["traeger_ags"] = "Für die Rolle BMAS bitte keinen Träger angeben."
        if ring_id is not None:
            fehler["ring_id"] = "Einen Vergleichsring gibt es nur für die Rolle Ring-Koordination."
        return fehler
    if rolle == RING:
        if ring_id is None:
            fehler["ring_id"] = "Für die Ring-Koordination bitte genau einen Vergleichsring wählen."
        if land_code:
            fehler["land_code"] = "Für die Ring-Koordination bitte kein Land angeben."
        if traeger_ags:
            fehler["traeger_ags"] = "Für die Ring-Koordination bitte keinen Träger angeben."
        return fehler
    if ring_id is not None:
        fehler["ring_id"] = "Einen Vergleichsring gibt es nur für die Rolle Ring-Koordination."
    if rolle == ADMIN:
        if land_code:
            fehler["land_code"] = "Administratoren haben kein Land."
        if traeger_ags:
            fehler["traeger_ags"] = "Administratoren haben keinen Träger."
    elif rolle == LAND:
        if not land_code:
            fehler["land_code"] = "Für die Rolle Land bitte genau ein Land angeben."
        if traeger_ags:
            fehler["traeger_ags"] = "Für die Rolle Land bitte keinen Träger angeben."
    elif rolle == TRAEGER:
        if not traeger_ags:
            fehler["traeger_ags"] = "Für die Rolle Träger bitte genau einen Träger angeben."
        if land_code:
            fehler["land_code"] = (
                "Für die Rolle Träger bitte kein Land angeben (es folgt aus dem Träger)."
            )
    elif rolle == LESER and bool(land_code) == bool(traeger_ags):
        fehler["land_code"] = "Für Lesezugriff bitte entweder ein Land oder einen Träger angeben."
    return fehler


def pruefe_benutzername(benutzername: str) -> str | None:
    """3–40 Zeichen: Kleinbuchstaben, Ziffern, Punkt, Binde- und Unterstrich; Anfang
    Buchstabe/Ziffer."""
    if not BENUTZERNAME_MUSTER.fullmatch(benutzername or ""):
        return (
            "Der Benutzername muss 3 bis 40 Zeichen lang sein und darf nur Kleinbuchstaben (a–z), "
            "Ziffern, Punkt, Binde- und Unterstrich enthalten."
        )
    return None


def pruefe_passwort(passwort: str, benutzername: str = "") -> str | None:
    """Passwortregel: 12 bis 128 Zeichen, nicht nur Leerzeichen, enthält nicht den Benutzernamen.

    Keine Zeichenklassen-Pflicht (BSI/NIST: Länge schlägt Komplexität).
    """
    if len(passwort or "") < PASSWORT_MIN:
        return f"Das Passwort muss mindestens {PASSWORT_MIN} Zeichen lang sein."
    if len(passwort) > PASSWORT_MAX:
        return f"Das Passwort darf höchstens {PASSWORT_MAX} Zeichen lang sein."
    if not passwort.strip():
        return "Das Passwort darf nicht nur aus Leerzeichen bestehen."
    if benutzername and benutzername.lower() in passwort.lower():
        return "Das Passwort darf den Benutzernamen nicht enthalten."
    return None


def darf_bund_land_sehen(akteur: Akteur | None, land_code: str) -> bool:
    """Die Vereinbarung BMAS ↔ Land und das Aggregat der zkT des Landes (DOMAIN.md § 9): Admin,
    BMAS (jedes Land), Land und Land-Leser des Landes."""
    if akteur is None:
        return False
    return akteur.rolle in (ADMIN, BUND) or darf_land_sehen(akteur, land_code)


def bund_land_partei(akteur: Akteur | None, land_code: str) -> str | None:
    """Für wen der Akteur in der Vereinbarung BMAS ↔ Land handelt: 'bund' (jede BMAS-Kennung),
    'land' (Landesbenutzer genau dieses Landes) oder None (Admin, Leser, andere Länder)."""
    if akteur is None:
        return None
    if akteur.rolle == BUND:
        return BUND
    if akteur.rolle == LAND and akteur.land_code == land_code:
        return LAND
    return None


def darf_bund_sehen(akteur: Akteur | None) -> bool:
    """Übersichten über alle Länder (BMAS-Cockpit): Admin und BMAS."""
    return akteur is not None and akteur.rolle in (ADMIN, BUND)


VERGLEICHSTYP_ALLE = "alle"
VERGLEICHSTYP_EIGENE = "eigene"


def vergleichstyp_sicht(akteur: Akteur | None, mitglieder: list[tuple[str, str]]) -> str | None:
    """Was vom Vergleichstyp mit den Mitgliedern [(ags, land_code)] zu sehen ist.

    - `VERGLEICHSTYP_ALLE` (Aggregat und alle Mitglieder): Admin; Land und Land-Leser, wenn
      mindestens ein Mitglied in ihrem Land liegt.
    - `VERGLEICHSTYP_EIGENE` (nur Aggregat und die eigene Zeile): Träger und Träger-Leser, wenn
      ihr Träger Mitglied ist.
    - None: nichts (fremder Vergleichstyp).
    """
    if akteur is None or not mitglieder:
        return None
    if akteur.rolle == ADMIN:
        return VERGLEICHSTYP_ALLE
    if akteur.rolle in (LAND, LESER) and akteur.land_code is not None:
        return (
            VERGLEICHSTYP_ALLE if any(land == akteur.land_code for _, land in mitglieder) else None
        )
    if akteur.rolle in (TRAEGER, LESER) and akteur.traeger_ags is not None:
        return (
            VERGLEICHSTYP_EIGENE
            if any(ags == akteur.traeger_ags for ags, _ in mitglieder)
            else None
        )
    return None


# -------------------------------------------------------------------- Vergleichsringe

RING_KOORDINATION = "koordination"  # alles, auch nicht freigegebene Monate; verwalten
RING_MITGLIED = "mitglied"  # alle Mitglieder, freigegebene Monate, eigene Zeile hervorgehoben
RING_LAND = "land"  # wie ein Mitglied, ohne eigene Zeile (nur wenn der Ring es erlaubt)


def darf_ring_verwalten(akteur: Akteur | None, ring_id: int) -> bool:
    """Mitglieder, Definitionen, Freigaben: Admin und die Koordination dieses Rings."""
    if akteur is None:
        return False
    return akteur.rolle == ADMIN or (akteur.rolle == RING and akteur.ring_id == ring_id)


def ring_sicht(
    akteur: Akteur | None,
    ring_id: int,
    mitglieder: list[tuple[str, str]],
    laender_sehen: bool,
) -> str | None:
    """Was vom Ring in einem Jahr mit den Mitgliedern [(ags, land_code)] zu sehen ist.

    - `RING_KOORDINATION`: Admin und die Koordination des Rings (auch ohne Mitglieder).
    - `RING_MITGLIED`: Träger und Träger-Leser, wenn ihr Träger in dem Jahr Mitglied ist.
    - `RING_LAND`: Land und Land-Leser, wenn der Ring es erlaubt und ein Mitglied des Jahres in
      ihrem Land liegt.
    - None: nichts – der Ring bleibt unsichtbar.
    """
    if akteur is None:
        return None
    if darf_ring_verwalten(akteur, ring_id):
        return RING_KOORDINATION
    if akteur.rolle in (TRAEGER, LESER) and akteur.traeger_ags is not None:
        return RING_MITGLIED if any(ags == akteur.traeger_ags for ags, _ in mitglieder) else None
    if akteur.rolle in (LAND, LESER) and akteur.land_code is not None and laender_sehen:
        return RING_LAND if any(land == akteur.land_code for _, land in mitglieder) else None
    return None
