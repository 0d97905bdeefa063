"""Ende-zu-Ende-Tests: die echte Anwendung in einem echten HTTP-Server, bedient von Chromium.

Aufbau (Datenbank und Server einmal je Testlauf, Daten und Browser einmal je Testmodul):
- `e2e_db_url`: eine eigene Datenbank neben der der übrigen Tests (die leeren ihre Tabellen nach
  jedem Test; die E2E-Daten sollen dort nicht auftauchen). SQLite: eine eigene Datei; PostgreSQL
  (`ZV_TEST_DATABASE_URL`): dieselbe Datenbank, aber ein eigenes Schema `zv_e2e` über den
  `search_path` der Verbindung. Das Schema entsteht über die echten Alembic-Migrationen.
- `e2e_welt` (je Modul): Tabellen leeren, dann ein kleiner Demodatensatz über die echten
  Services – alle 401 Träger, Kennzahlenkatalog, Vergleichstypen, Basiszahlen (Demodaten) der
  Jobcenter in Niedersachsen von 2023-01 bis drei Monate vor heute und die Demokonten `admin`,
  `land-ni`, `leser-ni`, `traeger-03157`, `traeger-03159` (Passwort `DEMO_PASSWORT`).
- `server_url`: die Anwendung (`create_app`, ohne TESTING) in werkzeugs Mehrthread-Server auf
  127.0.0.1 mit freiem Port.
- `browser` (je Modul): Debians Chromium (`/usr/bin/chromium`, nie ein heruntergeladener Browser),
  headless.
  Fehlt er, scheitern die Tests mit einer klaren Meldung (CI installiert ihn über
  `scripts/systempakete.sh`); übersprungen wird nichts.
- `seite`: eine neue Seite in einem frischen Browserkontext (eigene Cookies); `neue_seite()` öffnet
  weitere (z. B. zwei Sitzungen nebeneinander). Nach dem Test wird geprüft, dass keine Antwort
  5xx war, kein JavaScript-Fehler auftrat und die Content-Security-Policy nichts blockiert hat.
- Fixtures `anmelden` / `abmelden`: `anmelden(seite, "land-ni")`, `abmelden(seite)` über das
  echte Formular bzw. den Knopf im Kopf.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import make_url, text
from sqlmodel import Session, select

from zielvereinbarung import migration
from zielvereinbarung.db import engine_fuer
from zielvereinbarung.demo.daten import erzeuge_basiszahlen_csv, vergleichstypen_csv
from zielvereinbarung.demo.konten import DEMO_PASSWORT, lege_demo_benutzer
from zielvereinbarung.demo.laden import demo_zeitraum
from zielvereinbarung.demo.zeichnung import lege_demo_zeichnende
from zielvereinbarung.models import Traeger, alle_tabellen
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.basiszahlen.katalog import synchronisiere_katalog
from zielvereinbarung.services.basiszahlen.stammdaten import (
    importiere_traeger,
    importiere_vergleichstypen,
)

CHROMIUM = os.environ.get("ZV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_SCHEMA = "zv_e2e"
LAND = "NI"
TRAEGER = ("03157", "03159")  # Landkreis Peine, Landkreis Göttingen (beide zkT)
DATEN_VON = "2023-01"
SEED = 1
TIMEOUT_MS = 15_000  # Aktionen und expect(); großzügig für eine ausgelastete CI-Maschine


@dataclass(frozen=True)
class E2EWelt:
    url: str  # SQLAlchemy-URL der E2E-Datenbank
    land: str
    traeger: tuple[str, ...]
    bis: str  # letzter Monat mit Basiszahlen (JJJJ-MM)
    jahr: int  # Jahr der Zielvereinbarung: das Jahr nach dem letzten Datenjahr


# ---------------------------------------------------------------- Datenbank


def _e2e_url(db_url: str) -> str:
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return db_url.rsplit("/", 1)[0] + "/e2e.sqlite3"
    with engine_fuer(db_url).begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {E2E_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {E2E_SCHEMA}"))
    return url.update_query_dict({"options": f"-csearch_path={E2E_SCHEMA}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture(scope="session")
def e2e_db_url(db_url) -> Iterator[str]:
    url = _e2e_url(db_url)
    migration.upgrade(url)
    yield url
    engine_fuer(url).dispose()
    if make_url(url).get_backend_name() != "sqlite":
        with engine_fuer(db_url).begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {E2E_SCHEMA} CASCADE"))


def leere_tabellen(url: str) -> None:
    with engine_fuer(url).begin() as conn:
        for tabelle in reversed(alle_tabellen().sorted_tables):
            conn.execute(tabelle.delete())


def lade_e2e_daten(url: str, heute: date) -> E2EWelt:
    """Stammdaten, Katalog, Vergleichstypen, Basiszahlen der NI-Jobcenter, Demokonten."""
    von, bis, datenstand, _ = demo_zeitraum(heute, DATEN_VON)
    jetzt = datetime.now(UTC)
    with Session(engine_fuer(url)) as session:
        importiere_traeger(session)
        synchronisiere_katalog(session)
        alle = [
            (t.ags, t.traegerform, t.land_code)
            for t in session.exec(select(Traeger).order_by(Traeger.ags))
        ]
        importiere_vergleichstypen(
            session, vergleichstypen_csv([(a, f) for a, f, _ in alle], SEED), "e2e-vt.csv"
        )
        land = [(a, f) for a, f, lc in alle if lc == LAND]
        inhalt = erzeuge_basiszahlen_csv(
            land, von, bis=bis, seed=SEED, datenstand=datenstand.isoformat()
        )
        ergebnis = importiere_basiszahlen(
            session, "e2e-basiszahlen.csv", inhalt, "e2e", jetzt, demodaten=True
        )
        assert ergebnis.ergebnis == "importiert", ergebnis.meldung
        lege_demo_benutzer(session, LAND, list(TRAEGER), jetzt)
        lege_demo_zeichnende(session, LAND, list(TRAEGER), jetzt)
        session.commit()
    return E2EWelt(url=url, land=LAND, traeger=TRAEGER, bis=bis, jahr=int(bis[:4]) + 1)


@pytest.fixture(scope="module")
def e2e_welt(e2e_db_url) -> E2EWelt:
    """Frische Daten für jedes Testmodul (die Module verändern die Verhandlungen)."""
    leere_tabellen(e2e_db_url)
    return lade_e2e_daten(e2e_db_url, date.today())


# ---------------------------------------------------------------- Server


@pytest.fixture(scope="session")
def e2e_app(e2e_db_url, tmp_path_factory):
    from zielvereinbarung.web import create_app

    return create_app(
        {
            "DATABASE_URL": e2e_db_url,
            "SECRET_KEY": "e2e-" + "x" * 60,
            "INSTANCE_PFAD": str(tmp_path_factory.mktemp("e2e-instanz")),
            # Unterzeichnen und Annehmen verlangen hier immer das Passwort (wie nach 5 Minuten)
            "BESTAETIGUNG_MINUTEN": 0,
        }
    )


@pytest.fixture(scope="session")
def server_url(e2e_app) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, e2e_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


# ---------------------------------------------------------------- Browser


@pytest.fixture(scope="module")
def browser():
    """Chromium über Playwright – je Testmodul gestartet und wieder beendet: Solange Playwrights
    synchrone API läuft, gilt im Hauptthread eine asyncio-Schleife als laufend, und
    `asyncio.run()` späterer Tests (z. B. pyHanko beim Unterzeichnen) schlüge fehl."""
    pfad = shutil.which(CHROMIUM)
    if pfad is None:
        pytest.fail(
            f"Chromium fehlt ({CHROMIUM}). Die Ende-zu-Ende-Tests brauchen Debians Chromium: "
            "`apt-get install chromium` (scripts/systempakete.sh erledigt das; "
            "anderer Pfad über ZV_CHROMIUM).",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=pfad, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Probleme:
    """Was während eines Tests im Browser schiefging (wird am Testende geprüft)."""

    serverfehler: list[str]
    js_fehler: list[str]
    csp: list[str]

    def alle(self) -> list[str]:
        return [*self.serverfehler, *self.js_fehler, *self.csp]


@pytest.fixture
def neue_seite(browser, server_url, e2e_welt):
    """Fabrik: `neue_seite()` öffnet eine Seite in einem eigenen Browserkontext (eigene
    Sitzung) – so können Land und Träger im selben Test nebeneinander arbeiten."""
    kontexte = []
    probleme = Probleme([], [], [])

    def oeffnen():
        kontext = browser.new_context(
            base_url=server_url, locale="de-DE", viewport={"width": 1280, "height": 900}
        )
        kontext.set_default_timeout(TIMEOUT_MS)
        kontexte.append(kontext)
        seite = kontext.new_page()
        seite.on(
            "response",
            lambda r: (
                r.status >= 500
                and probleme.serverfehler.append(f"{r.status} {r.request.method} {r.url}")
            ),
        )
        seite.on("pageerror", lambda e: probleme.js_fehler.append(f"JavaScript: {e}"))
        seite.on(
            "console",
            lambda m: (
                m.type == "error"
                and "Content Security Policy" in m.text
                and probleme.csp.append(f"CSP: {m.text}")
            ),
        )
        return seite

    yield oeffnen
    for kontext in kontexte:
        kontext.close()
    assert not probleme.alle(), "Probleme im Browser:\n" + "\n".join(probleme.alle())


@pytest.fixture
def seite(neue_seite):
    return neue_seite()


def _anmelden(seite, benutzername: str, passwort: str = DEMO_PASSWORT) -> None:
    """Über das echte Anmeldeformular (mit den sichtbaren Beschriftungen) anmelden."""
    from playwright.sync_api import expect

    seite.goto("/anmelden")
    seite.get_by_label("Benutzername").fill(benutzername)
    seite.get_by_label("Passwort").fill(passwort)
    seite.get_by_role("button", name="Anmelden").click()
    expect(seite).not_to_have_url(re.compile(r"/anmelden"))
    expect(seite.get_by_role("button", name="Abmelden")).to_be_visible()


def _abmelden(seite) -> None:
    from playwright.sync_api import expect

    seite.get_by_role("button", name="Abmelden").click()
    expect(seite).to_have_url(re.compile(r"/anmelden"))
    expect(seite.get_by_role("status")).to_contain_text("abgemeldet")


@pytest.fixture
def anmelden():
    """`anmelden(seite, "land-ni")`: über das Formular anmelden (Passwort: DEMO_PASSWORT)."""
    return _anmelden


@pytest.fixture
def abmelden():
    """`abmelden(seite)`: über den Knopf „Abmelden“ im Kopf."""
    return _abmelden
