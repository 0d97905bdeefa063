"""Auswahl und Reihenfolge der Cockpit-Zeilen und das Cockpit als einfache Tabelle (Zahlen als
Zahlen, Einheiten in den Spaltenköpfen – die Grundlage für einen Tabellenexport).

Filter (alle optional, kombinierbar; Unbekanntes wird ignoriert):
- `vergleichstyp` (genau), `nur_land` (Kürzel; nur bei allen Ländern sinnvoll),
- `status`: `schlecht` / `mittel` = mindestens ein Ziel kritisch bzw. gefährdet (im Dezember:
  verfehlt bzw. knapp); `gut` = alle Ziele mit Status auf Kurs (erreicht); `ohne` = ohne
  unterzeichnete Vereinbarung,
- `suche`: Teil des Namens (Groß/Klein und Umlaute egal) oder Anfang des Kreisschlüssels.

Sortierung (`sort`, `richtung` auf/ab): `name`, `ags`, `land`, `vergleichstyp`, `lage` (Zahl
der kritischen, dann der gefährdeten Ziele) und je Zielindikator der Zielerreichungsgrad. Eine
neu gewählte Spalte beginnt bei Texten aufsteigend, bei `lage` mit den meisten kritischen Zielen,
bei Zielindikatoren mit der schlechtesten Zielerreichung. Fehlende Werte stehen in beiden
Richtungen am Ende; bei Gleichstand entscheidet der Name (deutsche Sortierung).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...domain.katalog import EURO, PROZENT
from ...domain.ziele import VEREINBARUNGS_INDIKATOREN
from ...format import sortierschluessel
from .cockpit import Cockpit, Zeile

AUF, AB = "auf", "ab"
TEXTSPALTEN = {
    "name": "Träger",
    "ags": "Kreisschlüssel",
    "land": "Land",
    "vergleichstyp": "Vergleichstyp",
}
LAGE = "lage"
STATUS_FILTER = ("schlecht", "mittel", "gut", "ohne")
EINHEIT = {PROZENT: "%", EURO: "EUR"}


@dataclass(frozen=True)
class Auswahl:
    vergleichstyp: str | None = None
    land: str | None = None
    status: str | None = None
    suche: str = ""
    sort: str = "name"
    richtung: str = AUF

    @classmethod
    def aus_parametern(cls, werte) -> Auswahl:
        """Aus Anfrageparametern (Mapping); Unbekanntes fällt auf die Voreinstellung."""
        sort = werte.get("sort") or "name"
        if sort not in TEXTSPALTEN and sort != LAGE and sort not in VEREINBARUNGS_INDIKATOREN:
            sort = "name"
        richtung = werte.get("richtung")
        if richtung not in (AUF, AB):
            richtung = start_richtung(sort)
        status = werte.get("status")
        return cls(
            (werte.get("vergleichstyp") or "").strip()[:20] or None,
            (werte.get("nur_land") or "").strip().upper()[:2] or None,
            status if status in STATUS_FILTER else None,
            (werte.get("suche") or "").strip()[:100],
            sort,
            richtung,
        )

    @property
    def gefiltert(self) -> bool:
        return bool(self.vergleichstyp or self.land or self.status or self.suche)


def start_richtung(sort: str) -> str:
    return AB if sort == LAGE else AUF


def status_namen(unterjaehrig: bool) -> dict[str, str]:
    """Die Filterstufen mit den Wörtern des Berichtsmonats."""
    schlecht, mittel, gut = (
        ("kritisch", "gefährdet", "auf Kurs") if unterjaehrig else ("verfehlt", "knapp", "erreicht")
    )
    return {
        "schlecht": f"mindestens ein Ziel {schlecht}",
        "mittel": f"mindestens ein Ziel {mittel}",
        "gut": f"alle Ziele {gut}",
        "ohne": "ohne unterzeichnete Vereinbarung",
    }


def _passt(z: Zeile, a: Auswahl) -> bool:
    if a.vergleichstyp and z.vergleichstyp != a.vergleichstyp:
        return False
    if a.land and z.land_code != a.land:
        return False
    if a.status == "ohne" and z.unterzeichnet:
        return False
    if a.status in ("schlecht", "mittel") and not z.anzahl(a.status):
        return False
    if a.status == "gut":
        mit_status = [c for c in z.zellen if c.status]
        if not mit_status or any(c.klasse != "gut" for c in mit_status):
            return False
    if a.suche:
        suche = sortierschluessel(a.suche)
        if suche not in sortierschluessel(z.name) and not z.ags.startswith(a.suche):
            return False
    return True


def waehle(cockpit: Cockpit, a: Auswahl) -> list[Zeile]:
    """Die Zeilen nach Filter und Sortierung (Regeln im Modulkopf)."""
    zeilen = sorted(
        (z for z in cockpit.zeilen if _passt(z, a)),
        key=lambda z: (sortierschluessel(z.name), z.ags),
    )
    if a.sort in VEREINBARUNGS_INDIKATOREN:
        i = VEREINBARUNGS_INDIKATOREN.index(a.sort)

        def grad(z: Zeile) -> Decimal | None:
            return z.zellen[i].grad if z.zellen else None

        vorhanden = [z for z in zeilen if grad(z) is not None]
        vorhanden.sort(key=grad, reverse=a.richtung == AB)  # type: ignore[arg-type]
        return vorhanden + [z for z in zeilen if grad(z) is None]
    if a.sort == LAGE:
        return sorted(
            zeilen,
            key=lambda z: (z.anzahl("schlecht"), z.anzahl("mittel")),
            reverse=a.richtung == AB,
        )
    feld = {
        "name": lambda z: sortierschluessel(z.name),
        "ags": lambda z: z.ags,
        "land": lambda z: z.land_code,
        "vergleichstyp": lambda z: z.vergleichstyp or "",
    }[a.sort]
    if a.sort == "vergleichstyp":
        mit = sorted((z for z in zeilen if z.vergleichstyp), key=feld, reverse=a.richtung == AB)
        return mit + [z for z in zeilen if not z.vergleichstyp]
    return sorted(zeilen, key=feld, reverse=a.richtung == AB)


@dataclass(frozen=True)
class Tabelle:
    """Kopfzeile und Zeilen als einfache Werte (str, Decimal, None = leer)."""

    titel: str
    spalten: tuple[str, ...]
    zeilen: tuple[tuple[str | Decimal | None, ...], ...]


def tabelle(cockpit: Cockpit, zeilen: list[Zeile]) -> Tabelle:
    """Das Cockpit, wie es die Seite zeigt: die gewählten Zeilen, danach die Landeszeilen."""
    spalten = ["Träger", "Kreisschlüssel", "Land", "Vergleichstyp", "Vereinbarung"]
    for _code, name, einheit in cockpit.indikatoren:
        e = EINHEIT.get(einheit, "Personen")
        spalten += [
            f"{name}: Wert ({e})",
            f"{name}: Ziel",
            f"{name}: Zielniveau ({e})",
            f"{name}: Projektion Dezember ({e})",
            f"{name}: Zielerreichung (%)",
            f"{name}: Status",
        ]
    reihen = []
    for z in zeilen:
        reihe: list[str | Decimal | None] = [z.name, z.ags, z.land_code, z.vergleichstyp, z.zustand]
        for c in z.zellen:
            reihe += [c.wert, c.ziel, c.zielniveau, c.projektion, c.grad, c.status]
        reihen.append(tuple(reihe))
    for land in cockpit.landeszeilen:
        reihe = [f"{land.name} (Aggregat)", None, land.land_code, None, None]
        for c in land.zellen:
            reihe += [c.wert, c.ziel, c.zielniveau, c.projektion, c.grad, c.status]
        reihen.append(tuple(reihe))
    titel = f"Nachhaltung {cockpit.jahr} – {cockpit.land_name}, {cockpit.daten_bis}"
    return Tabelle(titel, tuple(spalten), tuple(reihen))
