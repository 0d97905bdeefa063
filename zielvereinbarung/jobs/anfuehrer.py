"""Genau ein Scheduler ist Anführer: eine PostgreSQL-Beratungssperre (`pg_try_advisory_lock`)
auf einer eigenen Verbindung, die der Prozess sein Leben lang offen hält.

- Wer die Sperre bekommt, ist Anführer und startet den APScheduler. Alle anderen
  Scheduler-Prozesse warten als Ersatz und versuchen es alle `ZV_SCHEDULER_WARTE_S` Sekunden.
- Stirbt der Anführer (auch mit SIGKILL oder mit seinem Rechner), schließt PostgreSQL seine
  Verbindung, die Sperre wird frei, und ein Ersatz übernimmt. Damit der Server den Tod eines
  ganzen Rechners bald bemerkt, setzt die Verbindung TCP-Keepalives (10 s + 3 × 5 s).
- Verliert der Anführer seine Verbindung (Datenbank neu gestartet, Netz weg), ist die Sperre
  verloren, und ein anderer kann Anführer werden. Eine Wache prüft die Verbindung alle
  `ZV_SCHEDULER_WARTE_S` Sekunden; fällt sie aus, beendet sich der Prozess sofort (Status 3),
  damit nie zwei Anführer Jobs starten – der Dienstverwalter (systemd) startet ihn neu, als
  Ersatz.
- Auf SQLite gibt es nur einen Prozess und keine Sperre: der Scheduler ist gleich Anführer.

Die Sperre gilt je Datenbank. Wer Anführer ist, zeigt `anfuehrer(url)` (der Name der
Verbindung in `pg_stat_activity`: „zv-scheduler Rechner:PID“).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

from ..db import engine_fuer
from .prozesse import prozess_name

SCHLUESSEL = int.from_bytes(b"zv-sched", "big")  # 64-Bit-Schlüssel der Beratungssperre
ANWENDUNG = "zv-scheduler"
log = logging.getLogger(__name__)


def _ist_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


class Anfuehrerschaft:
    def __init__(self, url: str) -> None:
        self.url = url
        self.verbindung: Connection | None = None

    def _verbinde(self) -> Connection:
        engine = create_engine(
            self.url,
            poolclass=NullPool,
            connect_args={"application_name": f"{ANWENDUNG} {prozess_name()}"[:63]},
        )
        verbindung = engine.connect()
        for name, wert in (("idle", 10), ("interval", 5), ("count", 3)):
            verbindung.execute(text(f"SET tcp_keepalives_{name} = {wert}"))
        verbindung.commit()
        return verbindung

    def versuche(self) -> bool:
        """Einmal versuchen, Anführer zu werden (auf SQLite immer True)."""
        if not _ist_postgres(self.url):
            return True
        if self.verbindung is None:
            self.verbindung = self._verbinde()
        erhalten = self.verbindung.execute(
            text("SELECT pg_try_advisory_lock(:k)"), {"k": SCHLUESSEL}
        ).scalar()
        self.verbindung.commit()  # keine offene Transaktion; die Sperre gilt für die Sitzung
        return bool(erhalten)

    def warte(
        self, warte_s: float, melde: Callable[[str], None], halt: threading.Event | None = None
    ) -> bool:
        """Blockiert, bis dieser Prozess Anführer ist (True) oder `halt` gesetzt wird (False)."""
        halt = halt or threading.Event()
        gemeldet = False
        while not halt.is_set():
            try:
                if self.versuche():
                    melde(f"Scheduler {prozess_name()} ist Anführer.")
                    return True
            except Exception as fehler:  # Datenbank nicht erreichbar: weiter warten
                log.warning("Anführerwahl: %s", fehler)
                self.verbindung = None
            if not gemeldet:
                melde(
                    f"Scheduler {prozess_name()} wartet als Ersatz (ein anderer Prozess ist "
                    f"Anführer; neuer Versuch alle {warte_s:g} s)."
                )
                gemeldet = True
            halt.wait(warte_s)
        return False

    def lebt(self) -> bool:
        if self.verbindung is None:
            return True
        try:
            self.verbindung.execute(text("SELECT 1"))
            self.verbindung.commit()
            return True
        except Exception:
            return False

    def bewache(self, intervall: float, bei_verlust: Callable[[], None] | None = None) -> None:
        """Im Hintergrund die Verbindung prüfen; bei Verlust `bei_verlust()` (Standard: den
        Prozess sofort mit Status 3 beenden)."""
        if self.verbindung is None:
            return

        def wache() -> None:
            while self.lebt():
                time.sleep(intervall)
            log.critical("Verbindung der Anführersperre verloren; der Scheduler endet.")
            (bei_verlust or (lambda: os._exit(3)))()

        threading.Thread(target=wache, daemon=True, name="anfuehrer-wache").start()


def anfuehrer(url: str) -> str | None:
    """„Rechner:PID“ des Scheduler-Anführers (nur PostgreSQL), sonst None."""
    if not _ist_postgres(url):
        return None
    with engine_fuer(url).connect() as verbindung:
        name = verbindung.execute(
            text(
                "SELECT a.application_name FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted "
                "AND l.classid::bigint = :oben AND l.objid::bigint = :unten AND l.objsubid = 1 "
                "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            {"oben": SCHLUESSEL >> 32, "unten": SCHLUESSEL & 0xFFFFFFFF},
        ).scalar()
    return name.removeprefix(ANWENDUNG).strip() if name else None
