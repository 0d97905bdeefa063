"""Kommandozeile: `flask db …` (Schema) und `flask zv …` (Fachfunktionen). Dünn über den
Services.

Jeder Befehl lebt in einem Modul dieses Pakets und meldet sich dort mit `@zv_gruppe.command`
an. Geladen wird ein Modul erst, wenn sein Befehl aufgerufen wird (`BEFEHLE`; „lazy loading“
nach der Click-Dokumentation): `flask zv kennzahlen` lädt weder PDF- und Signaturbibliotheken
noch Demo-Code, Alembic oder die Formelsprache.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import Session

from ..db import transaktion
from ..fehler import FachlicherFehler

# Befehl → Modul (in diesem Paket), das ihn anmeldet
BEFEHLE: dict[str, dict[str, str]] = {
    "db": {name: "schema" for name in ("upgrade", "downgrade", "current", "revision")},
    "zv": {
        "audit": "audit",
        "berichte": "berichte",
        "budget": "budget",
        "scheduler": "berichte",
        "worker": "berichte",
        "user": "benutzer",
        "demo": "demo",
        "dokument": "dokumente",
        "verify": "dokumente",
        "pki": "dokumente",
        "zertifikat": "dokumente",
        "import": "importieren",
        "kennzahlen": "kennzahlen",
        "zielindikatoren": "kennzahlen",
        "ring": "ringe",
        "sicherung": "sicherung",
        "traeger": "stammdaten",
        "vergleichstypen": "stammdaten",
        "vereinbarungen": "vereinbarungen",
    },
}


_FLASK_OPTIONEN_MIT_WERT = frozenset({"--app", "-A", "--env-file", "-e"})


def nur_befehle(argv: list[str]) -> bool:
    """True, wenn der Prozess `flask [Optionen] zv|db …` ist: dann braucht die Anwendung keine
    Seiten (`app.py`)."""
    if not argv or not (Path(argv[0]).name == "flask" or argv[0].endswith("flask/__main__.py")):
        return False
    argumente = iter(argv[1:])
    for argument in argumente:
        if argument in _FLASK_OPTIONEN_MIT_WERT:
            next(argumente, None)
        elif not argument.startswith("-"):
            return argument in BEFEHLE
    return False


class _Gruppe(AppGroup):
    """Eine Befehlsgruppe, die das Modul eines Befehls erst bei Bedarf importiert."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *BEFEHLE[self.name or ""]})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        modul = BEFEHLE[self.name or ""].get(cmd_name)
        if modul is not None and cmd_name not in self.commands:
            import_module(f"{__name__}.{modul}")
        return super().get_command(ctx, cmd_name)


db_gruppe = _Gruppe("db", help="Datenbankschema anlegen und migrieren (Alembic).")
zv_gruppe = _Gruppe("zv", help="Zielvereinbarung: Stammdaten, Import, Kennzahlen, Demodaten.")


def datenbank_url() -> str:
    return current_app.config["DATABASE_URL"]


@contextmanager
def sitzung() -> Iterator[Session]:
    """Eine Transaktion je Kommando; fachliche Fehler werden zu einer deutschen Meldung mit Exit
    1."""
    try:
        with transaktion(datenbank_url()) as session:
            yield session
    except FachlicherFehler as fehler:
        melde_fehler(fehler)


def melde_fehler(fehler: FachlicherFehler) -> None:
    click.echo(f"Fehler: {fehler.meldung}", err=True)
    for detail in fehler.details:
        click.echo(f"  {detail}", err=True)
    raise SystemExit(1)
