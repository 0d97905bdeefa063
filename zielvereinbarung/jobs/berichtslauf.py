"""Ein Lauf der Berichtserzeugung über die Warteschlange in der Datenbank: planen, je Bericht
einen Auftrag einreihen, abarbeiten – im eigenen Prozess und/oder in beliebig vielen
Worker-Prozessen (`flask zv worker`, `jobs.worker`) auf beliebigen Rechnern.

Ablauf und Garantien:
1. Planen in einer lesenden Sitzung (`services.berichte.planung.plane_berichte`): nur neue oder
   geänderte Berichte. Die Aufträge (mit fertigem Ansichtsmodell) werden in einer Transaktion
   eingereiht (`services.berichte.warteschlange`); ein zweiter gleichzeitiger Lauf findet sie vor.
2. Abarbeiten (`arbeite`): Aufträge übernehmen (PostgreSQL: `FOR UPDATE SKIP LOCKED`) mit Frist
   `ZV_AUFTRAG_FRIST_S`; in `arbeiter` Prozessen rendern (`ProcessPoolExecutor`, spawn).
3. Je fertigem Bericht in einer Transaktion: Zeile des Auftrags sperren und prüfen, dass sie
   noch diesem Prozess gehört, Datei atomar ablegen, Bericht anlegen, Auftrag „erledigt“. Stirbt
   ein Prozess, sind seine fertigen Berichte vollständig gespeichert; seine übrigen Aufträge
   übernimmt ein anderer nach Ablauf der Frist (auf demselben Rechner sofort).
4. Ein IntegrityError (UNIQUE art, schluessel, monat, version) bleibt die letzte Sicherung: die
   Version gibt es schon – „schon erledigt“, die eigene Datei wird entfernt, falls keine Zeile
   auf sie zeigt.
5. Hinweise für die Abonnenten schreibt, wer den Bericht festgeschrieben hat, in einer eigenen
   Transaktion danach; die E-Mails gehen erst nach deren Commit.

`erzeuge_berichte` (CLI und Scheduler) reiht ein und arbeitet selbst mit `arbeiter` Prozessen
mit, bis alle eigenen Aufträge erledigt sind – ohne laufende Worker also allein, mit Workern
gemeinsam mit ihnen. Mit `arbeiter=0` reiht er nur ein und kehrt zurück.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime

from ..config import konfiguration
from ..db import sitzung, transaktion
from ..format import zeitpunkt
from ..models.bericht import ERLEDIGT, FEHLER
from ..services.ablage import Ablage
from ..services.berichte import warteschlange as ws
from ..services.berichte.planung import Plan, plane_berichte
from .prozesse import prozess_name
from .worker import Laufergebnis, arbeite

__all__ = ["Laufergebnis", "arbeite", "erzeuge_berichte", "prozess_name"]
Fortschritt = Callable[[int, int], None]


def plane(
    url: str,
    monat: str,
    land: str | None,
    ags: str | None,
    jetzt: datetime,
    auswahl: Collection[str] | None = None,
) -> Plan:
    with sitzung(url) as session:
        return plane_berichte(session, monat, land, ags, zeitpunkt(jetzt), auswahl)


def erzeuge_berichte(
    url: str,
    monat: str,
    land: str | None = None,
    ags: str | None = None,
    arbeiter: int = 2,
    von: str = "system",
    fortschritt: Fortschritt | None = None,
    nach_jedem: Callable[[int], None] | None = None,
    jetzt: datetime | None = None,
    auswahl: Collection[str] | None = None,
) -> Laufergebnis:
    """Berichte für `monat` erzeugen (siehe Modulkopf). `nach_jedem(n)` wird nach jedem hier
    festgeschriebenen Bericht aufgerufen (Tests simulieren damit einen Absturz); `auswahl`
    beschränkt die Trägerberichte (`plane_berichte`)."""
    jetzt = jetzt or datetime.now(UTC)
    Ablage(konfiguration().berichtsablage()).raeume_auf()
    plan = plane(url, monat, land, ags, jetzt, auswahl)
    ergebnis = Laufergebnis(monat, unveraendert=plan.unveraendert, ohne_daten=plan.ohne_daten)
    with transaktion(url) as session:
        ids = ws.reihe_ein(session, plan.auftraege, von, jetzt)
    if arbeiter == 0:
        ergebnis.eingereiht = len(ids)
        return ergebnis
    gesamt = len(ids)
    if fortschritt:
        fortschritt(0, gesamt)
    if ids:
        arbeite(
            url,
            arbeiter,
            nur=ids,
            ergebnis=ergebnis,
            nach_jedem=nach_jedem,
            fortschritt=(lambda fertig: fortschritt(fertig, gesamt)) if fortschritt else None,
        )
        with sitzung(url) as session:
            zaehler = ws.stand(session, ids)
        ergebnis.fehlgeschlagen = zaehler[FEHLER]
        ergebnis.schon_erledigt = max(0, zaehler[ERLEDIGT] - len(ergebnis.neu))
    return ergebnis
