"""Ansichtsmodelle für Vorschau und Ergebnis eines Uploads (fertige deutsche Texte)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ...domain.basiszahlen import FELD, GELDFELDER
from ...domain.importpruefung import PFLICHTSPALTEN
from ...domain.importzellen import spaltenbuchstabe
from ...format import zahl
from ...services.basiszahlen.importer import ImportAbgelehnt, ImportErgebnis
from ...services.budget.ausgaben import SPALTEN as AUSGABENSPALTEN
from ...tabellen import importvorlage
from ...tabellen.modell import Spalte, Tabelle

MAX_WARNUNGEN = 500
_ORT = re.compile(r"^(Zeile \d+(?:, Spalte [^:]+)?): (.*)$", re.DOTALL)  # „Zeile 7, Spalte E (elb)“


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


def formatbeschreibung(ringspalten: Mapping[str, str] | None = None) -> dict:
    """Die Spalten (Buchstabe wie in der Vorlage, Name, Bedeutung, Typ, Pflicht) und Regeln –
    aus denselben Angaben wie die Importvorlage; dazu die Spalten der Vergleichsringe, die der
    Benutzer importieren darf (Code → Erklärung)."""
    tabelle = Tabelle(
        "Spalten",
        "Spalten der Importdatei (Reihenfolge wie in der Vorlage; in der Datei beliebig)",
        [
            Spalte("Spalte in der Vorlage"),
            Spalte("Name", zeilenkopf=True),
            Spalte("Bedeutung"),
            Spalte("Typ"),
            Spalte("Pflicht"),
        ],
    )
    typen = {"ags": "Text", "monat": "Monat", "geschlecht": "Auswahl", "datenstand": "Datum"}
    for nr, name in enumerate(importvorlage.spalten(), start=1):
        feld = FELD.get(name)
        tabelle.zeile(
            spaltenbuchstabe(nr),
            name,
            importvorlage.SCHLUESSEL.get(name) or (feld.bezeichnung if feld else ""),
            typen.get(name) or ("Betrag (EUR)" if name in GELDFELDER else "Anzahl"),
            "ja" if name in PFLICHTSPALTEN else "nein",
        )
    return {
        "spalten": tabelle,
        "regeln": importvorlage.REGELN,
        "ringspalten": sorted(
            (k, v) for k, v in (ringspalten or {}).items() if k not in AUSGABENSPALTEN
        ),
        "ausgabenspalten": [(k, v) for k, v in AUSGABENSPALTEN.items() if k in (ringspalten or {})],
    }


def ablehnung_ansicht(name: str, ablehnung: ImportAbgelehnt) -> ImportAnsicht:
    return ImportAnsicht(name, ablehnung.meldung, fehler=[meldung(d) for d in ablehnung.details])
