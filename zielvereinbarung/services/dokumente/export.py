"""Vereinbarungsdokumente für die Kommandozeile: die neueste Version exportieren und alle
Versionen auflisten (`flask zv dokument export|liste`). Ohne Akteur: die Kommandozeile ist dem
Betrieb vorbehalten."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from ...fehler import NichtGefunden
from ...models import Dokument, Land, Traeger, Zielvereinbarung
from ...models.ids import gespeicherte_id
from ..ablage import Ablage
from .dokument import DokumentVersion, ansicht, neueste
from .einstellungen import DokumentEinstellungen


def exportiere(
    session: Session,
    einst: DokumentEinstellungen,
    ags: str | None,
    jahr: int,
    aenderung: int | None = None,
    bund_land: str | None = None,
) -> tuple[DokumentVersion, bytes]:
    """Die neueste Version des Dokuments der ursprünglichen Vereinbarung `ags`/`jahr` bzw. ihrer
    Änderungsvereinbarung Nr. `aenderung` – oder, mit `bund_land` statt `ags`, der Vereinbarung
    BMAS ↔ dieses Land (DOMAIN.md § 9; sie hat keinen AGS und keine Änderungsvereinbarungen)."""
    abfrage = select(Zielvereinbarung).where(col(Zielvereinbarung.jahr) == jahr)
    if bund_land is not None:
        abfrage = abfrage.where(
            col(Zielvereinbarung.ags).is_(None),
            col(Zielvereinbarung.land_code) == bund_land.upper(),
        )
        name = f"BMAS ↔ {bund_land.upper()}"
    else:
        abfrage = abfrage.where(col(Zielvereinbarung.ags) == ags)
        name = ags or ""
    if aenderung is None:
        abfrage = abfrage.where(col(Zielvereinbarung.aenderung_von_id).is_(None))
    else:
        abfrage = abfrage.where(col(Zielvereinbarung.aenderung_nr) == aenderung)
    v = session.scalars(abfrage).first()
    if v is None:
        art = f"Änderungsvereinbarung Nr. {aenderung} zur " if aenderung else ""
        wer = f"die Vereinbarung {name}" if bund_land is not None else f"den Träger {ags}"
        raise NichtGefunden(f"Für {wer} gibt es keine {art}Zielvereinbarung {jahr}.")
    d = neueste(session, gespeicherte_id(v.id))
    if d is None:
        raise NichtGefunden(
            f"Für die Zielvereinbarung {name}/{jahr} ist noch kein Dokument ausgestellt."
        )
    return ansicht(d, v), Ablage(einst.ablage).lies(d.pfad, d.sha256)


def liste(session: Session, land_code: str | None = None) -> list[dict]:
    """Alle Versionen (für `flask zv dokument liste --json`), nach AGS, Jahr, Version."""
    abfrage = (
        select(Dokument, Zielvereinbarung, Traeger)
        .join(Zielvereinbarung, col(Zielvereinbarung.id) == col(Dokument.vereinbarung_id))
        .join(Traeger, col(Traeger.ags) == col(Zielvereinbarung.ags))
        .order_by(
            col(Zielvereinbarung.ags),
            col(Zielvereinbarung.jahr),
            col(Zielvereinbarung.id),
            col(Dokument.version),
        )
    )
    if land_code:
        if session.get(Land, land_code.upper()) is None:
            raise NichtGefunden(f"Das Land „{land_code}“ gibt es nicht.")
        abfrage = abfrage.where(col(Traeger.land_code) == land_code.upper())
    return [
        {
            "vereinbarung_id": v.id,
            "ags": v.ags,
            "traeger": t.name,
            "land": t.land_code,
            "jahr": v.jahr,
            "aenderung_nr": v.aenderung_nr,
            "version": d.version,
            "status": d.status,
            "sha256": d.sha256,
            "inhalt_sha256": d.inhalt_sha256,
            "signaturen": d.signaturen,
            "groesse": d.groesse,
            "herkunft": d.herkunft,
            "unterzeichner": d.unterzeichner,
            "erstellt_am": d.erstellt_am.isoformat(),
            "erstellt_von": d.erstellt_von,
            "pfad": d.pfad,
        }  # fmt: skip
        for d, v, t in session.execute(abfrage).tuples()
    ]
