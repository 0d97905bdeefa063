"""`flask zv audit …`: die Audit-Kette prüfen, verankern, einmalig neu verschlüsseln.

- `verify`: Exit 0, wenn Kette und Anker stimmen; sonst Exit 1 mit dem Befund (welches Ereignis,
  welche Art: verändert, gelöscht, abgeschnitten, neu geschrieben, falscher Schlüssel …).
- `anker`: den Kopf jetzt verankern (Ankerdatei, mit `ZV_TSA_URL` auch Zeitstempel).
- `neu-verschluesseln`: alte SHA-256-Ketten (vor Migration 0007) einmalig auf HMAC umstellen.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app

from ..config import audit_anker_pfad, audit_schluessel
from ..documents.signaturpruefung import lade_anker
from ..services.audit.anker import AnkerdateiFehler, lies_anker, verankere
from ..services.audit.pruefung import pruefe_kette
from ..services.audit.umstellung import neu_verschluesseln
from ..services.dokumente.einstellungen import DokumentEinstellungen
from . import sitzung, zv_gruppe


@zv_gruppe.group("audit")
def audit() -> None:
    """Audit-Protokoll."""


def _vertrauensanker() -> list:
    einst = DokumentEinstellungen.aus_konfiguration(current_app.config, current_app.instance_path)
    return lade_anker(einst.anker_dateien())


@audit.command("verify")
def audit_verify() -> None:
    """Jedes Ereignis (HMAC, Vorgänger, lückenlose ids) und jeden Anker prüfen; nennt den Befund."""
    schluessel = audit_schluessel()
    try:
        anker = lies_anker()
    except AnkerdateiFehler as fehler:
        click.echo(str(fehler), err=True)
        raise SystemExit(1) from None
    with sitzung() as session:
        ergebnis = pruefe_kette(session, schluessel, anker, _vertrauensanker())
    if not ergebnis.ok:
        click.echo(ergebnis.meldung, err=True)
        raise SystemExit(1)
    click.echo(ergebnis.meldung)
    for hinweis in ergebnis.hinweise:
        click.echo(hinweis)
    click.echo(f"Schlüsselkennung {schluessel.kennung}; Ankerdatei {audit_anker_pfad()}.")


@audit.command("anker")
def audit_anker() -> None:
    """Den Kopf der Kette jetzt außerhalb der Datenbank verankern."""
    with sitzung() as session:
        anker = verankere(session, "manuell", datetime.now(UTC))
    if anker is None:
        click.echo("Die Audit-Kette ist leer; nichts zu verankern.")
        return
    stempel = (
        "mit Zeitstempel"
        if anker.zeitstempel
        else f"ohne Zeitstempel ({anker.tsa_fehler})"
        if anker.tsa_fehler
        else "ohne Zeitstempel (ZV_TSA_URL nicht gesetzt)"
    )
    click.echo(
        f"Anker geschrieben: Ereignis {anker.id}, HMAC {anker.hmac[:16]}, {stempel}; "
        f"{audit_anker_pfad()}."
    )


@audit.command("neu-verschluesseln")
def audit_neu_verschluesseln() -> None:
    """Einmalig nach Migration 0007: alte SHA-256-Ketten mit dem Audit-Schlüssel neu verketten."""
    try:
        anker = lies_anker()
    except AnkerdateiFehler as fehler:
        click.echo(str(fehler), err=True)
        raise SystemExit(1) from None
    with sitzung() as session:
        ergebnis = neu_verschluesseln(
            session, audit_schluessel(), anker, "system", datetime.now(UTC)
        )
    click.echo(ergebnis.meldung)
