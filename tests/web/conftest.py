"""Fixtures für Web-Tests: angemeldete Clients je Rolle über das echte Anmeldeformular, CSRF-Token,
und eine kleine Welt mit eigenen und fremden Objekten.

- `welt`: Stammdaten, Demokonten für SH (Träger 01054) und NI (Träger 03157), alle mit
  `DEMO_PASSWORT`. Eigene Objekte der Test-Rollen liegen in SH, fremde in NI; für die
  Träger-Rolle ist auch der Nachbar 01059 (ebenfalls SH) fremd.
- `client_als("land")` (oder "admin", "traeger", "leser", oder ein Benutzername wie "land-ni"):
  ein neuer Test-Client, angemeldet über GET/POST /anmelden samt CSRF-Token.
- `csrf_token(client, url)`: lädt `url` und liest das CSRF-Token aus dem Formular oder dem
  `<meta name="csrf-token">` der Seite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from tests.factories import basiswerte_nordfriesland, entwuerfe, iq_veraenderung
from zielvereinbarung.demo.konten import DEMO_PASSWORT, lege_demo_benutzer
from zielvereinbarung.models import Benutzer

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
BENUTZER_JE_ROLLE = {
    "admin": "admin",
    "land": "land-sh",
    "traeger": "traeger-01054",
    "leser": "leser-sh",
}

_TOKEN_MUSTER = (
    re.compile(r'name="csrf_token"[^>]*value="([^"]+)"'),
    re.compile(r'<meta name="csrf-token" content="([^"]+)"'),
)


def hole_csrf_token(client, url: str = "/anmelden") -> str:
    antwort = client.get(url, follow_redirects=True)
    text = antwort.get_data(as_text=True)
    for muster in _TOKEN_MUSTER:
        if treffer := muster.search(text):
            return treffer.group(1)
    raise AssertionError(f"Kein CSRF-Token auf {url} (Status {antwort.status_code})")


@dataclass
class Welt:
    benutzer_ids: dict[str, int] = field(default_factory=dict)
    eigenes_land: str = "SH"
    fremdes_land: str = "NI"
    eigener_traeger: str = "01054"
    fremder_traeger: str = "03157"
    nachbar_traeger: str = "01059"  # gleiches Land wie 01054, aber ein anderer Träger

    def fremde_traeger(self, rolle: str) -> list[str]:
        """Träger, die die Test-Rolle nicht sehen darf."""
        if rolle == "traeger":
            return [self.fremder_traeger, self.nachbar_traeger]
        return [self.fremder_traeger]

    def fremde_laender(self, rolle: str) -> list[str]:
        """Länder, deren Landessicht die Test-Rolle nicht sehen darf (Träger: auch das eigene)."""
        if rolle == "traeger":
            return [self.fremdes_land, self.eigenes_land]
        return [self.fremdes_land]

    engine: object = None
    vereinbarungen: dict[str, int] = field(default_factory=dict)

    def vereinbarung(self, ags: str) -> int:
        """Id der Zielvereinbarung `VEREINBARUNGSJAHR` (Entwurf) des Trägers. Beim ersten Aufruf je
        Land werden Orientierungswerte und Entwürfe über die echten Services angelegt (nur dann:
        Tests ohne Vereinbarungen bleiben unberührt)."""
        if ags not in self.vereinbarungen:
            self.vereinbarungen.update(lege_entwuerfe_an(self.engine, ags))
        return self.vereinbarungen[ags]


VEREINBARUNGSJAHR = 2027


def lege_entwuerfe_an(engine, ags: str, jahr: int = VEREINBARUNGSJAHR) -> dict[str, int]:
    """Orientierungswerte (falls keine) und Entwürfe für das Land des Trägers; {ags: id}."""
    from zielvereinbarung.models import Traeger, Zielvereinbarung

    with Session(engine) as session:
        land = session.get(Traeger, ags).land_code
        entwuerfe(session, land, jahr, iq_veraenderung("2"), JETZT, nur_ohne_orientierung=True)
        session.commit()
        zeilen = session.exec(
            select(Zielvereinbarung.ags, Zielvereinbarung.id)
            .join(Traeger, Traeger.ags == Zielvereinbarung.ags)
            .where(Traeger.land_code == land, Zielvereinbarung.jahr == jahr)
        )
        return dict(zeilen.all())


@pytest.fixture
def welt(engine, stammdaten) -> Welt:
    with Session(engine) as session:
        lege_demo_benutzer(session, "SH", ["01054", "01059"], JETZT)
        lege_demo_benutzer(session, "NI", ["03157"], JETZT)
        session.commit()
        ids = {b.benutzername: b.id for b in session.exec(select(Benutzer))}
    return Welt(benutzer_ids=ids, engine=engine)


@pytest.fixture
def csrf_token():
    return hole_csrf_token


@pytest.fixture
def client_als(app, welt):
    def anmelden(rolle: str):
        benutzername = BENUTZER_JE_ROLLE.get(rolle, rolle)
        client = app.test_client()
        token = hole_csrf_token(client, "/anmelden")
        antwort = client.post(
            "/anmelden",
            data={"benutzername": benutzername, "passwort": DEMO_PASSWORT, "csrf_token": token},
        )
        assert antwort.status_code == 302, antwort.get_data(as_text=True)
        return client

    return anmelden


# ---------------------------------------------------------------- Verhandlung im Browser


def lies_formular(client, url: str, klasse: str = "werteformular"):
    """(action, Felder) des ersten Formulars mit der CSS-Klasse auf der Seite `url` – genau die
    Werte, die ein Browser senden würde (vorbelegte Felder, gewählte Optionen, versteckte
    Felder)."""
    import lxml.html
    from werkzeug.datastructures import MultiDict

    antwort = client.get(url)
    assert antwort.status_code == 200, antwort.get_data(as_text=True)[:2000]
    seite = lxml.html.fromstring(antwort.get_data(as_text=True))
    (form,) = seite.xpath(f'//form[contains(concat(" ", @class, " "), " {klasse} ")]')[:1]
    return form.get("action"), MultiDict(form.form_values())


@pytest.fixture
def formular():
    return lies_formular


@pytest.fixture
def entwuerfe_sh(welt, engine) -> dict[str, int]:
    """Entwürfe 2027 für die zkT in SH; 01054 mit Basiszahlen 2025-12 bis 2026-12 (eLb 1.000,
    25 Integrationen je Monat → Basiswert IQ 30,0 %; LZB 400). {ags: vereinbarung_id}."""
    with Session(engine) as session:
        basiswerte_nordfriesland(session)
        session.commit()
    return {ags: welt.vereinbarung(ags) for ags in ("01054", "01059")}
