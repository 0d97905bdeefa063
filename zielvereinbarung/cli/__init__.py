"""Kommandozeile: `flask db …` (Schema) und `flask zv …` (Fachfunktionen). Dünn über den
Services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import Session

from ..db import transaktion
from ..fehler import FachlicherFehler

db_gruppe = AppGroup("db", help="Datenbankschema anlegen und migrieren (Alembic).")
zv_gruppe = AppGroup("zv", help="Zielvereinbarung: Stammdaten, Import, Kennzahlen, Demodaten.")


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


from . import (
    audit,
    benutzer,
    berichte,
    demo,
    dokumente,
    importieren,
    kennzahlen,
    ringe,
    schema,
    stammdaten,
)  # noqa: E402,F401  (registriert die Kommandos)
