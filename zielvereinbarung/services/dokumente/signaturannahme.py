"""Prüfung eines extern signierten, hochgeladenen Dokuments (qualifizierte Signatur der Partei).

Angenommen wird nur das ausgestellte Dokument plus genau eine neue Signatur:
1. ein lesbares, unverschlüsseltes, vollständiges PDF;
2. die Datei beginnt Byte für Byte mit der aktuellen Version aus der Ablage und ist länger;
3. genau eine neue Signatur; ihr signierter Bereich beginnt bei Byte 0 und ihre Lücke (der
   Signaturcontainer) liegt hinter der aktuellen Version – die ausgestellte Datei ist also
   vollständig mitsigniert;
4. die Signatur ist gültig, deckt das ganze Dokument ab, das Zertifikat ist nicht abgelaufen und
   seine Kette endet in einem Vertrauensanker (`ZV_VERTRAUENSANKER`, Demo-CA);
5. nach der aktuellen Version kamen nur Signaturen/Formularwerte hinzu (pyHanko-Änderungs-
   analyse), und nicht in das Signaturfeld der anderen Partei;
6. trägt das Zertifikat eine Organisationskennung dieser Anwendung („ZV-…“), muss es die der
   signierenden Partei sein (persönliche qualifizierte Zertifikate haben keine).
Jede Ablehnung nennt den Grund auf Deutsch; geändert wird nichts.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session, col

from ...documents import signatur
from ...documents.pki import KENNUNG_PRAEFIX
from ...documents.signaturpruefung import (
    JSON_NAME,
    PdfFehler,
    SignaturBefund,
    anzahl_pdf_revisionen,
    eingebettete_datei,
    lade_anker,
    lies_pdf,
    nur_signaturen_hinzugefuegt,
    pruefe_signaturen,
)
from ...fehler import FachlicherFehler
from ...format import datum
from ...models import Dokument, Traeger, Zielvereinbarung
from ..verhandlung.lesen import Vertragspartner
from .einstellungen import DokumentEinstellungen
from .zertifikate import Organisation

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader

FELD_PARTEI = {signatur.FELD_TRAEGER: "des Trägers", signatur.FELD_LAND: "des Landes",
               signatur.FELD_BUND: "des BMAS"}  # fmt: skip


class Abgelehnt(FachlicherFehler):
    """Das hochgeladene Dokument wird nicht angenommen (Grund in `meldung`)."""


def _fremde_herkunft(
    session: Session, v: Zielvereinbarung, leser: PdfFileReader, daten: bytes
) -> str | None:
    """Beschreibung, wenn die Datei zu einer anderen Vereinbarung gehört, sonst None."""
    sha = hashlib.sha256(daten).hexdigest()
    bekannt = session.scalars(select(Dokument).where(col(Dokument.sha256) == sha)).first()
    if bekannt is not None and bekannt.vereinbarung_id != v.id:
        andere = session.get(Zielvereinbarung, bekannt.vereinbarung_id)
        if andere is None:  # Fremdschlüssel: es gibt sie
            return f"Nr. {bekannt.vereinbarung_id}"
        return f"{andere.ags or andere.land_code}/{andere.jahr} (Nr. {andere.id})"
    roh = eingebettete_datei(leser, JSON_NAME)
    if roh is None:
        return None
    try:
        inhalt = json.loads(roh)
        ags, jahr, nummer = inhalt["ags"], inhalt["jahr"], inhalt.get("vereinbarung_id")
    except (ValueError, KeyError, TypeError):
        return None
    if (ags, jahr) != (v.ags, v.jahr) or (nummer is not None and nummer != v.id):
        traeger = inhalt.get("traeger") or ags or inhalt.get("land")
        kennung = f" ({ags})" if ags else ""  # ohne AGS: Vereinbarung BMAS ↔ Land
        return f"{traeger}{kennung}, Jahr {jahr}" + (f", Nr. {nummer}" if nummer else "")
    return None


def pruefe_hochgeladen(
    session: Session,
    einst: DokumentEinstellungen,
    v: Zielvereinbarung,
    traeger: Traeger | Vertragspartner,
    aktuell: Dokument,
    basis: bytes,
    daten: bytes,
    feld: str,
    org: Organisation,
    jetzt: datetime,
) -> SignaturBefund:
    """Die neue Signatur, wenn alle Regeln des Modulkopfs erfüllt sind; sonst `Abgelehnt`."""
    try:
        leser = lies_pdf(daten)
    except PdfFehler as fehler:
        raise Abgelehnt(fehler.meldung) from None
    if not daten.startswith(basis):
        fremd = _fremde_herkunft(session, v, leser, daten)
        if fremd:
            raise Abgelehnt(
                f"Diese PDF-Datei gehört zu einer anderen Zielvereinbarung ({fremd}), nicht zu "
                f"{traeger.name}, Jahr {v.jahr}."
            )
        raise Abgelehnt(
            f"Die Datei ist nicht das ausgestellte Dokument (Version {aktuell.version}) mit "
            "angehängter Signatur: sie beginnt nicht Byte für Byte mit der ausgestellten Datei. "
            "Bitte signieren Sie genau die heruntergeladene Version, ohne sie neu zu speichern, "
            "zu drucken oder umzuwandeln."
        )
    if len(daten) == len(basis):
        raise Abgelehnt("Die Datei enthält keine neue Signatur (sie ist unverändert).")
    befund = pruefe_signaturen(daten, lade_anker(einst.anker_dateien()), jetzt)
    neue = [s for s in befund.signaturen if s.ende > len(basis) or s.pdf_revision < 0]
    if not neue:
        raise Abgelehnt("Die Datei enthält keine neue Signatur.")
    if len(neue) > 1:
        raise Abgelehnt(f"Erwartet wird genau eine neue Signatur, die Datei enthält {len(neue)}.")
    neu = neue[0]
    alt = [s for s in befund.signaturen if s is not neu]
    if len(alt) != aktuell.signaturen or not all(s.in_ordnung for s in alt):
        raise Abgelehnt("Die bisherigen Signaturen des Dokuments sind nicht mehr gültig.")
    br = neu.byte_range
    if len(br) != 4 or br[0] != 0 or br[1] < len(basis):
        raise Abgelehnt(
            "Die neue Signatur deckt das ausgestellte Dokument nicht vollständig Byte für Byte ab."
        )
    if not neu.gueltig:
        raise Abgelehnt("Die neue Signatur ist ungültig: " + " ".join(neu.hinweise))
    if not neu.ganzes_dokument:
        raise Abgelehnt(
            "Die neue Signatur deckt nicht das ganze Dokument ab: nach der Signatur wurde die "
            "Datei verändert."
        )
    bis = neu.zertifikat_gueltig_bis
    if bis is not None and jetzt > bis:
        raise Abgelehnt(
            f"Das Zertifikat von „{neu.unterzeichner}“ ist abgelaufen (gültig bis {datum(bis)})."
        )
    if not neu.vertrauenswuerdig:
        raise Abgelehnt(
            f"Das Zertifikat von „{neu.unterzeichner}“ ist {neu.vertrauen} (geprüft gegen die "
            "konfigurierten Vertrauensanker und die im Dokument eingebetteten Sperrauskünfte)."
        )
    kennung = neu.organisationskennung
    if kennung and kennung.startswith(KENNUNG_PRAEFIX) and kennung != org.kennung:
        raise Abgelehnt(
            f"Das Zertifikat gehört zu einer anderen Organisation ({kennung}), nicht zu {org.name}."
        )
    paar = (
        (signatur.FELD_LAND, signatur.FELD_BUND)  # BMAS ↔ Land
        if v.ags is None
        else (signatur.FELD_TRAEGER, signatur.FELD_LAND)
    )
    andere = next(f for f in paar if f != feld)
    if neu.feld == andere:
        raise Abgelehnt(f"Die Signatur steht im Unterschriftsfeld {FELD_PARTEI[andere]}.")
    nur_signaturen, felder = nur_signaturen_hinzugefuegt(daten, anzahl_pdf_revisionen(basis))
    if not nur_signaturen:
        raise Abgelehnt(
            "Die Datei enthält außer der Signatur weitere Änderungen am ausgestellten Dokument."
        )
    if andere in felder:
        raise Abgelehnt(f"Das Unterschriftsfeld {FELD_PARTEI[andere]} wurde verändert.")
    return neu
