"""Datenstände (Vintages) der Basiszahlen: was ein Import neu schreibt (DOMAIN.md § 2).

Nie wird überschrieben oder gelöscht. Der aktuelle Wert eines Schlüssels (ags, monat, geschlecht)
ist die Fassung mit dem neuesten `datenstand`; bei gleichem Datenstand gewinnt der spätere Import
(größere `import_id`), so dass eine Korrektur am selben Tag gilt.

Für jede Zeile der Datei:
1. hat die aktuelle Fassung dieselben Werte (alle 17 Felder, None == None): unverändert;
2. sonst, hat irgendeine Fassung mit demselben Datenstand dieselben Werte: unverändert
   (ein älterer Stand wird nicht ein zweites Mal gespeichert);
3. sonst eine neue Fassung: „Revision“, wenn es den Schlüssel schon gab, sonst „neu“.

Die Summenregel `frauen + maenner != gesamt` wird auf dem Stand nach dem Import geprüft: den
Zeilen der Datei, gelegt über die aktuellen Fassungen derselben ags und desselben Monats. Neue
Fassungen bekommen den Hinweis beim Einfügen; aktuelle Fassungen, die aktuell bleiben, in einer
Gruppe mit neuen Fassungen bekommen ihre Summenhinweise nachgeführt (nur die Markierung, nie
die Werte).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .importpruefung import Datensatz
from .plausibilitaet import ohne_summenhinweise, summenabweichungen, summenwarnung

Schluessel = tuple[str, str, str]


@dataclass(slots=True)
class Fassung:
    """Eine gespeicherte Basiszahl-Zeile (ein Datenstand eines Schlüssels)."""

    id: int
    ags: str
    monat: str
    geschlecht: str
    datenstand: date
    import_id: int
    werte: tuple[int | None, ...]
    hinweise: list[dict]

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
    revision: int = 0
    unveraendert: int = 0
    hinweise_nachfuehren: list[tuple[int, list[dict]]] = field(
        default_factory=list
    )  # (id, hinweise)
    warnungen: list[str] = field(default_factory=list)  # Summenregel


def aktuelle_fassungen(bestand: list[Fassung]) -> dict[Schluessel, Fassung]:
    """Je Schlüssel die geltende Fassung: neuester Datenstand, dann späterer Import."""
    aktuell: dict[Schluessel, Fassung] = {}
    for fassung in bestand:
        bisher = aktuell.get(fassung.schluessel)
        if bisher is None or fassung.rang > bisher.rang:
            aktuell[fassung.schluessel] = fassung
    return aktuell


def plane_import(datensaetze: list[Datensatz], bestand: list[Fassung]) -> Importplan:
    """Entscheidet für jede geprüfte Zeile neu/Revision/unverändert und setzt die Summenhinweise.

    `bestand`: alle gespeicherten Fassungen zu den ags und Monaten der Datei (mehr schadet nicht).
    """
    aktuell = aktuelle_fassungen(bestand)
    gleicher_stand: dict[tuple[Schluessel, date], set] = {}
    for fassung in bestand:
        gleicher_stand.setdefault((fassung.schluessel, fassung.datenstand), set()).add(
            fassung.werte
        )

    plan = Importplan()
    gruppen: dict[tuple[str, str], dict[str, Datensatz]] = {}
    for satz in datensaetze:
        gruppen.setdefault((satz.ags, satz.monat), {})[satz.geschlecht] = satz
        bisher = aktuell.get(satz.schluessel)
        if (
            bisher is not None
            and bisher.werte == satz.werte
            or satz.werte in gleicher_stand.get((satz.schluessel, satz.datenstand), ())
        ):
            plan.unveraendert += 1
        else:
            plan.einfuegen.append(satz)
            if bisher is None:
                plan.neu += 1
            else:
                plan.revision += 1
    eingefuegt = {id(s) for s in plan.einfuegen}

    for (ags, monat), aus_datei in gruppen.items():
        vorher = {g: aktuell.get((ags, monat, g)) for g in ("gesamt", "frauen", "maenner")}
        # Die Datei über die aktuellen Fassungen gelegt: danach richten sich Warnungen und die
        # Hinweise der neuen Fassungen.
        ueberlagert = {g: f.werte for g, f in vorher.items() if f is not None}
        ueberlagert.update({g: s.werte for g, s in aus_datei.items()})
        abweichungen = summenabweichungen(ueberlagert)
        zeilen = {g: (aus_datei[g].zeile if g in aus_datei else None) for g in ueberlagert}
        for abweichung in abweichungen:
            plan.warnungen.append(summenwarnung(abweichung, ags, monat, zeilen))
        neue = [s for s in aus_datei.values() if id(s) in eingefuegt]
        if not neue:
            continue
        hinweise = [a.hinweis for a in abweichungen]
        for satz in neue:
            satz.hinweise = satz.hinweise + [dict(h, felder=list(h["felder"])) for h in hinweise]
        # Fassungen, die nach dem Import aktuell bleiben: Summenhinweise auf den wirklichen Stand
        # danach bringen (neue Fassung gewinnt bei gleichem oder neuerem Datenstand).
        danach: dict[str, tuple[int | None, ...]] = {}
        bleibend: list[Fassung] = []
        for g, fassung in vorher.items():
            satz = aus_datei.get(g)
            if (
                satz is not None
                and id(satz) in eingefuegt
                and (fassung is None or satz.datenstand >= fassung.datenstand)
            ):
                danach[g] = satz.werte
            elif fassung is not None:
                danach[g] = fassung.werte
                bleibend.append(fassung)
        summen = [a.hinweis for a in summenabweichungen(danach)]
        for fassung in bleibend:
            soll = ohne_summenhinweise(fassung.hinweise) + summen
            if soll != fassung.hinweise:
                plan.hinweise_nachfuehren.append((fassung.id, soll))
    return plan
