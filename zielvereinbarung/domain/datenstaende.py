"""Datenstände (Vintages) der Basiszahlen: was ein Import neu schreibt (DOMAIN.md § 2).

Nie wird überschrieben oder gelöscht. Je Schlüssel (ags, monat, geschlecht) gibt es einen oder
mehrere gespeicherte Stände (`Basiszahlstand`); es gilt der mit dem neuesten `datenstand`, bei
gleichem Datenstand der spätere Import (größere `import_id`), so dass eine Korrektur am selben
Tag gilt.

Teilkorrektur: fehlen der Datei Wertspalten (`fehlende_spalten`), übernimmt jede Zeile eines
schon gespeicherten Schlüssels deren Werte aus dem geltenden Stand; eine leere Zelle in einer
vorhandenen Spalte bleibt „nicht gemeldet“. Für einen neuen Schlüssel sind fehlende Spalten nicht
gemeldet. Die Zeilenregeln der Plausibilität werden auf den ergänzten Werten neu geprüft.

Für jede Zeile der Datei (nach der Ergänzung):
1. hat der geltende Stand dieselben Werte (alle 17 Felder, None == None): unverändert;
2. sonst, hat irgendein Stand mit demselben Datenstand dieselben Werte: unverändert
   (ein älterer Stand wird nicht ein zweites Mal gespeichert);
3. sonst ein neuer Stand: „neuer Datenstand“, wenn es den Schlüssel schon gab, sonst „neu“.

Die Summenregel `frauen + maenner != gesamt` wird auf den Werten nach dem Import geprüft: den
Zeilen der Datei, gelegt über die geltenden Stände derselben ags und desselben Monats. Neue
Stände bekommen den Hinweis beim Einfügen; geltende Stände, die gelten bleiben, in einer Gruppe
mit neuen Ständen bekommen ihre Summenhinweise nachgeführt (nur die Markierung, nie die Werte).
Die Summenhinweise einer Gruppe sind in ihren Zeilen dieselben Objekte: Hinweise werden nur
gelesen und gespeichert, nie verändert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .basiszahlen import FELDNAMEN
from .importpruefung import Datensatz
from .plausibilitaet import (
    ohne_summenhinweise,
    summenabweichungen,
    summenwarnungen,
    zeilenhinweise,
    zeilenwarnung,
)

Schluessel = tuple[str, str, str]
NEU = "neu"
NEUER_DATENSTAND = "neuer_datenstand"
UNVERAENDERT = "unveraendert"


@dataclass(slots=True)
class Basiszahlstand:
    """Eine gespeicherte Basiszahl-Zeile (ein Datenstand eines Schlüssels)."""

    id: int
    ags: str
    monat: str
    geschlecht: str
    datenstand: date
    import_id: int
    werte: tuple[int | None, ...]
    hinweise: list[dict[str, Any]]

    @property
    def schluessel(self) -> Schluessel:
        return (self.ags, self.monat, self.geschlecht)

    @property
    def rang(self) -> tuple[date, int, int]:
        return (self.datenstand, self.import_id, self.id)


@dataclass
class Importplan:
    einfuegen: list[Datensatz] = field(default_factory=list)  # mit vollständigen Hinweisen
    neu: int = 0
    neuer_datenstand: int = 0
    unveraendert: int = 0
    hinweise_nachfuehren: list[tuple[int, list[dict[str, Any]]]] = field(
        default_factory=list
    )  # (id, hinweise)
    warnungen: list[str] = field(default_factory=list)  # Summenregel, ergänzte Zeilen
    ergaenzt: int = (
        0  # Zeilen, die gemeldete Werte fehlender Spalten aus dem geltenden Stand behalten
    )


def geltende_staende(bestand: list[Basiszahlstand]) -> dict[Schluessel, Basiszahlstand]:
    """Je Schlüssel der geltende Stand: neuester Datenstand, dann späterer Import."""
    aktuell: dict[Schluessel, Basiszahlstand] = {}
    for stand in bestand:
        bisher = aktuell.get(stand.schluessel)
        if bisher is None or stand.rang > bisher.rang:
            aktuell[stand.schluessel] = stand
    return aktuell


def ergaenze(satz: Datensatz, bisher: Basiszahlstand, fehlend: Sequence[int]) -> list[str]:
    """Teilkorrektur einer Zeile: die Felder an den Positionen `fehlend` aus dem geltenden Stand.
    Setzt die Zeilenhinweise neu und liefert die Warnungen, die erst durch die Ergänzung
    entstehen (die übrigen hat die Prüfung der Datei schon gemeldet)."""
    werte = list(satz.werte)
    for i in fehlend:
        werte[i] = bisher.werte[i]
    satz.werte = tuple(werte)
    vorher = satz.hinweise
    satz.hinweise = zeilenhinweise(satz.werte)
    return [
        zeilenwarnung(satz.zeile, h, satz.werte, satz.ort) for h in satz.hinweise if h not in vorher
    ]


def plane_import(
    datensaetze: list[Datensatz],
    bestand: list[Basiszahlstand],
    fehlende_spalten: Sequence[str] = (),
) -> Importplan:
    """Entscheidet für jede geprüfte Zeile neu/neuer Datenstand/unverändert (`Datensatz.art`,
    dazu `alt` = Werte des bisher geltenden Stands), ergänzt bei einer Teilkorrektur die
    fehlenden Spalten und setzt die Summenhinweise.

    `bestand`: alle gespeicherten Stände zu den ags und Monaten der Datei (mehr schadet nicht).
    """
    aktuell = geltende_staende(bestand)
    fehlend = [FELDNAMEN.index(name) for name in fehlende_spalten]
    gleicher_stand: dict[tuple[Schluessel, date], set[tuple[int | None, ...]]] = {}
    for stand in bestand:
        gleicher_stand.setdefault((stand.schluessel, stand.datenstand), set()).add(stand.werte)

    plan = Importplan()
    gruppen: dict[tuple[str, str], dict[str, Datensatz]] = {}
    for satz in datensaetze:
        gruppen.setdefault((satz.ags, satz.monat), {})[satz.geschlecht] = satz
        bisher = aktuell.get(satz.schluessel)
        if bisher is not None:
            satz.alt = bisher.werte
            if fehlend:
                plan.warnungen.extend(ergaenze(satz, bisher, fehlend))
                plan.ergaenzt += any(bisher.werte[i] is not None for i in fehlend)
        if (
            bisher is not None
            and bisher.werte == satz.werte
            or satz.werte in gleicher_stand.get((satz.schluessel, satz.datenstand), ())
        ):
            plan.unveraendert += 1
            satz.art = UNVERAENDERT
        else:
            plan.einfuegen.append(satz)
            if bisher is None:
                plan.neu += 1
                satz.art = NEU
            else:
                plan.neuer_datenstand += 1
                satz.art = NEUER_DATENSTAND
    eingefuegt = {id(s) for s in plan.einfuegen}

    for (ags, monat), aus_datei in gruppen.items():
        vorher = {g: aktuell.get((ags, monat, g)) for g in ("gesamt", "frauen", "maenner")}
        # Die Datei über die geltenden Stände gelegt: danach richten sich Warnungen und die
        # Hinweise der neuen Stände.
        ueberlagert = {g: f.werte for g, f in vorher.items() if f is not None}
        ueberlagert.update({g: s.werte for g, s in aus_datei.items()})
        abweichungen = summenabweichungen(ueberlagert)
        if abweichungen:
            zeilen = {g: (aus_datei[g].zeile if g in aus_datei else None) for g in ueberlagert}
            plan.warnungen.extend(summenwarnungen(abweichungen, ags, monat, zeilen))
        neue = [s for s in aus_datei.values() if id(s) in eingefuegt]
        if not neue:
            continue
        if abweichungen:  # dieselben (unveränderlich behandelten) Hinweise in jeder Zeile
            hinweise = [a.hinweis for a in abweichungen]
            for satz in neue:
                satz.hinweise = satz.hinweise + hinweise
        if not any(vorher.values()):
            continue  # nichts gespeichert: nichts nachzuführen
        # Stände, die nach dem Import gelten bleiben: Summenhinweise auf die wirklichen Werte
        # danach bringen (ein neuer Stand gewinnt bei gleichem oder neuerem Datenstand).
        danach: dict[str, tuple[int | None, ...]] = {}
        bleibend: list[Basiszahlstand] = []
        for g, geltend in vorher.items():
            aus_zeile = aus_datei.get(g)
            if (
                aus_zeile is not None
                and id(aus_zeile) in eingefuegt
                and (geltend is None or aus_zeile.datenstand >= geltend.datenstand)
            ):
                danach[g] = aus_zeile.werte
            elif geltend is not None:
                danach[g] = geltend.werte
                bleibend.append(geltend)
        summen = [a.hinweis for a in summenabweichungen(danach)]
        for stand in bleibend:
            soll = ohne_summenhinweise(stand.hinweise) + summen
            if soll != stand.hinweise:
                plan.hinweise_nachfuehren.append((stand.id, soll))
    return plan
