"""Demokonten: für jede Rolle ein Konto mit dem öffentlich dokumentierten `DEMO_PASSWORT` – nur für
Demo- und Testdatenbanken, angelegt über dieselben Regeln wie echte Konten
(`services.konten.benutzer`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ..domain import berechtigung as b
from ..fehler import FachlicherFehler
from ..models import Benutzer, Ring
from ..services.audit.kette import protokolliere
from ..services.konten.anmeldung import utc
from ..services.konten.benutzer import lege_benutzer_an, pruefe_bereich
from ..services.konten.passwort import hash_passwort

DEMO_PASSWORT = "Demo-Passwort-2026!"


@dataclass(frozen=True)
class DemoZugang:
    benutzername: str
    rolle: str
    bereich: str
    passwort: str
    neu: bool


def lege_demo_benutzer(
    session: Session, land_code: str, traeger_ags_liste: list[str], jetzt: datetime
) -> list[DemoZugang]:
    """Demokonten (idempotent; vorhandene bleiben unverändert), alle mit `DEMO_PASSWORT`:
    `admin`, `land-<land>`, `leser-<land>` (Lesezugriff auf das Land) und je Träger `traeger-<ags>`.

    Nur für Demo- und Testdatenbanken: das Passwort ist öffentlich dokumentiert.
    """
    land_code = land_code.upper()
    wunsch = [
        ("admin", "Demo-Administration", b.ADMIN, None, None),
        (f"land-{land_code.lower()}", f"Demo Land {land_code}", b.LAND, land_code, None),
        (f"leser-{land_code.lower()}", f"Demo Lesezugriff {land_code}", b.LESER, land_code, None),
    ]
    wunsch += [
        (f"traeger-{ags}", f"Demo Träger {ags}", b.TRAEGER, None, ags) for ags in traeger_ags_liste
    ]
    vorhanden = set(
        session.exec(
            select(Benutzer.benutzername).where(Benutzer.benutzername.in_([w[0] for w in wunsch]))
        )
    )
    demo_hash = None  # ein Hash für alle neuen Demokonten: das Passwort ist ohnehin öffentlich
    zugaenge = []
    for benutzername, name, rolle, land, ags in wunsch:
        akteur = b.Akteur(benutzername, rolle, land, ags)
        if benutzername not in vorhanden:
            fehler = pruefe_bereich(session, rolle, land, ags)
            if fehler:
                raise FachlicherFehler(f"Demokonto {benutzername}: " + " ".join(fehler.values()))
            demo_hash = demo_hash or hash_passwort(DEMO_PASSWORT)
            benutzer = Benutzer(
                benutzername=benutzername,
                name=name,
                passwort_hash=demo_hash,
                rolle=rolle,
                land_code=land,
                traeger_ags=ags,
                erstellt_am=utc(jetzt),
            )
            session.add(benutzer)
            session.flush()
            protokolliere(
                session,
                "system",
                "benutzer_angelegt",
                "benutzer",
                benutzer.id,
                {
                    "benutzername": benutzername,
                    "rolle": rolle,
                    "land_code": land,
                    "traeger_ags": ags,
                    "demo": True,
                },
                utc(jetzt),
            )
        zugaenge.append(
            DemoZugang(
                benutzername, rolle, akteur.bereich, DEMO_PASSWORT, benutzername not in vorhanden
            )
        )
    return zugaenge


def lege_demo_koordination(
    session: Session, benutzername: str, ring_id: int, jetzt: datetime
) -> DemoZugang:
    """Das Demokonto der Koordination eines Rings (idempotent, `DEMO_PASSWORT`)."""
    vorhanden = session.exec(select(Benutzer).where(Benutzer.benutzername == benutzername)).first()
    ring = session.get(Ring, ring_id)
    bereich = f"Vergleichsring „{ring.name if ring else ring_id}“"
    if vorhanden is None:
        lege_benutzer_an(
            session,
            benutzername=benutzername,
            name=f"Demo Ring-Koordination {ring.name if ring else ring_id}",
            rolle=b.RING,
            passwort=DEMO_PASSWORT,
            ring_id=ring_id,
            akteur="demo",
            jetzt=jetzt,
        )
    return DemoZugang(benutzername, b.RING, bereich, DEMO_PASSWORT, vorhanden is None)


def lege_demo_bund(session: Session, jetzt: datetime) -> DemoZugang:
    """Das Demokonto `bund` des BMAS (idempotent, `DEMO_PASSWORT`; DOMAIN.md § 9)."""
    vorhanden = session.exec(select(Benutzer).where(Benutzer.benutzername == "bund")).first()
    if vorhanden is None:
        lege_benutzer_an(
            session,
            benutzername="bund",
            name="Demo BMAS",
            rolle=b.BUND,
            passwort=DEMO_PASSWORT,
            akteur="demo",
            jetzt=jetzt,
        )
    return DemoZugang("bund", b.BUND, b.Akteur("bund", b.BUND).bereich, DEMO_PASSWORT,
                      vorhanden is None)  # fmt: skip
