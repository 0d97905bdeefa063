"""Das erste Tabellenblatt einer XLSX-Datei zeilenweise lesen – feindfest und mit wenig Speicher.

Zuerst prüft `xlsx_archiv` das ZIP-Archiv (angegebene und tatsächliche Größen, Verhältnis).
Arbeitsmappe, sharedStrings und Formate liest openpyxl (read-only, ohne externe Verknüpfungen)
aus einem `BegrenztesArchiv`. Das Tabellenblatt selbst liest dieses Modul mit einem
SAX-Parser (expat) und hält dabei nur die aktuelle Zeile: openpyxls Blattleser baut je Zeile eine
Liste aller Zellen und füllt Lücken auf – eine Zeile aus 40 Millionen `<c/>` oder eine Zelle in
Zeile 10¹² kosteten Gigabytes oder Stunden.

Regeln (Excels eigene Grenzen; mehr ist keine Tabelle, sondern ein Angriff oder ein Schaden):
- Zeilennummern steigen auf und sind ≤ 1.048.576, Spalten ≤ 16.384 (XFD), eine Zelle hat
  höchstens 32.767 Zeichen; eine DTD (Entitäten) ist nicht erlaubt.
- Werte wie openpyxl: Zahl (int/float), Datum bei Datumsformat, Text, Wahrheitswert, Fehlerwert
  („#NV“), Formel als „=…“. Eine Zahl, die Python nicht umwandeln kann (mehr als 4.300 Ziffern),
  oder ein unlesbares Datum bleibt der rohe Zelltext: die Zellprüfung meldet ihn mit Zeile und
  Spalte.
Jeder Fehler ist ein `FachlicherFehler` mit deutscher Meldung, nie ein Traceback.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pyexpat import ExpatError, ParserCreate

from ...fehler import FachlicherFehler
from ...format import zahl
from .xlsx_archiv import BESCHAEDIGT, BegrenztesArchiv, Grenzen, pruefe_archiv

LETZTE_ZEILE = 1_048_576
LETZTE_SPALTE = 16_384
MAX_ZELLTEXT = 32_767
STUECK = 64 * 1024

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
ROW, C, V, F, IS, T, RPH = (_NS + n for n in ("row", "c", "v", "f", "is", "t", "rPh"))
_ZIFFERN = "0123456789"


def lies_zeilen(inhalt: bytes, grenzen: Grenzen) -> Iterator[tuple[int, dict[int, object]]]:
    """Prüft das Archiv und liefert die Zeilen des ersten Blatts: (Zeilennummer, {Spalte: Wert}),
    nur Zeilen mit mindestens einem Wert."""
    pruefe_archiv(inhalt, grenzen)
    pfad, blatt = _mappe(inhalt)
    with zipfile.ZipFile(io.BytesIO(inhalt)) as archiv, archiv.open(pfad) as quelle:
        yield from blatt.zeilen(quelle)


def _mappe(inhalt: bytes) -> tuple[str, _Blatt]:
    """(Pfad des ersten Tabellenblatts, Leser mit sharedStrings, Datumsformaten und Epoche)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import Stylesheet
    from openpyxl.xml.constants import ARC_STYLE
    from openpyxl.xml.functions import fromstring

    try:
        leser = ExcelReader(io.BytesIO(inhalt), read_only=True, keep_links=False)
        leser.archive = BegrenztesArchiv(inhalt)
        leser.read_manifest()
        leser.read_strings()
        leser.read_workbook()
        datum, dauer = set(), set()
        if ARC_STYLE in leser.valid_files:
            # types-openpyxl: from_tree erwartet ein Element-Protokoll der Stubs, das Element
            # aus openpyxls fromstring erfüllt es zur Laufzeit; date_formats/timedelta_formats
            # setzt openpyxl erst in Stylesheet._normalise_numbers (fehlen in den Stubs).
            formate = Stylesheet.from_tree(fromstring(leser.archive.read(ARC_STYLE)))  # type: ignore[arg-type]
            datum = set(formate.date_formats)  # type: ignore[attr-defined]
            dauer = set(formate.timedelta_formats)  # type: ignore[attr-defined]
        pfade = [
            rel.target
            for _, rel in leser.parser.find_sheets()
            if rel.target in leser.valid_files and "chartsheet" not in rel.Type
        ]
    except FachlicherFehler:
        raise
    except Exception:  # openpyxl meldet beschädigte Dateien mit vielerlei Ausnahmen
        raise FachlicherFehler(BESCHAEDIGT) from None
    if not pfade:
        raise FachlicherFehler("Die XLSX-Datei enthält kein Tabellenblatt.")
    return pfade[0], _Blatt(list(leser.shared_strings), datum, dauer, leser.wb.epoch)


