"""Vereinbarung BMAS ↔ Land (DOMAIN.md § 9, `art = bund_land`): Entwurf mit den
Orientierungswerten des BMAS, Landesziele aus den Zielen der zkT („bottom-up“) und Übernahme der
BMAS-Ziele als Orientierungswerte des Landes für seine zkT („top-down“).

Verhandlung, Revisionen, Dokument und Unterschriften laufen über dieselben Services wie die
Vereinbarung Land ↔ zkT (`schritte`, `zustaende`; BMAS an der Stelle des Landes, das Land an der
Stelle des Trägers, siehe `domain.verhandlung`).

Regeln:
- Den Entwurf legt das BMAS an (Rolle `bund`), je Land und Jahr einmal, nur für Länder mit zkT:
  Zustand `entwurf`, Revision 1 (Art `entwurf`, Rolle `bund`) mit den Orientierungswerten des
  BMAS als vorgeschlagenen Zielen (`domain.entwurf.entwurf_vorgaben`), Basiswert und Kontext je
  Zielindikator aus dem Aggregat der zkT des Landes (erst summieren, dann rechnen).
- Geltende Ziele eines zkT: unterzeichnet die von `geltende_ziele` (mit den unterzeichneten
  Änderungsvereinbarungen, § 8); geeinigt, aber noch nicht unterzeichnet, die vereinbarte
  Revision – damit das Land schon während der Unterschriften bottom-up rechnen kann.
- Bottom-up: `domain.bund_land.landesziel` je Zielindikator; das Land reicht die Werte als
  Angebot ein (`reiche_bottom_up_angebot_ein`) oder gibt eigene ein (das normale Angebot).
- Top-down: das Land übernimmt die Ziele (vereinbart, sonst die neueste Revision) als seine
  Orientierungswerte (`setze_orientierungswerte`); ein `niveau` wird dabei zur Veränderung gegen
  den Basiswert des Landes – dieselbe relative Veränderung passt zu zkT jeder Größe.
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...domain.basiszahlen import GESCHLECHTER
from ...domain.berechtigung import BUND, Akteur
from ...domain.bund_land import Landesziel, Traegerziel, landesziel, summenreihe
from ...domain.entwurf import basiswert, entwurf_vorgaben, kontext
from ...domain.ziele import (
    KORRIDOR,
    NIVEAU,
    VERAENDERUNG,
    VEREINBARUNGS_INDIKATOREN,
    Zielvorgabe,
    bezeichnung,
    ist_qualitativ,
    normalisiert,
    pruefe_vorgabe,
    pruefe_vorgaben,
)
from ...domain.zielsaetze import kurztext
from ...fehler import FachlicherFehler, KeineBerechtigung, NichtGefunden
from ...mail import Nachricht
from ...models import Land, Revision, Zielvereinbarung, Zielwert, Zustandswechsel
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from ..kennzahlen.berechnung import lade_datenbasis
from .benachrichtigung import nachrichten_an
from .geltende_ziele import geltende_ziele
from .lesen import (
    Vertragspartner,
    lade_vereinbarung,
    letzte_revision,
    pruefe_partei,
    vereinbarte_revision,
)
from .orientierungswerte import setze_orientierungswerte
from .planung import zkt_des_landes
from .schritte import UngueltigeVorgaben, reiche_angebot_ein
from .zustaende import Aktionsergebnis

GESCHLECHT = {"IQ_F": "frauen", "IQ_M": "maenner"}
VERBINDLICH = (vh.EINIGUNG, vh.UNTERZEICHNET_TRAEGER, vh.UNTERZEICHNET, vh.ABGESCHLOSSEN)


@dataclass(frozen=True)
class EntwurfErgebnis:
    vereinbarung_id: int
    meldung: str
    benachrichtigungen: list[Nachricht]


def bund_land_vereinbarung(session: Session, land_code: str, jahr: int) -> Zielvereinbarung | None:
    """Die (ursprüngliche) Vereinbarung BMAS ↔ Land des Jahres oder None."""
    return session.scalars(
        select(Zielvereinbarung).where(
            col(Zielvereinbarung.land_code) == land_code,
            col(Zielvereinbarung.ags).is_(None),
            col(Zielvereinbarung.jahr) == jahr,
            col(Zielvereinbarung.aenderung_von_id).is_(None),
        )
    ).first()


def _reihen(session: Session, ags: list[str]) -> dict[str, dict[str, dict]]:
    """Je Geschlechtergruppe {ags: Reihe} der zkT."""
    return {g: lade_datenbasis(session, ags, g).reihen for g in GESCHLECHTER}


def lege_entwurf_an(
    session: Session,
    land_code: str,
    jahr: int,
    orientierung: list[Zielvorgabe],
    akteur: Akteur,
    jetzt: datetime,
) -> EntwurfErgebnis:
    """BMAS: Orientierungswerte für ein Land setzen = den Entwurf der Vereinbarung anlegen
    (Regeln im Modulkopf). UngueltigeVorgaben bei fehlerhaften Werten."""
    if akteur.rolle != BUND:
        raise KeineBerechtigung("Orientierungswerte für die Länder setzt nur das BMAS.")
    land = session.get(Land, land_code)
    if land is None:
        raise NichtGefunden(f"Ein Land mit dem Kürzel „{land_code}“ gibt es nicht.")
    traeger = zkt_des_landes(session, land_code, jahr)
    if not traeger:
        raise FachlicherFehler(
            f"{land.name} hat keine zugelassenen kommunalen Träger und daher keine "
            "Zielvereinbarung mit dem BMAS."
        )
    if bund_land_vereinbarung(session, land_code, jahr) is not None:
        raise FachlicherFehler(
            f"Die Zielvereinbarung {jahr} mit {land.name} gibt es schon; Änderungen bitte in der "
            "Verhandlung."
        )
    orientierung = [normalisiert(o) for o in orientierung]
    fehler = pruefe_vorgaben(orientierung, vollstaendig=False)
    for o in orientierung:
        fehler += pruefe_vorgabe(o)
    if fehler:
        raise UngueltigeVorgaben("Die Orientierungswerte enthalten Fehler; nichts gespeichert.",
                                 fehler)  # fmt: skip
    reihen = _reihen(session, [t.ags for t in traeger])
    summen = {g: summenreihe(list(r.values())) for g, r in reihen.items()}
    werte = {}
    for code in VEREINBARUNGS_INDIKATOREN:
        reihe = summen[GESCHLECHT.get(code, "gesamt")]
        b = basiswert(reihe, code, jahr)
        werte[code] = (b, kontext(reihe, code, jahr, b, None, None))
    nach_code = {o.zielindikator: o for o in orientierung}
    vorgaben = entwurf_vorgaben({c: b.wert for c, (b, _) in werte.items()}, nach_code)
    v = Zielvereinbarung(ags=None, land_code=land_code, jahr=jahr, zustand=vh.ENTWURF,
                         am_zug=vh.am_zug(vh.ENTWURF, True), erstellt_am=jetzt,
                         geaendert_am=jetzt)  # fmt: skip
    session.add(v)
    try:
        session.flush()
    except IntegrityError:
        raise FachlicherFehler(
            "Der Entwurf wird gerade von jemand anderem angelegt; bitte die Seite neu laden."
        ) from None
    v_id = gespeicherte_id(v.id)
    rev = Revision(vereinbarung_id=v_id, nummer=1, art="entwurf", rolle=BUND,
                   autor=akteur.benutzername, zeitpunkt=jetzt,
                   kommentar=f"Entwurf aus dem Aggregat der {len(traeger)} zkT von {land.name} "
                   "und den Orientierungswerten des BMAS.")  # fmt: skip
    session.add(rev)
    session.flush()
    rev_id = gespeicherte_id(rev.id)
    for i, x in enumerate(vorgaben, start=1):
        bw, k = werte.get(x.zielindikator, (None, None))
        ow = nach_code.get(x.zielindikator)
        session.add(Zielwert(
            revision_id=rev_id, reihenfolge=i, zielindikator=x.zielindikator,
            bezeichnung=bezeichnung(x.zielindikator, x.bezeichnung), zieltyp=x.zieltyp,
            wert=x.wert, untere=x.untere, obere=x.obere, text=x.text, kommentar=x.kommentar,
            basiswert=bw.wert if bw else None, basiswert_vorlaeufig=bw.vorlaeufig if bw else False,
            basiswert_monat=bw.monat if bw else None, basiswert_grund=bw.grund if bw else None,
            orientierungswert=kurztext(ow) if ow else None, kontext=k))  # fmt: skip
    session.add(Zustandswechsel(vereinbarung_id=v_id, von=None, nach=vh.ENTWURF,
                                aktion=vh.ENTWUERFE_ERZEUGEN, akteur=akteur.benutzername,
                                rolle=BUND, zeitpunkt=jetzt, revision_id=rev_id))  # fmt: skip
    session.flush()
    protokolliere(session, akteur.benutzername, "entwuerfe_erzeugt", "land",
                  f"{land_code}/{jahr}", {"land": land_code, "jahr": jahr, "bund_land": v_id,
                  "orientierung": {o.zielindikator: kurztext(o) for o in orientierung}},
                  jetzt)  # fmt: skip
    partner = Vertragspartner(land.name, land.name, land.code)
    nachrichten = nachrichten_an(session, vh.LAND, [(
        partner, f"Zielvereinbarung {jahr} mit dem BMAS: Entwurf liegt vor",
        f"Das BMAS hat die Orientierungswerte {jahr} für {land.name} gesetzt. Bitte prüfen Sie "
        "den Entwurf und reichen Sie Ihr Angebot ein – auch bottom-up aus den Zielen Ihrer zkT.",
        f"/vereinbarungen/{v_id}")], jetzt)  # fmt: skip
    return EntwurfErgebnis(v_id, f"Entwurf der Zielvereinbarung {jahr} mit {land.name} angelegt.",
                           nachrichten)  # fmt: skip


def geltende_traegerziele(
    session: Session, ags: list[str], jahr: int
) -> dict[str, dict[str, Traegerziel]]:
    """Je zkT und Zielindikator das geltende Ziel: unterzeichnet mit den unterzeichneten
    Änderungen (`geltende_ziele`), geeinigt, aber noch nicht unterzeichnet, die vereinbarte
    Revision; zkT ohne Einigung fehlen."""
    originale = [
        v
        for v in session.scalars(
            select(Zielvereinbarung).where(
                col(Zielvereinbarung.ags).in_(ags),
                col(Zielvereinbarung.jahr) == jahr,
                col(Zielvereinbarung.aenderung_von_id).is_(None),
                col(Zielvereinbarung.zustand).in_(VERBINDLICH),
            )
        )
        if v.vereinbarte_revision_id is not None
    ]
    gilt = geltende_ziele(session, originale)
    geeinigt = [v.vereinbarte_revision_id for v in originale if v.id not in gilt]
    werte: dict[int, list[Zielwert]] = {}
    for z in session.scalars(select(Zielwert).where(col(Zielwert.revision_id).in_(geeinigt))):
        werte.setdefault(z.revision_id, []).append(z)
    ergebnis: dict[str, dict[str, Traegerziel]] = {}
    for v in originale:
        g = gilt.get(gespeicherte_id(v.id))
        ziele = g.ziele if g else werte.get(v.vereinbarte_revision_id or 0, [])
        ergebnis[v.ags or ""] = {
            z.zielindikator: Traegerziel(
                v.ags or "",
                Zielvorgabe(z.zielindikator, z.zieltyp, z.wert, z.untere, z.obere, z.text),
                z.basiswert,
            )
            for z in ziele
        }
    return ergebnis


def landesziele(session: Session, land_code: str, jahr: int) -> dict[str, Landesziel]:
    """Das Landesziel je Zielindikator aus den geltenden Zielen der zkT (bottom-up)."""
    traeger = [t.ags for t in zkt_des_landes(session, land_code, jahr)]
    reihen = _reihen(session, traeger)
    ziele = geltende_traegerziele(session, traeger, jahr)
    return {
        code: landesziel(
            code,
            [
                (
                    reihen[GESCHLECHT.get(code, "gesamt")][a],
                    ziele.get(a, {}).get(code) or Traegerziel(a, None, None),
                )
                for a in traeger
            ],
            jahr,
        )  # fmt: skip
        for code in VEREINBARUNGS_INDIKATOREN
    }


@dataclass(frozen=True)
class BottomUp:
    vorgaben: list[Zielvorgabe]  # die vollständigen Werte eines Angebots
    landesziele: dict[str, Landesziel]
    uebernommen: list[str]  # Zielindikatoren mit einem Landesziel


def bottom_up(session: Session, vereinbarung_id: int, akteur: Akteur) -> BottomUp:
    """Die Werte eines Angebots des Landes aus den Zielen seiner zkT: je Zielindikator mit
    Landesziel dessen Vorgabe (Zieltyp der neuesten Revision, wenn es `niveau` oder `korridor`
    ist, sonst `veraenderung`); alle anderen Werte unverändert aus der neuesten Revision."""
    v, partner = lade_vereinbarung(session, vereinbarung_id)
    if partner.ags is not None:
        raise FachlicherFehler("Bottom-up gibt es nur für die Zielvereinbarung mit dem BMAS.")
    if pruefe_partei(akteur, partner) != vh.LAND:
        raise KeineBerechtigung("Den bottom-up-Vorschlag macht das Land.")
    ziele = landesziele(session, partner.land_code, v.jahr)
    vorgaben, uebernommen = [], []
    for x in letzte_revision(session, v).vorgaben():
        lz = ziele.get(x.zielindikator)
        if lz is None:
            vorgaben.append(x)
            continue
        neu = lz.vorgabe(x.zieltyp if x.zieltyp in (NIVEAU, KORRIDOR) else VERAENDERUNG)
        if neu is None and x.zieltyp == KORRIDOR:
            neu = lz.vorgabe(VERAENDERUNG)  # kein Korridor, wenn die Grenzen zusammenfallen
        if neu is None:
            vorgaben.append(x)
            continue
        uebernommen.append(x.zielindikator)
        vorgaben.append(replace(neu, kommentar=_herleitung(lz)))
    return BottomUp(vorgaben, ziele, uebernommen)


def _herleitung(lz: Landesziel) -> str:
    gewicht = "gewichtet mit den Nennern des Basisjahres" if lz.zielindikator.startswith("IQ") \
        else "Summe der Zielniveaus"  # fmt: skip
    return f"bottom-up aus den Zielen der {lz.traeger} zkT ({gewicht})"


def reiche_bottom_up_angebot_ein(
    session: Session, vereinbarung_id: int, basis_nummer: int, akteur: Akteur, jetzt: datetime
) -> Aktionsergebnis:
    """Land: das Angebot mit den Werten aus `bottom_up` einreichen."""
    b = bottom_up(session, vereinbarung_id, akteur)
    if not b.uebernommen:
        grund = next((z.grund for z in b.landesziele.values() if z.grund), None)
        raise FachlicherFehler(
            "Aus den Zielen der zkT folgt noch kein Landesziel" + (f": {grund}" if grund else ".")
        )
    return reiche_angebot_ein(
        session, vereinbarung_id, basis_nummer, b.vorgaben,
        f"Bottom-up aus den Zielen der zkT: {', '.join(b.uebernommen)}.", akteur, jetzt,
    )  # fmt: skip


def uebernimm_als_orientierungswerte(
    session: Session, vereinbarung_id: int, akteur: Akteur, jetzt: datetime
) -> dict[str, Zielvorgabe]:
    """Land: die BMAS-Ziele (vereinbart, sonst die neueste Revision) als eigene Orientierungswerte
    für die Entwürfe der zkT desselben Jahres (Regeln im Modulkopf)."""
    v, partner = lade_vereinbarung(session, vereinbarung_id)
    if partner.ags is not None:
        raise FachlicherFehler("Nur Ziele der Vereinbarung mit dem BMAS lassen sich übernehmen.")
    if pruefe_partei(akteur, partner) != vh.LAND:
        raise KeineBerechtigung("Orientierungswerte für die zkT setzt das Land.")
    aktuelle = letzte_revision(session, v)
    rev = vereinbarte_revision(session, v, aktuelle) or aktuelle
    vorgaben = []
    for z in rev.zielwerte:
        x = z.vorgabe()
        if x.zieltyp == NIVEAU and not ist_qualitativ(x.zielindikator):
            if not z.basiswert:
                continue  # ohne Basiswert keine Veränderung: der zkT bekommt keinen Wert
            relativ = None
            if x.wert is not None:
                relativ = ((x.wert / z.basiswert - 1) * 100).quantize(Decimal("0.01"))
            x = Zielvorgabe(x.zielindikator, VERAENDERUNG, relativ)
        vorgaben.append(replace(x, kommentar=f"aus der Zielvereinbarung {v.jahr} mit dem BMAS"))
    return setze_orientierungswerte(session, partner.land_code, v.jahr, vorgaben, akteur, jetzt)
