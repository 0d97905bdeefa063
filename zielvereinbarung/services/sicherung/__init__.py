"""Sicherung und Wiederherstellung: Datenbank und Dateiablagen in einer Datei.

Eine Sicherung ist ein tar-Archiv (gzip) mit
- `datenbank/<tabelle>.jsonl`: jede Zeile jeder Tabelle als JSON (Werte nach Spaltentyp
  kodiert, `zeilen.py`) – unabhängig vom Datenbanksystem, also auch von SQLite nach PostgreSQL;
- `dokumente/…` und `berichte/…`: die Dateien der Ablagen, unter ihrem relativen Pfad;
- `audit_anker.jsonl`: die Ankerdatei der Audit-Kette;
- `manifest.json` (als letztes): Format, Schemastand (Alembic), Zeilen je Tabelle, SHA-256 und
  Größe jedes Eintrags, Kennungen der Schlüssel (nicht die Schlüssel selbst).

Konsistent: die Datenbank wird aus einem Schnappschuss gelesen (SQLite: Kopie über die
Backup-API; PostgreSQL: eine Transaktion REPEATABLE READ), danach werden die Ablagen gelesen.
Ablagedateien werden vor der Zeile geschrieben, die auf sie zeigt, und nie gelöscht: jede Datei,
auf die der Schnappschuss zeigt, ist beim Lesen der Ablage schon da.

Nicht in der Sicherung: die Schlüssel (`ZV_SCHLUESSEL`, `ZV_AUDIT_SCHLUESSEL`, `ZV_SECRET_KEY`),
Vertrauensanker und die Demo-CA; sie werden getrennt aufbewahrt. Das Einspielen verlangt
dieselben Schlüssel (die Kennungen im Manifest müssen passen), sonst ließen sich weder die
Audit-Kette noch die Zertifikate der Organisationen nutzen.
"""

from .archiv import Manifest, SicherungsFehler, pruefe_sicherung
from .einspielen import spiele_ein
from .erstellen import erstelle_sicherung

__all__ = [
    "Manifest",
    "SicherungsFehler",
    "erstelle_sicherung",
    "pruefe_sicherung",
    "spiele_ein",
]
