"""Demo der Vereinbarungen BMAS ↔ Land (DOMAIN.md § 9) für Niedersachsen – über die echten
Schritte: das Demokonto `bund` setzt Orientierungswerte (Entwurf), das Land reicht sein Angebot
bottom-up aus den geltenden Zielen seiner zkT ein (fehlt einem zkT eine Einigung: top-down mit den
Werten des Entwurfs), im laufenden Jahr nimmt das BMAS an und beide unterzeichnen – mit
Dokumenteinstellungen über das signierte Dokument (Demo-PKI mit Zertifikat des BMAS, Konten
`zeichnung-ni` und `zeichnung-bund`), sonst als Zustandswechsel wie `demo.vereinbarungen`; das
nächste Jahr bleibt in Verhandlung (Angebot des Landes). Zur unterzeichneten Vereinbarung des
laufenden Jahres eine Sitzung des Kooperationsausschusses (§ 18b SGB II), vom Land erfasst und vom
BMAS bestätigt – über die Dienste der Zielnachhaltedialoge. Idempotent: vorhandene Vereinbarungen
bleiben unverändert.
Flush, nie Commit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from ..domain import verhandlung as vh
from ..domain.berechtigung import Akteur
from ..domain.ziele import Zielvorgabe
from ..fehler import FachlicherFehler
from ..services.dokumente.einstellungen import DokumentEinstellungen
from ..services.dokumente.zertifikate import ZertifikatFehler, richte_demo_pki_ein
from ..services.nachhaltung.bestaetigung import bestaetige_dialog
from ..services.nachhaltung.dialoge import lege_dialog_an
from ..services.nachhaltung.dialoginhalt import ziele_der_vereinbarung
from ..services.nachhaltung.seite import dialoge_von
from ..services.verhandlung import bund_land as dienst
from ..services.verhandlung.lesen import letzte_revision
from ..services.verhandlung.schritte import nimm_an, reiche_angebot_ein
from ..services.verhandlung.zustaende import wechsle_zustand
from .konten import lege_demo_bund
from .unterzeichnung import bringe_in_zustand
from .zeichnung import lege_demo_zeichnende, lege_demo_zeichnende_bund

LAND = "NI"
ORIENTIERUNG = [
    Zielvorgabe("IQ", "veraenderung", Decimal("2.0")),
    Zielvorgabe("LZB", "veraenderung", Decimal("-2.0")),
    Zielvorgabe("IQ_LZB", "veraenderung", Decimal("1.0")),
]


@dataclass(frozen=True)
class DemoBund:
    zustaende: dict[int, str]  # Jahr → Zustand der Vereinbarung BMAS ↔ NI
    bottom_up: dict[int, bool]  # Jahr → Angebot bottom-up (sonst top-down)
    sitzungen: int = 0  # Sitzungen des Kooperationsausschusses im laufenden Jahr


def _angebot(session: Session, vid: int, land: Akteur, jetzt: datetime) -> bool:
    """Angebot des Landes: bottom-up, sonst die Werte des Entwurfs; True bei bottom-up."""
    try:
        dienst.reiche_bottom_up_angebot_ein(session, vid, 1, land, jetzt)
        return True
    except FachlicherFehler:
        entwurf = letzte_revision(session, session.get(dienst.Zielvereinbarung, vid))
        vorgaben = [replace(x, kommentar=None) for x in entwurf.vorgaben()]
        reiche_angebot_ein(session, vid, 1, vorgaben, "top-down (Demo)", land, jetzt)
        return False


def lade_demo_bund(
    session: Session,
    laufendes_jahr: int,
    jetzt: datetime,
    einst: DokumentEinstellungen | None = None,
) -> DemoBund:
    """BMAS ↔ NI: `laufendes_jahr` unterzeichnet, das Jahr danach in Verhandlung."""
    lege_demo_bund(session, jetzt)
    if einst is not None:
        lege_demo_zeichnende(session, LAND, [], jetzt)
        lege_demo_zeichnende_bund(session, jetzt)
        try:
            richte_demo_pki_ein(session, einst, jetzt, "demo", LAND, (), bund=True)
        except ZertifikatFehler:  # Produktionsbetrieb: ohne Unterschriften
            einst = None
    bund = Akteur("bund", "bund")
    land = Akteur(f"land-{LAND.lower()}", "land", land_code=LAND)
    zustaende, bottom_up, sitzungen = {}, {}, 0
    schritt = iter(range(1, 100))

    def t() -> datetime:
        return jetzt + timedelta(seconds=next(schritt))

    for jahr in (laufendes_jahr, laufendes_jahr + 1):
        v = dienst.bund_land_vereinbarung(session, LAND, jahr)
        if v is None:
            vid = dienst.lege_entwurf_an(session, LAND, jahr, ORIENTIERUNG, bund, t())
            bottom_up[jahr] = _angebot(session, vid.vereinbarung_id, land, t())
            if jahr == laufendes_jahr and einst is not None:
                bringe_in_zustand(session, einst, vid.vereinbarung_id, vh.UNTERZEICHNET, bund,
                                  land, t())  # fmt: skip
            elif jahr == laufendes_jahr:
                nimm_an(session, vid.vereinbarung_id, 2, bund, t())
                wechsle_zustand(session, vid.vereinbarung_id, "unterzeichnen", land, t())
                wechsle_zustand(session, vid.vereinbarung_id, "gegenzeichnen", bund, t())
            v = session.get(dienst.Zielvereinbarung, vid.vereinbarung_id)
        zustaende[jahr] = v.zustand
        if jahr == laufendes_jahr and v.zustand == vh.UNTERZEICHNET:
            sitzungen = _sitzung(session, v, bund, land, jahr, t)
    return DemoBund(zustaende, bottom_up, sitzungen)


def _sitzung(session: Session, v, bund: Akteur, land: Akteur, jahr: int, t) -> int:
    """Eine bestätigte Sitzung des Kooperationsausschusses (nur wenn es noch keine gibt); die Zahl
    der Sitzungen."""
    vorhanden = dialoge_von(session, v.id)
    if vorhanden:
        return len(vorhanden)
    jetzt = t()
    # Datenstand: der Vormonat, innerhalb von Dezember des Vorjahres bis Dezember des Jahres
    m = min(max(jetzt.year * 12 + jetzt.month - 2, jahr * 12 - 1), jahr * 12 + 11)
    codes = [z.zielindikator for z in ziele_der_vereinbarung(session, v)]
    wuerdigungen = {
        c: "Aggregat der zkT im Plan; Entwicklung im nächsten Ausschuss erneut betrachten."
        for c in codes[:2]
    }
    dialog = lege_dialog_an(
        session, v.id, land, jetzt, jetzt.date(),
        "Frau Demo (BMAS), Herr Beispiel (Niedersachsen), kommunale Spitzenverbände",
        f"{m // 12}-{m % 12 + 1:02d}", wuerdigungen,
        "Land berichtet im nächsten Kooperationsausschuss über die Entwicklung der LZB.",
    )  # fmt: skip
    bestaetige_dialog(session, v.id, dialog.id, bund, t())
    return 1
