"""Abonnements von Fortschrittsberichten und die Benachrichtigung nach dem Festschreiben.

- Abonnieren darf jeder aktive Benutzer, was er sehen darf: einen Träger (art 'traeger') oder
  eine Landesübersicht (art 'land'); doppelt abonnieren ändert nichts.
- Nach neuen Berichten bekommt jeder aktive Abonnent je neuem Bericht einen Hinweis in der
  Anwendung (`services.hinweise`) und, mit E-Mail-Adresse, eine Nachricht mit dem Link zum
  Herunterladen – nur, wenn er den Bericht (noch) sehen darf.
Nur `flush()`; versendet wird vom Aufrufer nach dem Commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from ...domain.berechtigung import Akteur
from ...fehler import FachlicherFehler
from ...mail import Nachricht
from ...models import Abonnement, Benutzer, Bericht
from ...models.bericht import LAND, TRAEGER
from ...models.ids import gespeicherte_id
from ..hinweise import Inhalt, hinterlege
from .planung import darf_bericht_sehen, darf_sehen


def _kontext(b: Benutzer) -> Akteur:
    return Akteur(b.benutzername, b.rolle, b.land_code, b.traeger_ags)


def abonniere(
    session: Session,
    benutzer: Benutzer,
    art: str,
    schluessel: str,
    jetzt: datetime,
) -> bool:
    """True, wenn neu angelegt; False, wenn schon vorhanden."""
    if art not in (TRAEGER, LAND):
        raise FachlicherFehler("Abonnieren lässt sich ein Träger oder eine Landesübersicht.")
    land_code = _land_von(session, art, schluessel)
    if not darf_sehen(_kontext(benutzer), art, schluessel if art == TRAEGER else None, land_code):
        raise FachlicherFehler("Diese Berichte dürfen Sie nicht sehen.")
    vorhanden = session.execute(
        select(Abonnement).where(
            col(Abonnement.benutzer_id) == benutzer.id,
            col(Abonnement.art) == art,
            col(Abonnement.schluessel) == schluessel,
        )
    ).first()
    if vorhanden:
        return False
    try:
        with session.begin_nested():
            session.add(
                Abonnement(
                    benutzer_id=gespeicherte_id(benutzer.id),
                    art=art,
                    schluessel=schluessel,
                    erstellt_am=jetzt,
                )
            )
    except IntegrityError:
        return False
    return True


def kuendige(session: Session, benutzer_id: int, art: str, schluessel: str) -> bool:
    a = session.scalars(
        select(Abonnement).where(
            col(Abonnement.benutzer_id) == benutzer_id,
            col(Abonnement.art) == art,
            col(Abonnement.schluessel) == schluessel,
        )
    ).first()
    if a is None:
        return False
    session.delete(a)
    session.flush()
    return True


def abonnements_von(session: Session, benutzer_id: int) -> set[tuple[str, str]]:
    return set(
        session.execute(
            select(col(Abonnement.art), col(Abonnement.schluessel)).where(
                col(Abonnement.benutzer_id) == benutzer_id
            )
        ).all()
    )


def _land_von(session: Session, art: str, schluessel: str) -> str:
    if art == LAND:
        return schluessel
    from ...models import Traeger

    t = session.get(Traeger, schluessel)
    if t is None:
        raise FachlicherFehler(f"Unbekannter Träger „{schluessel}“.")
    return t.land_code


def nachrichten_fuer(session: Session, bericht_ids: list[int], jetzt: datetime) -> list[Nachricht]:
    """Je neuem Bericht ein Hinweis für jeden Abonnenten (aktiv, sichtbar) und eine Nachricht an
    die unter ihnen mit E-Mail."""
    if not bericht_ids:
        return []
    berichte = list(
        session.scalars(
            select(Bericht).where(col(Bericht.id).in_(bericht_ids)).order_by(col(Bericht.id))
        )
    )
    schluessel = {(b.art, b.schluessel) for b in berichte}
    abos: dict[tuple[str, str], list[Benutzer]] = {}
    for abo, benutzer in session.execute(
        select(Abonnement, Benutzer)
        .join(Benutzer, col(Benutzer.id) == col(Abonnement.benutzer_id))
        .where(
            col(Benutzer.aktiv).is_(True),
            col(Abonnement.schluessel).in_({s for _, s in schluessel}),
        )
    ).tuples():
        abos.setdefault((abo.art, abo.schluessel), []).append(benutzer)
    nachrichten = []
    for b in berichte:
        leser = [
            u for u in abos.get((b.art, b.schluessel), []) if darf_bericht_sehen(_kontext(u), b)
        ]
        titel = f"Neuer Bericht: {b.titel}"
        text = f"Der Bericht „{b.titel}“ (Version {b.version}) liegt im Berichtsarchiv bereit."
        pfad = f"/berichte/{b.id}/datei"
        hinterlege(
            session,
            [gespeicherte_id(u.id) for u in leser],
            Inhalt("bericht", titel, text, pfad),
            jetzt,
        )
        an = sorted({u.email for u in leser if u.email})
        if an:
            nachrichten.append(Nachricht(an, titel, f"{text}\nSHA-256 der Datei: {b.sha256}", pfad))
    return nachrichten
