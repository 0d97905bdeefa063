"""Ansichtsmodelle für Vorschau und Ergebnis eines Uploads (fertige deutsche Texte)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ...format import zahl
from ...services.basiszahlen.importer import ImportAbgelehnt, ImportErgebnis

MAX_WARNUNGEN = 500
_ORT = re.compile(r"^(Zeile \d+(?:, Spalte [^:]+)?): (.*)$", re.DOTALL)


@dataclass(frozen=True)
class Meldung:
    ort: str | None  # „Zeile 7, Spalte elb“ (Zeile wie in der Tabellenkalkulation, Kopf = 1)
    text: str


@dataclass
class ImportAnsicht:
    dateiname: str
    zusammenfassung: str
    zahlen: list[tuple[str, str]] = field(default_factory=list)  # (Bezeichnung, Wert)
    warnungen: list[Meldung] = field(default_factory=list)
    weitere_warnungen: int = 0
    fehler: list[Meldung] = field(default_factory=list)
    unveraendert: bool = False


def dateiname(roh: str | None) -> str:
    """Nur der Name ohne Pfad (Browser senden teils „C:\\…\\datei.csv“), höchstens 255 Zeichen."""
    name = PurePosixPath((roh or "").replace("\\", "/")).name.strip()
    return name[:255] or "upload.csv"


def meldung(text: str) -> Meldung:
    treffer = _ORT.match(str(text))
    return Meldung(treffer.group(1), treffer.group(2)) if treffer else Meldung(None, str(text))


def ergebnis_ansicht(name: str, ergebnis: ImportErgebnis, probelauf: bool) -> ImportAnsicht:
    zahlen = [
        ("Zeilen gelesen", zahl(ergebnis.zeilen_gelesen)),
        ("neu", zahl(ergebnis.neu)),
        ("neuer Datenstand", zahl(ergebnis.neuer_datenstand)),
        ("unverändert", zahl(ergebnis.unveraendert)),
        ("Plausibilitätswarnungen", zahl(len(ergebnis.warnungen))),
    ]
    if ergebnis.zusatz is not None:  # Ringwerte je Wert, Ausgaben je Träger und Monat gezählt
        z = ergebnis.zusatz
        zahlen += [
            (f"{z.bezeichnung} neu", zahl(z.neu)),
            (f"{z.bezeichnung} mit neuem Datenstand", zahl(z.neuer_datenstand)),
            (f"{z.bezeichnung} unverändert", zahl(z.unveraendert)),
        ]
    unveraendert = ergebnis.ergebnis == "unveraendert"
    if probelauf:
        zusammenfassung = (
            "Die Datei ist gültig, würde aber nichts ändern: alle Zeilen sind bereits "
            "mit identischen Werten vorhanden."
            if unveraendert
            else "Die Datei ist gültig. Bitte prüfen Sie die Zahlen und bestätigen Sie den Import."
        )
    else:
        zusammenfassung = f"{name}: {ergebnis.meldung}."
    return ImportAnsicht(
        name,
        zusammenfassung,
        zahlen,
        [meldung(w) for w in ergebnis.warnungen[:MAX_WARNUNGEN]],
        max(0, len(ergebnis.warnungen) - MAX_WARNUNGEN),
        unveraendert=unveraendert,
    )


def ablehnung_ansicht(name: str, ablehnung: ImportAbgelehnt) -> ImportAnsicht:
    return ImportAnsicht(name, ablehnung.meldung, fehler=[meldung(d) for d in ablehnung.details])
