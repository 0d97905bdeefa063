"""Demo: Budgetrahmen und Ausgaben (DOMAIN.md § 10) für die zkT des Demo-Landes im Jahr der
Demodaten – geplante Mittel vor der Einigung (sie stehen dann in den Rahmenbedingungen der
Dokumente), monatliche Ausgaben des Vorjahres (ganz, für die saisonale Projektion) und des Jahres
bis zum letzten Demomonat über den echten Basiszahlen-Import (als Demodaten). Deterministisch
aus dem Kreisschlüssel; wiederholbar (gleiche Werte sind „unverändert“). Flush, nie Commit."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from ..services.basiszahlen.importer import importiere_basiszahlen
from ..services.budget.ausgaben import Ausgabenspalten
from ..services.budget.rahmen import Budgetwerte, schreibe

# Anteil je Monat am Jahr in Promille: langsamer Jahresbeginn, starker Dezember (Summe 1000)
SAISON = (55, 65, 75, 80, 80, 85, 85, 75, 85, 90, 95, 130)


def _budget(ags: str, jahr: int) -> Budgetwerte:
    """Eingliederungsmittel 4–10 Mio. €, Verwaltungsmittel gut ein Drittel davon (Cent)."""
    grundstock = (int(ags) % 7 + 4) * 100_000_000 + (int(ags) % 97) * 1_234_567
    faktor = 100 + (jahr % 5)  # von Jahr zu Jahr etwas mehr
    eingliederung = grundstock * faktor // 100
    return Budgetwerte(eingliederung, eingliederung * 37 // 100 + 12_345)


def _ausgaben(ags: str, jahr: int, monat: int) -> tuple[int, int]:
    """Monatsausgaben (Cent): Budget × Saison, je Träger etwas mehr oder weniger ausgegeben."""
    b = _budget(ags, jahr)
    tempo = 92 + int(ags) % 13  # 92 … 104 % des Budgets im Jahr
    return (
        b.eingliederung * SAISON[monat - 1] * tempo // 100_000,
        b.verwaltung * (1000 // 12) * tempo // 100_000,
    )


def _euro(cent: int) -> str:
    return f"{cent // 100}.{cent % 100:02d}"


def lade_demo_budget(
    session: Session,
    zkt: list[str],
    jahr: int,
    bis_monat: int,
    geplant: datetime,
    jetzt: datetime,
    land: str,
) -> None:
    """Budgetrahmen (erfasst zum Zeitpunkt `geplant`) und Ausgaben (importiert `jetzt`)."""
    for ags in zkt:
        schreibe(session, ags, jahr, _budget(ags, jahr), land, geplant, "demo")
    zeilen = ["ags,monat,ausgaben_eingliederung,ausgaben_verwaltung"]
    for ags in zkt:
        for j, bis in ((jahr - 1, 12), (jahr, bis_monat)):
            for m in range(1, bis + 1):
                e, v = _ausgaben(ags, j, m)
                zeilen.append(f"{ags},{j}-{m:02d},{_euro(e)},{_euro(v)}")
    importiere_basiszahlen(
        session,
        f"demo-ausgaben-{jahr}.csv",
        ("\n".join(zeilen) + "\n").encode(),
        land,
        jetzt,
        demodaten=True,
        zusatz=Ausgabenspalten(),
        gesetzliche_spalten=True,
    )
