"""Ein Basiszahlen-Import als Vorgang mit Audit: gemeinsam für Kommandozeile und Browser.

- Jeder Import (Erfolg, „unverändert“ und Ablehnung) erzeugt ein Audit-Ereignis mit der Aktion
  `import` (Objekt: das Importprotokoll). Die Vorschau (Probelauf) ist kein Import und wird nicht
  protokolliert.
- Bereich: Administratoren (und die Kommandozeile) dürfen Zeilen für jeden Träger importieren,
  Land-Benutzer nur für die Träger ihres Landes (andere Zeilen sind Fehler in der Spalte ags).
  Andere Rollen importieren nie (`KeinImportrecht`).
- Ablehnung: der Aufrufer rollt erst zurück und ruft dann `lehne_ab` (die Ablehnung weiß Datei
  und SHA-256); so bleibt von einer abgelehnten Datei nur das Protokoll der Ablehnung.

Flush, nie Commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from ...domain.berechtigung import ADMIN, LAND, Akteur
from ...fehler import KeineBerechtigung
from ...models import Traeger
from ..audit.anker import verankere_nach_commit
from ..audit.kette import protokolliere
from .importer import (
    Fortschritt,
    ImportAbgelehnt,
    ImportErgebnis,
    importiere_basiszahlen,
    protokolliere_ablehnung,
)

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
            session.execute(
                select(Traeger.ags).where(Traeger.land_code == akteur.land_code)
            ).scalars()
        )
    raise KeinImportrecht("Basiszahlen importieren dürfen nur Administration und Land.")


def traeger_namen(session: Session, ags: Iterable[str]) -> dict[str, str]:
    """Die Namen der Träger (für die Zeilen der Vorschau)."""
    ags = sorted(set(ags))
    if not ags:
        return {}
    return dict(
        session.execute(select(Traeger.ags, Traeger.name).where(Traeger.ags.in_(ags))).all()
    )


def vorschau(
    session: Session,
    dateiname: str,
    inhalt: bytes,
    akteur: str,
    jetzt: datetime,
    erlaubt: Iterable[str] | None = None,
) -> ImportErgebnis:
    """Dieselbe Prüfung und Planung wie der Import, ohne etwas zu schreiben."""
    return importiere_basiszahlen(
        session, dateiname, inhalt, akteur, jetzt, erlaubte_ags=erlaubt, probelauf=True
    )


def importiere(
    session: Session,
    dateiname: str,
    inhalt: bytes,
    akteur: str,
    jetzt: datetime,
    erlaubt: Iterable[str] | None = None,
    fortschritt: Fortschritt | None = None,
) -> ImportErgebnis:
    """Import mit Audit-Ereignis; `ImportAbgelehnt` wie `importiere_basiszahlen`."""
    ergebnis = importiere_basiszahlen(
        session, dateiname, inhalt, akteur, jetzt, fortschritt=fortschritt, erlaubte_ags=erlaubt
    )
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
                {"teilkorrektur": list(ergebnis.fehlende_spalten)} if ergebnis.teilkorrektur else {}
            ),
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
