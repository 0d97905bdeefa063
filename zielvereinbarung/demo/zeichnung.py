"""Demokonten der zeichnungsberechtigten Personen: `zeichnung-<land>` (für das Land) und je Träger
`zeichnung-<ags>`, mit dem öffentlichen Demo-Passwort und erteilter Zeichnungsbefugnis. Die
übrigen Demokonten (`land-…`, `traeger-…`) verhandeln, unterzeichnen aber nicht.

Idempotent: vorhandene Konten bleiben unverändert (auch eine dort entzogene Befugnis).
Nur für Demo- und Testdatenbanken.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from ..domain import berechtigung as b
from ..models import Benutzer, Land, Traeger
from ..services.audit.kette import protokolliere
from ..services.konten import zeichnung
from ..services.konten.anmeldung import utc
from ..services.konten.passwort import hash_passwort
from .konten import DEMO_PASSWORT, DemoZugang

ADMIN = b.Akteur("system", b.ADMIN)


def lege_demo_zeichnende(
    session: Session, land_code: str, traeger_ags_liste: list[str], jetzt: datetime
) -> list[DemoZugang]:
    """Die Konten des Modulkopfs für das Land und die Träger (Reihenfolge wie angegeben)."""
    land = session.get(Land, land_code.upper())
    wunsch = [(f"zeichnung-{land.code.lower()}", f"Dr. Jana Demo ({land.name})", b.LAND,
               land.code, None, "Abteilungsleiterin (Demo)")]  # fmt: skip
    for ags in traeger_ags_liste:
        traeger = session.get(Traeger, ags)
        wunsch.append((f"zeichnung-{ags}", f"Erika Demo ({traeger.kurzname})", b.TRAEGER, None,
                       ags, "Landrätin (Demo)"))  # fmt: skip
    vorhanden = set(session.exec(
        select(Benutzer.benutzername).where(Benutzer.benutzername.in_([w[0] for w in wunsch]))
    ))  # fmt: skip
    demo_hash = None
    zugaenge = []
    for benutzername, name, rolle, land_c, ags, funktion in wunsch:
        if benutzername not in vorhanden:
            demo_hash = demo_hash or hash_passwort(DEMO_PASSWORT)
            konto = Benutzer(benutzername=benutzername, name=name, passwort_hash=demo_hash,
                             rolle=rolle, land_code=land_c, traeger_ags=ags,
                             erstellt_am=utc(jetzt))  # fmt: skip
            session.add(konto)
            session.flush()
            protokolliere(session, "system", "benutzer_angelegt", "benutzer", konto.id,
                          {"benutzername": benutzername, "rolle": rolle, "land_code": land_c,
                           "traeger_ags": ags, "demo": True}, utc(jetzt))  # fmt: skip
            zeichnung.erteile(session, konto.id, funktion, ADMIN, utc(jetzt))
        bereich = b.Akteur(benutzername, rolle, land_c, ags).bereich
        zugaenge.append(DemoZugang(benutzername, rolle, f"{bereich}, zeichnungsberechtigt",
                                   DEMO_PASSWORT, benutzername not in vorhanden))  # fmt: skip
    return zugaenge


def lege_demo_zeichnende_bund(session: Session, jetzt: datetime) -> DemoZugang:
    """Das zeichnungsberechtigte Demokonto des BMAS, `zeichnung-bund` (idempotent)."""
    vorhanden = session.exec(select(Benutzer).where(Benutzer.benutzername == "zeichnung-bund"))
    if vorhanden.first() is None:
        konto = Benutzer(benutzername="zeichnung-bund", name="Dr. Bernd Demo (BMAS)",
                         passwort_hash=hash_passwort(DEMO_PASSWORT), rolle=b.BUND,
                         erstellt_am=utc(jetzt))  # fmt: skip
        session.add(konto)
        session.flush()
        protokolliere(session, "system", "benutzer_angelegt", "benutzer", konto.id,
                      {"benutzername": "zeichnung-bund", "rolle": b.BUND, "demo": True},
                      utc(jetzt))  # fmt: skip
        zeichnung.erteile(session, konto.id, "Abteilungsleiter (Demo)", ADMIN, utc(jetzt))
        neu = True
    else:
        neu = False
    return DemoZugang("zeichnung-bund", b.BUND, "BMAS, zeichnungsberechtigt", DEMO_PASSWORT, neu)
