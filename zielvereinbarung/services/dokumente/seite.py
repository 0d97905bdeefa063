"""Die Dokumentseite einer Zielvereinbarung (lesend): Versionen, Anlagen und was der Benutzer
jetzt tun darf (ausstellen, unterzeichnen, signiert hochladen, Anlage hochladen) – mit Grund,
wenn nicht. Die Vorlage zeigt nur an; entschieden wird hier bzw. in `domain.verhandlung`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ...documents.signatur import lesbarer_name
from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur, darf_traeger_aendern
from ...domain.vertragstexte import land_vertragsname
from ...models import Land
from ..verhandlung.lesen import lade_vereinbarung, pruefe_lesen
from .dokument import (
    AUSSTELLBAR,
    AnlageAnsicht,
    DokumentVersion,
    anlage_ansicht,
    anlagen,
    ansicht,
    versionen,
)
from .zertifikate import Organisation, aktives

# Partei → (Dokumentstatus vorher, Zustand vorher, Knopftext)
_SCHRITT = {
    vh.TRAEGER: ("ausgestellt", vh.EINIGUNG, "Als Träger unterzeichnen"),
    vh.LAND: ("unterzeichnet_traeger", vh.UNTERZEICHNET_TRAEGER, "Als Land gegenzeichnen"),
}


@dataclass(frozen=True)
class DokumentSeite:
    vereinbarung_id: int
    ags: str
    traeger_name: str
    land_name: str
    jahr: int
    zustand: str
    zustand_bezeichnung: str
    versionen: list[DokumentVersion]
    anlagen: list[AnlageAnsicht]
    vorschau_moeglich: bool  # es gibt eine vereinbarte Revision
    partei: str | None  # die Partei, für die der Benutzer handelt
    darf_ausstellen: bool
    darf_unterzeichnen: bool
    unterzeichnen_text: str
    hinweis: str | None  # warum (noch) nicht unterzeichnet werden kann
    zertifikat: str | None  # Inhaber des Zertifikats der eigenen Organisation
    darf_hochladen: bool  # extern signiertes Dokument
    darf_anlage: bool


def dokument_seite(session: Session, vereinbarung_id: int, akteur: Akteur) -> DokumentSeite:
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    pruefe_lesen(akteur, traeger)
    land = session.get(Land, traeger.land_code)
    alle = versionen(session, v.id)
    neueste = alle[-1] if alle else None
    partei = (
        akteur.rolle
        if akteur.rolle in vh.PARTEIEN
        and darf_traeger_aendern(akteur, traeger.ags, traeger.land_code)
        else None
    )
    darf_unterzeichnen, hinweis, zertifikat, text = False, None, None, ""
    if partei:
        status_vorher, zustand_vorher, text = _SCHRITT[partei]
        org = (
            Organisation(land.code, None, land_vertragsname(land.code, land.name), land.name)
            if partei == vh.LAND
            else Organisation(None, traeger.ags, traeger.name, traeger.name)
        )
        zert = aktives(session, org)
        zertifikat = lesbarer_name(zert.inhaber) if zert else None
        if v.zustand != zustand_vorher:
            hinweis = _warum_nicht(v.zustand, partei)
        elif neueste is not None and neueste.status != status_vorher:
            hinweis = "Zustand und Dokument passen nicht zusammen; bitte die Administration fragen."
        elif zert is None:
            hinweis = (
                f"Für {org.name} ist kein Signaturzertifikat eingerichtet; Sie können das Dokument "
                "aber herunterladen, extern signieren und hochladen."
            )
        else:
            darf_unterzeichnen = True
    darf_hochladen = bool(partei) and neueste is not None and v.zustand == _SCHRITT[partei][1]
    return DokumentSeite(
        vereinbarung_id=v.id, ags=traeger.ags, traeger_name=traeger.name, land_name=land.name,
        jahr=v.jahr, zustand=v.zustand, zustand_bezeichnung=vh.zustand_bezeichnung(v.zustand),
        versionen=[ansicht(d, v) for d in reversed(alle)],
        anlagen=[anlage_ansicht(a) for a in anlagen(session, v.id)],
        vorschau_moeglich=v.vereinbarte_revision_id is not None,
        partei=partei,
        darf_ausstellen=bool(partei) and neueste is None and v.zustand in AUSSTELLBAR,
        darf_unterzeichnen=darf_unterzeichnen, unterzeichnen_text=text, hinweis=hinweis,
        zertifikat=zertifikat, darf_hochladen=darf_hochladen,
        darf_anlage=partei == vh.TRAEGER and neueste is None
        and v.zustand in (vh.ENTWURF, vh.ANGEBOT, vh.GEGENVORSCHLAG, vh.EINIGUNG),
    )  # fmt: skip


def _warum_nicht(zustand: str, partei: str) -> str | None:
    if zustand in (vh.ENTWURF, vh.ANGEBOT, vh.GEGENVORSCHLAG):
        return "Unterzeichnet wird nach der Einigung."
    if partei == vh.LAND and zustand == vh.EINIGUNG:
        return "Zuerst unterzeichnet der Träger, danach zeichnet das Land gegen."
    if partei == vh.TRAEGER and zustand != vh.EINIGUNG:
        return "Der Träger hat bereits unterzeichnet."
    if partei == vh.LAND:
        return "Das Land hat bereits gegengezeichnet."
    return None
