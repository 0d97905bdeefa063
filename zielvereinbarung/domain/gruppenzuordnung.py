"""Gruppen aus dem Verzeichnis (LDAP/Active Directory, OpenID Connect) → Rolle und Bereich.

Eine Zuordnung ist eine Liste von Regeln; die **erste** Regel (in der Reihenfolge der
Konfiguration), die auf eine der Gruppen des Benutzers passt, bestimmt Rolle und Bereich.
Passt keine, bekommt der Benutzer keine Rolle (und wird abgewiesen).

Eine Regel hat entweder
- `gruppe`: ein Gruppenname. Enthält er „=“, ist er ein DN und wird mit dem vollständigen DN der
  Gruppe verglichen (Groß-/Kleinschreibung und Leerzeichen um „,“ und „=“ zählen nicht); sonst
  mit dem Namen der Gruppe (dem ersten RDN-Wert eines DN, z. B. dem CN, oder dem Wert aus dem
  OIDC-Claim), ohne Groß-/Kleinschreibung;
- oder `muster`: ein regulärer Ausdruck, der auf den ganzen DN (wenn er „=“ enthält) bzw. den
  ganzen Namen passen muss, ohne Groß-/Kleinschreibung. Die benannte Gruppe `(?P<bereich>…)`
  liefert den Bereich, z. B. `ZV-Traeger-(?P<bereich>\\d{5})`.

Dazu `rolle` (eine aus `berechtigung.ROLLEN`) und – je nach Rolle – `bereich`: ein Land-Kürzel
(2 Buchstaben, z. B. „NI“), ein Kreisschlüssel (5 Ziffern, z. B. „03157“) oder für die
Ring-Koordination ein Vergleichsring als „Ring-<Nummer>“ (z. B. „Ring-3“). Ob Rolle und
Bereich zusammenpassen, entscheidet `berechtigung.pruefe_rolle_und_bereich` – dieselbe Regel wie
beim Anlegen eines Kontos von Hand; neue Rollen gelten hier ohne Änderung.

Reines Python: die Konfigurationsdatei liest der Aufrufer (z. B. TOML) und übergibt die Regeln
als Liste von Wörterbüchern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import berechtigung as b

LAND_MUSTER = re.compile(r"[A-Za-z]{2}")
AGS_MUSTER = re.compile(r"\d{5}")
RING_MUSTER = re.compile(r"ring-(\d{1,9})", re.IGNORECASE)
_SCHLUESSEL = {"gruppe", "muster", "rolle", "bereich"}


class ZuordnungUngueltig(ValueError):
    """Die Konfiguration der Gruppenzuordnung ist fehlerhaft (deutsche Meldung)."""


def bereich_zu_feldern(bereich: str | None) -> tuple[str | None, str | None, int | None] | None:
    """Bereich als (land_code, traeger_ags, ring_id): „NI“ → ("NI", None, None), „03157“ →
    (None, "03157", None), „Ring-3“ → (None, None, 3), leer → (None, None, None); None, wenn
    der Text weder Land noch Kreisschlüssel noch Ring ist."""
    bereich = (bereich or "").strip()
    if not bereich:
        return None, None, None
    if LAND_MUSTER.fullmatch(bereich):
        return bereich.upper(), None, None
    if AGS_MUSTER.fullmatch(bereich):
        return None, bereich, None
    if treffer := RING_MUSTER.fullmatch(bereich):
        return None, None, int(treffer.group(1))
    return None


def _dn_normal(dn: str) -> str:
    return re.sub(r"\s*([,=])\s*", r"\1", dn.strip()).lower()


def gruppenname(wert: str) -> str:
    """Name einer Gruppe: bei einem DN der Wert des ersten RDN („CN=ZV-Land-NI,OU=…“ →
    „ZV-Land-NI“, mit `\\,` maskierte Kommas bleiben erhalten), sonst der Wert selbst."""
    wert = wert.strip()
    if "=" not in wert:
        return wert
    erster, maskiert = [], False
    for zeichen in wert:
        if maskiert:
            erster.append(zeichen)
            maskiert = False
        elif zeichen == "\\":
            maskiert = True
        elif zeichen == ",":
            break
        else:
            erster.append(zeichen)
    rdn = "".join(erster)
    return rdn.split("=", 1)[1].strip() if "=" in rdn else wert


@dataclass(frozen=True)
class Regel:
    nummer: int  # 1-basiert, in der Reihenfolge der Konfiguration
    rolle: str
    gruppe: str | None = None
    muster: re.Pattern[str] | None = None
    bereich: str | None = None

    @property
    def _als_dn(self) -> bool:
        if self.gruppe is not None:
            return "=" in self.gruppe
        assert self.muster is not None  # jede Regel hat gruppe oder muster (lade_zuordnung)
        text = self.muster.pattern
        return "=" in text

    def passt(self, gruppe: str) -> re.Match[str] | bool | None:
        vergleich = gruppe.strip() if self._als_dn else gruppenname(gruppe)
        if self.gruppe is not None:
            if self._als_dn:
                return _dn_normal(vergleich) == _dn_normal(self.gruppe)
            return vergleich.casefold() == self.gruppe.strip().casefold()
        assert self.muster is not None  # jede Regel hat gruppe oder muster (lade_zuordnung)
        return self.muster.fullmatch(vergleich)


@dataclass(frozen=True)
class Zugeordnet:
    """Ergebnis: Rolle und Bereich, dazu Regel und Gruppe, die sie ergaben (für das Protokoll)."""

    rolle: str
    land_code: str | None
    traeger_ags: str | None
    ring_id: int | None
    regel: int
    gruppe: str

    @property
    def bereich(self) -> str | None:
        ring = f"Ring-{self.ring_id}" if self.ring_id is not None else None
        return self.land_code or self.traeger_ags or ring


@dataclass(frozen=True)
class Zuordnung:
    regeln: tuple[Regel, ...]

    def bestimme(self, gruppen: Iterable[str]) -> tuple[Zugeordnet | None, list[str]]:
        """(Ergebnis der ersten passenden Regel oder None, Hinweise zu Treffern, die verworfen
        wurden, weil ihr Bereich nicht zur Rolle passt)."""
        gruppen = [g for g in gruppen if isinstance(g, str) and g.strip()]
        hinweise: list[str] = []
        for regel in self.regeln:
            for gruppe in gruppen:
                treffer = regel.passt(gruppe)
                if not treffer:
                    continue
                bereich = regel.bereich
                if isinstance(treffer, re.Match) and "bereich" in treffer.re.groupindex:
                    bereich = treffer.group("bereich")
                felder = bereich_zu_feldern(bereich)
                if felder is None:
                    fehler = {
                        "bereich": f"„{bereich}“ ist weder Land noch Kreisschlüssel noch Ring."
                    }
                else:
                    fehler = b.pruefe_rolle_und_bereich(regel.rolle, *felder)
                if fehler or felder is None:
                    hinweise.append(f"Regel {regel.nummer} ({gruppe}): {' '.join(fehler.values())}")
                    continue
                return Zugeordnet(regel.rolle, *felder, regel.nummer, gruppe), hinweise
        return None, hinweise


def lade_zuordnung(regeln: object) -> Zuordnung:
    """Regeln aus der Konfiguration prüfen (Liste von Wörterbüchern mit `gruppe` oder `muster`,
    `rolle`, optional `bereich`); alle Fehler auf einmal als `ZuordnungUngueltig`."""
    if not isinstance(regeln, list) or not regeln:
        raise ZuordnungUngueltig(
            "Die Gruppenzuordnung enthält keine Regeln (erwartet: [[regel]] mit gruppe/muster "
            "und rolle)."
        )
    fehler: list[str] = []
    ergebnis: list[Regel] = []
    for nummer, roh in enumerate(regeln, start=1):
        if not isinstance(roh, dict):
            fehler.append(f"Regel {nummer}: keine Tabelle.")
            continue
        if unbekannt := sorted(set(roh) - _SCHLUESSEL):
            fehler.append(f"Regel {nummer}: unbekannte Angabe {', '.join(unbekannt)}.")
        rolle, gruppe, muster = roh.get("rolle"), roh.get("gruppe"), roh.get("muster")
        bereich = roh.get("bereich")
        if rolle not in b.ROLLEN:
            fehler.append(
                f"Regel {nummer}: Rolle „{rolle}“ gibt es nicht (möglich: {', '.join(b.ROLLEN)})."
            )
            continue
        if (gruppe is None) == (muster is None):
            fehler.append(f"Regel {nummer}: bitte genau eines von „gruppe“ oder „muster“ angeben.")
            continue
        if not isinstance(text := gruppe or muster, str) or not text.strip():
            fehler.append(
                f"Regel {nummer}: „gruppe“ bzw. „muster“ muss ein nicht leerer Text sein."
            )
            continue
        if bereich is not None and not isinstance(bereich, str):
            fehler.append(f"Regel {nummer}: „bereich“ muss ein Text sein.")
            continue
        kompiliert = None
        if muster is not None:
            try:
                kompiliert = re.compile(muster, re.IGNORECASE)
            except re.error as e:
                fehler.append(f"Regel {nummer}: „muster“ ist kein gültiger Ausdruck ({e}).")
                continue
            if "bereich" in kompiliert.groupindex and bereich is not None:
                fehler.append(
                    f"Regel {nummer}: Bereich bitte entweder über (?P<bereich>…) im Muster oder "
                    "über „bereich“ angeben, nicht beides."
                )
                continue
        if kompiliert is None or "bereich" not in kompiliert.groupindex:
            felder = bereich_zu_feldern(bereich)
            if felder is None:
                fehler.append(
                    f"Regel {nummer}: Bereich „{bereich}“ ist weder ein Land-Kürzel "
                    "(2 Buchstaben) noch ein Kreisschlüssel (5 Ziffern) noch ein Ring (Ring-3)."
                )
                continue
            if probleme := b.pruefe_rolle_und_bereich(rolle, *felder):
                fehler.append(f"Regel {nummer}: {' '.join(probleme.values())}")
                continue
        ergebnis.append(Regel(nummer, rolle, gruppe, kompiliert, bereich))
    if fehler:
        raise ZuordnungUngueltig("Gruppenzuordnung fehlerhaft: " + " ".join(fehler))
    return Zuordnung(tuple(ergebnis))


def lokaler_benutzername(wert: str | None) -> str | None:
    """Benutzername in dieser Anwendung für einen Namen aus dem Verzeichnis: kleingeschrieben;
    enthält er „@“ (z. B. ein UPN „anna.land@land.example“), gilt der Teil davor. None, wenn das
    Ergebnis nicht `berechtigung.BENUTZERNAME_MUSTER` erfüllt."""
    wert = (wert or "").strip().lower()
    if "@" in wert:
        wert = wert.split("@", 1)[0]
    return wert if b.pruefe_benutzername(wert) is None else None
