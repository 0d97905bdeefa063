"""Langzeitprüfbarkeit unterzeichneter Dokumente: PAdES B-LTA (DOMAIN.md § 6a).

- `archiviere`: an die neueste, von beiden Parteien unterzeichnete Version werden die Prüfdaten
  aller Signaturen (Kette, OCSP/CRL, online geholt) und ein Dokumentzeitstempel des
  Zeitstempeldienstes (`ZV_TSA_URL`) angehängt – inkrementell, die Signaturen bleiben gültig.
  Das Ergebnis ist eine neue Version (`herkunft` = `archiv`, Status und Signaturenzahl wie
  vorher) und ein Audit-Eintrag.
- `faellige`: Vereinbarungen, deren neueste unterzeichnete Version noch keinen
  Dokumentzeitstempel hat oder deren letzter Dokumentzeitstempel mit einem Zertifikat signiert
  ist, das innerhalb von `vorlauf` abläuft. Der geplante Job `archivzeitstempel` erneuert sie.
Nur `flush()`, nie `commit()`.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from ...documents.signaturpruefung import PdfFehler, lade_anker
from ...documents.vertrauen import archivzeitstempel
from ...fehler import FachlicherFehler
from ...models import Dokument, Zielvereinbarung
from ...models.dokument import UNTERZEICHNET
from ...models.ids import gespeicherte_id
from ..ablage import Ablage
from ..audit.kette import protokolliere
from .dokument import neueste
from .einstellungen import DokumentEinstellungen

VORLAUF = timedelta(days=90)


def archiviere(
    session: Session, einst: DokumentEinstellungen, vereinbarung_id: int, akteur: str,
    jetzt: datetime,
) -> Dokument:  # fmt: skip
    """Prüfdaten und Dokumentzeitstempel an die neueste Version anhängen (Modulkopf)."""
    if not einst.tsa_url:
        raise FachlicherFehler(
            "Kein Zeitstempeldienst eingestellt (ZV_TSA_URL); ohne ihn gibt es keinen "
            "Archivzeitstempel."
        )
    v = session.get(Zielvereinbarung, vereinbarung_id)
    aktuell = neueste(session, vereinbarung_id) if v else None
    if v is None or aktuell is None or aktuell.status != UNTERZEICHNET:
        raise FachlicherFehler(
            "Einen Archivzeitstempel erhalten nur Dokumente, die Träger und Land unterzeichnet "
            "haben."
        )
    ablage = Ablage(einst.ablage)
    daten = ablage.lies(aktuell.pfad, aktuell.sha256)
    try:
        neu = archivzeitstempel(daten, einst.tsa_url, lade_anker(einst.anker_dateien()))
    except Exception as fehler:  # Netz, Zeitstempeldienst, Sperrauskunft
        raise FachlicherFehler(
            f"Der Archivzeitstempel für {v.ags}/{v.jahr} ließ sich nicht anbringen "
            f"({type(fehler).__name__}: {str(fehler)[:200]}); das Dokument ist unverändert."
        ) from None
    abgelegt = ablage.schreibe(neu)
    d = Dokument(
        vereinbarung_id=gespeicherte_id(v.id), version=aktuell.version + 1, status=aktuell.status,
        revision_id=aktuell.revision_id, sha256=abgelegt.sha256,
        inhalt_sha256=aktuell.inhalt_sha256, pfad=abgelegt.pfad, groesse=abgelegt.groesse,
        signaturen=aktuell.signaturen, herkunft="archiv", erstellt_am=jetzt,
        erstellt_von=akteur, vorgaenger_id=aktuell.id,
    )  # fmt: skip
    session.add(d)
    session.flush()
    protokolliere(session, akteur, "archivzeitstempel", "zielvereinbarung", v.id,
                  {"version": d.version, "sha256": d.sha256}, jetzt)  # fmt: skip
    return d


def zeitstempel_ablauf(daten: bytes) -> datetime | None:
    """Ablauf des Zertifikats des letzten Dokumentzeitstempels; None ohne Zeitstempel."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        leser = PdfFileReader(io.BytesIO(daten), strict=False)
        stempel = leser.embedded_timestamp_signatures
    except Exception as fehler:
        raise PdfFehler("Das gespeicherte Dokument ist nicht lesbar.") from fehler
    if not stempel:
        return None
    zert = stempel[-1].signer_cert
    return zert["tbs_certificate"]["validity"]["not_after"].native


def faellige(
    session: Session, einst: DokumentEinstellungen, jetzt: datetime, vorlauf: timedelta = VORLAUF
) -> list[int]:
    """Vereinbarungen, deren Archivzeitstempel fehlt oder bald abläuft (Modulkopf)."""
    ablage = Ablage(einst.ablage)
    ergebnis = []
    ids = session.scalars(
        select(col(Dokument.vereinbarung_id))
        .where(col(Dokument.status) == UNTERZEICHNET)
        .distinct()
    )
    for vid in sorted(set(ids)):
        d = neueste(session, vid)
        if d is None:  # es gibt ja eine unterzeichnete Version
            raise FachlicherFehler(f"Die Dokumente der Zielvereinbarung {vid} fehlen.")
        ablauf = zeitstempel_ablauf(ablage.lies(d.pfad, d.sha256))
        if ablauf is None or ablauf - vorlauf <= jetzt:
            ergebnis.append(vid)
    return ergebnis