class _Blatt:
    """SAX-Leser eines Tabellenblatts; `zeilen` liefert fertige Zeilen nach jedem Stück XML."""

    def __init__(self, strings: list, datum: set[int], dauer: set[int], epoche) -> None:
        self.strings, self.datum, self.dauer, self.epoche = strings, datum, dauer, epoche
        self.fertig: list[tuple[int, dict[int, object]]] = []
        self.nummer = 0  # aktuelle bzw. letzte Zeile
        self.zellen: dict[int, object] | None = None  # None: außerhalb einer Zeile
        self.spalte = 0
        self.zelle: dict[str, str] | None = None  # Attribute der offenen Zelle
        self.text: list[str] | None = None  # sammelt Zeichen in <v>, <f> oder <t>
        self.laenge = 0
        self.wert: str | None = None
        self.formel: str | None = None
        self.inline: list[str] | None = None
        self.lautschrift = False
        self.spalten: dict[str, int] = {}

    def zeilen(self, quelle) -> Iterator[tuple[int, dict[int, object]]]:
        parser = ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._dtd
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._ende
        parser.CharacterDataHandler = self._zeichen
        try:
            while stueck := quelle.read(STUECK):
                parser.Parse(stueck, False)
                yield from self.fertig
                self.fertig.clear()
            parser.Parse(b"", True)
        except FachlicherFehler:
            raise
        except (ExpatError, zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise FachlicherFehler(
                f"Die XLSX-Datei kann nicht gelesen werden (Tabellenblatt beschädigt nach Zeile "
                f"{zahl(self.nummer)})."
            ) from None
        yield from self.fertig

    def _fehler(self, text: str) -> FachlicherFehler:
        return FachlicherFehler(f"Die XLSX-Datei kann nicht gelesen werden: {text}")

    def _dtd(self, *_):
        raise self._fehler("das Tabellenblatt enthält eine DTD (nicht erlaubt).")

    def _start(self, name: str, attribute: dict[str, str]) -> None:
        if name == C:
            if self.zellen is not None:
                self.zelle, self.wert, self.formel, self.inline = attribute, None, None, None
        elif name == V or name == F or (name == T and self.inline is not None):
            if self.zelle is not None and not self.lautschrift:
                self.text = []
        elif name == ROW:
            self._zeile_beginnt(attribute.get("r"))
        elif name == IS:
            self.inline = []
        elif name == RPH:
            self.lautschrift = True

    def _zeichen(self, daten: str) -> None:
        if self.text is not None:
            self.laenge += len(daten)
            if self.laenge > MAX_ZELLTEXT:
                raise self._fehler(
                    f"in Zeile {zahl(self.nummer)} ist eine Zelle länger als "
                    f"{zahl(MAX_ZELLTEXT)} Zeichen."
                )
            self.text.append(daten)

    def _ende(self, name: str) -> None:
        if self.text is not None and (name == V or name == F or name == T):
            text = "".join(self.text)
            if name == V:
                self.wert = text
            elif name == F:
                self.formel = text
            elif self.inline is not None:
                self.inline.append(text)
            self.text = None
        elif name == C and self.zelle is not None:
            self._zelle_endet()
        elif name == ROW and self.zellen is not None:
            if self.zellen:
                self.fertig.append((self.nummer, self.zellen))
            self.zellen = None
        elif name == RPH:
            self.lautschrift = False

    def _zeile_beginnt(self, r: str | None) -> None:
        if r is None:
            nummer = self.nummer + 1
        elif r.isdigit() and r.isascii() and len(r) <= 7:
            nummer = int(r)
        else:
            nummer = 0
        if not self.nummer < nummer <= LETZTE_ZEILE:
            raise self._fehler(
                f"nach Zeile {zahl(self.nummer)} folgt die Zeilennummer „{(r or '')[:20]}“ "
                f"(erlaubt: aufsteigend bis {zahl(LETZTE_ZEILE)})."
            )
        self.nummer, self.zellen, self.spalte = nummer, {}, 0

    def _spalte(self, r: str | None) -> int:
        if r is None:
            if self.spalte >= LETZTE_SPALTE:
                raise self._fehler(
                    f"Zeile {zahl(self.nummer)} hat mehr als {zahl(LETZTE_SPALTE)} Zellen."
                )
            return self.spalte + 1
        buchstaben = r.rstrip(_ZIFFERN)
        spalte = self.spalten.get(buchstaben)
        if spalte is None:
            from openpyxl.utils.cell import column_index_from_string

            try:
                spalte = column_index_from_string(buchstaben)
            except ValueError:
                spalte = 0
            if not 0 < spalte <= LETZTE_SPALTE or not buchstaben.isascii():
                raise self._fehler(
                    f"Zeile {zahl(self.nummer)}: ungültige Zellposition „{r[:20]}“ "
                    f"(erlaubt bis Spalte XFD)."
                )
            self.spalten[buchstaben] = spalte
        return spalte

    def _zelle_endet(self) -> None:
        attribute, self.zelle, self.laenge = self.zelle, None, 0
        assert attribute is not None  # eine Zelle endet nur, nachdem sie begann
        self.spalte = self._spalte(attribute.get("r"))
        wert = self._wert(attribute)
        if wert is not None and wert != "" and self.zellen is not None:
            self.zellen[self.spalte] = wert

    def _wert(self, attribute: dict[str, str]) -> object:
        if self.formel is not None:
            return "=" + self.formel
        typ, roh = attribute.get("t", "n"), self.wert
        if typ == "inlineStr":
            return "".join(self.inline) if self.inline else None
        if roh is None:
            return None
        if typ == "n":
            return self._zahl(roh, attribute.get("s", "0"))
        if typ == "s":
            if roh.isdigit() and int(roh) < len(self.strings):
                return self.strings[int(roh)]
            raise self._fehler(
                f"Zeile {zahl(self.nummer)}: Verweis auf einen nicht vorhandenen Text."
            )
        if typ == "b":
            return {"1": True, "0": False}.get(roh, roh)
        if typ == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return from_ISO8601(roh)
            except ValueError:
                return roh
        return roh  # str (Formelergebnis), e (Fehlerwert)

    def _zahl(self, roh: str, stil: str) -> object:
        try:
            wert: int | float = float(roh) if "." in roh or "e" in roh or "E" in roh else int(roh)
        except ValueError:  # mehr als 4.300 Ziffern oder keine Zahl: die Zellprüfung meldet es
            return roh
        if stil != "0" and stil.isdigit() and int(stil) in self.datum:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(wert, self.epoche, timedelta=int(stil) in self.dauer)
            except (OverflowError, ValueError):
                return roh
        return wert
