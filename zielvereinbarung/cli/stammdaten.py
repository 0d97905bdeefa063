"""`flask zv traeger import` und `flask zv vergleichstypen import`."""

from __future__ import annotations

from pathlib import Path

import click

from ..services.basiszahlen.stammdaten import importiere_traeger, importiere_vergleichstypen
from . import sitzung, zv_gruppe


@zv_gruppe.group("traeger")
def traeger() -> None:
    """Träger (Jobcenter) verwalten."""


@traeger.command("import")
@click.argument(
    "datei", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def traeger_import(datei: Path | None) -> None:
    """Trägerliste laden: die mitgelieferte (401 Jobcenter) oder DATEI mit den Spalten
    ags,name,kurzname,land,traegerform."""
    with sitzung() as session:
        if datei is None:
            ergebnis = importiere_traeger(session)
        else:
            ergebnis = importiere_traeger(session, datei.read_bytes(), datei.name)
    click.echo(
        f"Träger: {ergebnis.neu} neu, {ergebnis.geaendert} geändert, {ergebnis.unveraendert} "
        "unverändert."
    )


@zv_gruppe.group("vergleichstypen")
def vergleichstypen() -> None:
    """Vergleichstypen der Träger verwalten."""


@vergleichstypen.command("import")
@click.argument("datei", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def vergleichstypen_import(datei: Path) -> None:
    """Vergleichstypen aus DATEI (Spalten ags,vergleichstyp) setzen."""
    with sitzung() as session:
        ergebnis = importiere_vergleichstypen(session, datei.read_bytes(), datei.name)
    click.echo(
        f"Vergleichstypen: {ergebnis.geaendert} geändert, {ergebnis.unveraendert} unverändert."
    )
