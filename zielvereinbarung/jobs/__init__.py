"""Die geplanten Aufgaben – an genau dieser Stelle deklariert.

Jeder Job öffnet eigene Sitzungen, ruft Services auf und schreibt fest (`jobs.aufgaben`); der
Zeitplan ist ein Crontab-Ausdruck (Zeitzone Europe/Berlin), überschreibbar über die genannte
Umgebungsvariable; der Wert `aus` schaltet den Job ab. Ausgeführt werden Jobs nur im eigenen
Scheduler-Prozess (`flask zv scheduler`, `jobs.scheduler`), nie in der Web-Anwendung.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..config import konfiguration
from .archiv import archivzeitstempel_erneuern
from .aufgaben import (
    audit_verankern,
    berichte_nach_import,
    erinnerungen_senden,
    importe_pruefen,
)
from .ringberichte import ringberichte_nach_daten


@dataclass(frozen=True)
class Job:
    name: str
    titel: str
    beschreibung: str
    funktion: Callable[[str], str]  # (Datenbank-URL) → Ergebnistext
    umgebung: str  # Umgebungsvariable für den Zeitplan
    standard: str  # Crontab-Ausdruck (Minute Stunde Tag Monat Wochentag)
    sperre_minuten: int = 60  # so lange gilt die Sperre gegen Doppelläufe höchstens

    @property
    def zeitplan(self) -> str | None:
        """Der Crontab-Ausdruck aus der Umgebung oder der Standard; None = abgeschaltet."""
        return konfiguration().job_zeitplan(self.umgebung, self.standard)


JOBS: tuple[Job, ...] = (
    Job(
        "berichte",
        "Fortschrittsberichte nach neuen Daten",
        "Liegt ein neuer Import vor, werden die Berichte des neuesten Monats erzeugt (alle "
        "Träger und Landesübersichten; unveränderte werden nicht neu erzeugt) und die "
        "Abonnenten benachrichtigt.",
        berichte_nach_import,
        "ZV_JOB_BERICHTE",
        "*/30 * * * *",
    ),
    Job(
        "importpruefung",
        "Tägliche Prüfung auf neue Importe",
        "Prüft die Importe der letzten 24 Stunden und wie alt die neuesten Daten sind; "
        "stößt die Berichte an, falls ein Import noch nicht verarbeitet ist.",
        importe_pruefen,
        "ZV_JOB_IMPORTPRUEFUNG",
        "0 6 * * *",
    ),
    Job(
        "erinnerungen",
        "Erinnerungen an wartende Vereinbarungen",
        "Erinnert die Partei am Zug an Vereinbarungen, die länger als ZV_ERINNERUNG_TAGE "
        "(Standard 14) Tage warten.",
        erinnerungen_senden,
        "ZV_JOB_ERINNERUNGEN",
        "0 7 * * 1-5",
        30,
    ),
    Job(
        "archivzeitstempel",
        "Archivzeitstempel unterzeichneter Dokumente",
        "Bringt an unterzeichnete Dokumente Prüfdaten und einen Dokumentzeitstempel an (PAdES "
        "B-LTA) und erneuert ihn, bevor das Zertifikat des letzten Zeitstempels abläuft "
        "(Vorlauf ZV_ARCHIVZEITSTEMPEL_VORLAUF_TAGE, Standard 90). Braucht ZV_TSA_URL.",
        archivzeitstempel_erneuern,
        "ZV_JOB_ARCHIVZEITSTEMPEL",
        "30 3 * * *",
        120,
    ),
    Job(
        "audit_anker",
        "Audit-Kette prüfen und verankern",
        "Prüft die Audit-Kette (jedes Ereignis, lückenlose ids, alle Anker) und hält ihren Kopf "
        "außerhalb der Datenbank fest: in der Ankerdatei und, mit ZV_TSA_URL, mit einem "
        "RFC-3161-Zeitstempel. Ein Befund lässt den Lauf fehlschlagen.",
        audit_verankern,
        "ZV_JOB_AUDIT_ANKER",
        "30 2 * * *",
    ),
    Job(
        "ringberichte",
        "Jahresberichte der Vergleichsringe",
        "Nach neuen Daten: für jeden Vergleichsring und jedes Jahr mit Daten für den Dezember den "
        "Benchmarking-Jahresbericht (PDF) erzeugen – nur, wenn sich seine Daten geändert haben.",
        ringberichte_nach_daten,
        "ZV_JOB_RINGBERICHTE",
        "15 * * * *",
    ),
)
JOB: dict[str, Job] = {j.name: j for j in JOBS}
