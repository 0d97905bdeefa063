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
    """Neue Stände ohne ORM-Objekte und ohne Parameterverarbeitung je Zeile, Zeilen als Tupel
    direkt an den Datenbanktreiber: auf PostgreSQL (psycopg) über COPY, sonst als Block-INSERT
    (executemany) in Portionen von BLOCKGROESSE. Hinweise gehen als JSON-Text (gleiche Hinweise
    nur einmal kodiert), Datumswerte für SQLite als ISO-Text (wie SQLAlchemys Date-Typ)."""
    verbindung = session.connection()
    dialekt = verbindung.dialect
    tabelle = Basiszahl.__table__  # type: ignore[attr-defined]
    spalten = ("ags", "monat", "geschlecht", "datenstand", "import_id", "hinweise", *FELDNAMEN)
    quote = dialekt.identifier_preparer.quote
    ziel = f"{quote(tabelle.name)} ({', '.join(map(quote, spalten))})"
    als_text = dialekt.name == "sqlite"
    json_text = _JsonHinweise()
    if dialekt.driver == "psycopg":  # PostgreSQL: COPY statt INSERT, im selben Transaktionsrahmen
        with verbindung.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
            with cursor.copy(f"COPY {ziel} FROM STDIN") as kopie:
                for n, s in enumerate(saetze, start=1):
                    kopie.write_row(
                        (s.ags, s.monat, s.geschlecht, s.datenstand, import_id)
                        + (json_text(s.hinweise), *s.werte)
                    )
                    if melde and n % BLOCKGROESSE == 0:
                        melde(zeilen + zeilen * n // len(saetze), 2 * zeilen)
        return
    platzhalter = "?" if dialekt.paramstyle == "qmark" else "%s"
    befehl = f"INSERT INTO {ziel} VALUES ({', '.join([platzhalter] * len(spalten))})"
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
