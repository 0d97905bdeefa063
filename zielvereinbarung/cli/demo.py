"""`flask zv demo [--seed 1]`: den synthetischen Demodatensatz laden (idempotent)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import click

from .. import migration
from ..services.demo import lade_demo
from ..services.importer import ImportErgebnis
from . import datenbank_url, sitzung, zv_gruppe


def _import_text(name: str, ergebnis: ImportErgebnis) -> str:
    status = {"importiert": "importiert", "unveraendert": "unverändert"}.get(ergebnis.ergebnis)
    return f"{name} ({status or ergebnis.ergebnis}): {ergebnis.meldung.rstrip('.')}."


@zv_gruppe.command("demo")
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Startwert des Zufallsgenerators."
)
def demo(seed: int) -> None:
    """Demodaten laden: 401 Jobcenter, Basiszahlen ab 2022-01 bis drei Monate vor heute, Revision.

    Die Werte sind synthetisch (keine amtliche Statistik) und überall als „Demodaten“ markiert.
    Ein zweiter Aufruf mit demselben Seed ändert nichts.
    """
    migration.upgrade(datenbank_url())
    heute = date.today()
    with sitzung() as session:
        ergebnis = lade_demo(
            session, seed=seed, heute=heute, benutzer="demo", jetzt=datetime.now(timezone.utc)
        )
    click.echo(
        f"{ergebnis.kennzeichen} geladen (Seed {ergebnis.seed}): synthetische Werte, "
        "KEINE amtliche Statistik der Bundesagentur für Arbeit."
    )
    stamm = ergebnis.traeger_stammdaten
    click.echo(
        f"Träger: {ergebnis.traeger} ({stamm.neu} neu, {stamm.geaendert} geändert, "
        f"{stamm.unveraendert} unverändert); Vergleichstypen: {ergebnis.vergleichstypen.geaendert} "
        f"geändert; Kennzahlenkatalog: {ergebnis.katalog_aenderungen} Änderungen."
    )
    click.echo(
        f"Zeitraum {ergebnis.von} bis {ergebnis.bis}, Datenstand {ergebnis.datenstand:%d.%m.%Y}, "
        f"Revision mit Datenstand {ergebnis.datenstand_revision:%d.%m.%Y}."
    )
    click.echo(_import_text("Basiszahlen", ergebnis.basiszahlen))
    click.echo(_import_text("Revision", ergebnis.revision))
