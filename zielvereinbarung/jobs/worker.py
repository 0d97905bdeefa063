"""Die Arbeit an der Warteschlange des Berichtslaufs: Aufträge übernehmen, rendern, je Bericht
festschreiben (Schritte 2–5 in `jobs.berichtslauf`). Gemeinsam für `flask zv worker` und den
Lauf, der selbst mitarbeitet.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..config import konfiguration
from ..db import sitzung, transaktion
from ..documents.bericht import rendere, vorwaermen
from ..mail import sende_nachrichten
from ..models import Bericht
from ..models.bericht import ERLEDIGT, FEHLER
from ..services.ablage import Ablage
from ..services.berichte import warteschlange as ws
from ..services.berichte.abonnements import nachrichten_fuer
from ..services.berichte.planung import Auftrag, speichere
from .prozesse import prozess_name, rechner, verwaist


@dataclass
class Laufergebnis:
    monat: str
    neu: list[int] = field(default_factory=list)  # ids der hier angelegten Berichte
    schon_erledigt: int = 0  # von einem anderen Prozess angelegt
    unveraendert: int = 0
    ohne_daten: list[str] = field(default_factory=list)
    mails: int = 0
    eingereiht: int = 0  # nur eingereiht (arbeiter=0)
    fehlgeschlagen: int = 0

    @property
    def meldung(self) -> str:
        if self.eingereiht:
            teile = [f"{self.monat}: {self.eingereiht} Berichte für die Worker eingereiht"]
        else:
            teile = [f"{self.monat}: {len(self.neu)} Berichte erzeugt"]
        teile.append(f"{self.unveraendert} unverändert")
        if self.schon_erledigt:
            teile.append(f"{self.schon_erledigt} schon von einem anderen Prozess erzeugt")
        if self.fehlgeschlagen:
            teile.append(f"{self.fehlgeschlagen} nach {ws.MAX_VERSUCHE} Versuchen fehlgeschlagen")
        if self.ohne_daten:
            teile.append(f"{len(self.ohne_daten)} Träger ohne Daten für den Monat (kein Bericht)")
        if self.mails:
            teile.append(f"{self.mails} E-Mails an Abonnenten")
        return ", ".join(teile) + "."


def _worker_start() -> None:
    """Initialisierer der Renderprozesse: WeasyPrint vorwärmen und mit dem Elternprozess sterben
    (nach einem harten Absturz des Elternprozesses blieben sie sonst verwaist stehen)."""
    eltern = os.getppid()

    def wache() -> None:
        while os.getppid() == eltern:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=wache, daemon=True, name="eltern-wache").start()
    vorwaermen()


def neuer_pool(arbeiter: int) -> ProcessPoolExecutor:
    startart = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(arbeiter, mp_context=startart, initializer=_worker_start)


def _pdfs(auftraege: list[Auftrag], pool: ProcessPoolExecutor | None):
    """(Auftrag, PDF) in Fertigstellungsreihenfolge; ohne Pool im eigenen Prozess (mit Pool
    auch ein einzelner Auftrag dort: die Renderprozesse sind vorgewärmt)."""
    if pool is None:
        for a in auftraege:
            yield a, rendere(a.modell)
        return
    futures = {pool.submit(rendere, a.modell): a for a in auftraege}
    try:
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        for f in futures:
            f.cancel()


class _Verloren(Exception):
    """Der Auftrag gehört nicht mehr diesem Prozess (Frist abgelaufen, ein anderer hat ihn)."""


def _festschreiben(
    url: str, nr: int, auftrag: Auftrag, pdf: bytes, ablage: Ablage, inhaber: str, ergebnis
) -> None:
    jetzt = datetime.now(UTC)
    try:
        with transaktion(url) as session:
            zeile = ws.eigener_auftrag(session, nr, inhaber)
            if zeile is None:
                raise _Verloren
            bericht = speichere(session, auftrag, pdf, ablage, jetzt, zeile.eingereiht_von)
            ws.erledige(session, zeile, bericht.id, jetzt)
    except _Verloren:
        ergebnis.schon_erledigt += 1
        return
    except IntegrityError:
        ergebnis.schon_erledigt += 1
        _schon_vorhanden(url, nr, auftrag, inhaber, jetzt)
        relativ = Ablage.relativer_pfad(hashlib.sha256(pdf).hexdigest())
        with sitzung(url) as session:
            zeigt = (
                session.execute(select(Bericht.id).where(Bericht.datei == relativ)).first()
                is not None
            )
        ablage.entferne_wenn_verwaist(relativ, zeigt)
        return
    ergebnis.neu.append(bericht.id)
    with transaktion(url) as session:  # Hinweise in der Anwendung, dann die E-Mails
        nachrichten = nachrichten_fuer(session, [bericht.id], jetzt)
    ergebnis.mails += sende_nachrichten(nachrichten).gesendet if nachrichten else 0


def _schon_vorhanden(url: str, nr: int, a: Auftrag, inhaber: str, jetzt: datetime) -> None:
    """Die Version gibt es schon (ein anderer Erzeuger): den Auftrag auf sie verweisen lassen."""
    with transaktion(url) as session:
        zeile = ws.eigener_auftrag(session, nr, inhaber)
        vorhanden = session.execute(
            select(Bericht.id).where(
                Bericht.art == a.art,
                Bericht.schluessel == a.schluessel,
                Bericht.monat == a.monat,
                Bericht.version == a.version,
            )
        ).scalar()
        if zeile is not None and vorhanden is not None:
            ws.erledige(session, zeile, vorhanden, jetzt)


def arbeite(
    url: str,
    arbeiter: int = 1,
    nur: list[int] | None = None,
    bis_leer: bool = False,
    halt: Callable[[], bool] = lambda: False,
    ergebnis: Laufergebnis | None = None,
    nach_jedem: Callable[[int], None] | None = None,
    fortschritt: Callable[[int], None] | None = None,
    vorrat: int = 0,
) -> Laufergebnis:
    """Aufträge abarbeiten (Modulkopf, Schritte 2–5). `nur`: nur diese Aufträge, bis alle
    erledigt sind (auch von anderen); sonst alle, bis `halt()` oder – mit `bis_leer` – bis
    keiner mehr zu haben ist. Je Runde werden `max(arbeiter, vorrat)` Aufträge übernommen."""
    k = konfiguration()
    ergebnis = ergebnis or Laufergebnis("")
    ablage = Ablage(k.berichtsablage())
    inhaber, hier = prozess_name(), rechner()
    pool: ProcessPoolExecutor | None = None
    n = 0
    try:
        while not halt():
            jetzt = datetime.now(UTC)
            with transaktion(url) as session:
                ws.gib_verwaiste_frei(session, hier, lambda i: not verwaist(i))
                runde = ws.hole(
                    session, inhaber, max(arbeiter, vorrat, 1), k.auftrag_frist_s, jetzt, nur
                )
            if not runde:
                if nur is not None:
                    if _alle_fertig(url, nur, fortschritt):
                        break
                    time.sleep(min(1.0, k.worker_pause_s))
                    continue
                if bis_leer:
                    break
                time.sleep(k.worker_pause_s)
                continue
            if arbeiter > 1 and pool is None and len(runde) > 1:
                pool = neuer_pool(arbeiter)
            n = _runde(url, runde, pool, ablage, inhaber, ergebnis, n, nach_jedem)
            if nur is not None and fortschritt:
                _alle_fertig(url, nur, fortschritt)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return ergebnis


def _runde(url, runde, pool, ablage, inhaber, ergebnis, n, nach_jedem) -> int:
    nummern = {id(a): nr for nr, a in runde}
    offen = [nr for nr, _ in runde]
    gerendert = _pdfs([a for _, a in runde], pool)
    while offen:
        try:
            auftrag, pdf = next(gerendert)
        except StopIteration:
            break
        except Exception as fehler:  # Rendern fehlgeschlagen: zurückgeben (MAX_VERSUCHE)
            text = f"{type(fehler).__name__}: {fehler}"
            with transaktion(url) as session:
                for nr in offen:
                    ws.gib_zurueck(session, nr, inhaber, text)
            break
        nr = nummern[id(auftrag)]
        _festschreiben(url, nr, auftrag, pdf, ablage, inhaber, ergebnis)
        offen.remove(nr)
        n += 1
        if offen:
            bis = datetime.now(UTC) + timedelta(seconds=konfiguration().auftrag_frist_s)
            with transaktion(url) as session:
                ws.verlaengere(session, inhaber, offen, bis)
        if nach_jedem:
            nach_jedem(n)
    return n


def _alle_fertig(url: str, ids: list[int], fortschritt: Callable[[int], None] | None) -> bool:
    with sitzung(url) as session:
        zaehler = ws.stand(session, ids)
    fertig = zaehler[ERLEDIGT] + zaehler[FEHLER]
    if fortschritt:
        fortschritt(fertig)
    return fertig >= len(ids)
