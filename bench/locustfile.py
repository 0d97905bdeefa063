"""Locust-Szenario für `bench/last.py` (nicht allein gedacht: braucht `ZV_LAST_PLAN`).

Benutzer (je Locust-Benutzer eine eigene Sitzung, Anmeldung über das Formular mit CSRF-Token):
- `TraegerBenutzer`: ein zkT in NI oder HE (reihum; bei mehr Benutzern als Vereinbarungen teilen
  sich Benutzer ein Konto). Liest seine Kennzahlen und seine Vereinbarung; ist er am Zug, reicht
  er ein Angebot ein: Formular laden, einen Zielwert ändern, eindeutige Marke `[last:<uuid>]`
  in den Gesamtkommentar, absenden (CSRF-Token und Basisrevision aus dem Formular).
- `LandBenutzer`: land-ni oder land-he. Liest Landesübersicht, Kennzahlen des Landes und
  Vereinbarungen; ist das Land am Zug, sendet es einen Gegenvorschlag (ebenso mit Marke).

Ergebnis einer Eingabe: 302/303 = gespeichert (Marke wird gemeldet), 409 = Konflikt (behandelt,
kein Fehler), alles andere = unerwartet (Fehler). Am Ende schreibt das Szenario die Marken und
Zähler nach `plan["ergebnis"]`; `last.py` vergleicht sie mit der Datenbank.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from formular import csrf_aus, finde_formular, lies_formulare  # noqa: E402

PLAN = json.loads(Path(os.environ["ZV_LAST_PLAN"]).read_text(encoding="utf-8"))
JAHR = PLAN["jahr"]
VEREINBARUNGEN = PLAN["vereinbarungen"]  # [{"id", "ags", "land"}] – hier wird geschrieben
LAENDER = sorted({v["land"] for v in VEREINBARUNGEN})
KNOPF_TRAEGER = ("Angebot einreichen", "Neues Angebot einreichen", "neues Angebot einreichen")
KNOPF_LAND = ("Gegenvorschlag senden",)
ZIELWERT_FELD = "IQ-wert"  # Veränderung der Integrationsquote in %
KOMMENTAR_FELD = "kommentar"  # Kommentar zur Revision

_traeger_nr = itertools.count()
_land_nr = itertools.count()
ERGEBNIS = {"versucht": 0, "erfolgreich": [], "konflikte": 0, "nicht_am_zug": 0, "unerwartet": []}


@events.test_stop.add_listener
def _speichern(**_kwargs):
    Path(PLAN["ergebnis"]).write_text(json.dumps(ERGEBNIS), encoding="utf-8")


class Benutzer(HttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    benutzername = ""

    def anmelden(self) -> None:
        with self.client.get("/anmelden", name="/anmelden", catch_response=True) as r:
            token = csrf_aus(r.text)
            if not token:
                r.failure("kein CSRF-Token auf /anmelden")
                return
        with self.client.post(
            "/anmelden",
            name="/anmelden [POST]",
            allow_redirects=False,
            catch_response=True,
            data={
                "benutzername": self.benutzername,
                "passwort": PLAN["passwort"],
                "csrf_token": token,
            },
        ) as r:
            if r.status_code != 302:
                r.failure(f"Anmeldung {self.benutzername}: {r.status_code}")

    def schreibe(self, vereinbarung_id: int, knoepfe: tuple[str, ...]) -> None:
        """Formular laden; wenn einer der Knöpfe da ist: Zielwert ändern, Marke, absenden."""
        pfad = f"/vereinbarungen/{vereinbarung_id}/bearbeiten"
        with self.client.get(
            pfad, name="/vereinbarungen/[id]/bearbeiten", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code in (302, 303):  # nicht am Zug: zurück zur Vereinbarung (kein Fehler)
                r.success()
                ERGEBNIS["nicht_am_zug"] += 1
                return
            if r.status_code != 200:
                r.failure(f"Formular: {r.status_code}")
                return
            formulare = lies_formulare(r.text)
        knopf = next((k for k in knoepfe if finde_formular(formulare, k)), None)
        if knopf is None:
            ERGEBNIS["nicht_am_zug"] += 1
            return
        form = finde_formular(formulare, knopf)
        marke = str(uuid.uuid4())
        wert = f"{random.randint(-30, 50) / 10:.1f}".replace(".", ",")
        form.setze(ZIELWERT_FELD, wert)
        form.setze(KOMMENTAR_FELD, f"Lasttest {self.benutzername} [last:{marke}]")
        ERGEBNIS["versucht"] += 1
        with self.client.post(
            form.action or pfad,
            data=form.daten(knopf),
            allow_redirects=False,
            name=f"{knopf} [POST]",
            catch_response=True,
        ) as r:
            if r.status_code in (302, 303):
                ERGEBNIS["erfolgreich"].append(marke)
                r.success()
            elif r.status_code == 409:
                ERGEBNIS["konflikte"] += 1
                r.success()  # erwartet bei gleichzeitigen Schreibern
            else:
                ERGEBNIS["unerwartet"].append(f"{knopf} {pfad}: {r.status_code}")
                r.failure(f"unerwartet: {r.status_code}")


class TraegerBenutzer(Benutzer):
    weight = 3

    def on_start(self) -> None:
        self.vereinbarung = VEREINBARUNGEN[next(_traeger_nr) % len(VEREINBARUNGEN)]
        self.benutzername = f"traeger-{self.vereinbarung['ags']}"
        self.anmelden()

    @task(3)
    def kennzahlen(self) -> None:
        self.client.get(
            f"/kennzahlen/traeger/{self.vereinbarung['ags']}", name="/kennzahlen/traeger/[ags]"
        )

    @task(3)
    def vereinbarung_lesen(self) -> None:
        self.client.get(f"/vereinbarungen/{self.vereinbarung['id']}", name="/vereinbarungen/[id]")

    @task(2)
    def angebot(self) -> None:
        self.schreibe(self.vereinbarung["id"], KNOPF_TRAEGER)


class LandBenutzer(Benutzer):
    weight = 2

    def on_start(self) -> None:
        self.land = LAENDER[next(_land_nr) % len(LAENDER)]
        self.benutzername = f"land-{self.land.lower()}"
        self.eigene = [v for v in VEREINBARUNGEN if v["land"] == self.land]
        self.anmelden()

    @task(3)
    def uebersicht(self) -> None:
        self.client.get(f"/verhandlungen/{self.land}/{JAHR}", name="/verhandlungen/[land]/[jahr]")

    @task(1)
    def kennzahlen_land(self) -> None:
        self.client.get(f"/kennzahlen/land/{self.land}", name="/kennzahlen/land/[land]")

    @task(2)
    def vereinbarung_lesen(self) -> None:
        v = random.choice(self.eigene)
        self.client.get(f"/vereinbarungen/{v['id']}", name="/vereinbarungen/[id]")

    @task(2)
    def gegenvorschlag(self) -> None:
        self.schreibe(random.choice(self.eigene)["id"], KNOPF_LAND)
