"""Benachrichtigungen über Schritte der Verhandlung (Text und Empfänger; versendet werden sie
vom Aufrufer nach dem Commit mit `zielvereinbarung.mail.sende_nachrichten`).

Empfänger sind die aktiven Benutzer der Partei, die nach dem Schritt am Zug ist – ist das die
handelnde Partei selbst (z. B. nach „Gegenvorschlag annehmen“ unterzeichnet der Träger als
Nächster) oder niemand, erfährt es die Gegenseite. Partei `land`: Benutzer mit Rolle `land` des
Landes des Trägers; Partei `traeger`: Benutzer mit Rolle `traeger` des Trägers; Partei `bund`
(Vereinbarung BMAS ↔ Land): alle Benutzer mit Rolle `bund`. Jeder bekommt
einen Hinweis in der Anwendung (`services.hinweise`, in derselben Transaktion), wer eine
E-Mail-Adresse hat, dazu die E-Mail.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from ...domain import verhandlung as vh
from ...mail import Nachricht
from ...models import Benutzer, Revision, Traeger, Zielvereinbarung
from ...models.ids import gespeicherte_id
from ..hinweise import Inhalt, hinterlege
from .lesen import Vertragspartner


def aktionsnachrichten(
    session: Session,
    v: Zielvereinbarung,
    traeger: Traeger | Vertragspartner,
    aktion: vh.Aktion,
    rolle: str,
    akteur: str,
    rev: Revision | None,
    jetzt: datetime,
) -> list[Nachricht]:
    """Die Nachricht(en) nach einem Schritt `aktion` der Partei `rolle` (Vereinbarung im neuen
    Zustand)."""
    bund_land = v.ags is None
    empfaenger = v.am_zug if v.am_zug and v.am_zug != rolle else vh.gegenseite(rolle, bund_land)
    nummer = f" (Revision {rev.nummer})" if rev else ""
    stand = vh.zustand_bezeichnung(v.zustand, bund_land)
    text = (
        f"{akteur} ({vh.PARTEI_BEZEICHNUNG[rolle]}) hat für die Zielvereinbarung {v.jahr} mit "
        f"{traeger.name} „{aktion.bezeichnung}“ ausgeführt{nummer}.\n"
        f"Neuer Stand: {stand}."
        + (f" Am Zug: {vh.PARTEI_BEZEICHNUNG[v.am_zug]}." if v.am_zug else "")
    )
    if rev is not None and rev.kommentar:
        text += f"\n\nKommentar:\n{rev.kommentar}"
    betreff = f"Zielvereinbarung {v.jahr} {traeger.kurzname}: {stand}{nummer}"
    return nachrichten_an(
        session, empfaenger, [(traeger, betreff, text, f"/vereinbarungen/{v.id}")], jetzt
    )


def nachrichten_an(
    session: Session,
    partei: str,
    inhalte: list[tuple[Traeger | Vertragspartner, str, str, str | None]],
    jetzt: datetime,
    art: str = "verhandlung",
) -> list[Nachricht]:
    """Je (Träger, Betreff, Text, Pfad) ein Hinweis für jeden aktiven Benutzer der Partei (Rolle
    `land` des Landes des Trägers bzw. Rolle `traeger` des Trägers) und eine E-Mail-Nachricht an
    die unter ihnen mit E-Mail-Adresse. Eine Abfrage für alle; ohne Empfänger nichts."""
    if not inhalte:
        return []
    if partei == vh.BUND:
        bedingung = col(Benutzer.rolle) == vh.BUND
    elif partei == vh.LAND:
        bedingung = (col(Benutzer.rolle) == vh.LAND) & col(Benutzer.land_code).in_(
            {t.land_code for t, *_ in inhalte}
        )
    else:
        bedingung = (col(Benutzer.rolle) == vh.TRAEGER) & col(Benutzer.traeger_ags).in_(
            [t.ags for t, *_ in inhalte]
        )
    benutzer = list(
        session.scalars(
            select(Benutzer)
            .where(bedingung, col(Benutzer.aktiv).is_(True))
            .order_by(col(Benutzer.email), col(Benutzer.id))
        )
    )
    nachrichten = []
    for t, betreff, text, pfad in inhalte:
        partei_benutzer = [
            b
            for b in benutzer
            if partei == vh.BUND
            or (b.land_code == t.land_code if partei == vh.LAND else b.traeger_ags == t.ags)
        ]
        hinterlege(
            session,
            [gespeicherte_id(b.id) for b in partei_benutzer],
            Inhalt(art, betreff, text, pfad),
            jetzt,
        )
        an = [b.email for b in partei_benutzer if b.email]
        if an:
            nachrichten.append(Nachricht(an, betreff, text, pfad))
    return nachrichten
