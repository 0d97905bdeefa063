"""Fabriken für Testdaten – statt kopierter CSV-Schnipsel in jeder conftest.

Alles läuft über die echten Services (Import mit allen Prüfungen, Planung, Verhandlung), nur die
Eingaben entstehen hier: Basiszahlen als CSV aus Werten je Träger und Monat, Orientierungswerte
und Entwürfe eines Landes. Flush, nie Commit – die Transaktion gehört dem Test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal

from zielvereinbarung.domain.basiszahlen import monat_index, monat_text
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.services.basiszahlen.importer import ImportErgebnis, importiere_basiszahlen
from zielvereinbarung.services.verhandlung.orientierungswerte import (
    lade_orientierungswerte,
    setze_orientierungswerte,
)
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe

IMPORTZEIT = datetime(2027, 1, 5, tzinfo=UTC)


def monate(von: str, bis: str) -> list[str]:
    """Alle Monate von … bis (je einschließlich), z. B. monate("2025-12", "2026-02")."""
    return [monat_text(m) for m in range(monat_index(von), monat_index(bis) + 1)]


def basiszahlen_csv(zeilen: Iterable[Mapping[str, object]]) -> bytes:
    """CSV mit den Spalten der ersten Zeile (in dieser Reihenfolge); fehlende Werte bleiben leer."""
    zeilen = list(zeilen)
    spalten = list(zeilen[0])
    text = [",".join(spalten)] + [",".join(str(z.get(s, "")) for s in spalten) for z in zeilen]
    return ("\n".join(text) + "\n").encode()


def importiere(
    session,
    zeilen: Iterable[Mapping[str, object]],
    name: str = "test.csv",
    jetzt: datetime = IMPORTZEIT,
) -> ImportErgebnis:
    """Basiszahlen über den echten Import."""
    return importiere_basiszahlen(session, name, basiszahlen_csv(zeilen), "test", jetzt)


def gleichbleibende_monate(
    ags: str, von: str, bis: str, datenstand: date | None = None, **werte
) -> list[dict[str, object]]:
    """Zeilen für `ags` mit denselben Werten in jedem Monat von … bis."""
    kopf = {"ags": ags, "monat": None}
    if datenstand is not None:
        kopf["datenstand"] = datenstand.isoformat()
    return [{**kopf, "monat": m, **werte} for m in monate(von, bis)]


def basiswerte_nordfriesland(session) -> ImportErgebnis:
    """01054 mit Basiszahlen 2025-12 bis 2026-12: eLb 1.000, 25 Integrationen je Monat
    (→ Basiswert IQ 30,0 %), LZB 400 – die Grundlage der Entwürfe 2027 in Web- und Dokumenttests."""
    return importiere(
        session,
        gleichbleibende_monate("01054", "2025-12", "2026-12", elb=1000, integrationen=25, lzb=400),
        name="nf.csv",
    )


def entwuerfe(
    session,
    land: str,
    jahr: int,
    orientierung: list[Zielvorgabe],
    jetzt: datetime,
    nur_ohne_orientierung: bool = False,
) -> dict[str, int]:
    """Orientierungswerte des Landes und die Entwürfe aller zkT; {ags: vereinbarung_id}. Mit
    `nur_ohne_orientierung` bleiben schon gesetzte Orientierungswerte unverändert."""
    akteur = Akteur(f"land-{land.lower()}", "land", land_code=land)
    if not (nur_ohne_orientierung and lade_orientierungswerte(session, land, jahr)):
        setze_orientierungswerte(session, land, jahr, orientierung, akteur, jetzt)
    return dict(erzeuge_entwuerfe(session, land, jahr, akteur, jetzt).erzeugt)


def iq_veraenderung(prozent: str) -> list[Zielvorgabe]:
    """Orientierung nur für die Integrationsquote: Veränderung um `prozent` Prozentpunkte."""
    return [Zielvorgabe("IQ", "veraenderung", Decimal(prozent))]
