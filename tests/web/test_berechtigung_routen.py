"""Berechtigungen aller Routen: jede Regel in `app.url_map` muss in `ROUTEN` stehen (API-Operationen
`api.*` in `tests/web/api/api_routen.API_ROUTEN`, geprüft mit Tokens in
`tests/web/api/test_api_berechtigung.py`).

Für jede Rolle außer Admin (Land SH, Träger 01054, Leser SH, Koordination des Rings „Eigener
Ring“, BMAS – dem jeder einzelne Träger und jede Landessicht außer seinen eigenen Seiten fremd
ist) wird jede Route mit fremden Objekten (Land NI, Träger 03157; für den Träger auch der
Nachbar 01059; der „Fremde Ring“ mit Mitglied 03157; zum Verwalten auch der eigene Ring des
Trägers) per GET und POST (mit gültigem CSRF-Token) aufgerufen: erwartet wird 403 oder 404, nie
ein Erfolg und nie 500.

Eine neue Route eintragen (ein Eintrag je Endpoint):

    "verhandlung.traeger": Route(ROLLEN_MIT_OBJEKT, traeger_argumente("ags")),
    "land.orientierungswerte": Route(frozenset({"land", "leser"}), land_argumente("code")),
    "admin.xyz": NUR_ADMIN,
    "hilfe.seite": OHNE_OBJEKT,            # jede angemeldete Rolle, kein Objektbezug
    "auth.anmelden": OEFFENTLICH,

`Route.rollen`: welche Rollen (außer Admin) die Route überhaupt benutzen dürfen; alle anderen
müssen 403/404 bekommen. `export=True`: eine Tabellenseite mit Download
(`web.kern.tabellen.exportierbar`); jede URL wird zusätzlich mit `?format=xlsx` und `?format=csv`
geprüft. `argumente(welt, rolle)` liefert die URL-Argumente mit Objekten, die
der Rolle fremd sind (eine Liste: jede Variante wird geprüft). `objektbezogen=False` heißt: die
Route hat kein fremdes Objekt (z. B. Abmelden); erlaubte Rollen werden dann nur auf „kein 500“
geprüft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import url_for

ALLE_ROLLEN = frozenset({"land", "traeger", "leser", "bund"})  # Admin darf ohnehin alles
ROLLEN_MIT_OBJEKT = ALLE_ROLLEN
MIT_RING = ALLE_ROLLEN | {"ring"}  # auch die Ring-Koordination
METHODEN = ("GET", "POST", "PUT", "PATCH", "DELETE")
DIALOG_ROLLEN = frozenset(
    {"land", "traeger", "bund"}
)  # Zielnachhaltedialoge, Kooperationsausschuss


def ohne_argumente(_welt, _rolle: str) -> list[dict]:
    return [{}]


@dataclass(frozen=True)
class Route:
    rollen: frozenset[str]
    argumente: Callable[[object, str], list[dict]] = ohne_argumente
    objektbezogen: bool = True
    export: bool = False


def mit_export(route: Route) -> Route:
    return Route(route.rollen, route.argumente, route.objektbezogen, export=True)


def traeger_argumente(name: str = "ags", **weitere) -> Callable[[object, str], list[dict]]:
    """URL-Argumente mit jedem Träger, der der Rolle fremd ist."""
    return lambda welt, rolle: [{name: ags, **weitere} for ags in welt.fremde_traeger(rolle)]


def land_argumente(name: str = "land_code", **weitere) -> Callable[[object, str], list[dict]]:
    """URL-Argumente mit jedem Land, dessen Landessicht der Rolle fremd ist."""
    return lambda welt, rolle: [{name: land, **weitere} for land in welt.fremde_laender(rolle)]


def vereinbarung_argumente(**weitere) -> Callable[[object, str], list[dict]]:
    """URL-Argumente mit der Zielvereinbarung jedes Trägers, der der Rolle fremd ist, und – außer
    für das BMAS, das sie schließt – der Vereinbarung BMAS ↔ NI (fremd für Land, Leser, Träger
    aus SH)."""
    return lambda welt, rolle: (
        [{"id": welt.vereinbarung(ags), **weitere} for ags in welt.fremde_traeger(rolle)]
        + (
            []
            if rolle == "bund"
            else [{"id": welt.bund_vereinbarung(welt.fremdes_land), **weitere}]
        )
    )


def bund_land_argumente(**weitere) -> Callable[[object, str], list[dict]]:
    """Die Landessicht NI (fremd für Land, Leser SH). Dem BMAS ist kein Land fremd: es bekommt ein
    unbekanntes Land (404); den erlaubten Weg prüft tests/web/test_bund_seiten.py."""
    return lambda welt, rolle: [{"land": "XX" if rolle == "bund" else welt.fremdes_land, **weitere}]


def bund_vereinbarung_argumente(welt, rolle: str) -> list[dict]:
    """Die Vereinbarung BMAS ↔ NI 2027 (einmal über den echten Service angelegt) – fremd für
    Land und Leser SH; das BMAS handelt dort, aber nicht über die Routen des Landes."""
    return [{"id": welt.bund_vereinbarung(welt.fremdes_land)}]


def _fremder_bericht(welt, art: str, schluessel: str) -> int:
    """Id eines (einmal angelegten) Berichts-Eintrags für einen fremden Träger bzw. ein Land."""
    from datetime import UTC, datetime

    from sqlmodel import Session, select

    from zielvereinbarung.models import Bericht, Traeger

    with Session(welt.engine) as session:
        b = session.exec(
            select(Bericht).where(Bericht.art == art, Bericht.schluessel == schluessel)
        ).first()
        if b is None:
            land = session.get(Traeger, schluessel).land_code if art == "traeger" else schluessel
            b = Bericht(
                art=art,
                schluessel=schluessel,
                ags=schluessel if art == "traeger" else None,
                land_code=land,
                monat="2026-06",
                version=1,
                sha256="0" * 64,
                datei="00/fehlt.pdf",
                groesse=0,
                datenstand_hash="0" * 64,
                titel="fremd",
                erstellt_am=datetime(2026, 9, 1, tzinfo=UTC),
                erstellt_von="test",
            )
            session.add(b)
            session.commit()
        return b.id


def bericht_argumente(welt, rolle: str) -> list[dict]:
    """Berichte fremder Träger und die Landesübersichten fremder Länder."""
    return [
        {"bericht_id": _fremder_bericht(welt, "traeger", a)} for a in welt.fremde_traeger(rolle)
    ] + [
        {"bericht_id": _fremder_bericht(welt, "land", land)} for land in welt.fremde_laender(rolle)
    ]


def abonnement_argumente(welt, rolle: str) -> list[dict]:
    return [{"art": "traeger", "schluessel": a} for a in welt.fremde_traeger(rolle)] + [
        {"art": "land", "schluessel": land} for land in welt.fremde_laender(rolle)
    ]


def hinweis_argumente(welt, _rolle: str) -> list[dict]:
    """Ein (einmal angelegter) Hinweis eines anderen Benutzers (land-ni)."""
    from datetime import UTC, datetime

    from sqlmodel import Session, select

    from zielvereinbarung.models import Hinweis

    with Session(welt.engine) as session:
        fremd = welt.benutzer_ids["land-ni"]
        h = session.exec(select(Hinweis).where(Hinweis.benutzer_id == fremd)).first()
        if h is None:
            h = Hinweis(benutzer_id=fremd, art="test", titel="fremd", text="fremd",
                        pfad="/", erstellt_am=datetime(2026, 9, 1, tzinfo=UTC))  # fmt: skip
            session.add(h)
            session.commit()
        return [{"id": h.id}]


def benutzer_argumente(welt, _rolle: str) -> list[dict]:
    return [{"benutzer_id": welt.benutzer_ids["land-ni"]}]


def fremdes_token_argumente(welt, _rolle: str) -> list[dict]:
    """Ein Zugriffstoken des Kontos land-ni (einmal angelegt)."""
    from datetime import UTC, datetime

    from sqlmodel import Session, select

    from zielvereinbarung.domain.berechtigung import Akteur
    from zielvereinbarung.models import ZugriffsToken
    from zielvereinbarung.services.konten.tokens import lege_token_an

    benutzer_id = welt.benutzer_ids["land-ni"]
    with Session(welt.engine) as session:
        token_id = session.exec(
            select(ZugriffsToken.id).where(ZugriffsToken.benutzer_id == benutzer_id)
        ).first()
        if token_id is None:
            neu = lege_token_an(
                session,
                benutzer_id,
                "fremd",
                ["lesen"],
                30,
                Akteur("land-ni", "land", "NI"),
                datetime.now(UTC),
            )
            token_id = neu.token.id
            session.commit()
    return [{"token_id": token_id}]


# Vergleichstypen der Welt (Fixture `_vergleichstypen`): eigener, der des Nachbarn (beide mit
# Mitgliedern in SH) und einer nur mit einem Träger aus NI.
VERGLEICHSTYPEN = {"01054": "VT-SH", "01059": "VT-SH-2", "03157": "VT-NI"}


def vergleichstyp_argumente(_welt, rolle: str) -> list[dict]:
    """Vergleichstypen ohne Mitglied im Bereich der Rolle (Träger: auch der des Nachbarn)."""
    return [{"vt": vt} for vt in ["VT-NI", *(["VT-SH-2"] if rolle == "traeger" else [])]]


@pytest.fixture(autouse=True)
def _vergleichstypen(welt, engine):
    from sqlmodel import Session

    from zielvereinbarung.models import Traeger

    with Session(engine) as session:
        for ags, vt in VERGLEICHSTYPEN.items():
            session.get(Traeger, ags).vergleichstyp = vt
        session.commit()


# Vergleichsringe der Welt (Fixture `_ringe`): der eigene Ring (Mitglied 01054, Koordination
# `ring-eigen`, nicht für Länder) und ein fremder (Mitglied 03157, für Länder sichtbar).
RINGE: dict[str, int] = {}


def fremder_ring(**weitere):
    """Der fremde Ring – für jede Rolle unsichtbar (404)."""
    return lambda _welt, _rolle: [{"ring_id": RINGE["fremd"], **weitere}]


def ring_ohne_verwaltungsrecht(**weitere):
    """Zum Verwalten: der fremde Ring, für alle außer seiner Koordination auch der eigene."""
    return lambda _welt, rolle: [
        {"ring_id": RINGE[n], **weitere}
        for n in (["fremd"] if rolle == "ring" else ["fremd", "eigen"])
    ]


@pytest.fixture(autouse=True)
def _ringe(welt, engine):
    from datetime import UTC, date, datetime

    from sqlmodel import Session

    from zielvereinbarung.demo.konten import DEMO_PASSWORT
    from zielvereinbarung.domain.berechtigung import ADMIN, Akteur
    from zielvereinbarung.models import RingBericht
    from zielvereinbarung.services.konten.benutzer import lege_benutzer_an
    from zielvereinbarung.services.ringe import definitionen as d
    from zielvereinbarung.services.ringe import verwaltung as v

    admin, jetzt = Akteur("admin", ADMIN), datetime(2026, 11, 24, tzinfo=UTC)
    with Session(engine) as s:
        for name, ags, laender in (("eigen", "01054", False), ("fremd", "03157", True)):
            ring = v.lege_ring_an(s, f"Ring {name}", "", laender, admin, jetzt)
            v.setze_mitglieder(s, ring.id, 2026, [ags], admin, jetzt)
            d.speichere_basiszahl(
                s, ring.id, f"zahl_{name}", "Z", "anzahl", "", "", None, admin, jetzt
            )
            kennzahl = d.speichere_kennzahl(
                s, ring.id, dict(code="X", name="X", kategorie="basis", einheit="anzahl",
                                 richtung="neutral", formel=f"zahl_{name} / elb",
                                 gueltig_ab=date(2020, 1, 1)), admin, jetzt,
            )  # fmt: skip
            v.aendere_einstellungen(s, ring.id, "", laender, "2026-12", admin, jetzt)
            bericht = RingBericht(
                ring_id=ring.id, jahr=2026, version=1, sha256="0" * 64, datei="00/fehlt.pdf",
                groesse=0, datenstand_hash="0" * 64, titel=name, erstellt_am=jetzt,
                erstellt_von="test",
            )  # fmt: skip
            s.add(bericht)
            s.flush()
            RINGE[name], RINGE[f"{name}_kennzahl"] = ring.id, kennzahl.id
            RINGE[f"{name}_bericht"] = bericht.id
        lege_benutzer_an(
            s, benutzername="ring-eigen", name="Koordination", rolle="ring",
            passwort=DEMO_PASSWORT, ring_id=RINGE["eigen"], jetzt=jetzt,
        )  # fmt: skip
        s.commit()


def ring_bericht(_welt, _rolle):
    return [{"ring_id": RINGE["fremd"], "bericht_id": RINGE["fremd_bericht"]}]


def ring_kennzahl(_welt, rolle):
    namen = ["fremd"] if rolle == "ring" else ["fremd", "eigen"]
    return [{"ring_id": RINGE[n], "kennzahl_id": RINGE[f"{n}_kennzahl"]} for n in namen]


OEFFENTLICH = "öffentlich"
NUR_ADMIN = Route(frozenset())
OHNE_OBJEKT = Route(ALLE_ROLLEN, objektbezogen=False)
OHNE_OBJEKT_MIT_RING = Route(MIT_RING, objektbezogen=False)
IMPORT_ROLLEN = frozenset({"land", "traeger", "ring"})

ROUTEN: dict[str, Route | str] = {
    "static": OEFFENTLICH,
    "auth.anmelden": OEFFENTLICH,
    "hilfe.seite": OEFFENTLICH,
    "auth.abmelden": OHNE_OBJEKT_MIT_RING,
    # OpenID Connect (ohne Einstellung 404; Schutz durch CSRF-Token bzw. state/nonce/PKCE:
    # tests/web/test_anmeldung_oidc.py)
    "auth.oidc_start": OEFFENTLICH,
    "auth.oidc_rueckkehr": OEFFENTLICH,
    "auth.oidc_abgemeldet": OEFFENTLICH,
    "auth.passwort_aendern": OHNE_OBJEKT_MIT_RING,
    "start.index": OHNE_OBJEKT_MIT_RING,
    "start.zeitplan": Route(frozenset({"land"}), land_argumente("land", jahr=2027)),
    "hinweise.liste": OHNE_OBJEKT_MIT_RING,  # für die Koordination leer
    "hinweise.alle_gelesen": OHNE_OBJEKT_MIT_RING,
    "hinweise.oeffnen": Route(ALLE_ROLLEN, hinweis_argumente),
    "hinweise.gelesen": Route(ALLE_ROLLEN, hinweis_argumente),
    "admin.benutzer_liste": mit_export(NUR_ADMIN),
    "admin.benutzer_neu": NUR_ADMIN,
    "admin.benutzer_bearbeiten": Route(frozenset(), benutzer_argumente),
    "admin.benutzer_passwort": Route(frozenset(), benutzer_argumente),
    "admin.sitzungen_beenden": Route(frozenset(), benutzer_argumente),
    "admin.drosselung_aufheben": Route(frozenset(), benutzer_argumente),
    "admin.audit": mit_export(NUR_ADMIN),
    "kennzahlen.index": OHNE_OBJEKT,
    "kennzahlen.traeger": Route(ROLLEN_MIT_OBJEKT, traeger_argumente("ags"), export=True),
    # das BMAS sieht jedes Land (nur die Landeszeile): für es ist nur ein unbekanntes Land fremd
    "kennzahlen.land": Route(
        frozenset({"land", "leser", "bund"}),
        lambda welt, rolle: (
            [{"code": "XX"}] if rolle == "bund" else land_argumente("code")(welt, rolle)
        ),
        export=True,
    ),
    "kennzahlen.vergleichstyp": Route(ROLLEN_MIT_OBJEKT, vergleichstyp_argumente, export=True),
    # Träger nur mit Ring (hier: Mitglied im eigenen Ring), Koordination für ihren Ring
    "import_.hochladen": Route(IMPORT_ROLLEN, objektbezogen=False),
    "import_.bestaetigen": Route(IMPORT_ROLLEN, objektbezogen=False),
    "import_.vorschau": Route(
        IMPORT_ROLLEN, lambda _welt, _rolle: [{"token": "x" * 43}], objektbezogen=False
    ),
    "import_.format_": Route(IMPORT_ROLLEN, objektbezogen=False),
    "import_.vorlage": Route(frozenset({"land"}), objektbezogen=False),  # nur gesetzliche Spalten
    "planung.start": Route(frozenset({"land", "leser"}), objektbezogen=False),
    # Vereinbarungen BMAS ↔ Land (Issue 11 Punkt 2): fremd ist jedem außer BMAS und Admin die
    # Landessicht NI; dem BMAS gehört jede (es schreibt nur seine eigenen Vereinbarungen)
    "bund.uebersicht": Route(frozenset({"bund", "land", "leser"}), objektbezogen=False),
    "bund.land": Route(frozenset({"bund", "land", "leser"}), bund_land_argumente(jahr=2027)),
    "bund.entwurf": Route(frozenset({"bund"}), bund_land_argumente(jahr=2027)),
    "bund.bottom_up": Route(frozenset({"land"}), bund_vereinbarung_argumente),
    "bund.orientierung": Route(frozenset({"land"}), bund_vereinbarung_argumente),
    "planung.land": Route(frozenset({"land", "leser"}), land_argumente("land", jahr=2027)),
    "planung.entwuerfe": Route(frozenset({"land"}), land_argumente("land", jahr=2027)),
    "verhandlung.meine": mit_export(OHNE_OBJEKT),
    "verhandlung.uebersicht": Route(
        frozenset({"land", "leser"}), land_argumente("land", jahr=2027), export=True
    ),
    "verhandlung.vereinbarung": Route(ROLLEN_MIT_OBJEKT, vereinbarung_argumente()),
    "verhandlung.vergleich": Route(
        ROLLEN_MIT_OBJEKT, vereinbarung_argumente(a=1, b=1), export=True
    ),
    "verhandlung.bearbeiten": Route(frozenset({"land", "traeger"}), vereinbarung_argumente()),
    "verhandlung.vorschau": Route(frozenset({"land", "traeger"}), vereinbarung_argumente()),
    "verhandlung.annehmen": Route(frozenset({"land", "traeger"}), vereinbarung_argumente()),
    "verhandlung.budget": Route(frozenset({"land"}), vereinbarung_argumente()),  # § 10
    "verhandlung.aenderung_anlegen": Route(frozenset({"land"}), vereinbarung_argumente()),
    "verhandlung.aenderung_anregen": Route(frozenset({"traeger"}), vereinbarung_argumente()),
    "nachhaltung.liste": mit_export(OHNE_OBJEKT_MIT_RING),  # für die Koordination leer
    "nachhaltung.cockpit": Route(
        frozenset({"land", "leser"}),
        lambda welt, rolle: [
            *land_argumente("land", jahr=2026)(welt, rolle),
            {"land": "alle", "jahr": 2026},
        ],
        export=True,
    ),
    "nachhaltung.seite": Route(ROLLEN_MIT_OBJEKT, vereinbarung_argumente(), export=True),
    # auch die Sitzungen des Kooperationsausschusses BMAS ↔ Land (BMAS und Land; fremd für Land
    # und Leser SH ist BMAS ↔ NI, den erlaubten Weg prüft tests/web/test_ausschuss_seiten.py)
    "nachhaltung.dialog": Route(DIALOG_ROLLEN, vereinbarung_argumente()),
    "nachhaltung.dialog_bestaetigen": Route(DIALOG_ROLLEN, vereinbarung_argumente(dialog_id=1)),
    "nachhaltung.korrigieren": Route(DIALOG_ROLLEN, vereinbarung_argumente(dialog_id=1)),
    "nachhaltung.jahresabschluss": Route(frozenset({"land"}), vereinbarung_argumente()),
    "berichte.archiv": mit_export(OHNE_OBJEKT_MIT_RING),  # für die Koordination leer
    "berichte.datei_laden": Route(ROLLEN_MIT_OBJEKT, bericht_argumente),
    "berichte.abonnement": Route(ROLLEN_MIT_OBJEKT, abonnement_argumente),
    "jobs.uebersicht": NUR_ADMIN,
    "jobs.ausfuehren": Route(frozenset(), lambda _welt, _rolle: [{"name": "berichte"}]),
    # Vereinbarungsdokument und Unterschriften (Issue 4)
    "dokumente.uebersicht": Route(ROLLEN_MIT_OBJEKT, vereinbarung_argumente()),
    "dokumente.vorschau": Route(ROLLEN_MIT_OBJEKT, vereinbarung_argumente()),
    "dokumente.herunterladen": Route(ROLLEN_MIT_OBJEKT, vereinbarung_argumente(version=1)),
    "dokumente.ausstellen": Route(frozenset({"land", "traeger"}), vereinbarung_argumente()),
    "dokumente.unterzeichnen": Route(frozenset({"land", "traeger"}), vereinbarung_argumente()),
    "dokumente.hochladen": Route(frozenset({"land", "traeger"}), vereinbarung_argumente()),
    "dokumente.anlage": Route(frozenset({"traeger"}), vereinbarung_argumente()),
    "dokumente.freigeben": Route(frozenset({"land"}), vereinbarung_argumente()),
    # Wer unterzeichnen darf (Issue 8, Punkt 3): ändern nur für Konten des eigenen Landes
    "zeichnung.uebersicht": Route(frozenset({"land"}), objektbezogen=False),
    "zeichnung.erteilen": Route(frozenset({"land"}), benutzer_argumente),
    "zeichnung.entziehen": Route(frozenset({"land"}), benutzer_argumente),
    "zeichnung.zertifikat": Route(frozenset({"land"}), benutzer_argumente),
    "zeichnung.vier_augen": Route(frozenset({"land"}), land_argumente(schalter="an")),
    # Zugriffstokens und API-Dokumentation (Issue 13); die API selbst: API_ROUTEN
    "tokens.liste": OHNE_OBJEKT_MIT_RING,  # jedes Konto; die API kennt keine Ringe
    "tokens.anlegen": OHNE_OBJEKT_MIT_RING,
    "tokens.fuer_benutzer": Route(frozenset(), benutzer_argumente),
    "tokens.widerrufen": Route(ALLE_ROLLEN, fremdes_token_argumente),
    "api_doku.openapi": OEFFENTLICH,
    "api_doku.doku": OEFFENTLICH,
    "zeichnung.neu_anmelden": OHNE_OBJEKT_MIT_RING,  # erneute Anmeldung: jedes Konto
    "dokumente.stil": OHNE_OBJEKT_MIT_RING,
    "dokumente.pruefen": OHNE_OBJEKT_MIT_RING,
    # Vergleichsringe (Issue 12): fremde Ringe sind unsichtbar (404), Verwalten nur für die
    # Koordination des Rings (Mitglied: 403)
    "ringe.liste": OHNE_OBJEKT_MIT_RING,
    "ringe.anlegen": NUR_ADMIN,
    "ringe.uebersicht": Route(MIT_RING, fremder_ring()),
    "ringe.kennzahl": Route(MIT_RING, fremder_ring(code="X")),
    "ringe.export": Route(MIT_RING, fremder_ring()),
    "ringe.berichte": Route(MIT_RING, fremder_ring()),
    "ringe.bericht_pdf": Route(MIT_RING, ring_bericht),
    "ringe.bericht_erzeugen": Route(frozenset({"ring"}), ring_ohne_verwaltungsrecht()),
    "ringe.verwaltung": Route(frozenset({"ring"}), ring_ohne_verwaltungsrecht()),
    "ringe.einstellungen": Route(frozenset({"ring"}), ring_ohne_verwaltungsrecht()),
    "ringe.mitglieder": Route(frozenset({"ring"}), ring_ohne_verwaltungsrecht()),
    "ringe.basiszahl": Route(frozenset({"ring"}), ring_ohne_verwaltungsrecht()),
    "ringe.kennzahl_neu": Route(frozenset({"ring"}), ring_ohne_verwaltungsrecht()),
    "ringe.kennzahl_aendern": Route(frozenset({"ring"}), ring_kennzahl),
}


def _api_route(endpoint: str) -> bool:
    """API-Operationen (Token statt Sitzung) prüft tests/web/api/test_api_berechtigung.py."""
    return endpoint.startswith("api.")


def _regeln(app):
    return [
        regel
        for regel in app.url_map.iter_rules()
        if ROUTEN.get(regel.endpoint) != OEFFENTLICH and not _api_route(regel.endpoint)
    ]


def _urls(app, regel, welt, rolle: str) -> list[str]:
    eintrag = ROUTEN[regel.endpoint]
    formate = [{}, {"format": "xlsx"}, {"format": "csv"}] if eintrag.export else [{}]
    with app.test_request_context():
        return [
            url_for(regel.endpoint, **args, **f)
            for args in eintrag.argumente(welt, rolle)
            for f in formate
        ]


def _aufruf(client, methode: str, url: str, token: str):
    if methode == "GET":
        return client.get(url)
    return client.open(url, method=methode, data={"csrf_token": token})


def test_jede_route_steht_in_der_tabelle(app):
    from tests.web.api.api_routen import API_ROUTEN

    fehlend = [
        f"{regel.endpoint} ({regel.rule})"
        for regel in app.url_map.iter_rules()
        if regel.endpoint not in (API_ROUTEN if _api_route(regel.endpoint) else ROUTEN)
    ]
    assert not fehlend, "neue Route nicht abgedeckt – bitte in ROUTEN eintragen: " + ", ".join(
        fehlend
    )


def test_jede_tabellenseite_mit_download_ist_als_export_eingetragen(app):
    """Die Downloads (`?format=xlsx|csv`) werden mit denselben fremden Objekten geprüft wie die
    Seite – dafür muss jede als exportierbar markierte View hier `export=True` tragen."""
    markiert = {e for e, view in app.view_functions.items() if getattr(view, "zv_export", False)}
    eingetragen = {e for e, r in ROUTEN.items() if isinstance(r, Route) and r.export}
    assert markiert == eingetragen


def test_anonyme_werden_zur_anmeldung_geschickt(app, welt, csrf_token):
    client = app.test_client()
    token = csrf_token(client, "/anmelden")
    probleme = []
    for regel in _regeln(app):
        for url in _urls(app, regel, welt, "land"):
            for methode in sorted(regel.methods & set(METHODEN)):
                antwort = _aufruf(client, methode, url, token)
                ort = antwort.headers.get("Location", "")
                if antwort.status_code != 302 or "/anmelden" not in ort:
                    probleme.append(f"{methode} {url}: {antwort.status_code} {ort}")
    assert not probleme, "ohne Anmeldung erreichbar:\n" + "\n".join(probleme)


@pytest.mark.parametrize("rolle", ["land", "traeger", "leser", "ring", "bund"])
def test_fremde_objekte_und_fremde_rollen_werden_abgewiesen(
    app, welt, client_als, csrf_token, rolle
):
    client = client_als(rolle)
    token = csrf_token(client, "/")
    probleme = []
    for regel in _regeln(app):
        eintrag = ROUTEN[regel.endpoint]
        darf_abgewiesen_werden = rolle not in eintrag.rollen or eintrag.objektbezogen
        for url in _urls(app, regel, welt, rolle):
            for methode in sorted(regel.methods & set(METHODEN)):
                if darf_abgewiesen_werden:
                    antwort = _aufruf(client, methode, url, token)
                    if antwort.status_code not in (403, 404):
                        probleme.append(f"{methode} {url}: {antwort.status_code} statt 403/404")
                else:
                    # Ohne Objektbezug (z. B. Abmelden): eigener Client, damit nichts nachwirkt.
                    eigener = client_als(rolle)
                    antwort = _aufruf(eigener, methode, url, csrf_token(eigener, "/"))
                    if antwort.status_code >= 500 or antwort.status_code in (401, 403):
                        probleme.append(
                            f"{methode} {url}: {antwort.status_code} (erlaubt, ohne Objekt)"
                        )
                    # Abmelden beendet jede Sitzung des Kontos – auch die des Haupt-Clients.
                    client = client_als(rolle)
                    token = csrf_token(client, "/")
    assert not probleme, f"Rolle {rolle}:\n" + "\n".join(probleme)


def test_admin_erreicht_jede_seite_ohne_fehler(app, welt, client_als):
    client = client_als("admin")
    probleme = []
    for regel in _regeln(app):
        if "GET" not in regel.methods:
            continue
        for url in _urls(app, regel, welt, "admin"):
            antwort = client.get(url)
            if antwort.status_code >= 500 or antwort.status_code == 403:
                probleme.append(f"GET {url}: {antwort.status_code}")
    assert not probleme, "\n".join(probleme)
