"""Den synthetischen Demodatensatz laden: Stammdaten, Vergleichstypen, Basiszahlen, ein neuer
Datenstand.

Alles läuft über die echten Services (Stammdaten-Import, Basiszahlen-Import mit `demodaten=True`),
also mit denselben Prüfungen wie echte Dateien. Wiederholtes Laden ändert nichts: der zweite Lauf
meldet die Importe als „unverändert“. Flush, nie Commit: die Transaktion gehört dem Aufrufer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import Session, select

from ..domain.basiszahlen import monat_index, monat_text
from ..models import Traeger
from ..services.basiszahlen.importer import ImportErgebnis, importiere_basiszahlen
from ..services.basiszahlen.katalog import synchronisiere_katalog
from ..services.basiszahlen.stammdaten import (
    StammdatenErgebnis,
    importiere_traeger,
    importiere_vergleichstypen,
)
from ..services.dokumente.einstellungen import DokumentEinstellungen
from .aenderungen import DemoAenderungen, lade_demo_aenderungen
from .bund import DemoBund, lade_demo_bund
from .daten import (
    DEMO_KENNZEICHEN,
    erzeuge_basiszahlen_csv,
    erzeuge_neuen_datenstand_csv,
    vergleichstypen_csv,
)
from .laufendes_jahr import DemoLaufendesJahr, lade_demo_laufendes_jahr
from .ring import DemoRing, lade_demo_ring
from .unterzeichnung import DemoUnterzeichnungen, lade_demo_unterzeichnungen
from .verhandlung import DemoVerhandlung, lade_demo_verhandlung
from .zeitplan import setze_demo_zeitplan

DEMO_VON = "2022-01"
ABSTAND_MONATE = 3  # der letzte Demomonat liegt drei Monate vor „heute“


@dataclass
class DemoErgebnis:
    kennzeichen: str
    seed: int
    von: str
    bis: str
    datenstand: date
    neuer_datenstand: date
    traeger: int
    traeger_stammdaten: StammdatenErgebnis
    vergleichstypen: StammdatenErgebnis
    katalog_aenderungen: int
    basiszahlen: ImportErgebnis
    import_neuer_datenstand: ImportErgebnis
    verhandlung: DemoVerhandlung | None = None  # Demokonten NI, Orientierungswerte, Entwürfe
    unterzeichnungen: DemoUnterzeichnungen | None = None  # NI in jedem Zustand, mit PDF-Signaturen
    ring: DemoRing | None = None  # „Vergleichsring Nord (Demo)“ mit Koordination ring-nord
    laufendes_jahr: DemoLaufendesJahr | None = None  # NI: Jahr von `bis` unterzeichnet, Dialoge
    aenderungen: DemoAenderungen | None = None  # NI: eine unterzeichnete, eine in Verhandlung
    bund: DemoBund | None = None  # BMAS ↔ NI: laufendes Jahr unterzeichnet, nächstes verhandelt


def _fuenfzehnter(monat: int) -> date:
    """Der 15. des Monats mit der fortlaufenden Nummer `monat`."""
    return date(monat // 12, monat % 12 + 1, 15)


def demo_zeitraum(heute: date, von: str = DEMO_VON) -> tuple[str, str, date, date]:
    """(von, bis, datenstand, neuer Datenstand) für `heute`.

    bis = drei Monate vor heute (heute 2026-11-24 → 2026-08), Datenstand = 15. des Folgemonats
    von bis, der neue Datenstand einen Monat später (beides liegt vor heute).
    """
    bis_i = heute.year * 12 + heute.month - 1 - ABSTAND_MONATE
    if bis_i < monat_index(von):
        raise ValueError(f"Für {heute:%Y-%m-%d} gibt es ab {von} noch keine Demomonate.")
    return von, monat_text(bis_i), _fuenfzehnter(bis_i + 1), _fuenfzehnter(bis_i + 2)


def lade_demo(
    session: Session,
    seed: int,
    heute: date,
    benutzer: str = "demo",
    von: str = DEMO_VON,
    jetzt: datetime | None = None,
    dokumente: DokumentEinstellungen | None = None,
) -> DemoErgebnis:
    """Lädt Stammdaten, Katalog, Vergleichstypen, die Basiszahlen `von` bis drei Monate vor `heute`
    und einen neuen Datenstand für einige Träger. `jetzt` (Importzeitpunkt): ohne Angabe heute
    12:00 UTC.
    Dazu etwas zum Verhandeln: Demokonten, Orientierungswerte und Entwürfe (`demo.verhandlung`);
    mit `dokumente` (Ablage, Schlüssel) auch Vereinbarungen in jedem Zustand bis zur beidseitigen
    Unterschrift samt Demo-PKI (`demo.unterzeichnung`)."""
    von, bis, datenstand, neuer_datenstand = demo_zeitraum(heute, von)
    jetzt = jetzt or datetime.combine(heute, time(12, 0), tzinfo=UTC)

    traeger_stammdaten = importiere_traeger(session)
    katalog = synchronisiere_katalog(session)
    traeger = [(t.ags, t.traegerform) for t in session.exec(select(Traeger).order_by(Traeger.ags))]
    vergleichstypen = importiere_vergleichstypen(
        session, vergleichstypen_csv(traeger, seed), f"demo-vergleichstypen-seed{seed}.csv"
    )
    inhalt = erzeuge_basiszahlen_csv(
        traeger, von, bis=bis, seed=seed, datenstand=datenstand.isoformat()
    )
    haupt = importiere_basiszahlen(
        session,
        f"demo-basiszahlen-seed{seed}-{von}-{bis}.csv",
        inhalt,
        benutzer,
        jetzt,
        demodaten=True,
    )
    import_neuer_datenstand = importiere_basiszahlen(
        session,
        f"demo-neuer-datenstand-seed{seed}-{neuer_datenstand.isoformat()}.csv",
        erzeuge_neuen_datenstand_csv(
            traeger, von, bis=bis, seed=seed, datenstand=neuer_datenstand.isoformat()
        ),
        benutzer,
        jetzt,
        demodaten=True,
    )
    verhandlung = lade_demo_verhandlung(session, heute, jetzt)
    ring = lade_demo_ring(session, von, bis, datenstand, seed, jetzt, benutzer)
    setze_demo_zeitplan(session, verhandlung.jahr, heute, jetzt)
    # nach den Entwürfen (Reihenfolge der Argumente): Zustände bis „unterzeichnet“
    unterzeichnungen = (
        lade_demo_unterzeichnungen(session, dokumente, heute.year + 1, jetzt)
        if dokumente is not None
        else None
    )
    laufend = (
        lade_demo_laufendes_jahr(session, dokumente, bis, heute, jetzt)
        if dokumente is not None
        else None
    )
    bund = (
        lade_demo_bund(session, laufend.jahr, jetzt, dokumente)
        if laufend is not None and dokumente is not None
        else None
    )
    # nach dem laufenden Jahr: dessen Vereinbarungen sind dann unterzeichnet
    aenderungen = (
        lade_demo_aenderungen(session, dokumente, laufend.jahr, jetzt, laufend.hinweis is None)
        if dokumente is not None and laufend is not None
        else None
    )
    return DemoErgebnis(
        kennzeichen=DEMO_KENNZEICHEN,
        seed=seed,
        von=von,
        bis=bis,
        datenstand=datenstand,
        neuer_datenstand=neuer_datenstand,
        traeger=len(traeger),
        traeger_stammdaten=traeger_stammdaten,
        vergleichstypen=vergleichstypen,
        katalog_aenderungen=katalog,
        basiszahlen=haupt,
        import_neuer_datenstand=import_neuer_datenstand,
        verhandlung=verhandlung,
        ring=ring,
        unterzeichnungen=unterzeichnungen,
        laufendes_jahr=laufend,
        bund=bund,
        aenderungen=aenderungen,
    )
