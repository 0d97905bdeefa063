"""Ringe verwalten (DOMAIN.md § 11): anlegen (Administration), Einstellungen, Mitglieder je Jahr,
Freigabe (Koordination des Rings oder Administration); eigene Basiszahlen und Kennzahlen:
`definitionen`.

Jede Änderung steht im Audit-Protokoll (Objekt `ring`). Fachliche Fehler sind `FachlicherFehler`
mit deutscher Meldung; bei Formularfehlern `Eingabefehler` mit einer Meldung je Feld. Flush, nie
Commit. Werte eigener Basiszahlen werden nie gelöscht: Code und Einheit einer Basiszahl mit
Werten sind fest; die Formel einer Kennzahl-Version ist fest (eine Änderung ist eine neue Version).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain.basiszahlen import monat_index
from ...domain.berechtigung import Akteur, darf_ring_verwalten
from ...fehler import FachlicherFehler, KeineBerechtigung
from ...models import Traeger
from ...models.ring import Ring, RingMitglied
from ..audit.kette import protokolliere
from .daten import lade_ring

OBJEKT = "ring"


class Eingabefehler(FachlicherFehler):
    """Ungültige Formulareingaben: `felder` bildet Feldname → deutsche Meldung ab."""

    def __init__(self, felder: dict[str, str]):
        super().__init__("Bitte die markierten Angaben prüfen.", list(felder.values()))
        self.felder = felder


def pruefe_verwaltungsrecht(akteur: Akteur, ring_id: int) -> None:
    if not darf_ring_verwalten(akteur, ring_id):
        raise KeineBerechtigung("Nur die Koordination des Rings darf ihn verwalten.")


def lege_ring_an(
    session: Session,
    name: str,
    beschreibung: str,
    laender_sehen: bool,
    akteur: Akteur,
    jetzt: datetime,
    demodaten: bool = False,
) -> Ring:
    if akteur.rolle != "admin":
        raise KeineBerechtigung("Vergleichsringe legt die Administration an.")
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise Eingabefehler({"name": "Bitte einen Namen mit höchstens 120 Zeichen angeben."})
    if session.execute(select(col(Ring.id)).where(col(Ring.name) == name)).first():
        raise Eingabefehler({"name": f"Einen Ring „{name}“ gibt es schon."})
    ring = Ring(
        name=name,
        beschreibung=(beschreibung or "").strip(),
        laender_sehen=laender_sehen,
        demodaten=demodaten,
        erstellt_am=jetzt,
    )
    session.add(ring)
    session.flush()
    protokolliere(
        session, akteur.benutzername, "ring_anlegen", OBJEKT, ring.id, {"name": name}, jetzt
    )
    return ring


def aendere_einstellungen(
    session: Session,
    ring_id: int,
    beschreibung: str,
    laender_sehen: bool,
    freigegeben_bis: str | None,
    akteur: Akteur,
    jetzt: datetime,
) -> Ring:
    """Beschreibung, Sichtbarkeit für die Länder und Freigabe (bis Monat JJJJ-MM, leer: keine)."""
    pruefe_verwaltungsrecht(akteur, ring_id)
    ring = lade_ring(session, ring_id)
    freigabe = (freigegeben_bis or "").strip() or None
    if freigabe is not None:
        try:
            monat_index(freigabe)
        except ValueError:
            raise Eingabefehler(
                {"freigegeben_bis": f"„{freigabe}“ ist kein Monat (JJJJ-MM, z. B. 2024-12)."}
            ) from None
    alt = {"laender_sehen": ring.laender_sehen, "freigegeben_bis": ring.freigegeben_bis}
    ring.beschreibung = (beschreibung or "").strip()
    ring.laender_sehen = laender_sehen
    ring.freigegeben_bis = freigabe
    session.flush()
    neu = {"laender_sehen": laender_sehen, "freigegeben_bis": freigabe}
    protokolliere(
        session,
        akteur.benutzername,
        "ring_einstellungen",
        OBJEKT,
        ring_id,
        {"vorher": alt, **neu},
        jetzt,
    )
    return ring


def setze_mitglieder(
    session: Session,
    ring_id: int,
    jahr: int,
    ags_liste: list[str],
    akteur: Akteur,
    jetzt: datetime,
) -> tuple[list[str], list[str]]:
    """Die Mitglieder eines Jahres festlegen; Ergebnis: (aufgenommen, entfernt)."""
    pruefe_verwaltungsrecht(akteur, ring_id)
    lade_ring(session, ring_id)
    if not 2000 <= jahr <= 2100:
        raise Eingabefehler({"jahr": "Bitte ein Jahr zwischen 2000 und 2100 angeben."})
    gewuenscht = sorted({a.strip() for a in ags_liste if a.strip()})
    bekannt = set(session.scalars(select(col(Traeger.ags)).where(col(Traeger.ags).in_(gewuenscht))))
    unbekannt = [a for a in gewuenscht if a not in bekannt]
    if unbekannt:
        raise Eingabefehler(
            {"ags": "Unbekannte Kreisschlüssel: " + ", ".join(unbekannt[:10]) + "."}
        )
    bisher = {
        m.ags: m
        for m in session.scalars(
            select(RingMitglied).where(
                col(RingMitglied.ring_id) == ring_id, col(RingMitglied.jahr) == jahr
            )
        )
    }
    neu = [a for a in gewuenscht if a not in bisher]
    weg = sorted(a for a in bisher if a not in gewuenscht)
    for ags in neu:
        session.add(RingMitglied(ring_id=ring_id, jahr=jahr, ags=ags))
    for ags in weg:
        session.delete(bisher[ags])
    session.flush()
    if neu or weg:
        protokolliere(
            session,
            akteur.benutzername,
            "ring_mitglieder",
            OBJEKT,
            ring_id,
            {"jahr": jahr, "aufgenommen": neu, "entfernt": weg},
            jetzt,
        )
    return neu, weg
