"""Ein Basiszahlen-Import als Vorgang mit Audit: gemeinsam für Kommandozeile und Browser.

- Jeder Import (Erfolg, „unverändert“ und Ablehnung) erzeugt ein Audit-Ereignis mit der Aktion
  `import` (Objekt: das Importprotokoll). Die Vorschau (Probelauf) ist kein Import und wird nicht
  protokolliert.
- Bereich (`importbereich`): Administratoren (und die Kommandozeile) dürfen Zeilen für jeden
  Träger importieren, Land-Benutzer nur für die Träger ihres Landes (andere Zeilen sind Fehler in
  der Spalte ags). Die eigenen Basiszahlen der Vergleichsringe sind zusätzliche Spalten für deren
  Mitglieder; Träger importieren nur diese und nur für sich, die Ring-Koordination nur die ihres
  Rings. Die monatlichen Ausgaben (`ausgaben_eingliederung`, `ausgaben_verwaltung`, DOMAIN.md
  § 10) sind Zusatzspalten für Administration und Land. Leser importieren nie (`KeinImportrecht`).
- Ablehnung: der Aufrufer rollt erst zurück und ruft dann `lehne_ab` (die Ablehnung weiß Datei
  und SHA-256); so bleibt von einer abgelehnten Datei nur das Protokoll der Ablehnung.

Flush, nie Commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain.berechtigung import ADMIN, LAND, RING, TRAEGER, Akteur
from ...fehler import KeineBerechtigung
from ...models import Traeger
from ...models.ring import RingMitglied
from ..audit.anker import verankere_nach_commit
from ..audit.kette import protokolliere
from ..budget.ausgaben import SPALTEN as AUSGABENSPALTEN
from ..budget.ausgaben import Ausgabenspalten
from ..ringe.ringspalten import ringspalten
from .importer import (
    Fortschritt,
    ImportAbgelehnt,
    ImportErgebnis,
    importiere_basiszahlen,
    protokolliere_ablehnung,
)
from .importerweiterung import Importerweiterung
from .zusatzverbund import verbinde

AKTION = "import"
OBJEKT_TYP = "import_protokoll"


class KeinImportrecht(KeineBerechtigung):
    pass


def erlaubte_ags(session: Session, akteur: Akteur) -> frozenset[str] | None:
    """None = alle Träger (Admin); die Träger des Landes (Land); sonst `KeinImportrecht`."""
    if akteur.rolle == ADMIN:
        return None
    if akteur.rolle == LAND and akteur.land_code:
        return frozenset(
            session.scalars(
                select(col(Traeger.ags)).where(col(Traeger.land_code) == akteur.land_code)
            )
        )
    raise KeinImportrecht("Basiszahlen importieren dürfen nur Administration und Land.")


@dataclass(frozen=True)
class Importbereich:
    """Was ein Akteur importieren darf: Zeilen welcher Träger (None: alle), ob gesetzliche
    Basiszahlen, und welche Zusatzspalten (die eigenen Basiszahlen der Vergleichsringe)."""

    ags: frozenset[str] | None
    gesetzliche_spalten: bool
    zusatz: Importerweiterung | None

    @property
    def ringspalten(self) -> list[str]:
        if self.zusatz is None:
            return []
        return sorted(n for n in self.zusatz.spalten() if n not in AUSGABENSPALTEN)

    @property
    def ausgaben(self) -> bool:
        """Die monatlichen Ausgaben (DOMAIN.md § 10) gehören zum Bereich."""
        return self.zusatz is not None and "ausgaben_eingliederung" in self.zusatz.spalten()


def importbereich(session: Session, akteur: Akteur | None) -> Importbereich:
    """Administration (und Kommandozeile: None) und Land: gesetzliche Basiszahlen und alle
    Ringspalten (für Mitglieder); Träger: nur die Ringspalten der eigenen Ringe, nur für sich;
    Ring-Koordination: nur die Spalten ihres Rings, für dessen Mitglieder. Sonst
    `KeinImportrecht`."""
    zusatz = ringspalten(session, akteur)
    if akteur is None or akteur.rolle in (ADMIN, LAND):
        return Importbereich(
            None if akteur is None else erlaubte_ags(session, akteur),
            True,
            verbinde(zusatz, Ausgabenspalten()),
        )
    if akteur.rolle == TRAEGER and akteur.traeger_ags:
        if zusatz is None:
            raise KeinImportrecht(
                "Träger importieren die eigenen Basiszahlen ihrer Vergleichsringe; Ihr Träger "
                "ist in keinem Ring mit eigenen Basiszahlen."
            )
        return Importbereich(frozenset({akteur.traeger_ags}), False, zusatz)
    if akteur.rolle == RING and akteur.ring_id is not None:
        if zusatz is None:
            raise KeinImportrecht("Ihr Ring hat noch keine eigenen Basiszahlen.")
        mitglieder = session.scalars(
            select(col(RingMitglied.ags)).where(col(RingMitglied.ring_id) == akteur.ring_id)
        )
        return Importbereich(frozenset(mitglieder), False, zusatz)
    raise KeinImportrecht("Mit Lesezugriff lassen sich keine Basiszahlen importieren.")


def traeger_namen(session: Session, ags: Iterable[str]) -> dict[str, str]:
    """Die Namen der Träger (für die Zeilen der Vorschau)."""
    ags = sorted(set(ags))
    if not ags:
        return {}
    return dict(
        session.execute(
            select(col(Traeger.ags), col(Traeger.name)).where(col(Traeger.ags).in_(ags))
        ).all()
    )


def vorschau(
    session: Session,
    dateiname: str,
    inhalt: bytes,
    akteur: str,
    jetzt: datetime,
    erlaubt: Iterable[str] | None = None,
    bereich: Importbereich | None = None,
) -> ImportErgebnis:
    """Dieselbe Prüfung und Planung wie der Import, ohne etwas zu schreiben."""
    return importiere_basiszahlen(
        session, dateiname, inhalt, akteur, jetzt, probelauf=True, **_bereich(erlaubt, bereich)
    )


def _bereich(erlaubt: Iterable[str] | None, bereich: Importbereich | None) -> dict:
    if bereich is None:
        return {"erlaubte_ags": erlaubt}
    return {
        "erlaubte_ags": bereich.ags,
        "zusatz": bereich.zusatz,
        "gesetzliche_spalten": bereich.gesetzliche_spalten,
    }


def importiere(
    session: Session,
    dateiname: str,
    inhalt: bytes,
    akteur: str,
    jetzt: datetime,
    erlaubt: Iterable[str] | None = None,
    fortschritt: Fortschritt | None = None,
    bereich: Importbereich | None = None,
) -> ImportErgebnis:
    """Import mit Audit-Ereignis; `ImportAbgelehnt` wie `importiere_basiszahlen`.

    `bereich` (statt `erlaubt`): Träger, gesetzliche Spalten und Ringspalten (`importbereich`)."""
    ergebnis = importiere_basiszahlen(
        session, dateiname, inhalt, akteur, jetzt, fortschritt=fortschritt,
        **_bereich(erlaubt, bereich),
    )  # fmt: skip
    protokolliere(
        session,
        akteur,
        AKTION,
        OBJEKT_TYP,
        ergebnis.protokoll_id,
        {
            "dateiname": dateiname,
            "sha256": ergebnis.sha256,
            "ergebnis": ergebnis.ergebnis,
            "zeilen": ergebnis.zeilen_gelesen,
            "neu": ergebnis.neu,
            "neuer_datenstand": ergebnis.neuer_datenstand,
            "unveraendert": ergebnis.unveraendert,
            "warnungen": len(ergebnis.warnungen),
            **(
                {"teilkorrektur": list(ergebnis.bleibende_spalten)}
                if ergebnis.bleibende_spalten
                else {}
            ),
            **(
                {
                    "ringwerte_neu": ergebnis.zusatz.neu,
                    "ringwerte_neuer_datenstand": ergebnis.zusatz.neuer_datenstand,
                }
                if ergebnis.zusatz is not None
                else {}
            ),  # fmt: skip
        },
        jetzt,
    )
    verankere_nach_commit(session, "import", jetzt)  # Kopf außerhalb der DB festhalten
    return ergebnis


def lehne_ab(session: Session, ablehnung: ImportAbgelehnt, akteur: str, jetzt: datetime) -> int:
    """Ablehnung festhalten (Importprotokoll und Audit-Ereignis); liefert die Protokoll-ID."""
    protokoll_id = protokolliere_ablehnung(session, akteur, jetzt, ablehnung)
    protokolliere(
        session,
        akteur,
        AKTION,
        OBJEKT_TYP,
        protokoll_id,
        {
            "dateiname": ablehnung.dateiname,
            "ergebnis": "abgelehnt",
            "zeilen": ablehnung.zeilen_gelesen,
            "fehler": ablehnung.anzahl,
        },
        jetzt,
    )
    return protokoll_id
