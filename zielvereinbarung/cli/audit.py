"""`flask zv audit verify`: die Hashkette des Audit-Protokolls prüfen (Exit 0 intakt, 1 gebrochen)."""

from __future__ import annotations

import click

from ..services.audit import pruefe_kette
from . import sitzung, zv_gruppe


@zv_gruppe.group("audit")
def audit() -> None:
    """Audit-Protokoll."""


@audit.command("verify")
def audit_verify() -> None:
    """Jedes Ereignis gegen seinen Hash und seinen Vorgänger prüfen; nennt den ersten Bruch."""
    with sitzung() as session:
        ok, _erstes, meldung = pruefe_kette(session)
    if not ok:
        click.echo(meldung, err=True)
        raise SystemExit(1)
    click.echo(meldung)
