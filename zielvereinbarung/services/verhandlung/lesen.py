"""Lesen der Verhandlung: Akteur und Berechtigung, Ausnahmen, Ansichten einer Vereinbarung und
ihrer Revisionen (Vergleiche und Landesübersicht: `services.verhandlung.vergleiche`).

Berechtigung (Regeln in `domain.berechtigung`): lesen dürfen Admin, Land und Land-Leser des
Landes, Träger und Träger-Leser des Trägers. Handeln (Angebot, Annahme, Unterschrift) dürfen
nur die Parteien: die Rolle `land` für Träger ihres Landes, die Rolle `traeger` für den eigenen
Träger – Admin und Leser nie.

Vereinbarungen BMAS ↔ Land (DOMAIN.md § 9, `ags` leer): die untere Partei ist das Land
(`Vertragspartner` statt `Traeger`); lesen dürfen Admin, BMAS, Land und Land-Leser des Landes,
handeln das BMAS (obere Partei) und die Landesbenutzer des Landes (untere Partei).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain.berechtigung import (
    Akteur,
    bund_land_partei,
    darf_bund_land_sehen,
    darf_traeger_aendern,
    darf_traeger_sehen,
)
from ...domain.namen import genitiv
from ...domain.verhandlung import (
    JAHRESABSCHLUSS,
    PARTEIEN,
    Aktion,
    am_zug_bezeichnung,
    erlaubte_aktionen,
    verhandelbar,
    zustand_bezeichnung,
)
from ...domain.ziele import ZIELE, ZIELTYP_BEZEICHNUNG, Zielvorgabe, ist_qualitativ, ziel_von
from ...domain.zielsaetze import kurztext, ziel_satz
from ...fehler import KeineBerechtigung, NichtGefunden
from ...models import Land, Revision, Traeger, Zielvereinbarung, Zielwert
from ...models.ids import gespeicherte_id

ART_BEZEICHNUNG = {"entwurf": "Entwurf", "angebot": "Angebot", "gegenvorschlag": "Gegenvorschlag"}


@dataclass(frozen=True)
class ZielwertAnsicht:
    zielindikator: str
    bezeichnung: str
    ziel: str  # Titel des Ziels (Abschnitt)
    zieltyp: str
    zieltyp_bezeichnung: str
    wert: Decimal | None
    untere: Decimal | None
    obere: Decimal | None
    text: str | None
    kommentar: str | None
    basiswert: Decimal | None
    basiswert_vorlaeufig: bool
    basiswert_monat: str | None
    basiswert_grund: str | None
    orientierungswert: str | None
    kontext: dict | None
    kurztext: str  # „+2,5 %“, „Monitoring“ …
    satz: str  # „Das Ziel ist erreicht, wenn …“

    def vorgabe(self) -> Zielvorgabe:
        return Zielvorgabe(
            self.zielindikator,
            self.zieltyp,
            self.wert,
            self.untere,
            self.obere,
            self.text,
            self.kommentar,
            self.bezeichnung if ist_qualitativ(self.zielindikator) else None,
        )


@dataclass(frozen=True)
class RevisionAnsicht:
    id: int
    nummer: int
    art: str
    art_bezeichnung: str
    rolle: str
    autor: str
    zeitpunkt: datetime
    kommentar: str | None
    basis_nummer: int | None
    zielwerte: tuple[ZielwertAnsicht, ...]

    def vorgaben(self) -> list[Zielvorgabe]:
        return [z.vorgabe() for z in self.zielwerte]

    def nach_zielen(self) -> list[tuple[str, list[ZielwertAnsicht]]]:
        """Die Zielwerte je Ziel (Abschnitt des Dokuments), leere Ziele ausgelassen."""
        gruppen = [(z.titel, [w for w in self.zielwerte if w.ziel == z.titel]) for z in ZIELE]
        return [(titel, werte) for titel, werte in gruppen if werte]


@dataclass(frozen=True)
class Eingabe:
    """Was ein Benutzer eingereicht hat (bleibt bei einem Konflikt erhalten)."""

    vorgaben: list[Zielvorgabe]
    kommentar: str | None
    basis_nummer: int | None


@dataclass(frozen=True)
class VereinbarungAnsicht:
    id: int
    ags: str | None  # None: Vereinbarung BMAS ↔ Land
    traeger_name: str
    land_code: str
    jahr: int
    zustand: str
    zustand_bezeichnung: str
    am_zug: str | None
    am_zug_bezeichnung: str
    version_id: int
    aenderung_von_id: int | None
    verhandelbar: bool
    erlaubte_aktionen: list[Aktion]
    aktuelle_revision: RevisionAnsicht
    vereinbarte_revision: RevisionAnsicht | None
    aenderung_nr: int | None = None
    bund_land: bool = False


@dataclass(frozen=True)
class Vertragspartner:
    """Die untere Partei einer Vereinbarung BMAS ↔ Land: das Land, für seine zkT insgesamt. Hat
    die Felder eines `Traeger`, die die Verhandlung liest (`ags` leer)."""

    name: str
    kurzname: str
    land_code: str
    ags: str | None = None
    vergleichstyp: str | None = None


def ist_bund_land(partner: Traeger | Vertragspartner) -> bool:
    return partner.ags is None


# -------------------------------------------------- Berechtigung


def pruefe_lesen(akteur: Akteur, traeger: Traeger | Vertragspartner) -> None:
    if traeger.ags is None:
        if not darf_bund_land_sehen(akteur, traeger.land_code):
            raise KeineBerechtigung(
                f"Sie dürfen die Zielvereinbarungen des BMAS mit {traeger.name} nicht sehen."
            )
        return
    if not darf_traeger_sehen(akteur, traeger.ags, traeger.land_code):
        raise KeineBerechtigung(
            f"Sie dürfen die Zielvereinbarungen {genitiv(traeger.name)} nicht sehen."
        )


def pruefe_partei(akteur: Akteur, traeger: Traeger | Vertragspartner) -> str:
    """Die Partei ('land'/'traeger', bei BMAS ↔ Land 'bund'/'land'), für die der Akteur hier
    handelt; sonst KeineBerechtigung."""
    if traeger.ags is None:
        partei = bund_land_partei(akteur, traeger.land_code)
        if partei is None:
            raise KeineBerechtigung(
                f"In der Zielvereinbarung des BMAS mit {traeger.name} handeln nur das BMAS und "
                f"die Landesbenutzer von {traeger.name}."
            )
        return partei
    if akteur.rolle not in PARTEIEN:
        raise KeineBerechtigung(
            "In der Verhandlung handeln nur Land und Träger; Ihre Rolle "
            "erlaubt keine Änderungen an Zielvereinbarungen."
        )
    if not darf_traeger_aendern(akteur, traeger.ags, traeger.land_code):
        eigene = "Ihres Landes" if akteur.rolle == "land" else "Ihres eigenen Trägers"
        raise KeineBerechtigung(
            f"Sie dürfen nur für Zielvereinbarungen {eigene} handeln, nicht für {traeger.name}."
        )
    return akteur.rolle


def partei_des_akteurs(akteur: Akteur, traeger: Traeger | Vertragspartner) -> str | None:
    """Für welche Partei der Akteur in dieser Vereinbarung handelt ('land', 'traeger', bei BMAS ↔
    Land 'bund'/'land'); None: er handelt nicht (Admin, Leser, Fremde)."""
    if traeger.ags is None:
        return bund_land_partei(akteur, traeger.land_code)
    if akteur.rolle in PARTEIEN and darf_traeger_aendern(akteur, traeger.ags, traeger.land_code):
        return akteur.rolle
    return None


# -------------------------------------------------- Laden


def lade_vereinbarung(
    session: Session, vereinbarung_id: int
) -> tuple[Zielvereinbarung, Traeger | Vertragspartner]:
    """Die Vereinbarung und ihre untere Partei (der Träger; bei BMAS ↔ Land das Land)."""
    zeile = (
        session.execute(
            select(Zielvereinbarung, Traeger, Land)
            .outerjoin(Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags))
            .outerjoin(Land, col(Land.code) == col(Zielvereinbarung.land_code))
            .where(col(Zielvereinbarung.id) == vereinbarung_id)
        )
        .tuples()
        .first()
    )
    if zeile is None:
        raise NichtGefunden(f"Die Zielvereinbarung {vereinbarung_id} gibt es nicht.")
    traeger: Traeger | None  # äußere Verbindungen: Träger oder Land können fehlen
    land: Land | None
    v, traeger, land = zeile
    if traeger is not None:
        return v, traeger
    if land is None:
        raise NichtGefunden(f"Die Zielvereinbarung {vereinbarung_id} gibt es nicht.")
    return v, Vertragspartner(land.name, land.name, land.code)


def zielwert_ansicht(z: Zielwert, jahr: int) -> ZielwertAnsicht:
    vorgabe = Zielvorgabe(z.zielindikator, z.zieltyp, z.wert, z.untere, z.obere, z.text)
    return ZielwertAnsicht(
        z.zielindikator,
        z.bezeichnung,
        ziel_von(z.zielindikator).titel,
        z.zieltyp,
        ZIELTYP_BEZEICHNUNG.get(z.zieltyp, z.zieltyp),
        z.wert,
        z.untere,
        z.obere,
        z.text,
        z.kommentar,
        z.basiswert,
        z.basiswert_vorlaeufig,
        z.basiswert_monat,
        z.basiswert_grund,
        z.orientierungswert,
        z.kontext,
        kurztext(vorgabe),
        ziel_satz(vorgabe, z.basiswert, jahr, z.basiswert_vorlaeufig),
    )


def revisions_ansichten(
    session: Session, revisionen: list[Revision], jahr: int
) -> list[RevisionAnsicht]:
    """Die Revisionen mit ihren Zielwerten (eine Abfrage für alle Zielwerte)."""
    if not revisionen:
        return []
    werte: dict[int, list[Zielwert]] = defaultdict(list)
    for z in session.scalars(
        select(Zielwert)
        .where(col(Zielwert.revision_id).in_([r.id for r in revisionen]))
        .order_by(col(Zielwert.revision_id), col(Zielwert.reihenfolge))
    ):
        werte[z.revision_id].append(z)
    return [
        RevisionAnsicht(
            gespeicherte_id(r.id),
            r.nummer,
            r.art,
            ART_BEZEICHNUNG.get(r.art, r.art),
            r.rolle,
            r.autor,
            r.zeitpunkt,
            r.kommentar,
            r.basis_nummer,
            tuple(zielwert_ansicht(z, jahr) for z in werte[gespeicherte_id(r.id)]),
        )
        for r in revisionen
    ]


def letzte_revision(session: Session, v: Zielvereinbarung) -> RevisionAnsicht:
    rev = session.scalars(
        select(Revision)
        .where(col(Revision.vereinbarung_id) == v.id)
        .order_by(col(Revision.nummer).desc())
        .limit(1)
    ).first()
    if rev is None:
        raise NichtGefunden(f"Die Zielvereinbarung {v.id} hat keine Revision.")
    return revisions_ansichten(session, [rev], v.jahr)[0]


def vereinbarte_revision(
    session: Session, v: Zielvereinbarung, aktuelle: RevisionAnsicht
) -> RevisionAnsicht | None:
    """Die vereinbarte Revision (None: noch keine Einigung); ist es die `aktuelle`, ohne
    weitere Abfrage."""
    if v.vereinbarte_revision_id is None:
        return None
    if v.vereinbarte_revision_id == aktuelle.id:
        return aktuelle
    rev = session.get(Revision, v.vereinbarte_revision_id)
    if rev is None:
        raise NichtGefunden(f"Die vereinbarte Revision der Zielvereinbarung {v.id} fehlt.")
    return revisions_ansichten(session, [rev], v.jahr)[0]


# -------------------------------------------------- Anwendungsfälle (lesend)


def vereinbarung_lesen(
    session: Session, vereinbarung_id: int, akteur: Akteur
) -> VereinbarungAnsicht:
    """Die Vereinbarung mit aktueller (und ggf. vereinbarter) Revision und den Aktionen, die der
    Akteur jetzt ausführen darf."""
    v, traeger = lade_vereinbarung(session, vereinbarung_id)
    pruefe_lesen(akteur, traeger)
    aktuelle = letzte_revision(session, v)
    vereinbart = vereinbarte_revision(session, v, aktuelle)
    bund_land = ist_bund_land(traeger)
    partei = partei_des_akteurs(akteur, traeger)
    aktionen = erlaubte_aktionen(v.zustand, partei, bund_land) if partei else []
    # eine Änderung endet mit `unterzeichnet`; die Vereinbarung BMAS ↔ Land hat (noch) keinen
    # eigenen Jahresabschluss – ihr Stand steht auf der Seite des Landes (/bund/<land>/<jahr>)
    if v.aenderung_von_id is not None or bund_land:
        aktionen = [x for x in aktionen if x.code != JAHRESABSCHLUSS]
    assert v.version_id is not None  # aus der Datenbank gelesen (Spalte NOT NULL)
    return VereinbarungAnsicht(
        gespeicherte_id(v.id),
        v.ags,
        traeger.name,
        traeger.land_code,
        v.jahr,
        v.zustand,
        zustand_bezeichnung(v.zustand, bund_land),
        v.am_zug,
        am_zug_bezeichnung(v.zustand, bund_land),
        v.version_id,
        v.aenderung_von_id,
        verhandelbar(v.zustand),
        aktionen,
        aktuelle,
        vereinbart,
        v.aenderung_nr,
        bund_land,
    )


def revisionen(session: Session, vereinbarung_id: int) -> list[RevisionAnsicht]:
    """Alle Revisionen, älteste zuerst (zwei Abfragen). Berechtigung prüft der Aufrufer, z. B.
    über `vereinbarung_lesen`."""
    v, _ = lade_vereinbarung(session, vereinbarung_id)
    revs = list(
        session.scalars(
            select(Revision)
            .where(col(Revision.vereinbarung_id) == v.id)
            .order_by(col(Revision.nummer))
        )
    )
    return revisions_ansichten(session, revs, v.jahr)
