"""`flask zv sicherung erstellen|pruefen|einspielen DATEI`: Datenbank und Ablagen sichern und
wiederherstellen (services/sicherung; docs/betrieb.md)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import inspect

from .. import migration
from ..config import audit_anker_pfad, audit_schluessel, konfiguration
from ..db import engine_fuer, transaktion
from ..fehler import FachlicherFehler
from ..services.sicherung import Manifest, erstelle_sicherung, pruefe_sicherung, spiele_ein
from ..services.sicherung.einspielen import schreibe_anker
from ..services.sicherung.erstellen import schnappschuss
from . import datenbank_url, melde_fehler, zv_gruppe
from .dokumente import einstellungen

DATEI = click.Path(dir_okay=False, path_type=Path)


@zv_gruppe.group("sicherung")
def sicherung() -> None:
    """Sicherung von Datenbank und Dokument-/Berichtsablage."""


def _ablagen() -> dict[str, Path]:
    return {"dokumente": einstellungen().ablage, "berichte": konfiguration().berichtsablage()}


def _schluessel() -> dict[str, str]:
    dokumente = hashlib.sha256(b"zv-kennung" + einstellungen().schluessel).hexdigest()[:16]
    return {"audit": audit_schluessel().kennung, "dokumente": dokumente}


def _zusammenfassung(manifest: Manifest) -> str:
    return (
        f"{len(manifest.tabellen)} Tabellen mit {manifest.zeilen} Zeilen, {manifest.dateien} "
        f"Dateien der Ablagen, Schemastand {manifest.schema}, erstellt {manifest.erstellt}"
    )


@sicherung.command("erstellen")
@click.argument("datei", type=DATEI)
def erstellen(datei: Path) -> None:
    """Datenbank (fester Stand) und Ablagen in DATEI (tar.gz mit Manifest) sichern."""
    try:
        with schnappschuss(datenbank_url()) as verbindung:
            manifest = erstelle_sicherung(verbindung, datei, _ablagen(), audit_anker_pfad(),
                                          _schluessel(), datetime.now(UTC))  # fmt: skip
    except FachlicherFehler as fehler:
        melde_fehler(fehler)
    sha = hashlib.sha256(datei.read_bytes()).hexdigest()
    click.echo(f"Sicherung geschrieben: {datei} – {_zusammenfassung(manifest)}.")
    click.echo(f"SHA-256 der Datei: {sha}")


@sicherung.command("pruefen")
@click.argument("datei", type=DATEI)
def pruefen(datei: Path) -> None:
    """DATEI vollständig prüfen (Manifest, SHA-256 jedes Eintrags, Zeilen gegen das Schema)."""
    try:
        manifest = pruefe_sicherung(datei)
    except FachlicherFehler as fehler:
        melde_fehler(fehler)
    click.echo(f"Sicherung in Ordnung: {_zusammenfassung(manifest)}.")
    if manifest.schema != migration.kopf():
        click.echo(
            f"Hinweis: diese Version erwartet den Schemastand {migration.kopf()}; einspielen "
            "nur mit der Version, die die Sicherung geschrieben hat."
        )


@sicherung.command("einspielen")
@click.argument("datei", type=DATEI)
def einspielen(datei: Path) -> None:
    """DATEI in die leere Datenbank und die leeren Ablagen dieser Installation einspielen."""
    url = datenbank_url()
    try:
        pruefe_sicherung(datei)  # vor jeder Änderung am Ziel
        _pruefe_leer(url)
        migration.upgrade(url)
        with transaktion(url) as session:
            manifest = spiele_ein(session, datei, _ablagen(), migration.kopf(), _schluessel(),
                                  audit_anker_pfad(), datetime.now(UTC))  # fmt: skip
        anker = schreibe_anker(datei, audit_anker_pfad())
    except FachlicherFehler as fehler:
        melde_fehler(fehler)
    click.echo(f"Sicherung eingespielt: {_zusammenfassung(manifest)}.")
    if anker:
        click.echo(f"Ankerdatei der Audit-Kette: {audit_anker_pfad()}.")
    click.echo("Bitte prüfen: flask zv audit verify")


def _pruefe_leer(url: str) -> None:
    """Vor dem Anlegen des Schemas: eine Datenbank mit Daten wird nicht angefasst."""
    from ..services.sicherung.archiv import SicherungsFehler, gesicherte_tabellen

    vorhanden = set(inspect(engine_fuer(url)).get_table_names())
    with engine_fuer(url).connect() as verbindung:
        for tabelle in gesicherte_tabellen():
            if tabelle.name in vorhanden and verbindung.execute(tabelle.select().limit(1)).first():
                raise SicherungsFehler(
                    f"Die Zieldatenbank ist nicht leer (Tabelle {tabelle.name}); eine Sicherung "
                    "wird nur in eine leere Datenbank eingespielt."
                )
