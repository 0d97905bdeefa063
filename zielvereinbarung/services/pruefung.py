"""Ein PDF prüfen (für `flask zv verify` und die Seite „Dokument prüfen“): jede Signatur
(Unterzeichner, Zeit, gültig, ganzes Dokument, vertrauenswürdig) und zu welcher Vereinbarung
und Revision es gehört.

Zuordnung: zuerst über den SHA-256 der Datei (eine Fassung der Dokumentablage), sonst über die
eingebettete `zielvereinbarung.json`; stimmt deren SHA-256 mit dem vereinbarten Inhalt in der
Datenbank überein, ist die Zuordnung bestätigt. Angaben aus der Datenbank (Fassung, Zustand)
sieht nur, wer die Vereinbarung auch sonst sehen darf; was in der Datei selbst steht, sieht
jeder, der sie hochlädt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from ..documents.signaturpruefung import (
    PdfBefund,
    PdfFehler,
    SignaturBefund,
    lade_anker,
    pruefe_signaturen,
)
from ..domain.berechtigung import darf_traeger_sehen
from ..domain.verhandlung import zustand_bezeichnung
from ..models import Dokument, Traeger, Zielvereinbarung
from .dokument_einstellungen import DokumentEinstellungen
from .verhandlung_lesen import Akteur


@dataclass(frozen=True)
class Zuordnung:
    ags: str
    traeger: str
    jahr: int
    revision_nummer: int | None
    inhalt_sha256: str | None
    vereinbarung_id: int | None = None  # nur mit Leserecht
    version: int | None = None  # Fassung der Dokumentablage, wenn die Datei genau eine ist
    zustand: str | None = None  # nur mit Leserecht
    bestaetigt: bool = False  # Inhalt stimmt mit der Datenbank überein
    quelle: str = "eingebettete Daten"


@dataclass(frozen=True)
class Pruefbericht:
    groesse: int
    sha256: str
    signaturen: tuple[SignaturBefund, ...] = ()
    zuordnung: Zuordnung | None = None
    fehler: str | None = None  # Datei nicht lesbar (kein PDF, verschlüsselt …)
    hinweise: tuple[str, ...] = field(default_factory=tuple)

    @property
    def in_ordnung(self) -> bool:
        """Mindestens eine Signatur, jede gültig, intakt und das ganze Dokument abdeckend."""
        return (
            self.fehler is None
            and bool(self.signaturen)
            and all(s.in_ordnung for s in self.signaturen)
        )


def pruefe_datei(
    session: Session,
    einst: DokumentEinstellungen,
    daten: bytes,
    jetzt: datetime,
    akteur: Akteur | None = None,
) -> Pruefbericht:
    """Die Datei prüfen; `akteur` None heißt: Kommandozeile (sieht alles)."""
    sha = hashlib.sha256(daten).hexdigest()
    try:
        befund = pruefe_signaturen(daten, lade_anker(einst.anker_dateien()), jetzt)
    except PdfFehler as fehler:
        return Pruefbericht(len(daten), sha, fehler=fehler.meldung)
    hinweise = []
    if not befund.signaturen:
        hinweise.append("Das Dokument enthält keine Signatur.")
    zuordnung = _zuordnung(session, befund, akteur)
    if zuordnung is None:
        hinweise.append("Das Dokument lässt sich keiner Zielvereinbarung zuordnen.")
    elif not zuordnung.bestaetigt:
        hinweise.append(
            "Die eingebetteten Werte stimmen mit keiner Vereinbarung der Datenbank überein."
        )
    return Pruefbericht(len(daten), sha, befund.signaturen, zuordnung, None, tuple(hinweise))


def _darf(akteur: Akteur | None, traeger: Traeger) -> bool:
    return akteur is None or darf_traeger_sehen(akteur, traeger.ags, traeger.land_code)


def _zuordnung(session: Session, befund: PdfBefund, akteur: Akteur | None) -> Zuordnung | None:
    gespeichert = (
        session.execute(
            select(Dokument).where(Dokument.sha256 == befund.sha256).order_by(Dokument.id)
        )
        .scalars()
        .first()
    )
    inhalt = _json(befund.inhalt_json)
    if gespeichert is not None:
        v = session.get(Zielvereinbarung, gespeichert.vereinbarung_id)
        traeger = session.get(Traeger, v.ags)
        darf = _darf(akteur, traeger)
        return Zuordnung(
            traeger.ags, traeger.name, v.jahr,
            (inhalt or {}).get("revision", {}).get("nummer"), gespeichert.inhalt_sha256,
            v.id if darf else None, gespeichert.version if darf else None,
            zustand_bezeichnung(v.zustand) if darf else None, True, "Dokumentablage",
        )  # fmt: skip
    if inhalt is None:
        return None
    inhalt_sha = hashlib.sha256(befund.inhalt_json).hexdigest()
    try:
        ags, jahr = str(inhalt["ags"]), int(inhalt["jahr"])
        nummer = (inhalt.get("revision") or {}).get("nummer")
    except (KeyError, TypeError, ValueError):
        return None
    passend = session.execute(
        select(Dokument, Zielvereinbarung)
        .join(Zielvereinbarung, Zielvereinbarung.id == Dokument.vereinbarung_id)
        .where(
            Dokument.inhalt_sha256 == inhalt_sha,
            Zielvereinbarung.ags == ags,
            Zielvereinbarung.jahr == jahr,
        )  # fmt: skip
        .order_by(Dokument.id)
    ).first()
    if passend is None:
        return Zuordnung(ags, str(inhalt.get("traeger") or ags), jahr, nummer, inhalt_sha)
    _, v = passend
    traeger = session.get(Traeger, v.ags)
    darf = _darf(akteur, traeger)
    return Zuordnung(
        ags, traeger.name, jahr, nummer, inhalt_sha, v.id if darf else None, None,
        zustand_bezeichnung(v.zustand) if darf else None, True, "eingebettete Daten",
    )  # fmt: skip


def _json(roh: bytes | None) -> dict | None:
    if roh is None:
        return None
    try:
        wert = json.loads(roh)
    except ValueError:
        return None
    return wert if isinstance(wert, dict) else None
