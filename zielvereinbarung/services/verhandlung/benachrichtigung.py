"""Benachrichtigungen über Schritte der Verhandlung (Text und Empfänger; versendet werden sie
vom Aufrufer nach dem Commit mit `zielvereinbarung.mail.sende_nachrichten`).

Empfänger sind die aktiven Benutzer mit E-Mail-Adresse der Partei, die nach dem Schritt am Zug
ist – ist das die handelnde Partei selbst (z. B. nach „Gegenvorschlag annehmen“ unterzeichnet
der Träger als Nächster) oder niemand, erfährt es die Gegenseite. Partei `land`: Benutzer mit
Rolle `land` des Landes des Trägers; Partei `traeger`: Benutzer mit Rolle `traeger` des Trägers.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ...domain import verhandlung as vh
from ...mail import Nachricht
from ...models import Benutzer, Revision, Traeger, Zielvereinbarung


def aktionsnachrichten(
    session: Session,
    v: Zielvereinbarung,
    traeger: Traeger,
    aktion: vh.Aktion,
    rolle: str,
    akteur: str,
    rev: Revision | None,
) -> list[Nachricht]:
    """Die Nachricht(en) nach einem Schritt `aktion` der Partei `rolle` (Vereinbarung im neuen
    Zustand)."""
    empfaenger = v.am_zug if v.am_zug and v.am_zug != rolle else vh.gegenseite(rolle)
    nummer = f" (Revision {rev.nummer})" if rev else ""
    stand = vh.zustand_bezeichnung(v.zustand)
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
        session, empfaenger, [(traeger, betreff, text, f"/vereinbarungen/{v.id}")]
    )


def nachrichten_an(
    session: Session, partei: str, inhalte: list[tuple[Traeger, str, str, str | None]]
) -> list[Nachricht]:
    """Je (Träger, Betreff, Text, Pfad) eine Nachricht an die aktiven Benutzer mit E-Mail der
    Partei: Rolle `land` des Landes des Trägers bzw. Rolle `traeger` des Trägers. Eine Abfrage
    für alle; ohne Empfänger keine Nachricht."""
    if not inhalte:
        return []
    if partei == vh.LAND:
        bedingung = (Benutzer.rolle == vh.LAND) & Benutzer.land_code.in_(
            {t.land_code for t, *_ in inhalte}
        )
    else:
        bedingung = (Benutzer.rolle == vh.TRAEGER) & Benutzer.traeger_ags.in_(
            [t.ags for t, *_ in inhalte]
        )
    benutzer = list(
        session.execute(
            select(Benutzer)
            .where(
                bedingung,
                Benutzer.aktiv.is_(True),
                Benutzer.email.is_not(None),
                Benutzer.email != "",
            )
            .order_by(Benutzer.email)
        ).scalars()
    )
    nachrichten = []
    for t, betreff, text, pfad in inhalte:
        an = [
            b.email
            for b in benutzer
            if (b.land_code == t.land_code if partei == vh.LAND else b.traeger_ags == t.ags)
        ]
        if an:
            nachrichten.append(Nachricht(an, betreff, text, pfad))
    return nachrichten
