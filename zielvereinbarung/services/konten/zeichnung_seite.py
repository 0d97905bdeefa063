"""Was die Seiten „Zeichnungsbefugnisse“ (Land, Administration) und „Benutzer bearbeiten“
über Zeichnungsbefugnisse zeigen (lesend): je Konto die Befugnis, die persönlichen Zertifikate
und ob der Betrachter sie ändern darf – mit Grund, wenn nicht (`domain.zeichnung`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ...documents.signatur import inhaber_lesbar
from ...domain import zeichnung as regeln
from ...domain.berechtigung import ADMIN, LAND, Akteur
from ...fehler import KeineBerechtigung, NichtGefunden
from ...format import datum
from ...models import Benutzer, Land, Personenzertifikat, Traeger, Zeichnungsbefugnis
from ...models.ids import gespeicherte_id
from ..dokumente.freigabe import vier_augen
from .zeichnung import offene_befugnis, zeichnende, zeichnungsberechtigte


@dataclass(frozen=True)
class KontoZeichnung:
    benutzer_id: int
    benutzername: str
    name: str
    aktiv: bool
    organisation: str | None  # „Land Niedersachsen“, „Landkreis Peine“ (None: keine Partei)
    befugnis: Zeichnungsbefugnis | None
    zertifikate: list[str]  # „Florian Lorenzen (Kreis Nordfriesland), gültig bis 31.12.2026“
    darf_aendern: bool
    grund: str | None  # warum der Betrachter nichts ändern darf


@dataclass(frozen=True)
class BefugnisSeite:
    land_code: str
    land_name: str
    konten: list[KontoZeichnung]  # Land-Konten des Landes
    traeger: list[tuple[str, list[str]]]  # Trägername → zeichnungsberechtigte Personen
    vier_augen: bool
    darf_vier_augen: bool


def konto_zeichnung(session: Session, benutzer: Benutzer, akteur: Akteur) -> KontoZeichnung:
    org = regeln.organisation_des_kontos(benutzer.rolle, benutzer.land_code, benutzer.traeger_ags)
    selbst = zeichnende(session, akteur) is not None and akteur.rolle == LAND
    grund = regeln.warum_nicht_verwalten(
        akteur, selbst, benutzer.benutzername, benutzer.rolle, benutzer.land_code
    )
    if org is None:
        grund = grund or "Zeichnungsberechtigt sein können nur Konten der Rollen Land und Träger."
    zertifikate = [
        f"{inhaber_lesbar(z.inhaber)}, gültig bis {datum(z.gueltig_bis)}"
        for z in session.exec(
            select(Personenzertifikat).where(Personenzertifikat.benutzer_id == benutzer.id)
            .order_by(col(Personenzertifikat.id))
        )
    ]  # fmt: skip
    return KontoZeichnung(
        gespeicherte_id(benutzer.id), benutzer.benutzername, benutzer.name, benutzer.aktiv,
        _name(session, org), offene_befugnis(session, benutzer), zertifikate,
        grund is None and benutzer.aktiv, grund,
    )  # fmt: skip


def _name(session: Session, org: regeln.Organisation | None) -> str | None:
    if org is None:
        return None
    if org.land_code:
        land = session.get(Land, org.land_code)
        return f"Land {land.name}" if land else org.land_code
    traeger = session.get(Traeger, org.traeger_ags)
    return traeger.name if traeger else org.traeger_ags


def befugnis_seite(session: Session, land_code: str, akteur: Akteur) -> BefugnisSeite:
    """Die Seite für ein Land: sehen dürfen Administration und die Land-Konten dieses Landes."""
    land = session.get(Land, (land_code or "").upper())
    if land is None:
        raise NichtGefunden(f"Das Land „{land_code}“ gibt es nicht.")
    if akteur.rolle != ADMIN and not (akteur.rolle == LAND and akteur.land_code == land.code):
        raise KeineBerechtigung("Zeichnungsbefugnisse eines anderen Landes sehen Sie nicht.")
    konten = session.exec(
        select(Benutzer).where(Benutzer.rolle == LAND, Benutzer.land_code == land.code)
        .order_by(col(Benutzer.aktiv).desc(), col(Benutzer.name))
    ).all()  # fmt: skip
    traeger = session.exec(
        select(Traeger).where(Traeger.land_code == land.code).order_by(Traeger.name)
    ).all()
    personen = [
        (t.name, [z.beschreibung for z in zeichnungsberechtigte(session, regeln.Organisation(
            None, t.ags))])
        for t in traeger
    ]  # fmt: skip
    darf = akteur.rolle == ADMIN or zeichnende(session, akteur) is not None
    return BefugnisSeite(
        land.code, land.name, [konto_zeichnung(session, k, akteur) for k in konten],
        [(name, p) for name, p in personen if p], vier_augen(session, land.code), darf,
    )  # fmt: skip
