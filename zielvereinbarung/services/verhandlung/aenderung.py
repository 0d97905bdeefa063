"""Änderungsvereinbarungen anlegen und anregen (DOMAIN.md § 8).

Regeln:
- **Anlegen** darf nur das Land (Rolle `land` des Landes des Trägers), nur für eine
  ursprüngliche Zielvereinbarung im Zustand `unterzeichnet` (nicht `abgeschlossen`, nicht für
  eine Änderung selbst) und nur, wenn keine andere Änderung dieser Vereinbarung noch verhandelt
  wird. Die neue Vereinbarung (`aenderung_von_id`, `aenderung_nr` = nächste Nummer) beginnt im
  Zustand `entwurf` mit Revision 1 (Art `entwurf`, Rolle `system`): allen geltenden Zielen samt
  Basiswert und Kontext (`geltende_ziele`). Danach durchläuft sie Angebot, Gegenvorschlag,
  Annahme, Dokument und beide Unterschriften wie jede Vereinbarung (`schritte`, `zustaende`,
  `dokumente`); ihr Ende ist `unterzeichnet` (kein eigener Jahresabschluss).
- Ein wiederholter Aufruf desselben Benutzers, solange seine Änderung unberührt im Entwurf
  liegt, gibt sie zurück und legt nichts doppelt an.
- **Anregen** darf der Träger (für sich selbst, gleiche Zustände): das Land bekommt einen
  Hinweis und eine E-Mail mit der Begründung; angelegt wird nichts.
- Audit-Ereignisse 'aenderung_angelegt' und 'aenderung_angeregt'. Nur `flush()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from ...domain import aenderung as ae
from ...domain import verhandlung as vh
from ...domain.berechtigung import Akteur
from ...domain.texteingabe import texte_bereinigt
from ...domain.ziele import MAX_KOMMENTAR
from ...fehler import FachlicherFehler, KeineBerechtigung
from ...format import datum, zahl
from ...mail import Nachricht
from ...models import Revision, Traeger, Zielvereinbarung, Zielwert, Zustandswechsel
from ...models.ids import gespeicherte_id
from ..audit.kette import protokolliere
from .benachrichtigung import nachrichten_an
from .geltende_ziele import geltende_ziele_von, geltende_ziele_vor, unterzeichnet_am
from .lesen import (
    RevisionAnsicht,
    Vertragspartner,
    ZielwertAnsicht,
    lade_vereinbarung,
    pruefe_partei,
    zielwert_ansicht,
)

AENDERUNG_ANLEGEN = "aenderung_anlegen"  # Aktionscode des ersten Zustandswechsels
_KOPIERT = ("zielindikator", "bezeichnung", "zieltyp", "wert", "untere", "obere", "text",
            "basiswert", "basiswert_vorlaeufig", "basiswert_monat", "basiswert_grund",
            "orientierungswert", "kontext")  # fmt: skip


@dataclass(frozen=True)
class AenderungAngelegt:
    vereinbarung_id: int
    nummer: int
    neu: bool
    meldung: str
    benachrichtigungen: list[Nachricht]


def aenderungen_von(session: Session, original_id: int) -> list[Zielvereinbarung]:
    """Die Änderungsvereinbarungen eines Originals, nach Nummer."""
    return list(
        session.scalars(
            select(Zielvereinbarung)
            .where(col(Zielvereinbarung.aenderung_von_id) == original_id)
            .order_by(col(Zielvereinbarung.aenderung_nr), col(Zielvereinbarung.id))
        )
    )


def offene_aenderung(session: Session, original_id: int) -> Zielvereinbarung | None:
    """Die Änderung dieser Vereinbarung, die noch nicht unterzeichnet ist (höchstens eine)."""
    return next(
        (a for a in aenderungen_von(session, original_id) if a.zustand != vh.UNTERZEICHNET), None
    )


def _pruefe_original(
    session: Session, v: Zielvereinbarung, traeger: Traeger | Vertragspartner
) -> None:
    if ae.art(v) == ae.ART_BUND_LAND:
        raise FachlicherFehler(
            "Änderungsvereinbarungen gibt es bisher nur für Zielvereinbarungen zwischen Land und "
            "Träger, nicht für die Vereinbarung des BMAS mit dem Land."
        )
    if v.aenderung_von_id is not None:
        raise FachlicherFehler(
            "Dies ist selbst eine Änderungsvereinbarung; eine weitere Änderung bezieht sich auf "
            f"die ursprüngliche Zielvereinbarung (Nr. {v.aenderung_von_id})."
        )
    if v.zustand != vh.UNTERZEICHNET:
        raise FachlicherFehler(
            "Eine Änderungsvereinbarung ist nur für eine von beiden Seiten unterzeichnete und "
            f"noch nicht abgeschlossene Zielvereinbarung möglich; die Zielvereinbarung {v.jahr} "
            f"mit {traeger.name} ist im Stand „{vh.zustand_bezeichnung(v.zustand)}“."
        )


@texte_bereinigt
def lege_aenderung_an(
    session: Session,
    original_id: int,
    akteur: Akteur,
    jetzt: datetime,
    kommentar: str | None = None,
) -> AenderungAngelegt:
    """Land: „Änderungsvereinbarung anlegen“ (Regeln im Modulkopf)."""
    v, traeger = lade_vereinbarung(session, original_id)
    rolle = pruefe_partei(akteur, traeger)
    if rolle != vh.LAND:
        raise KeineBerechtigung(
            "Eine Änderungsvereinbarung legt das Land an; als Träger können Sie sie beim Land "
            "anregen."
        )
    _pruefe_original(session, v, traeger)
    kommentar = (kommentar or "").strip() or None
    if kommentar and len(kommentar) > MAX_KOMMENTAR:
        raise FachlicherFehler(f"Anlass: höchstens {zahl(MAX_KOMMENTAR)} Zeichen.")
    v_id = gespeicherte_id(v.id)
    offen = offene_aenderung(session, v_id)
    if offen is not None:
        if offen.zustand == vh.ENTWURF and _unberuehrt_von(session, offen, akteur):
            return AenderungAngelegt(
                gespeicherte_id(offen.id),
                offen.aenderung_nr or 0,
                False,
                f"Änderungsvereinbarung Nr. {offen.aenderung_nr} war bereits angelegt.",
                [],
            )
        raise FachlicherFehler(
            f"Änderungsvereinbarung Nr. {offen.aenderung_nr} ist noch nicht unterzeichnet (Stand "
            f"„{vh.zustand_bezeichnung(offen.zustand)}“); eine weitere kann erst danach "
            "angelegt werden."
        )
    geltend = geltende_ziele_von(session, v)
    if geltend is None:  # durch den Zustand ausgeschlossen; Schutz gegen Datenfehler
        raise FachlicherFehler("Für diese Zielvereinbarung sind keine Ziele vereinbart.")
    nummer = (
        session.scalar(
            select(func.max(col(Zielvereinbarung.aenderung_nr))).where(
                col(Zielvereinbarung.aenderung_von_id) == v_id
            )
        )
        or 0
    ) + 1
    neu = Zielvereinbarung(
        ags=v.ags, jahr=v.jahr, zustand=vh.ENTWURF, am_zug=vh.am_zug(vh.ENTWURF),
        aenderung_von_id=v_id, aenderung_nr=nummer, erstellt_am=jetzt, geaendert_am=jetzt,
    )  # fmt: skip
    session.add(neu)
    try:
        session.flush()
    except IntegrityError:
        raise FachlicherFehler(
            "Die Änderungsvereinbarung wurde gerade von jemand anderem angelegt; bitte laden Sie "
            "die Seite neu."
        ) from None
    neu_id = gespeicherte_id(neu.id)
    original_am = unterzeichnet_am(session, [v_id]).get(v_id)
    rev = Revision(
        vereinbarung_id=neu_id, nummer=1, art="entwurf", rolle="system",
        autor=akteur.benutzername, zeitpunkt=jetzt,
        kommentar=kommentar
        or f"Entwurf der Änderungsvereinbarung Nr. {nummer}: die geltenden Ziele der "
        f"Zielvereinbarung {v.jahr}" + (f" vom {datum(original_am)}." if original_am else "."),
    )  # fmt: skip
    session.add(rev)
    session.flush()
    rev_id = gespeicherte_id(rev.id)
    for i, z in enumerate(geltend.ziele, start=1):
        session.add(
            Zielwert(
                revision_id=rev_id,
                reihenfolge=i,
                kommentar=None,
                **{f: getattr(z, f) for f in _KOPIERT},
            )
        )
    session.add(
        Zustandswechsel(
            vereinbarung_id=neu_id, von=None, nach=vh.ENTWURF, aktion=AENDERUNG_ANLEGEN,
            akteur=akteur.benutzername, rolle=vh.LAND, zeitpunkt=jetzt, revision_id=rev_id,
        )
    )  # fmt: skip
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "aenderung_angelegt",
        "zielvereinbarung",
        neu_id,
        {"original": v_id, "nummer": nummer, "kommentar": kommentar},
        jetzt,
    )
    titel = ae.bezeichnung(nummer)
    nachrichten = nachrichten_an(
        session,
        vh.TRAEGER,
        [
            (
                traeger,
                f"Zielvereinbarung {v.jahr} {traeger.kurzname}: {titel} angelegt",
                f"Das Land hat die {titel} zur Zielvereinbarung {v.jahr} mit {traeger.name} "
                "angelegt. Der Entwurf enthält die geltenden Ziele; bitte reichen Sie Ihr "
                "Angebot mit den gewünschten Änderungen ein.",
                f"/vereinbarungen/{neu_id}",
            )
        ],
        jetzt,
    )
    return AenderungAngelegt(
        neu_id,
        nummer,
        True,
        f"{titel} angelegt (Entwurf mit den geltenden Zielen).",
        nachrichten,
    )


def _unberuehrt_von(session: Session, v: Zielvereinbarung, akteur: Akteur) -> bool:
    wechsel = list(
        session.scalars(select(Zustandswechsel).where(col(Zustandswechsel.vereinbarung_id) == v.id))
    )
    return len(wechsel) == 1 and wechsel[0].akteur == akteur.benutzername


@texte_bereinigt
def rege_aenderung_an(
    session: Session, original_id: int, begruendung: str, akteur: Akteur, jetzt: datetime
) -> list[Nachricht]:
    """Träger: eine Änderungsvereinbarung beim Land anregen (Hinweis und E-Mail ans Land)."""
    v, traeger = lade_vereinbarung(session, original_id)
    rolle = pruefe_partei(akteur, traeger)
    if rolle != vh.TRAEGER:
        raise FachlicherFehler("Das Land legt die Änderungsvereinbarung direkt an.")
    _pruefe_original(session, v, traeger)
    begruendung = (begruendung or "").strip()
    if not begruendung:
        raise FachlicherFehler("Bitte begründen Sie, welche Ziele sich ändern sollen und warum.")
    if len(begruendung) > MAX_KOMMENTAR:
        raise FachlicherFehler(f"Begründung: höchstens {zahl(MAX_KOMMENTAR)} Zeichen.")
    protokolliere(session, akteur.benutzername, "aenderung_angeregt", "zielvereinbarung", v.id,
                  {"begruendung": begruendung}, jetzt)  # fmt: skip
    return nachrichten_an(
        session,
        vh.LAND,
        [
            (
                traeger,
                f"Zielvereinbarung {v.jahr} {traeger.kurzname}: Änderung angeregt",
                f"{traeger.name} regt eine Änderungsvereinbarung zur Zielvereinbarung {v.jahr} "
                f"an. Begründung: {begruendung}",
                f"/vereinbarungen/{v.id}",
            )
        ],
        jetzt,
    )


def geaenderte_ziele(
    session: Session, v: Zielvereinbarung, rev: RevisionAnsicht
) -> list[ae.Aenderung[ZielwertAnsicht]]:
    """Die Ziele, die die Revision `rev` der Änderung `v` gegenüber den vorher geltenden ändert
    (Original und die Änderungen mit kleinerer Nummer)."""
    vorher = geltende_ziele_vor(session, v)
    bisher = [zielwert_ansicht(z, v.jahr) for z in (vorher.ziele if vorher else ())]
    return ae.geaenderte(bisher, rev.zielwerte)
