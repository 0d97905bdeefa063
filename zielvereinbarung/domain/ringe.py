"""Vergleichsringe (DOMAIN.md § 11): eigene Basiszahlen und Kennzahlen eines Rings – Regeln für
Codes, Einheiten, Kategorien und Gültigkeit, rein fachlich (ohne Datenbank, ohne Uhr).

- Eigene Basiszahlen: Code aus Kleinbuchstaben, Ziffern und `_` (Anfang ein Buchstabe), nicht
  gleich einer gesetzlichen Basiszahl, einer Importspalte oder einer Funktion der Formelsprache;
  Einheit Anzahl (ganze Zahl), Euro (höchstens 2 Nachkommastellen, gespeichert in Cent) oder
  Anteil (0 bis 1, höchstens 4 Nachkommastellen, gespeichert in Zehntausendsteln).
  Optional eine Obergrenze: eine andere Basiszahl, die der Wert nicht übersteigen soll (sonst
  ein Plausibilitätshinweis wie `lzb > elb`).
- Eigene Kennzahlen: Code, Name, Kategorie (Basis, Struktur, Qualität, Kosten), Einheit,
  Richtung, Formel, Gültigkeit `gueltig_ab` … `gueltig_bis` (einschließlich) und ein Hinweis,
  wie sie sich von der BA-Definition unterscheidet. Eine geänderte Definition ist eine neue
  Version mit eigenem Zeitraum; die Zeiträume einer Kennzahl überschneiden sich nie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .basiszahlen import FELD, FELDNAMEN
from .formel import FUNKTIONEN, STANDARD_NAMEN, Formel, FormelFehler, lies_formel
from .katalog import HOEHER, NEUTRAL, NIEDRIGER

# -------------------------------------------------------------------- Basiszahlen

ANZAHL, EURO, ANTEIL = "anzahl", "euro", "anteil"


@dataclass(frozen=True)
class Einheit:
    code: str
    name: str
    skala: int  # gespeicherte ganze Zahl / skala = fachlicher Wert
    nachkommastellen: int  # höchstens, beim Import


BASISZAHL_EINHEITEN: dict[str, Einheit] = {
    e.code: e
    for e in (
        Einheit(ANZAHL, "Anzahl", 1, 0),
        Einheit(EURO, "Euro", 100, 2),
        Einheit(ANTEIL, "Anteil", 10_000, 4),
    )
}

IMPORTSPALTEN = frozenset({"ags", "monat", "geschlecht", "datenstand"})
BASISZAHL_CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")


def pruefe_basiszahl_code(code: str) -> str | None:
    """Deutsche Meldung, wenn `code` kein zulässiger Code einer eigenen Basiszahl ist."""
    if not BASISZAHL_CODE.fullmatch(code or ""):
        return (
            "Der Code besteht aus 2 bis 40 Kleinbuchstaben (a–z), Ziffern und „_“ und beginnt "
            "mit einem Buchstaben, z. B. personal_vz."
        )
    if code in FELD:
        return f"„{code}“ ist schon eine gesetzliche Basiszahl (DOMAIN § 2)."
    if code in IMPORTSPALTEN:
        return f"„{code}“ ist eine Spalte jeder Importdatei."
    if code in FUNKTIONEN:
        return f"„{code}“ ist eine Funktion der Formelsprache."
    return None


def skalen(eigene: Mapping[str, str]) -> dict[str, int]:
    """Namensraum der Formeln eines Rings: gesetzliche Basiszahlen und die eigenen
    (Code → Einheit) mit ihrem Skalenteiler."""
    return {**STANDARD_NAMEN, **{c: BASISZAHL_EINHEITEN[e].skala for c, e in eigene.items()}}


def pruefe_obergrenze(code: str, obergrenze: str | None, eigene: Iterable[str]) -> str | None:
    """Die Obergrenze muss eine andere bekannte Basiszahl sein (gesetzlich oder eigene)."""
    if not obergrenze:
        return None
    if obergrenze == code:
        return "Eine Basiszahl kann nicht ihre eigene Obergrenze sein."
    if obergrenze not in FELDNAMEN and obergrenze not in set(eigene):
        return f"Unbekannte Basiszahl „{obergrenze}“ als Obergrenze."
    return None


# -------------------------------------------------------------------- Kennzahlen

BASIS, STRUKTUR, QUALITAET, KOSTEN = "basis", "struktur", "qualitaet", "kosten"
KATEGORIEN = {
    BASIS: "Basiskennzahl",
    STRUKTUR: "Strukturkennzahl",
    QUALITAET: "Qualitätskennzahl",
    KOSTEN: "Kostenkennzahl",
}
RICHTUNGEN = {HOEHER: "höher ist besser", NIEDRIGER: "niedriger ist besser", NEUTRAL: "neutral"}


@dataclass(frozen=True)
class KennzahlEinheit:
    code: str
    name: str
    zeichen: str  # hinter der Zahl, z. B. „%“ oder „€“ (leer: keine)
    nachkommastellen: int


KENNZAHL_EINHEITEN: dict[str, KennzahlEinheit] = {
    e.code: e
    for e in (
        KennzahlEinheit("prozent", "Prozent", "%", 1),
        KennzahlEinheit("euro", "Euro", "€", 2),
        KennzahlEinheit("anzahl", "Anzahl", "", 1),
        KennzahlEinheit("faktor", "Verhältniszahl", "", 2),
    )
}
KENNZAHL_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,19}")


@dataclass(frozen=True)
class Zeitraum:
    version: int
    gueltig_ab: date
    gueltig_bis: date | None

    def gilt_am(self, stichtag: date) -> bool:
        return self.gueltig_ab <= stichtag and (
            self.gueltig_bis is None or stichtag <= self.gueltig_bis
        )


def ueberschneiden(a: Zeitraum, b: Zeitraum) -> bool:
    ende_a, ende_b = a.gueltig_bis or date.max, b.gueltig_bis or date.max
    return a.gueltig_ab <= ende_b and b.gueltig_ab <= ende_a


def pruefe_kennzahl(
    code: str,
    name: str,
    kategorie: str,
    einheit: str,
    richtung: str,
    formel: str,
    gueltig_ab: date | None,
    gueltig_bis: date | None,
    namen: Mapping[str, int],
    andere_versionen: Iterable[Zeitraum] = (),
    version: int | None = None,
) -> tuple[dict[str, str], Formel | None]:
    """Prüft eine Kennzahl-Definition. Ergebnis: (Feld → deutsche Meldung, geprüfte Formel).

    `namen`: der Namensraum des Rings (`skalen`); `andere_versionen`: die übrigen Versionen
    derselben Kennzahl (ohne `version`, die gerade bearbeitet wird)."""
    fehler: dict[str, str] = {}
    if not KENNZAHL_CODE.fullmatch(code or ""):
        fehler["code"] = (
            "Der Code besteht aus 1 bis 20 Buchstaben, Ziffern und „_“ und beginnt mit einem "
            "Buchstaben, z. B. Q3 oder K_VK."
        )
    if not (name or "").strip():
        fehler["name"] = "Bitte einen Namen angeben."
    if kategorie not in KATEGORIEN:
        fehler["kategorie"] = "Bitte eine Kategorie wählen (Basis, Struktur, Qualität, Kosten)."
    if einheit not in KENNZAHL_EINHEITEN:
        fehler["einheit"] = "Bitte eine Einheit wählen."
    if richtung not in RICHTUNGEN:
        fehler["richtung"] = "Bitte eine Richtung wählen (höher, niedriger oder neutral besser)."
    geprueft: Formel | None = None
    try:
        geprueft = lies_formel(formel, namen)
    except FormelFehler as f:
        fehler["formel"] = f.meldung
    if gueltig_ab is None:
        fehler["gueltig_ab"] = "Bitte angeben, ab wann die Definition gilt."
    elif gueltig_bis is not None and gueltig_bis < gueltig_ab:
        fehler["gueltig_bis"] = "„Gültig bis“ liegt vor „gültig ab“."
    else:
        neu = Zeitraum(version or 0, gueltig_ab, gueltig_bis)
        for anderer in andere_versionen:
            if anderer.version != version and ueberschneiden(neu, anderer):
                bis = f"{anderer.gueltig_bis:%d.%m.%Y}" if anderer.gueltig_bis else "offen"
                fehler["gueltig_ab"] = (
                    f"Der Zeitraum überschneidet sich mit Version {anderer.version} "
                    f"({anderer.gueltig_ab:%d.%m.%Y} bis {bis}); bitte deren „gültig bis“ "
                    "vorher beenden."
                )
                break
    return fehler, geprueft


# -------------------------------------------------------------------- Importzellen

_ANTEIL = re.compile(r"([0-9]+)(?:\.([0-9]+))?")


def lies_anteil(text: str, dezimalkomma: bool) -> tuple[int | None, str | None]:
    """Nicht-leere Zelle eines Anteils → (Zehntausendstel, None) oder (None, deutsche Meldung).

    Ein Anteil liegt zwischen 0 und 1 und hat höchstens 4 Nachkommastellen (0.3525 = 35,25 %);
    Dezimalkomma nur in `;`-Dateien wie bei Geldbeträgen."""
    zeige = f"„{text[:40]}“"
    if text.startswith("="):
        return None, f"{zeige} – Formeln sind nicht erlaubt; bitte nur Werte eintragen."
    zahl = text
    if dezimalkomma and zahl.count(",") == 1 and "." not in zahl:
        zahl = zahl.replace(",", ".")
    treffer = _ANTEIL.fullmatch(zahl)
    if treffer is None:
        if zahl.startswith("-"):
            return None, f"{zeige} – negative Werte sind nicht erlaubt."
        if re.fullmatch(r"[0-9]+,[0-9]+", zahl):
            return None, (
                f"{zeige} – ein Dezimalkomma ist nur in Dateien mit Semikolon als Trennzeichen "
                "erlaubt; bitte einen Dezimalpunkt verwenden."
            )
        tipp = " (ohne %-Zeichen, z. B. 0.35 für 35 %)" if zahl.endswith("%") else ""
        return None, f"{zeige} – keine Zahl{tipp}."
    if treffer.group(2) is not None and len(treffer.group(2)) > 4:
        return None, f"{zeige} – ein Anteil darf höchstens 4 Nachkommastellen haben."
    wert = int(Decimal(zahl).scaleb(4))
    if wert > BASISZAHL_EINHEITEN[ANTEIL].skala:
        return None, f"{zeige} – ein Anteil liegt zwischen 0 und 1 (z. B. 0.35 für 35 %)."
    return wert, None
