"""Vier-Augen-Prinzip vor der Gegenzeichnung (DOMAIN.md § 6a; Regel: `domain.zeichnung`).

- Ein Land schaltet es ein oder aus (`LandEinstellung.vier_augen`): die Administration oder eine
  für das Land zeichnungsberechtigte Person; steht im Audit-Protokoll.
- Eingeschaltet: bevor das Land gegenzeichnet, gibt eine zweite zeichnungsberechtigte Person
  des Landes die vom Träger unterzeichnete Version frei (`gebe_frei`, nach Bestätigung des
  SHA-256 und des Passworts wie beim Unterzeichnen). Wer freigegeben hat, kann diese Version
  nicht gegenzeichnen – auch nicht extern mit dem eigenen Zertifikat.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from ...domain import verhandlung as vh
from ...domain.berechtigung import ADMIN, LAND, Akteur
from ...domain.zeichnung import warum_nicht_gegenzeichnen
from ...fehler import FachlicherFehler, KeineBerechtigung, Konflikt, NichtGefunden
from ...models import Dokument, Freigabe, Land, LandEinstellung, Traeger, Zielvereinbarung
from ...models.dokument import UNTERZEICHNET_TRAEGER
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from ..konten.zeichnung import verlange_zeichnende, zeichnende
from ..verhandlung.lesen import Vertragspartner, lade_vereinbarung, pruefe_partei
from .dokument import neueste
from .zertifikate import land_von


def vier_augen(session: Session, land_code: str) -> bool:
    einstellung = session.get(LandEinstellung, land_code)
    return bool(einstellung and einstellung.vier_augen)


def setze_vier_augen(
    session: Session, land_code: str, an: bool, akteur: Akteur, jetzt: datetime
) -> bool:
    """Ein- oder ausschalten; True, wenn sich etwas geändert hat."""
    land = pruefe_vier_augen_recht(session, land_code, akteur)
    einstellung = session.get(LandEinstellung, land.code) or LandEinstellung(land_code=land.code)
    if bool(einstellung.vier_augen) == an:
        return False
    einstellung.vier_augen = an
    session.add(einstellung)
    session.flush()
    protokolliere(session, akteur.benutzername, "vier_augen_geaendert", "land", None,
                  {"land_code": land.code, "vier_augen": an}, jetzt)  # fmt: skip
    return True


def pruefe_vier_augen_recht(session: Session, land_code: str, akteur: Akteur) -> Land:
    """Das Land, wenn `akteur` das Vier-Augen-Prinzip schalten darf (sonst 404/403)."""
    land = session.get(Land, (land_code or "").upper())
    if land is None:
        raise NichtGefunden(f"Das Land „{land_code}“ gibt es nicht.")
    darf = akteur.rolle == ADMIN or (
        akteur.rolle == LAND and akteur.land_code == land.code
        and zeichnende(session, akteur) is not None
    )  # fmt: skip
    if not darf:
        raise KeineBerechtigung(
            "Das Vier-Augen-Prinzip schaltet die Administration oder eine für das Land "
            "zeichnungsberechtigte Person."
        )
    return land


def freigabe_der_version(session: Session, dokument: Dokument | None) -> Freigabe | None:
    if dokument is None:
        return None
    return session.exec(select(Freigabe).where(col(Freigabe.dokument_id) == dokument.id)).first()


def pruefe_gegenzeichnung(
    session: Session, traeger: Traeger | Vertragspartner, aktuell: Dokument, gegenzeichner: str
) -> None:
    """`FachlicherFehler`, wenn das Vier-Augen-Prinzip die Gegenzeichnung (noch) verbietet."""
    freigabe = freigabe_der_version(session, aktuell)
    grund = warum_nicht_gegenzeichnen(
        vier_augen(session, traeger.land_code),
        freigabe.benutzername if freigabe else None,
        gegenzeichner,
    )
    if grund:
        raise FachlicherFehler(grund)


def gebe_frei(
    session: Session, vereinbarung_id: int, akteur: Akteur, jetzt: datetime,
    bestaetigt_sha256: str,
) -> Freigabe:  # fmt: skip
    """Die vom Träger unterzeichnete Version zur Gegenzeichnung freigeben (Modulkopf)."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    if pruefe_partei(akteur, traeger) != vh.LAND:
        raise KeineBerechtigung("Freigeben kann nur das Land.")
    land = land_von(session, traeger.land_code)
    person = verlange_zeichnende(session, akteur, vh.LAND, f"das Land {land.name}")
    if not vier_augen(session, land.code):
        raise FachlicherFehler(
            f"Im Land {land.name} gilt kein Vier-Augen-Prinzip; eine Freigabe ist nicht nötig."
        )
    aktuell = _traeger_version(session, v)
    if aktuell.sha256 != bestaetigt_sha256:
        raise Konflikt(None, None, "Das Dokument hat sich seit Ihrer Bestätigung geändert; bitte "
                       "prüfen Sie die neue Version. Es wurde nichts freigegeben.")  # fmt: skip
    vorhanden = freigabe_der_version(session, aktuell)
    if vorhanden is not None:
        raise FachlicherFehler(f"Diese Version hat {vorhanden.person} bereits freigegeben.")
    freigabe = Freigabe(
        vereinbarung_id=gespeicherte_id(v.id), dokument_id=gespeicherte_id(aktuell.id),
        benutzername=akteur.benutzername, person=person.beschreibung[:200], zeitpunkt=jetzt,
    )  # fmt: skip
    session.add(freigabe)
    session.flush()
    protokolliere(session, akteur.benutzername, "gegenzeichnung_freigegeben", "zielvereinbarung",
                  v.id, {"version": aktuell.version, "sha256": aktuell.sha256,
                         "person": person.beschreibung, "befugnis_id": person.befugnis_id},
                  jetzt)  # fmt: skip
    return freigabe


def _traeger_version(session: Session, v: Zielvereinbarung) -> Dokument:
    aktuell = neueste(session, gespeicherte_id(v.id))
    if v.zustand != vh.UNTERZEICHNET_TRAEGER or aktuell is None \
            or aktuell.status != UNTERZEICHNET_TRAEGER:  # fmt: skip
        raise FachlicherFehler(
            "Freigegeben wird die vom Träger unterzeichnete Version vor der Gegenzeichnung; "
            f"Zustand der Vereinbarung: {vh.zustand_bezeichnung(v.zustand)}."
        )
    return aktuell
