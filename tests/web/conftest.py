"""Fixtures für Web-Tests: angemeldete Clients je Rolle über das echte Anmeldeformular, CSRF-Token,
und eine kleine Welt mit eigenen und fremden Objekten.

- `welt`: Stammdaten, Demokonten für SH (Träger 01054) und NI (Träger 03157), alle mit
  `DEMO_PASSWORT`; zeichnungsberechtigt sind nur `zeichnung-sh`, `zeichnung-01054`,
  `zeichnung-01059`, `zeichnung-ni`, `zeichnung-03157`. Eigene Objekte der Test-Rollen liegen
  in SH, fremde in NI; für die Träger-Rolle ist auch der Nachbar 01059 (ebenfalls SH) fremd.
- `einigung`: die Vereinbarung 2027 von 01054 im Zustand `einigung`, Demo-PKI für SH und 01054.
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
from zielvereinbarung.demo.konten import DEMO_PASSWORT, lege_demo_benutzer, lege_demo_bund
from zielvereinbarung.demo.zeichnung import lege_demo_zeichnende
from zielvereinbarung.models import Benutzer

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
BENUTZER_JE_ROLLE = {
    "admin": "admin",
    "land": "land-sh",
    "traeger": "traeger-01054",
    "leser": "leser-sh",
    "ring": "ring-eigen",  # Koordination eines Rings (nur in den Tests, die ihn anlegen)
    "bund": "bund",  # BMAS: alle Länder aggregiert, kein einzelner Träger
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
        """Träger, die die Test-Rolle nicht sehen darf (dem BMAS ist jeder einzelne fremd)."""
        if rolle == "bund":
            return [self.fremder_traeger, self.eigener_traeger]
        if rolle == "traeger":
            return [self.fremder_traeger, self.nachbar_traeger]
        return [self.fremder_traeger]

    def fremde_laender(self, rolle: str) -> list[str]:
        """Länder, deren Landessicht die Test-Rolle nicht sehen darf (Träger: auch das eigene;
        das BMAS sieht Länder nur aggregiert, über seine eigenen Seiten)."""
        if rolle in ("traeger", "bund"):
            return [self.fremdes_land, self.eigenes_land]
        return [self.fremdes_land]

    engine: object = None
    vereinbarungen: dict[str, int] = field(default_factory=dict)

    ring_id: int | None = None

    def ring(self) -> int:
        """Id des Testrings (tests/fixtures/ringe.py: Mitglieder 01054 und 03157, freigegeben bis
        2024-12, mit eigenen Werten); beim ersten Aufruf über die echten Services angelegt."""
        if self.ring_id is None:
            from tests.fixtures.ringe import Testring

            Testring.JETZT = JETZT
            testring = Testring(self.engine)
            testring.import_eigene()
            self.ring_id = testring.ring.id
        return self.ring_id

    def vereinbarung(self, ags: str) -> int:
        """Id der Zielvereinbarung `VEREINBARUNGSJAHR` (Entwurf) des Trägers. Beim ersten Aufruf je
        Land werden Orientierungswerte und Entwürfe über die echten Services angelegt (nur dann:
        Tests ohne Vereinbarungen bleiben unberührt)."""
        if ags not in self.vereinbarungen:
            self.vereinbarungen.update(lege_entwuerfe_an(self.engine, ags))
        return self.vereinbarungen[ags]

    def bund_vereinbarung(self, land: str) -> int:
        """Id der Vereinbarung BMAS ↔ `land` 2027 (Entwurf, einmal angelegt)."""
        from zielvereinbarung.domain.berechtigung import Akteur
        from zielvereinbarung.services.verhandlung import bund_land

        schluessel = f"bund-{land}"
        if schluessel not in self.vereinbarungen:
            with Session(self.engine) as session:
                v = bund_land.bund_land_vereinbarung(session, land, VEREINBARUNGSJAHR)
                if v is None:
                    e = bund_land.lege_entwurf_an(
                        session, land, VEREINBARUNGSJAHR, [], Akteur("bund", "bund"), JETZT
                    )
                    session.commit()
                    self.vereinbarungen[schluessel] = e.vereinbarung_id
                else:
                    self.vereinbarungen[schluessel] = v.id
        return self.vereinbarungen[schluessel]


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
        lege_demo_bund(session, JETZT)
        lege_demo_zeichnende(session, "SH", ["01054", "01059"], JETZT)
        lege_demo_zeichnende(session, "NI", ["03157"], JETZT)
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


def altere_anmeldung(client, minuten: int = 6) -> None:
    """Die Anmeldung des Clients liegt `minuten` zurück (dann verlangt die Bestätigungsseite das
    Passwort; eine frische Anmeldung genügt nur 5 Minuten)."""
    with client.session_transaction() as sitzung:
        sitzung["zv_angemeldet_um"] -= minuten * 60


def bestaetige(client, url: str, passwort: str | None = None, **ersetzt):
    """Die Bestätigungsseite `url` laden und so absenden, wie ein Browser es täte (mit Passwort,
    wenn angegeben; `ersetzt` überschreibt Felder, z. B. einen anderen SHA-256)."""
    action, felder = lies_formular(client, url, "bestaetigung")
    if passwort is not None:
        felder["passwort"] = passwort
    for name, wert in ersetzt.items():
        felder[name] = wert
    return client.post(action, data=felder, follow_redirects=True)


@pytest.fixture
def entwuerfe_sh(welt, engine) -> dict[str, int]:
    """Entwürfe 2027 für die zkT in SH; 01054 mit Basiszahlen 2025-12 bis 2026-12 (eLb 1.000,
    25 Integrationen je Monat → Basiswert IQ 30,0 %; LZB 400). {ags: vereinbarung_id}."""
    with Session(engine) as session:
        basiswerte_nordfriesland(session)
        session.commit()
    return {ags: welt.vereinbarung(ags) for ags in ("01054", "01059")}


# ---------------------------------------------------------------- Uhr der Anwendung


class Uhr:
    """Eine stellbare Uhr für `app.config["UHR"]` (Sitzungsdauer, Anmeldedrosselung): Tests
    stellen sie vor, statt zu schlafen."""

    def __init__(self, jetzt: datetime):
        self.jetzt = jetzt

    def __call__(self) -> datetime:
        return self.jetzt

    def vor(self, **dauer) -> None:
        from datetime import timedelta

        self.jetzt += timedelta(**dauer)


@pytest.fixture
def uhr(app) -> Uhr:
    stellbar = Uhr(datetime.now(UTC))
    app.config["UHR"] = stellbar
    return stellbar


@pytest.fixture
def einigung(app, engine, entwuerfe_sh) -> int:
    """01054 im Zustand `einigung`, Demo-PKI für SH und 01054 in den Einstellungen der App."""
    from zielvereinbarung.domain.berechtigung import Akteur
    from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
    from zielvereinbarung.services.dokumente.zertifikate import richte_demo_pki_ein
    from zielvereinbarung.services.verhandlung.lesen import revisionen
    from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein

    vid = entwuerfe_sh["01054"]
    land = Akteur("land-sh", "land", land_code="SH")
    traeger = Akteur("traeger-01054", "traeger", traeger_ags="01054")
    einst = DokumentEinstellungen.aus_konfiguration(app.config, app.instance_path)
    jetzt = datetime.now(UTC)
    with Session(engine) as session:
        letzte = revisionen(session, vid)[-1]
        reiche_angebot_ein(session, vid, letzte.nummer, letzte.vorgaben(), None, traeger, jetzt)
        nimm_an(session, vid, letzte.nummer + 1, land, jetzt)
        richte_demo_pki_ein(session, einst, jetzt, "admin", "SH", ("01054",))
        session.commit()
    return vid
