"""`flask zv budget import DATEI…`: Budgetrahmen (geplante Eingliederungs- und Verwaltungsmittel je
Träger und Jahr, DOMAIN.md § 10) aus CSV oder XLSX importieren; Format in docs/importformat.md.

Wie `flask zv import`: jede Datei ganz oder gar nicht in einer eigenen Transaktion, alle Fehler mit
Zeile und Spalte, Ablehnungen protokolliert (Importprotokoll und Audit), Exit-Status 1, sobald eine
Datei nicht importiert wurde. Die monatlichen Ausgaben sind Spalten des Basiszahlen-Imports
(`flask zv import`)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from ..db import transaktion
from ..services.basiszahlen import importvorgang
from ..services.basiszahlen.importer import ImportAbgelehnt
from ..services.budget.importieren import importiere_budget
from . import datenbank_url, zv_gruppe
from .importieren import _kurz, _lies, _melde_ablehnung, _os_benutzer

log = logging.getLogger(__name__)


@zv_gruppe.group("budget")
def budget_gruppe() -> None:
    """Budgetrahmen der Träger (Eingliederungs- und Verwaltungsmittel)."""


@budget_gruppe.command("import")
@click.argument("dateien", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--benutzer", default=None, help="Wer importiert (Standard: Betriebssystem).")
def importieren(dateien: tuple[Path, ...], benutzer: str | None) -> None:
    """Budgetrahmen aus DATEIEN (CSV oder XLSX) importieren; jede Datei ganz oder gar nicht."""
    benutzer = benutzer or _os_benutzer()
    fehlgeschlagen = sum(0 if _importiere(datei, benutzer) else 1 for datei in dateien)
    if fehlgeschlagen:
        raise SystemExit(1)


def _importiere(datei: Path, benutzer: str) -> bool:
    name = datei.name or str(datei)
    inhalt = _lies(datei)
    if isinstance(inhalt, str):
        click.echo(f"Fehler: {datei}: {inhalt} Nichts importiert.", err=True)
        return False
    jetzt = datetime.now(UTC)
    try:
        with transaktion(datenbank_url()) as session:
            ergebnis = importiere_budget(session, name, inhalt, benutzer, jetzt)
    except ImportAbgelehnt as abgelehnt:
        _melde_ablehnung(abgelehnt)
        try:
            with transaktion(datenbank_url()) as session:
                importvorgang.lehne_ab(session, abgelehnt, benutzer, jetzt)
        except SQLAlchemyError as fehler:
            log.exception("Ablehnung von %s nicht protokolliert", name)
            click.echo(f"Hinweis: Ablehnung nicht protokolliert ({_kurz(fehler)}).", err=True)
        return False
    except SQLAlchemyError as fehler:
        log.exception("Budgetimport von %s: Datenbankfehler", name)
        click.echo(f"Fehler: {name} wurde nicht importiert – {_kurz(fehler)}", err=True)
        return False
    if ergebnis.ergebnis == "unveraendert":
        click.echo(f"{name}: {ergebnis.zeilen_gelesen} Zeilen gelesen, keine Änderungen.")
    else:
        click.echo(
            f"{name}: Budgetrahmen importiert – {ergebnis.neu} neu, "
            f"{ergebnis.neuer_datenstand} geändert (neue Fassung, die alte bleibt), "
            f"{ergebnis.unveraendert} unverändert."
        )
    return True
