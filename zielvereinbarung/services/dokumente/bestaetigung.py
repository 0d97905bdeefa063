"""Was eine zeichnungsberechtigte Person vor dem Unterzeichnen, Gegenzeichnen oder Freigeben
bestätigt (lesend; DOMAIN.md § 6a): die Version mit SHA-256, die vereinbarten Werte, für wen und
als wer sie handelt, mit welchem Zertifikat.

Wer nicht zeichnungsberechtigt ist, bekommt `KeineBerechtigung` (403); ist der Schritt gerade
nicht möglich (Reihenfolge, kein Dokument, Vier-Augen-Prinzip), kommt ein `FachlicherFehler` mit
dem Grund – dieselben Prüfungen wie beim Unterzeichnen selbst, damit die Seite nie etwas
anbietet, was danach scheitert.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ...domain import verhandlung as vh
from ...domain.berechtigung import ADMIN, Akteur
from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from ...models import Freigabe, Revision
from ...models.ids import gespeicherte_id
from ..konten.zeichnung import verlange_zeichnende
from ..verhandlung.lesen import (
    RevisionAnsicht,
    lade_vereinbarung,
    pruefe_partei,
    revisions_ansichten,
)
from .dokument import DokumentVersion, ansicht, neueste
from .freigabe import freigabe_der_version, pruefe_gegenzeichnung, vier_augen
from .unterzeichnung import organisation_der_partei, pruefe_reihenfolge
from .zertifikate import aktives, lesbar

UNTERZEICHNEN = "unterzeichnen"
FREIGEBEN = "freigeben"


@dataclass(frozen=True)
class Bestaetigung:
    vereinbarung_id: int
    traeger_name: str
    ags: str | None  # None: Vereinbarung BMAS ↔ Land
    jahr: int
    schritt: str  # UNTERZEICHNEN (Träger) / gegenzeichnen (Land) / FREIGEBEN
    partei: str  # vh.TRAEGER / vh.LAND / vh.BUND
    organisation: str  # „Kreis Nordfriesland“, „Land Schleswig-Holstein“
    person: str  # „Nina Friedrichsen, Landrätin“
    zertifikat: str | None  # Inhaber des Organisationszertifikats (nicht beim Freigeben)
    zertifikat_fingerabdruck: str | None
    dokument: DokumentVersion
    revision: RevisionAnsicht
    freigabe: Freigabe | None  # Vier-Augen-Prinzip: wer die Version freigegeben hat


def bestaetigung(
    session: Session, vereinbarung_id: int, akteur: Akteur, schritt: str = UNTERZEICHNEN
) -> Bestaetigung:
    """Die Angaben der Bestätigungsseite (Regeln im Modulkopf)."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    if akteur.rolle == ADMIN:  # sieht alles, handelt aber für keine Partei
        raise FachlicherFehler("Die Administration unterzeichnet nicht; das tun "
                               "zeichnungsberechtigte Personen von Träger und Land.")  # fmt: skip
    rolle = pruefe_partei(akteur, traeger)
    bund_land = traeger.ags is None
    if schritt == FREIGEBEN and (rolle != vh.LAND or bund_land):
        raise KeineBerechtigung("Freigeben kann nur das Land vor seiner Gegenzeichnung.")
    org = organisation_der_partei(session, rolle, traeger)
    person = verlange_zeichnende(session, akteur, rolle, org.name)
    vid = gespeicherte_id(v.id)
    aktuell = neueste(session, vid)
    if schritt == FREIGEBEN:
        if not vier_augen(session, traeger.land_code):
            raise FachlicherFehler("Im Land gilt kein Vier-Augen-Prinzip; eine Freigabe ist nicht "
                                   "nötig.")  # fmt: skip
        if v.zustand != vh.UNTERZEICHNET_TRAEGER:
            raise FachlicherFehler("Freigegeben wird die vom Träger unterzeichnete Version vor "
                                   "der Gegenzeichnung.")  # fmt: skip
        if aktuell is None:
            raise FachlicherFehler("Es gibt keine vom Träger unterzeichnete Version, die "
                                   "freigegeben werden könnte.")  # fmt: skip
        vorhanden = freigabe_der_version(session, aktuell)
        if vorhanden is not None:
            raise FachlicherFehler(f"Diese Version hat {vorhanden.person} bereits freigegeben.")
    else:
        pruefe_reihenfolge(v, rolle, aktuell)
        if aktuell is None:
            raise FachlicherFehler("Bitte stellen Sie das Dokument zuerst aus; unterzeichnet wird "
                                   "genau die ausgestellte Version.")  # fmt: skip
        if rolle == vh.LAND and not bund_land:
            pruefe_gegenzeichnung(session, traeger, aktuell, akteur.benutzername)
    zert = aktives(session, org) if schritt != FREIGEBEN else None
    if schritt != FREIGEBEN and zert is None:
        raise FachlicherFehler(
            f"Für {org.name} ist kein Signaturzertifikat eingerichtet; Sie können das Dokument "
            "aber herunterladen, extern signieren und hochladen."
        )
    freigabe = (
        freigabe_der_version(session, aktuell) if rolle == vh.LAND and not bund_land else None
    )
    unten = vh.parteien(bund_land)[1]
    rev = session.get(Revision, aktuell.revision_id)
    if rev is None:
        raise NichtGefunden(f"Die Revision {aktuell.revision_id} des Dokuments gibt es nicht.")
    revision = revisions_ansichten(session, [rev], v.jahr)
    return Bestaetigung(
        vid, traeger.name, traeger.ags, v.jahr,
        schritt if schritt == FREIGEBEN or rolle == unten else "gegenzeichnen", rolle,
        org.name, person.beschreibung, lesbar(zert) if zert else None,
        zert.fingerabdruck if zert else None, ansicht(aktuell, v), revision[0],
        freigabe,
    )  # fmt: skip
