"""Neue Basiszahl-Stände schreiben: der teure Teil eines großen Imports (57.744 Zeilen einer
Bundesdatei). Service-Baustein von `importer`; flush-frei, nie Commit."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlmodel import Session

from ...domain.basiszahlen import FELDNAMEN
from ...domain.importpruefung import Datensatz
from ...models import Basiszahl

BLOCKGROESSE = 5_000  # Zeilen je INSERT-Aufruf

Fortschritt = Callable[[int, int], None]


def speichere_staende(
    session: Session,
    saetze: list[Datensatz],
    import_id: int,
    melde: Fortschritt | None,
    zeilen: int,
) -> None:
    """Neue Stände als Block-INSERT in Portionen von BLOCKGROESSE: ein vorbereiteter Befehl,
    Zeilen als Tupel direkt an den Datenbanktreiber (executemany) – ohne ORM-Objekte und ohne
    Parameterverarbeitung je Zeile. Hinweise werden als JSON-Text übergeben (gleiche Hinweise nur
    einmal kodiert), Datumswerte für SQLite als ISO-Text (wie SQLAlchemys Date-Typ)."""
    verbindung = session.connection()
    dialekt = verbindung.dialect
    tabelle = Basiszahl.__table__
    spalten = ("ags", "monat", "geschlecht", "datenstand", "import_id", "hinweise", *FELDNAMEN)
    platzhalter = "?" if dialekt.paramstyle == "qmark" else "%s"
    quote = dialekt.identifier_preparer.quote
    befehl = (
        f"INSERT INTO {quote(tabelle.name)} ({', '.join(map(quote, spalten))}) "
        f"VALUES ({', '.join([platzhalter] * len(spalten))})"
    )
    als_text = dialekt.name == "sqlite"
    json_text = _JsonHinweise()
    for start in range(0, len(saetze), BLOCKGROESSE):
        block = saetze[start : start + BLOCKGROESSE]
        verbindung.exec_driver_sql(
            befehl,
            [
                (
                    s.ags,
                    s.monat,
                    s.geschlecht,
                    s.datenstand.isoformat() if als_text else s.datenstand,
                    import_id,
                    json_text(s.hinweise),
                    *s.werte,
                )
                for s in block
            ],
        )
        if melde:
            melde(zeilen + zeilen * (start + len(block)) // len(saetze), 2 * zeilen)


class _JsonHinweise:
    """Hinweislisten als JSON-Text (`json.dumps`). Die Zeilen einer Gruppe teilen ihre
    Summenhinweise (dieselben Objekte, siehe `datenstaende`): eine Liste aus denselben Objekten
    wird nur einmal kodiert. Der Schlüssel aus `id()` ist sicher, solange alle Hinweise leben –
    die Datensätze halten sie bis zum Ende des Schreibens."""

    def __init__(self) -> None:
        self.texte: dict[tuple[int, ...], str] = {}

    def __call__(self, hinweise: list[dict]) -> str:
        if not hinweise:
            return "[]"
        schluessel = tuple(map(id, hinweise))
        text = self.texte.get(schluessel)
        if text is None:
            text = self.texte[schluessel] = json.dumps(hinweise)
        return text
