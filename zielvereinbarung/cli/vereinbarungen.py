"""`flask zv vereinbarungen liste` (JSON-Vertrag siehe README und
`services.verhandlung.liste`)."""

from __future__ import annotations

import json

import click

from ..domain.verhandlung import zustand_bezeichnung
from ..services.verhandlung.liste import vereinbarungen_liste
from . import sitzung, zv_gruppe
from .ausgabe import tabelle


@zv_gruppe.group("vereinbarungen")
def vereinbarungen_gruppe() -> None:
    """Zielvereinbarungen und Änderungsvereinbarungen."""


@vereinbarungen_gruppe.command("liste")
@click.option("--land", metavar="XX", help="Kürzel eines Landes, z. B. NI")
@click.option("--jahr", type=click.IntRange(2000, 2100), metavar="JJJJ")
@click.option("--json", "als_json", is_flag=True, help="Maschinenlesbar (Zahlen exakt als Text)")
def liste(land, jahr, als_json) -> None:
    """Alle Vereinbarungen mit Art, Zustand, Bezug und Zielen."""
    with sitzung() as session:
        daten = vereinbarungen_liste(session, land, jahr)
    if als_json:
        click.echo(json.dumps(daten, ensure_ascii=False, indent=1))
        return
    zeilen = [
        [str(d["id"]), d["art"], d["land"], d["ags"] or "–", str(d["jahr"]),
         zustand_bezeichnung(d["zustand"]), str(d["bezug"] or "–"), str(len(d["ziele"]))]
        for d in daten
    ]  # fmt: skip
    click.echo(tabelle(["Nr.", "Art", "Land", "AGS", "Jahr", "Stand", "Bezug", "Ziele"], zeilen))
