"""Demo: Zielvereinbarungen des Demo-Landes (NI) in jedem Zustand, auch vollständig unterzeichnet.

Über die echten Services (Orientierungswerte, Entwürfe, Angebot, Gegenvorschlag, Annahme,
Unterzeichnung mit den Zertifikaten der Demo-PKI), also mit denselben Prüfungen wie im Betrieb.
Idempotent: jede Vereinbarung wird nur bis zu ihrem Zielzustand weitergeführt; was schon dort
(oder weiter) ist, bleibt unverändert. Zielzustände der zkT von NI: die beiden mit Demo-Konto
zum Ausprobieren im Browser – 03157 (Peine) `entwurf` (verhandeln, dann unterzeichnen), 03159
(Göttingen) `einigung` (sofort unterzeichnen) –, von den übrigen in AGS-Reihenfolge zwei
`unterzeichnet`, eines `unterzeichnet_traeger`, eines `gegenvorschlag`, eines `angebot`, der
Rest `entwurf`. Zertifikate der Demo-PKI bekommen NI, 03157, 03159 und die Träger, die in der
Demo unterzeichnen. Unterzeichnet wird – wie im Betrieb – nur von zeichnungsberechtigten
Konten (`zeichnung-ni`, `zeichnung-<ags>`, `konten.demo_zeichnung`), nach Ausstellen und mit
dem SHA-256 der ausgestellten Version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ..domain import verhandlung as vh
from ..domain.berechtigung import Akteur
from ..domain.ziele import Zielvorgabe
from ..models import Traeger, Zielvereinbarung
from ..services.dokumente.dokument import ausstellen, neueste
from ..services.dokumente.einstellungen import DokumentEinstellungen
from ..services.dokumente.unterzeichnung import unterzeichne
from ..services.dokumente.zertifikate import (
    DEMO_LAND,
    DEMO_TRAEGER,
    ZertifikatFehler,
    richte_demo_pki_ein,
)
from ..services.verhandlung.lesen import revisionen
from ..services.verhandlung.orientierungswerte import (
    lade_orientierungswerte,
    setze_orientierungswerte,
)
from ..services.verhandlung.planung import erzeuge_entwuerfe
from ..services.verhandlung.schritte import nimm_an, reiche_angebot_ein, sende_gegenvorschlag
from .zeichnung import lege_demo_zeichnende

REIHENFOLGE = (vh.ENTWURF, vh.ANGEBOT, vh.GEGENVORSCHLAG, vh.EINIGUNG, vh.UNTERZEICHNET_TRAEGER,
               vh.UNTERZEICHNET)  # fmt: skip
MIT_KONTO = {DEMO_TRAEGER[0]: vh.ENTWURF, DEMO_TRAEGER[1]: vh.EINIGUNG}
WEITERE_ZIELE = (vh.UNTERZEICHNET, vh.UNTERZEICHNET, vh.UNTERZEICHNET_TRAEGER, vh.GEGENVORSCHLAG,
                 vh.ANGEBOT)  # fmt: skip
ORIENTIERUNG = [
    Zielvorgabe("IQ", "veraenderung", Decimal("2.5")),
    Zielvorgabe("LZB", "veraenderung", Decimal("-2.0")),
    Zielvorgabe("LLU", "monitoring"),
]


@dataclass(frozen=True)
class DemoUnterzeichnungen:
    jahr: int
    zustaende: dict[str, str]  # ags → Zustand nach dem Laden
    hinweis: str | None = None


def zielzustaende(session: Session, land_code: str = DEMO_LAND) -> dict[str, str]:
    zkt = list(session.execute(
        select(Traeger.ags).where(Traeger.land_code == land_code, Traeger.traegerform == "zkT")
        .order_by(Traeger.ags)
    ).scalars())  # fmt: skip
    ziele = dict(MIT_KONTO)
    uebrige = [a for a in zkt if a not in ziele]
    for ags, ziel in zip(uebrige, WEITERE_ZIELE, strict=False):
        ziele[ags] = ziel
    return {ags: ziele.get(ags, vh.ENTWURF) for ags in zkt}


def lade_demo_unterzeichnungen(
    session: Session,
    einst: DokumentEinstellungen,
    jahr: int,
    jetzt: datetime,
    land_code: str = DEMO_LAND,
) -> DemoUnterzeichnungen:
    """Orientierungswerte und Entwürfe (falls noch nicht da, vgl. `demo.verhandlung`) und die
    Zielzustände des Modulkopfs für `jahr` herstellen."""
    land = Akteur(f"land-{land_code.lower()}", "land", land_code=land_code)
    if not lade_orientierungswerte(session, land_code, jahr):
        setze_orientierungswerte(session, land_code, jahr, ORIENTIERUNG, land, jetzt)
    erzeuge_entwuerfe(session, land_code, jahr, land, jetzt)
    ziele = zielzustaende(session, land_code)
    unterzeichnende = tuple(
        a for a, z in ziele.items() if z in (vh.UNTERZEICHNET_TRAEGER, vh.UNTERZEICHNET)
    )
    lege_demo_zeichnende(session, land_code, list(unterzeichnende), jetzt)
    hinweis = None
    try:
        richte_demo_pki_ein(session, einst, jetzt, "demo", land_code,
                            tuple(dict.fromkeys([*DEMO_TRAEGER, *unterzeichnende])))  # fmt: skip
    except ZertifikatFehler as fehler:
        hinweis = f"Ohne Unterschriften: {fehler.meldung}"
    zustaende = {}
    for ags, ziel in ziele.items():
        v = session.execute(select(Zielvereinbarung).where(
            Zielvereinbarung.ags == ags, Zielvereinbarung.jahr == jahr,
            Zielvereinbarung.aenderung_von_id.is_(None))).scalar()  # fmt: skip
        if v is None:
            continue
        traeger = Akteur(f"traeger-{ags}", "traeger", traeger_ags=ags)
        zustaende[ags] = bringe_in_zustand(session, einst, v.id, ziel, land, traeger, jetzt,
                                           unterschriften=hinweis is None)  # fmt: skip
    return DemoUnterzeichnungen(jahr, zustaende, hinweis)


def bringe_in_zustand(
    session: Session,
    einst: DokumentEinstellungen,
    vereinbarung_id: int,
    ziel: str,
    land: Akteur,
    traeger: Akteur,
    jetzt: datetime,
    unterschriften: bool = True,
) -> str:
    """Die Vereinbarung Schritt für Schritt bis `ziel` führen (nie zurück); gibt den erreichten
    Zustand zurück."""
    schritt = 0
    while True:
        v = session.get(Zielvereinbarung, vereinbarung_id)
        if v.zustand not in REIHENFOLGE or REIHENFOLGE.index(v.zustand) >= REIHENFOLGE.index(ziel):
            return v.zustand
        schritt += 1
        zeit = jetzt + timedelta(seconds=schritt)
        letzte = revisionen(session, v.id)[-1]
        if v.zustand == vh.ENTWURF:
            reiche_angebot_ein(session, v.id, letzte.nummer, letzte.vorgaben(), "Angebot (Demo)",
                               traeger, zeit)  # fmt: skip
        elif v.zustand == vh.ANGEBOT and ziel == vh.GEGENVORSCHLAG:
            sende_gegenvorschlag(session, v.id, letzte.nummer, _ehrgeiziger(letzte.vorgaben()),
                                 "Bitte etwas ehrgeiziger (Demo)", land, zeit)  # fmt: skip
        elif v.zustand == vh.ANGEBOT:
            nimm_an(session, v.id, letzte.nummer, land, zeit)
        elif v.zustand == vh.GEGENVORSCHLAG:
            nimm_an(session, v.id, letzte.nummer, traeger, zeit)
        elif v.zustand in (vh.EINIGUNG, vh.UNTERZEICHNET_TRAEGER) and unterschriften:
            akteur = zeichnende(traeger if v.zustand == vh.EINIGUNG else land)
            version = neueste(session, v.id) or ausstellen(session, einst, v.id, akteur, zeit)
            unterzeichne(session, einst, v.id, akteur, zeit, version.sha256)
        else:
            return v.zustand
        session.expire(v)


def zeichnende(partei: Akteur) -> Akteur:
    """Das zeichnungsberechtigte Demokonto der Partei (`zeichnung-ni`, `zeichnung-03157`,
    `zeichnung-bund`)."""
    if partei.rolle == vh.BUND:
        return Akteur("zeichnung-bund", vh.BUND)
    org = partei.land_code.lower() if partei.rolle == vh.LAND else partei.traeger_ags
    return Akteur(f"zeichnung-{org}", partei.rolle, partei.land_code, partei.traeger_ags)


def _ehrgeiziger(vorgaben: list[Zielvorgabe]) -> list[Zielvorgabe]:
    """IQ-Veränderung um einen halben Prozentpunkt erhöhen (Gegenvorschlag des Landes)."""
    from dataclasses import replace

    return [
        replace(x, wert=min(x.wert + Decimal("0.5"), Decimal(50)))
        if x.zielindikator == "IQ" and x.zieltyp == "veraenderung" and x.wert is not None
        else x
        for x in vorgaben
    ]
