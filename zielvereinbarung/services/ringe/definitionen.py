"""Eigene Basiszahlen und Kennzahlen eines Rings (DOMAIN.md § 11) anlegen und ändern – durch die
Koordination des Rings oder die Administration (`verwaltung.pruefe_verwaltungsrecht`).

Die Formel einer Kennzahl wird beim Speichern geparst und gegen die Basiszahlen des Rings geprüft
(`domain.ringe.pruefe_kennzahl`; Fehler mit Stelle). Werte eigener Basiszahlen werden nie
gelöscht: Code und Einheit einer Basiszahl mit Werten sind fest; die Formel einer Version ist fest
(eine Änderung ist eine neue Version). Jede Änderung steht im Audit-Protokoll; flush, nie commit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from ...domain.berechtigung import Akteur
from ...domain.ringe import (
    BASISZAHL_EINHEITEN,
    Zeitraum,
    pruefe_basiszahl_code,
    pruefe_kennzahl,
    pruefe_obergrenze,
    ueberschneiden,
)
from ...models.ring import Ring, RingBasiszahl, RingKennzahl, RingWert
from ..audit.kette import protokolliere
from .daten import basiszahlen, lade_ring, namensraum
from .verwaltung import OBJEKT, Eingabefehler, pruefe_verwaltungsrecht


def speichere_basiszahl(
    session: Session,
    ring_id: int,
    code: str,
    name: str,
    einheit: str,
    kategorie: str,
    beschreibung: str,
    obergrenze: str | None,
    akteur: Akteur,
    jetzt: datetime,
) -> RingBasiszahl:
    """Neue eigene Basiszahl anlegen oder eine bestehende (gleicher Code im Ring) ändern."""
    pruefe_verwaltungsrecht(akteur, ring_id)
    lade_ring(session, ring_id)
    code = (code or "").strip()
    obergrenze = (obergrenze or "").strip() or None
    eigene = basiszahlen(session, ring_id)
    bestehend = next((b for b in eigene if b.code == code), None)
    fehler: dict[str, str] = {}
    if bestehend is None:
        if meldung := pruefe_basiszahl_code(code):
            fehler["code"] = meldung
        elif (
            anderer := session.execute(
                select(col(Ring.name))
                .join(RingBasiszahl, col(RingBasiszahl.ring_id) == col(Ring.id))
                .where(col(RingBasiszahl.code) == code)
            ).scalar()
        ) is not None:
            fehler["code"] = (
                f"Den Code „{code}“ verwendet schon der Ring „{anderer}“ (Codes sind "
                "Importspalten und deshalb über alle Ringe eindeutig)."
            )
    if not (name or "").strip() or len(name) > 120:
        fehler["name"] = "Bitte einen Namen mit höchstens 120 Zeichen angeben."
    if einheit not in BASISZAHL_EINHEITEN:
        fehler["einheit"] = "Bitte eine Einheit wählen (Anzahl, Euro, Anteil)."
    elif bestehend is not None and einheit != bestehend.einheit and _hat_werte(session, bestehend):
        fehler["einheit"] = "Die Einheit einer Basiszahl mit Werten lässt sich nicht mehr ändern."
    if meldung := pruefe_obergrenze(code, obergrenze, [b.code for b in eigene]):
        fehler["obergrenze"] = meldung
    if len(kategorie or "") > 60:
        fehler["kategorie"] = "Die Kategorie darf höchstens 60 Zeichen haben."
    if fehler:
        raise Eingabefehler(fehler)
    basiszahl = bestehend or RingBasiszahl(ring_id=ring_id, code=code, name="", einheit=einheit)
    basiszahl.name, basiszahl.einheit = name.strip(), einheit
    basiszahl.kategorie, basiszahl.beschreibung = (kategorie or "").strip(), beschreibung or ""
    basiszahl.obergrenze = obergrenze
    session.add(basiszahl)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "ring_basiszahl",
        OBJEKT,
        ring_id,
        {"code": code, "einheit": einheit, "neu": bestehend is None},
        jetzt,
    )
    return basiszahl


def _hat_werte(session: Session, basiszahl: RingBasiszahl) -> bool:
    return bool(
        session.execute(
            select(func.count())
            .select_from(RingWert)
            .where(col(RingWert.basiszahl_id) == basiszahl.id)
        ).scalar()
    )


def speichere_kennzahl(
    session: Session,
    ring_id: int,
    werte: dict,
    akteur: Akteur,
    jetzt: datetime,
) -> RingKennzahl:
    """Eine neue Kennzahl (Version 1) oder eine neue Version einer bestehenden anlegen.

    `werte`: code, name, kategorie, einheit, richtung, formel, gueltig_ab, gueltig_bis (date |
    None), ba_unterschied. Die Formel wird geparst und gegen den Namensraum des Rings geprüft.
    """
    pruefe_verwaltungsrecht(akteur, ring_id)
    lade_ring(session, ring_id)
    code = (werte.get("code") or "").strip()
    versionen = list(
        session.scalars(
            select(RingKennzahl).where(
                col(RingKennzahl.ring_id) == ring_id, col(RingKennzahl.code) == code
            )
        )
    )
    version = max((k.version for k in versionen), default=0) + 1
    fehler, _ = pruefe_kennzahl(
        code,
        werte.get("name") or "",
        werte.get("kategorie") or "",
        werte.get("einheit") or "",
        werte.get("richtung") or "",
        werte.get("formel") or "",
        werte.get("gueltig_ab"),
        werte.get("gueltig_bis"),
        namensraum(basiszahlen(session, ring_id)),
        [Zeitraum(k.version, k.gueltig_ab, k.gueltig_bis) for k in versionen],
        version,
    )
    if fehler:
        raise Eingabefehler(fehler)
    kennzahl = RingKennzahl(
        ring_id=ring_id,
        code=code,
        version=version,
        name=werte["name"].strip(),
        kategorie=werte["kategorie"],
        einheit=werte["einheit"],
        richtung=werte["richtung"],
        formel=werte["formel"].strip(),
        gueltig_ab=werte["gueltig_ab"],
        gueltig_bis=werte.get("gueltig_bis"),
        ba_unterschied=(werte.get("ba_unterschied") or "").strip(),
    )
    session.add(kennzahl)
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "ring_kennzahl",
        OBJEKT,
        ring_id,
        {"code": code, "version": version, "formel": kennzahl.formel},
        jetzt,
    )
    return kennzahl


def beende_kennzahl(
    session: Session,
    ring_id: int,
    kennzahl_id: int,
    gueltig_bis: date | None,
    ba_unterschied: str,
    akteur: Akteur,
    jetzt: datetime,
) -> RingKennzahl:
    """„Gültig bis“ und den Hinweis zur BA-Definition einer Version ändern (die Formel nie)."""
    pruefe_verwaltungsrecht(akteur, ring_id)
    kennzahl = session.get(RingKennzahl, kennzahl_id)
    if kennzahl is None or kennzahl.ring_id != ring_id:
        raise Eingabefehler({"kennzahl": "Diese Kennzahl gehört nicht zu diesem Ring."})
    if gueltig_bis is not None and gueltig_bis < kennzahl.gueltig_ab:
        raise Eingabefehler({"gueltig_bis": "„Gültig bis“ liegt vor „gültig ab“."})
    andere = session.scalars(
        select(RingKennzahl).where(
            col(RingKennzahl.ring_id) == ring_id,
            col(RingKennzahl.code) == kennzahl.code,
            col(RingKennzahl.id) != kennzahl.id,
        )
    )
    neu = Zeitraum(kennzahl.version, kennzahl.gueltig_ab, gueltig_bis)
    for anderer in andere:
        if ueberschneiden(neu, Zeitraum(anderer.version, anderer.gueltig_ab, anderer.gueltig_bis)):
            raise Eingabefehler(
                {
                    "gueltig_bis": "Der Zeitraum überschneidet sich dann mit Version "
                    f"{anderer.version}."
                }
            )
    kennzahl.gueltig_bis = gueltig_bis
    kennzahl.ba_unterschied = (ba_unterschied or "").strip()
    session.flush()
    protokolliere(
        session,
        akteur.benutzername,
        "ring_kennzahl_aendern",
        OBJEKT,
        ring_id,
        {"code": kennzahl.code, "version": kennzahl.version, "gueltig_bis": str(gueltig_bis)},
        jetzt,
    )
    return kennzahl
