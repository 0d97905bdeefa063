"""Die Dokumentseite einer Zielvereinbarung (lesend): Versionen, Anlagen und was der Benutzer
jetzt tun darf (ausstellen, unterzeichnen, freigeben, signiert hochladen, Anlage hochladen) –
mit Grund, wenn nicht. Unterzeichnen und freigeben nur zeichnungsberechtigte Personen, nach der
Bestätigungsseite (`bestaetigung`). Die Vorlage zeigt nur an; entschieden wird hier bzw. in
`domain.verhandlung` und `domain.zeichnung`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...domain.vertragstexte import land_vertragsname
from ...domain.zeichnung import Organisation as RegelOrganisation
from ...models import Dokument, Freigabe, Land, Traeger, Zielvereinbarung
from ...models.ids import gespeicherte_id
from ..konten.zeichnung import zeichnende, zeichnungsberechtigte
from ..verhandlung.lesen import (
    Vertragspartner,
    lade_vereinbarung,
    partei_des_akteurs,
    pruefe_lesen,
)
from .dokument import (
    AUSSTELLBAR,
    AnlageAnsicht,
    DokumentVersion,
    anlage_ansicht,
    anlagen,
    ansicht,
    versionen,
)
from .freigabe import freigabe_der_version, vier_augen
from .zertifikate import BMAS, Organisation, aktives, land_von, lesbar

# Position → (Dokumentstatus vorher, Zustand vorher, Knopftext); bei BMAS ↔ Land unterzeichnet
# das Land an der Stelle des Trägers, das BMAS zeichnet an der Stelle des Landes gegen
_SCHRITT = {
    vh.TRAEGER: ("ausgestellt", vh.EINIGUNG, "Als Träger unterzeichnen"),
    vh.LAND: ("unterzeichnet_traeger", vh.UNTERZEICHNET_TRAEGER, "Als Land gegenzeichnen"),
}
_SCHRITT_BUND = {
    vh.TRAEGER: ("ausgestellt", vh.EINIGUNG, "Als Land unterzeichnen"),
    vh.LAND: ("unterzeichnet_traeger", vh.UNTERZEICHNET_TRAEGER, "Als BMAS gegenzeichnen"),
}


def _schritt(partei: str, bund_land: bool) -> tuple[str, str, str]:
    return (_SCHRITT_BUND if bund_land else _SCHRITT)[vh.position(partei, bund_land)]


@dataclass(frozen=True)
class DokumentSeite:
    vereinbarung_id: int
    ags: str | None  # None: Vereinbarung BMAS ↔ Land
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
    darf_unterzeichnen: bool  # Link zur Bestätigungsseite
    unterzeichnen_text: str
    hinweis: str | None  # warum (noch) nicht unterzeichnet werden kann
    zertifikat: str | None  # Inhaber des Zertifikats der eigenen Organisation
    darf_hochladen: bool  # extern signiertes Dokument
    darf_anlage: bool
    zeichnungsberechtigte: list[str] = field(default_factory=list)  # der eigenen Organisation
    vier_augen: bool = False  # Vier-Augen-Prinzip des Landes (nur für die Land-Seite)
    freigabe: Freigabe | None = None  # der vom Träger unterzeichneten Version
    darf_freigeben: bool = False


def dokument_seite(session: Session, vereinbarung_id: int, akteur: Akteur) -> DokumentSeite:
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    pruefe_lesen(akteur, traeger)
    land = land_von(session, traeger.land_code)
    vid = gespeicherte_id(v.id)
    alle = versionen(session, vid)
    neueste = alle[-1] if alle else None
    bund_land = traeger.ags is None
    partei = partei_des_akteurs(akteur, traeger)
    zeichnen = _Zeichnen()
    if partei:
        zeichnen = _zeichnen(session, v, traeger, land, partei, neueste, akteur)
    darf_hochladen = bool(
        partei and neueste is not None and v.zustand == _schritt(partei, bund_land)[1]
    )
    return DokumentSeite(
        vereinbarung_id=vid, ags=traeger.ags, traeger_name=traeger.name, land_name=land.name,
        jahr=v.jahr, zustand=v.zustand,
        zustand_bezeichnung=vh.zustand_bezeichnung(v.zustand, bund_land),
        versionen=[ansicht(d, v) for d in reversed(alle)],
        anlagen=[anlage_ansicht(a) for a in anlagen(session, vid)],
        vorschau_moeglich=v.vereinbarte_revision_id is not None,
        partei=partei,
        darf_ausstellen=bool(partei) and neueste is None and v.zustand in AUSSTELLBAR,
        darf_unterzeichnen=zeichnen.darf, unterzeichnen_text=zeichnen.text,
        hinweis=zeichnen.hinweis, zertifikat=zeichnen.zertifikat, darf_hochladen=darf_hochladen,
        darf_anlage=partei == vh.TRAEGER and neueste is None
        and v.zustand in (vh.ENTWURF, vh.ANGEBOT, vh.GEGENVORSCHLAG, vh.EINIGUNG),
        zeichnungsberechtigte=zeichnen.berechtigte, vier_augen=zeichnen.vier_augen,
        freigabe=zeichnen.freigabe, darf_freigeben=zeichnen.darf_freigeben,
    )  # fmt: skip


@dataclass
class _Zeichnen:
    darf: bool = False
    text: str = ""
    hinweis: str | None = None
    zertifikat: str | None = None
    berechtigte: list[str] = field(default_factory=list)
    vier_augen: bool = False
    freigabe: Freigabe | None = None
    darf_freigeben: bool = False


def _zeichnen(
    session: Session, v: Zielvereinbarung, traeger: Traeger | Vertragspartner, land: Land,
    partei: str, neueste: Dokument | None, akteur: Akteur,
) -> _Zeichnen:  # fmt: skip
    """Ob und warum (nicht) der Benutzer jetzt unterzeichnen oder freigeben kann (DOMAIN § 6a)."""
    bund_land = traeger.ags is None
    status_vorher, zustand_vorher, text = _schritt(partei, bund_land)
    if partei == vh.BUND:
        org = BMAS
    elif partei == vh.LAND:
        org = Organisation(land.code, None, land_vertragsname(land.code, land.name), land.name)
    else:
        org = Organisation(None, traeger.ags, traeger.name, traeger.name)
    zert = aktives(session, org)
    z = _Zeichnen(text=text, zertifikat=lesbar(zert) if zert else None)
    z.berechtigte = [p.beschreibung for p in zeichnungsberechtigte(
        session, RegelOrganisation(org.land_code, org.traeger_ags))]  # fmt: skip
    person = zeichnende(session, akteur)
    if partei == vh.LAND and not bund_land:
        z.vier_augen = vier_augen(session, land.code)
        z.freigabe = freigabe_der_version(session, neueste) if z.vier_augen else None
    if v.zustand != zustand_vorher:
        z.hinweis = _warum_nicht(v.zustand, vh.position(partei, bund_land), bund_land)
    elif neueste is None:
        z.hinweis = ("Unterzeichnet wird genau die ausgestellte Version: bitte stellen Sie das "
                     "Dokument zuerst aus.")  # fmt: skip
    elif neueste.status != status_vorher:
        z.hinweis = "Zustand und Dokument passen nicht zusammen; bitte die Administration fragen."
    elif person is None:
        wer = ", ".join(z.berechtigte) if z.berechtigte else "bisher niemand"
        z.hinweis = (f"Unterzeichnen kann nur, wer für {org.name} zeichnungsberechtigt ist "
                     f"({wer}); Sie sind es nicht.")  # fmt: skip
    elif z.vier_augen and z.freigabe is None:
        z.darf_freigeben = True
        z.hinweis = ("Vier-Augen-Prinzip: vor der Gegenzeichnung gibt eine zweite "
                     "zeichnungsberechtigte Person die Version frei; wer freigibt, zeichnet "
                     "nicht selbst gegen.")  # fmt: skip
    elif z.vier_augen and z.freigabe and z.freigabe.benutzername == akteur.benutzername:
        z.hinweis = ("Sie haben diese Version freigegeben; gegenzeichnen muss eine andere "
                     "zeichnungsberechtigte Person.")  # fmt: skip
    elif zert is None:
        z.hinweis = (f"Für {org.name} ist kein Signaturzertifikat eingerichtet; Sie können das "
                     "Dokument aber herunterladen, extern signieren und hochladen.")  # fmt: skip
    else:
        z.darf = True
    return z


def _warum_nicht(zustand: str, partei: str, bund_land: bool = False) -> str | None:
    """`partei` ist die Position (obere 'land', untere 'traeger')."""
    oben, unten = ("das BMAS", "das Land") if bund_land else ("das Land", "der Träger")
    if zustand in (vh.ENTWURF, vh.ANGEBOT, vh.GEGENVORSCHLAG):
        return "Unterzeichnet wird nach der Einigung."
    if partei == vh.LAND and zustand == vh.EINIGUNG:
        return f"Zuerst unterzeichnet {unten}, danach zeichnet {oben} gegen."
    if partei == vh.TRAEGER and zustand != vh.EINIGUNG:
        return f"{unten[0].upper()}{unten[1:]} hat bereits unterzeichnet."
    if partei == vh.LAND:
        return f"{oben[0].upper()}{oben[1:]} hat bereits gegengezeichnet."
    return None
