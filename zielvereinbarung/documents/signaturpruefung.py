"""PDF-Dateien lesen und alle Signaturen prüfen (pyHanko, ohne Flask und Datenbank).

Die einzelne Signatur prüft `signaturbefund`; hier kommt hinzu, was nur im Zusammenhang gilt:
- eine Signatur, nach der noch eine weitere Signatur kam, darf danach nur Formularausfüllen
  (die weitere Signatur) und Prüfdaten sehen (Änderungsstufe ≤ 2);
- nach der **letzten** Signatur und nach jedem Dokumentzeitstempel ohne spätere Signatur sind
  nur Prüfdaten (DSS/VRI) und Dokumentzeitstempel erlaubt (Stufe ≤ 1); jede andere Änderung
  (Info-Verzeichnis, XMP, zusätzliche Objekte, Anmerkungen, Seiteninhalt) macht das Dokument
  ungültig;
- hinter der letzten PDF-Revision darf nichts als Zeilenende stehen (angehängte Bytes).

`lies_pdf` wirft `PdfFehler` mit einer deutschen Meldung für Nicht-PDFs, abgeschnittene,
beschädigte, verschlüsselte Dateien und Dateien, deren Datenströme beim Entpacken die Grenzen
aus `vertrauen.grenzen()` sprengen.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from . import objektstroeme
from .signaturbefund import SIGNATUR, ZEITSTEMPEL, SignaturBefund, pruefe_eintrag, unlesbar
from .vertrauen import MAX_STROM, grenzen

for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

JSON_NAME = "zielvereinbarung.json"
MAX_JSON = 4 * 1024 * 1024
_DATEIENDE = re.compile(rb"\s*(endobj\s*)?startxref\s+\d+\s+%%EOF\s{0,4}\Z")
ZU_GROSS = (
    f"Ein Datenstrom der PDF-Datei ist entpackt größer als erlaubt (höchstens "
    f"{MAX_STROM // 2**20} MB je Strom); die Datei wird nicht verarbeitet."
)

__all__ = ["SIGNATUR", "ZEITSTEMPEL", "SignaturBefund"]


class PdfFehler(Exception):
    def __init__(self, meldung: str):
        super().__init__(meldung)
        self.meldung = meldung


@dataclass(frozen=True)
class PdfBefund:
    groesse: int
    sha256: str
    pdf_revisionen: int
    signaturen: tuple[SignaturBefund, ...]  # Signaturen und Dokumentzeitstempel, in Reihenfolge
    inhalt_json: bytes | None = field(repr=False, default=None)
    maengel: tuple[str, ...] = ()  # Mängel des Dokuments als Ganzes

    @property
    def unterschriften(self) -> tuple[SignaturBefund, ...]:
        return tuple(s for s in self.signaturen if s.art == SIGNATUR)

    @property
    def alle_in_ordnung(self) -> bool:
        """Mindestens eine Signatur, jede (und jeder Zeitstempel) in Ordnung, keine Mängel."""
        return (
            bool(self.unterschriften)
            and all(s.in_ordnung for s in self.signaturen)
            and not self.maengel
        )


def lies_pdf(daten: bytes):
    """Ein `PdfFileReader` oder `PdfFehler` (kein PDF, abgeschnitten, beschädigt, verschlüsselt)."""
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError
    from pyhanko.pdf_utils.reader import PdfFileReader

    objektstroeme.beschleunige()

    if not daten.lstrip()[:5] == b"%PDF-":
        raise PdfFehler("Die Datei ist kein PDF-Dokument.")
    if b"%%EOF" not in daten[-1024:]:
        raise PdfFehler(
            "Die PDF-Datei ist unvollständig (abgeschnitten): das Dateiende fehlt. Bitte laden "
            "Sie die vollständige Datei hoch."
        )
    try:
        leser = PdfFileReader(io.BytesIO(daten), strict=False, decode_limits=grenzen())
        verschluesselt = leser.encrypted
        _ = leser.root  # liest Katalog und Querverweise
        _ = leser.xrefs.total_revisions
    except PdfDecodeLimitError:
        raise PdfFehler(ZU_GROSS) from None
    except Exception:
        raise PdfFehler("Die PDF-Datei ist beschädigt und lässt sich nicht lesen.") from None
    if verschluesselt:
        raise PdfFehler(
            "Die PDF-Datei ist verschlüsselt oder kennwortgeschützt. Bitte laden Sie sie ohne "
            "Verschlüsselung hoch."
        )
    return leser


def eingebettete_datei(leser, name: str, hoechstens: int | None = None) -> bytes | None:
    """Inhalt der eingebetteten Datei `name` (Namensbaum /EmbeddedFiles), sonst None;
    `PdfFehler`, wenn sie entpackt größer als `hoechstens` bzw. die Dekodiergrenzen ist."""
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError

    try:
        wurzel = leser.root["/Names"]["/EmbeddedFiles"]
    except (KeyError, TypeError):
        return None
    offen, gesehen = [wurzel], 0
    while offen and gesehen < 10_000:
        gesehen += 1
        knoten = offen.pop()
        knoten = knoten.get_object() if hasattr(knoten, "get_object") else knoten
        for kind in knoten.get("/Kids", []):
            offen.append(kind.get_object())
        paare = list(knoten.get("/Names", []))
        for schluessel, spec in zip(paare[::2], paare[1::2], strict=False):
            if str(schluessel) != name:
                continue
            try:
                daten = spec.get_object()["/EF"]["/F"].get_object().data
            except PdfDecodeLimitError:
                raise PdfFehler(_zu_gross(name, hoechstens)) from None
            except (KeyError, TypeError, AttributeError):
                return None
            except Exception:
                raise PdfFehler(f"Die eingebettete Datei „{name}“ ist beschädigt.") from None
            if hoechstens is not None and len(daten) > hoechstens:
                raise PdfFehler(_zu_gross(name, hoechstens))
            return daten
    return None


def _zu_gross(name: str, hoechstens: int | None) -> str:
    grenze = (hoechstens or MAX_STROM) / 2**20
    return (
        f"Die eingebettete Datei „{name}“ ist entpackt größer als erlaubt (höchstens "
        f"{grenze:g} MB); die Datei wird nicht verarbeitet."
    )


def lade_anker(dateien: list[Path]) -> list:
    """Vertrauensanker (asn1crypto-Zertifikate) aus PEM/DER-Dateien; unlesbare übersprungen."""
    from pyhanko.keys import load_certs_from_pemder

    anker = []
    for datei in dateien:
        try:
            anker += list(load_certs_from_pemder([str(datei)]))
        except Exception:
            logging.getLogger(__name__).warning("Vertrauensanker nicht lesbar: %s", datei)
    return anker


def pruefe_signaturen(
    daten: bytes,
    anker: list,
    zeitpunkt: datetime | None = None,
    zeitpunkte_db: Mapping[int, datetime] | None = None,
) -> PdfBefund:
    """Alle Signaturen und Dokumentzeitstempel prüfen (Regeln im Modulkopf und in
    `signaturbefund`). `zeitpunkte_db`: n-te Signatur (ab 1) → Zeitpunkt laut Datenbank;
    `zeitpunkt`: Prüfzeitpunkt für Signaturen ohne Zeitstempel und ohne Datenbankzeit."""
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError

    leser = lies_pdf(daten)
    try:
        befunde = _pruefe_alle(leser, anker, zeitpunkt, zeitpunkte_db or {})
        inhalt = eingebettete_datei(leser, JSON_NAME, MAX_JSON)
    except PdfDecodeLimitError:
        raise PdfFehler(ZU_GROSS) from None
    maengel = []
    if not _endet_sauber(leser, daten):
        maengel.append(
            "Die Datei wurde nach der letzten Signatur verändert: hinter dem Ende des "
            "unterzeichneten Dokuments steht zusätzlicher Inhalt."
        )
    return PdfBefund(
        groesse=len(daten),
        sha256=hashlib.sha256(daten).hexdigest(),
        pdf_revisionen=leser.xrefs.total_revisions,
        signaturen=tuple(_bewerte_stellung(befunde)),
        inhalt_json=inhalt,
        maengel=tuple(maengel),
    )


def _pruefe_alle(leser, anker, zeitpunkt, zeitpunkte_db) -> list[SignaturBefund]:
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    lesbar: list[tuple[str, EmbeddedPdfSignature]] = []
    kaputt: list[tuple[str, str]] = []
    for name, _wert, feld_ref in enumerate_sig_fields(leser, filled_status=True):
        try:
            lesbar.append((name, EmbeddedPdfSignature(leser, feld_ref, name)))
        except Exception as fehler:  # kaputter Container, fehlender /ByteRange …
            kaputt.append((name, f"Die Signatur ist nicht lesbar ({type(fehler).__name__})."))
    lesbar.sort(key=lambda e: e[1].signed_revision)
    befunde, nummer = [], 0
    for name, sig in lesbar:
        if sig.sig_object_type != "/DocTimeStamp":
            nummer += 1
        zeit = zeitpunkte_db.get(nummer) if sig.sig_object_type != "/DocTimeStamp" else None
        befunde.append(pruefe_eintrag(name, sig, anker, leser, zeit or zeitpunkt))
    befunde += [unlesbar(name, grund) for name, grund in kaputt]
    return befunde


def _bewerte_stellung(befunde: list[SignaturBefund]) -> list[SignaturBefund]:
    """Erlaubte Änderungen nach jeder Signatur je nach Stellung (Modulkopf)."""
    letzte_signatur = max(
        (b.pdf_revision for b in befunde if b.art == SIGNATUR and b.pdf_revision >= 0), default=-1
    )
    ergebnis = []
    for b in befunde:
        if b.pdf_revision < 0 or b.aenderung is None:
            ergebnis.append(replace(b, ganzes_dokument=False, abdeckung="nicht prüfbar"))
            continue
        spaeter_signiert = b.pdf_revision < letzte_signatur
        erlaubt = 2 if spaeter_signiert else 1
        ok = b.aenderung <= erlaubt
        if not ok:
            text = "danach verändert"
            maengel = (*b.maengel, "Nach dieser Signatur wurde das Dokument verändert ("
                       + ("mehr als weitere Signaturen" if spaeter_signiert
                          else "mehr als Prüfdaten und Zeitstempel") + ").")  # fmt: skip
        else:
            text = {
                0: "ganze Datei",
                1: "ganze Datei; danach nur Prüfdaten/Zeitstempel",
                2: "ganze PDF-Revision; danach nur weitere Signaturen",
            }[b.aenderung]
            maengel = b.maengel
        ergebnis.append(replace(b, ganzes_dokument=ok, abdeckung=text, maengel=maengel))
    return ergebnis


def _endet_sauber(leser, daten: bytes) -> bool:
    """Nach dem Querverweisteil der letzten PDF-Revision nur `startxref`, `%%EOF`, Zeilenende."""
    xrefs = leser.xrefs
    ende = xrefs.get_xref_container_info(xrefs.total_revisions - 1).end_location
    return bool(_DATEIENDE.match(daten, ende))


def nur_signaturen_hinzugefuegt(daten: bytes, basis_pdf_revisionen: int) -> tuple[bool, set[str]]:
    """Hat alles nach den ersten `basis_pdf_revisionen` Revisionen nur Signaturen (und
    Formularwerte, Prüfdaten) hinzugefügt? (ja/nein, geänderte Formularfelder)"""
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

    from .aenderungen import strenge_politik

    leser = lies_pdf(daten)
    try:
        ergebnis = strenge_politik().review_file(leser, basis_pdf_revisionen - 1)
    except Exception:
        return False, set()
    if not isinstance(ergebnis, DiffResult):
        return False, set()
    return ergebnis.modification_level <= ModificationLevel.FORM_FILLING, set(
        ergebnis.changed_form_fields
    )


def anzahl_pdf_revisionen(daten: bytes) -> int:
    return lies_pdf(daten).xrefs.total_revisions
