"""`flask zv import DATEI…`: Basiszahlen importieren (CSV oder XLSX, Format in DOMAIN.md § 2).

Jede Datei ist ein eigener Import in einer eigenen Transaktion: alles oder nichts. Eine
abgelehnte Datei wird mit allen Fehlern gemeldet und als „abgelehnt“ protokolliert; die übrigen
Dateien werden trotzdem importiert. Jeder Import (auch „unverändert“ und „abgelehnt“) steht mit
der Aktion `import` im Audit-Protokoll. Exit-Status 1, sobald eine Datei nicht importiert wurde.
Kein Traceback erreicht den Benutzer.
"""

from __future__ import annotations

import getpass
import logging
import sys
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from ..db import transaktion
from ..format import zahl
from ..services.basiszahlen import importvorgang, tabellen
from ..services.basiszahlen.importer import ImportAbgelehnt, ImportErgebnis
from . import datenbank_url, zv_gruppe

FORTSCHRITT_AB_ZEILEN = 5_000
MAX_WARNUNGEN = 50

log = logging.getLogger(__name__)


def _os_benutzer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 – kein Benutzername in Umgebung und Passwortdatei
        return "unbekannt"


@zv_gruppe.command("import")
@click.argument("dateien", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--benutzer", default=None, help="Wer importiert (Standard: der Benutzer des Betriebssystems)."
)
def importieren(dateien: tuple[Path, ...], benutzer: str | None) -> None:
    """Basiszahlen aus DATEIEN (CSV oder XLSX) importieren; jede Datei ganz oder gar nicht."""
    benutzer = benutzer or _os_benutzer()
    fehlgeschlagen = sum(0 if _importiere_datei(datei, benutzer) else 1 for datei in dateien)
    if fehlgeschlagen:
        if len(dateien) > 1:
            click.echo(
                f"{fehlgeschlagen} von {len(dateien)} Dateien wurden nicht importiert.", err=True
            )
        raise SystemExit(1)


def _lies(datei: Path) -> bytes | str:
    """Dateiinhalt oder eine deutsche Fehlermeldung."""
    try:
        if datei.is_dir():
            return "ist ein Verzeichnis, keine Datei."
        if not datei.exists():
            return "Datei nicht gefunden."
        groesse = datei.stat().st_size
        if groesse > tabellen.MAX_BYTES:
            return (
                f"Die Datei ist zu groß ({groesse / 1024 / 1024:.0f} MB); höchstens "
                f"{tabellen.MAX_BYTES // 1024 // 1024} MB sind erlaubt. Bitte in mehrere Dateien "
                "aufteilen."
            )
        return datei.read_bytes()
    except PermissionError:
        return "keine Leseberechtigung."
    except OSError as fehler:
        return f"Die Datei kann nicht gelesen werden ({fehler.strerror or type(fehler).__name__})."


def _importiere_datei(datei: Path, benutzer: str) -> bool:
    name = datei.name or str(datei)
    inhalt = _lies(datei)
    if isinstance(inhalt, str):
        click.echo(f"Fehler: {datei}: {inhalt} Nichts importiert.", err=True)
        return False
    jetzt = datetime.now(UTC)
    try:
        with ExitStack() as stapel:
            fortschritt = _Fortschrittsbalken(name, stapel)
            with transaktion(datenbank_url()) as session:
                ergebnis = importvorgang.importiere(
                    session, name, inhalt, benutzer, jetzt, fortschritt=fortschritt,
                    bereich=importvorgang.importbereich(session, None),
                )  # fmt: skip
    except ImportAbgelehnt as abgelehnt:
        _melde_ablehnung(abgelehnt)
        try:
            with transaktion(datenbank_url()) as session:
                importvorgang.lehne_ab(session, abgelehnt, benutzer, jetzt)
        except SQLAlchemyError as fehler:
            log.exception("Ablehnung von %s nicht protokolliert", name)
            click.echo(
                f"Hinweis: die Ablehnung konnte nicht protokolliert werden ({_kurz(fehler)}).",
                err=True,
            )
        return False
    except SQLAlchemyError as fehler:
        log.exception("Import von %s: Datenbankfehler", name)
        click.echo(
            f"Fehler: {name} wurde nicht importiert – Datenbankfehler: {_kurz(fehler)}", err=True
        )
        return False
    except Exception as fehler:
        log.exception("Import von %s: unerwarteter Fehler", name)
        click.echo(
            f"Fehler: {name} wurde nicht importiert – unerwarteter Fehler "
            f"({type(fehler).__name__}: {fehler}). Nichts wurde gespeichert.",
            err=True,
        )
        return False
    _melde_ergebnis(name, ergebnis)
    return True


def _kurz(fehler: Exception) -> str:
    text = str(getattr(fehler, "orig", None) or fehler).splitlines()
    return text[0] if text else type(fehler).__name__


def _melde_ergebnis(name: str, ergebnis: ImportErgebnis) -> None:
    click.echo(f"{name}: {ergebnis.meldung}.")
    if ergebnis.teilkorrektur and ergebnis.ergebnis != "unveraendert":
        click.echo(f"{ergebnis.teilkorrektur}.")
    if ergebnis.warnungen:
        click.echo(
            "Plausibilitätswarnungen (der Import ist trotzdem erfolgt, die Werte sind markiert):"
        )
        for warnung in ergebnis.warnungen[:MAX_WARNUNGEN]:
            click.echo(f"  {warnung}")
        rest = len(ergebnis.warnungen) - MAX_WARNUNGEN
        if rest > 0:
            click.echo(f"  … und {zahl(rest)} weitere")


def _melde_ablehnung(abgelehnt: ImportAbgelehnt) -> None:
    click.echo(f"Fehler: {abgelehnt.meldung}", err=True)
    for detail in abgelehnt.details:
        click.echo(f"  {detail}", err=True)


class _Fortschrittsbalken:
    """Fortschrittsbalken auf stderr, erst ab FORTSCHRITT_AB_ZEILEN Zeilen (gesamt = 2 × Zeilen)."""

    def __init__(self, name: str, stapel: ExitStack):
        self.name, self.stapel = name, stapel
        self.balken = None
        self.stand = 0

    def __call__(self, erledigt: int, gesamt: int) -> None:
        if self.balken is None:
            if gesamt <= 2 * FORTSCHRITT_AB_ZEILEN:
                return
            self.balken = self.stapel.enter_context(
                click.progressbar(
                    length=gesamt, label=f"{self.name} wird importiert", file=sys.stderr
                )
            )
        self.balken.update(max(0, erledigt - self.stand))
        self.stand = max(self.stand, erledigt)
