"""Ein Lauf der Berichtserzeugung: planen, parallel rendern, je Bericht festschreiben, danach
die Abonnenten benachrichtigen. Gemeinsam für Scheduler-Job und CLI.

Ablauf und Garantien:
1. Planen in einer lesenden Sitzung (`services.berichte.planung.plane_berichte`): nur neue oder
   geänderte Berichte.
2. Rendern in `arbeiter` Worker-Prozessen (`ProcessPoolExecutor`, Start per spawn): jeder
   Worker bekommt nur das einfache Ansichtsmodell und liefert PDF-Bytes.
3. Der Elternprozess legt je fertigem Bericht die Datei atomar ab und schreibt die Zeile in
   einer eigenen kurzen Transaktion fest. Stirbt der Lauf mittendrin, sind die fertigen Berichte
   vollständig gespeichert, der Rest fehlt ganz; der nächste Lauf plant genau den Rest.
4. Ein IntegrityError beim Festschreiben (UNIQUE art, schluessel, monat, version) heißt: ein
   anderer Prozess hat diese Version gerade angelegt – „schon erledigt“, die eigene Datei wird
   entfernt, falls keine Zeile auf sie zeigt.
5. Hinweise für die Abonnenten in einer eigenen Transaktion, E-Mails erst danach
   (`services.berichte.abonnements`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import socket
import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..config import konfiguration
from ..db import sitzung, transaktion
from ..documents.bericht import rendere, vorwaermen
from ..format import zeitpunkt
from ..mail import sende_nachrichten
from ..models import Bericht
from ..services.ablage import Ablage
from ..services.berichte.abonnements import nachrichten_fuer
from ..services.berichte.planung import Auftrag, Plan, plane_berichte, speichere

Fortschritt = Callable[[int, int], None]


@dataclass
class Laufergebnis:
    monat: str
    neu: list[int] = field(default_factory=list)  # ids der angelegten Berichte
    schon_erledigt: int = 0  # von einem anderen Prozess angelegt
    unveraendert: int = 0
    ohne_daten: list[str] = field(default_factory=list)
    mails: int = 0

    @property
    def meldung(self) -> str:
        teile = [
            f"{self.monat}: {len(self.neu)} Berichte erzeugt",
            f"{self.unveraendert} unverändert",
        ]
        if self.schon_erledigt:
            teile.append(f"{self.schon_erledigt} schon von einem anderen Prozess erzeugt")
        if self.ohne_daten:
            teile.append(f"{len(self.ohne_daten)} Träger ohne Daten für den Monat (kein Bericht)")
        if self.mails:
            teile.append(f"{self.mails} E-Mails an Abonnenten")
        return ", ".join(teile) + "."


def prozess_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


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


def _worker_start() -> None:
    """Initialisierer der Worker: WeasyPrint vorwärmen und mit dem Elternprozess sterben (nach
    einem harten Absturz des Elternprozesses blieben Worker sonst verwaist stehen)."""
    eltern = os.getppid()

    def wache() -> None:
        while os.getppid() == eltern:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=wache, daemon=True, name="eltern-wache").start()
    vorwaermen()


def _pdfs(auftraege: list[Auftrag], arbeiter: int):
    """(Auftrag, PDF) in Fertigstellungsreihenfolge; mit einem Arbeiter im eigenen Prozess."""
    if arbeiter <= 1 or len(auftraege) <= 1:
        for a in auftraege:
            yield a, rendere(a.modell)
        return
    startart = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(arbeiter, mp_context=startart, initializer=_worker_start) as pool:
        futures = {pool.submit(rendere, a.modell): a for a in auftraege}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for f in futures:
                f.cancel()


def _festschreiben(
    url: str, auftrag: Auftrag, pdf: bytes, ablage: Ablage, von: str, ergebnis: Laufergebnis
) -> None:
    jetzt = datetime.now(UTC)
    try:
        with transaktion(url) as session:
            bericht = speichere(session, auftrag, pdf, ablage, jetzt, von)
        ergebnis.neu.append(bericht.id)
    except IntegrityError:
        ergebnis.schon_erledigt += 1
        relativ = Ablage.relativer_pfad(hashlib.sha256(pdf).hexdigest())
        with sitzung(url) as session:
            zeigt = (
                session.execute(select(Bericht.id).where(Bericht.datei == relativ)).first()
                is not None
            )
        ablage.entferne_wenn_verwaist(relativ, zeigt)


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
    """Berichte für `monat` erzeugen (siehe Modulkopf). `nach_jedem(n)` wird nach jedem
    festgeschriebenen Bericht aufgerufen (Tests simulieren damit einen Absturz); `auswahl`
    beschränkt die Trägerberichte (`plane_berichte`)."""
    jetzt = jetzt or datetime.now(UTC)
    ablage = Ablage(konfiguration().berichtsablage())
    ablage.raeume_auf()
    plan = plane(url, monat, land, ags, jetzt, auswahl)
    ergebnis = Laufergebnis(monat, unveraendert=plan.unveraendert, ohne_daten=plan.ohne_daten)
    gesamt = len(plan.auftraege)
    if fortschritt:
        fortschritt(0, gesamt)
    for n, (auftrag, pdf) in enumerate(_pdfs(plan.auftraege, arbeiter), start=1):
        _festschreiben(url, auftrag, pdf, ablage, von, ergebnis)
        if fortschritt:
            fortschritt(n, gesamt)
        if nach_jedem:
            nach_jedem(n)
    if ergebnis.neu:
        with transaktion(url) as session:  # Hinweise in der Anwendung, dann die E-Mails
            nachrichten = nachrichten_fuer(session, ergebnis.neu, jetzt)
        ergebnis.mails = sende_nachrichten(nachrichten).gesendet
    return ergebnis
