"""Die Importvorlage der Basiszahlen (XLSX): Blatt „Basiszahlen“ mit Kopfzeile, einer
Beispielzeile und Datenüberprüfung, Blatt „Erläuterung“ mit jeder Spalte und den Regeln.

Datenüberprüfung (Excel und LibreOffice zeigen Hinweis und Fehlermeldung):
- `ags`: Text mit genau 5 Zeichen (Spalte als Text formatiert, die führende Null bleibt);
- `monat`: JJJJ-MM, MM.JJJJ oder MM/JJJJ (Formel; Spalte als Text formatiert);
- `geschlecht`: Auswahlliste gesamt, frauen, maenner;
- `datenstand`: Datum (TT.MM.JJJJ);
- Anzahlen: ganze Zahl ≥ 0; Beträge: Zahl ≥ 0.
Die Beispielzeile ist gültig: nach dem Anpassen von Träger und Monat lässt sich die Vorlage so
importieren.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..domain.basiszahlen import FELDER, GELD, GESCHLECHTER
from ..domain.importpruefung import OPTIONALE_SPALTEN, PFLICHTSPALTEN

ZEILEN = 5000  # so weit reicht die Datenüberprüfung
BEISPIEL_AGS = "01001"  # Kreisfreie Stadt Flensburg
BEISPIEL_MONAT = "2026-01"
BEISPIEL_WERTE = {
    "elb": 5120,
    "elb_zugang": 180,
    "elb_abgang": 170,
    "llu": 2890123.45,
    "luh": 2301000,
    "integrationen": 108,
    "integrationen_svb": 80,
    "integrationen_svb_kontinuierlich": 41,
    "eintritte_minijob": 25,
    "eintritte_gefoerdert": 12,
    "elb_alleinerziehend": 610,
    "integrationen_alleinerziehend": 9,
    "lzb": 3380,
    "lzb_zugang": 95,
    "lzb_abgang": 88,
    "lzb_integrationen": 40,
    "lzb_aktiviert": 410,
}
SCHLUESSEL = {
    "ags": "Kreisschlüssel des Trägers: genau 5 Ziffern, die führende Null bleibt (01001).",
    "monat": "Berichtsmonat: JJJJ-MM, MM.JJJJ oder MM/JJJJ (2026-01, 01.2026, 01/2026).",
    "geschlecht": "gesamt, frauen oder maenner; leer oder Spalte weggelassen: gesamt.",
    "datenstand": (
        "Datum des Datenstands: TT.MM.JJJJ oder JJJJ-MM-TT; leer oder Spalte weggelassen: "
        "der Tag des Imports."
    ),
}
REGELN = (
    "Eine Zeile je Träger, Berichtsmonat und Geschlechtergruppe. Spaltennamen in Zeile 1, "
    "Reihenfolge beliebig; unbekannte Spalten sind ein Fehler.",
    "Eine leere Zelle heißt „nicht gemeldet“ und wird nie als 0 gelesen.",
    "Teilkorrektur: Spalten, die nicht in der Datei stehen, behalten ihre gespeicherten Werte "
    "(z. B. nur ags, monat und llu, um einen Betrag zu korrigieren). Für einen neuen Träger und "
    "Monat gelten fehlende Spalten als nicht gemeldet.",
    "Vergleichsringe: ihre eigenen Basiszahlen sind weitere Spalten (Code der Basiszahl), nur "
    "für Mitglieder des Rings in dem Jahr. Auch für sie gilt die Teilkorrektur; eine Datei nur "
    "mit Spalten der Vergleichsringe ändert keine gesetzlichen Basiszahlen.",
    "Alles oder nichts: eine Datei mit einem Fehler wird nicht importiert; gemeldet werden alle "
    "Fehler mit Zeile und Spalte (Buchstabe und Name, z. B. „Spalte E (elb)“).",
    "Nichts wird überschrieben: andere Werte für einen vorhandenen Schlüssel ergeben einen neuen "
    "Datenstand; es gilt der neueste.",
    "Anzahlen sind ganze Zahlen ≥ 0, Beträge in Euro mit höchstens 2 Nachkommastellen; keine "
    "Formeln, keine Tausendertrennzeichen.",
    "Vor dem Import zeigt die Vorschau jede Zeile (neu, neuer Datenstand, unverändert, mit "
    "Warnung) und bei neuen Datenständen alten und neuen Wert je Spalte.",
)

_FETT = Font(bold=True)
_KOPF = PatternFill("solid", fgColor="E8ECEF")
_UMBRUCH = Alignment(wrap_text=True, vertical="top")


def spalten() -> list[str]:
    return [*PFLICHTSPALTEN, *OPTIONALE_SPALTEN, *(f.name for f in FELDER)]


def _monatsformel(zelle: str) -> str:
    """Wahr für JJJJ-MM, MM.JJJJ und MM/JJJJ (Monat 1–12); Fehlerwerte gelten als falsch."""
    iso = (
        f'AND(LEN({zelle})=7,MID({zelle},5,1)="-",ISNUMBER(--LEFT({zelle},4)),'
        f"--RIGHT({zelle},2)>=1,--RIGHT({zelle},2)<=12)"
    )
    laenge = f"LEN({zelle})"
    deutsch = (
        f"AND(OR({laenge}=6,{laenge}=7),"
        f'OR(MID({zelle},{laenge}-4,1)=".",MID({zelle},{laenge}-4,1)="/"),'
        f"ISNUMBER(--RIGHT({zelle},4)),--LEFT({zelle},{laenge}-5)>=1,"
        f"--LEFT({zelle},{laenge}-5)<=12)"
    )
    return f"OR({iso},{deutsch})"


def _pruefung(art: str, **weiteres) -> DataValidation:
    return DataValidation(type=art, allow_blank=True, showErrorMessage=True, **weiteres)


def _pruefungen(namen: list[str]) -> list[tuple[DataValidation, str]]:
    """(Datenüberprüfung, Spaltenbuchstabe) je Spalte."""
    ergebnis = []
    for nr, name in enumerate(namen, start=1):
        b = get_column_letter(nr)
        if name == "ags":
            dv = _pruefung("textLength", operator="equal", formula1="5")
            dv.error = "Der Kreisschlüssel hat genau 5 Ziffern, z. B. 01001."
        elif name == "monat":
            dv = _pruefung("custom", formula1=_monatsformel(f"{b}2"))
            dv.error = (
                "Berichtsmonat als JJJJ-MM, MM.JJJJ oder MM/JJJJ, z. B. 2026-01 oder 01.2026."
            )
        elif name == "geschlecht":
            dv = _pruefung("list", formula1='"' + ",".join(GESCHLECHTER) + '"')
            dv.error = "Erlaubt sind gesamt, frauen und maenner."
        elif name == "datenstand":
            dv = _pruefung(
                "date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2099,12,31)"
            )
            dv.error = "Ein Datum, z. B. 30.04.2026."
        else:
            feld = next(f for f in FELDER if f.name == name)
            if feld.typ == GELD:
                dv = _pruefung("decimal", operator="greaterThanOrEqual", formula1="0")
                dv.error = "Ein Betrag in Euro ≥ 0 mit höchstens 2 Nachkommastellen."
            else:
                dv = _pruefung("whole", operator="greaterThanOrEqual", formula1="0")
                dv.error = "Eine ganze Zahl ≥ 0 (leer = nicht gemeldet)."
        dv.errorTitle = f"Spalte {b} ({name})"
        dv.promptTitle = name
        dv.prompt = (SCHLUESSEL.get(name) or next(f.bezeichnung for f in FELDER if f.name == name))[
            :255
        ]
        dv.showInputMessage = True
        dv.add(f"{b}2:{b}{ZEILEN}")
        ergebnis.append((dv, b))
    return ergebnis


def _zelle(blatt, wert, **stil) -> WriteOnlyCell:
    zelle = WriteOnlyCell(blatt, value=wert)
    for name, inhalt in stil.items():
        setattr(zelle, name, inhalt)
    return zelle


def _basiszahlen(buch: Workbook) -> None:
    blatt = buch.create_sheet("Basiszahlen")
    namen = spalten()
    for nr, name in enumerate(namen, start=1):
        b = get_column_letter(nr)
        blatt.column_dimensions[b].width = max(10, len(name) + 2)
        if name in ("ags", "monat"):
            blatt.column_dimensions[b].number_format = "@"  # Text: die führende Null bleibt
        elif name == "datenstand":
            blatt.column_dimensions[b].number_format = "DD.MM.YYYY"
    for dv, _ in _pruefungen(namen):
        blatt.data_validations.append(dv)
    blatt.freeze_panes = "A2"
    blatt.append([_zelle(blatt, n, font=_FETT, fill=_KOPF) for n in namen])
    beispiel = []
    for name in namen:
        if name == "ags":
            beispiel.append(_zelle(blatt, BEISPIEL_AGS, number_format="@"))
        elif name == "monat":
            beispiel.append(_zelle(blatt, BEISPIEL_MONAT, number_format="@"))
        elif name == "geschlecht":
            beispiel.append("gesamt")
        elif name == "datenstand":
            beispiel.append(None)
        else:
            wert = BEISPIEL_WERTE[name]
            beispiel.append(
                _zelle(blatt, wert, number_format="#,##0.00" if isinstance(wert, float) else "0")
            )
    blatt.append(beispiel)


def _erlaeuterung(buch: Workbook) -> None:
    blatt = buch.create_sheet("Erläuterung")
    for b, breite in zip("ABCDE", (9, 34, 70, 12, 12), strict=True):
        blatt.column_dimensions[b].width = breite
    blatt.append(
        [_zelle(blatt, "Importvorlage Basiszahlen (§ 48a SGB II)", font=Font(bold=True, size=14))]
    )
    blatt.append(
        [
            "Das Blatt „Basiszahlen“ ausfüllen (Zeile 2 ist ein Beispiel) und im Browser unter "
            "„Import“ hochladen oder mit flask zv import einlesen."
        ]
    )
    blatt.append([])
    blatt.append(
        [
            _zelle(blatt, t, font=_FETT, fill=_KOPF)
            for t in ("Spalte", "Name", "Bedeutung", "Typ", "Pflicht")
        ]
    )
    typen = {"ags": "Text", "monat": "Monat", "geschlecht": "Auswahl", "datenstand": "Datum"}
    for nr, name in enumerate(spalten(), start=1):
        feld = next((f for f in FELDER if f.name == name), None)
        bedeutung = SCHLUESSEL.get(name) or (feld.bezeichnung if feld else "")
        typ = typen.get(name) or ("Betrag (EUR)" if feld and feld.typ == GELD else "Anzahl")
        pflicht = "ja" if name in PFLICHTSPALTEN else "nein"
        blatt.append(
            [
                get_column_letter(nr),
                name,
                _zelle(blatt, bedeutung, alignment=_UMBRUCH),
                typ,
                pflicht,
            ]
        )
    blatt.append([])
    blatt.append([_zelle(blatt, "Regeln", font=_FETT)])
    for regel in REGELN:
        blatt.append([None, None, _zelle(blatt, regel, alignment=_UMBRUCH)])


def importvorlage() -> bytes:
    buch = Workbook(write_only=True)
    buch.properties.title = "Importvorlage Basiszahlen"
    buch.properties.creator = "Zielvereinbarung"
    _basiszahlen(buch)
    _erlaeuterung(buch)
    puffer = BytesIO()
    buch.save(puffer)
    return puffer.getvalue()


DATEINAME = "Importvorlage_Basiszahlen.xlsx"
