"""`flask zv demo [--seed 1]`: den synthetischen Demodatensatz laden (idempotent)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import click
from flask import current_app

from ..domain.berechtigung import ROLLEN_NAMEN
from ..format import datum
from ..services.basiszahlen.importer import ImportErgebnis
from ..services.dokumente.einstellungen import DokumentEinstellungen
from . import datenbank_url, sitzung, zv_gruppe


def _import_text(name: str, ergebnis: ImportErgebnis) -> str:
    status = {"importiert": "importiert", "unveraendert": "unverändert"}.get(ergebnis.ergebnis)
    return f"{name} ({status or ergebnis.ergebnis}): {ergebnis.meldung.rstrip('.')}."


def _je_zustand(zustaende: dict[str, str]) -> str:
    """„entwurf 10, unterzeichnet 2“: wie viele Vereinbarungen in welchem Zustand."""
    return ", ".join(f"{z} {n}" for z, n in sorted(Counter(zustaende.values()).items()))


@zv_gruppe.command("demo")
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Startwert des Zufallsgenerators."
)
def demo(seed: int) -> None:
    """Demodaten laden: 401 Jobcenter, Basiszahlen ab 2022-01 bis drei Monate vor heute, ein neuer
    Datenstand.

    Dazu die Verhandlung des kommenden Jahres in jedem Zustand und ein laufendes Jahr (das Jahr
    des letzten Demomonats): unterzeichnete Vereinbarungen, Zielnachhaltedialoge und die
    Fortschrittsberichte der letzten drei Monate. Die Werte sind synthetisch (keine amtliche
    Statistik) und überall als „Demodaten“ markiert. Ein zweiter Aufruf mit demselben Seed ändert
    nichts.
    """
    from .. import migration
    from ..demo.berichte import erzeuge_demo_berichte
    from ..demo.laden import lade_demo  # erst hier: der Demo-Code braucht nur dieser Befehl

    migration.upgrade(datenbank_url())
    heute = date.today()
    with sitzung() as session:
        ergebnis = lade_demo(
            session,
            seed=seed,
            heute=heute,
            benutzer="demo",
            jetzt=datetime.now(UTC),
            dokumente=DokumentEinstellungen.aus_konfiguration(
                current_app.config, current_app.instance_path
            ),
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
        f"Zeitraum {ergebnis.von} bis {ergebnis.bis}, Datenstand {datum(ergebnis.datenstand)}, "
        f"neuer Datenstand {datum(ergebnis.neuer_datenstand)}."
    )
    click.echo(_import_text("Basiszahlen", ergebnis.basiszahlen))
    click.echo(_import_text("Neuer Datenstand", ergebnis.import_neuer_datenstand))
    if (v := ergebnis.verhandlung) is not None:
        click.echo(
            f"Verhandlung {v.jahr} ({v.land}): Orientierungswerte "
            f"{'gesetzt' if v.orientierungswerte_gesetzt else 'vorhanden (unverändert)'}; "
            f"{v.entwuerfe_meldung}"
        )
        click.echo("Demo-Zugänge (Benutzername, Rolle, Bereich):")
        for z in v.zugaenge:
            click.echo(f"  {z.benutzername}\t{ROLLEN_NAMEN[z.rolle]}\t{z.bereich}")
        if (r := ergebnis.ring) is not None:
            click.echo(f"  {r.koordination}\t{ROLLEN_NAMEN['ring']}\tVergleichsring Nord (Demo)")
        click.echo(f"Passwort aller Demo-Zugänge: {v.passwort}")
    if (r := ergebnis.ring) is not None:
        click.echo(
            f"Vergleichsring Nord (Demo): {'angelegt' if r.neu else 'vorhanden (unverändert)'}; "
            + _import_text("eigene Basiszahlen", r.werte)
        )
    if (u := ergebnis.unterzeichnungen) is not None:
        click.echo(
            f"Zielvereinbarungen {u.jahr} (NI) nach Zustand: {_je_zustand(u.zustaende)}"
            + (f" ({u.hinweis})" if u.hinweis else "")
        )
    if (j := ergebnis.laufendes_jahr) is not None:
        click.echo(
            f"Laufendes Jahr {j.jahr} (NI): {_je_zustand(j.zustaende)}"
            + f"; {j.dialoge_neu} Zielnachhaltedialoge neu"
            + (f" ({j.hinweis})" if j.hinweis else "")
        )
        if (a := ergebnis.aenderungen) is not None and a.zustaende:
            click.echo(f"Änderungsvereinbarungen {a.jahr} (NI): {_je_zustand(a.zustaende)}")
        if (b := ergebnis.bund) is not None:
            click.echo(
                "Zielvereinbarungen BMAS ↔ Niedersachsen (Konto bund): "
                + ", ".join(f"{jahr}: {zustand}" for jahr, zustand in b.zustaende.items())
            )
        berichte = erzeuge_demo_berichte(datenbank_url(), ergebnis.bis, datetime.now(UTC))
        click.echo(
            f"Fortschrittsberichte {berichte.von} bis {berichte.bis} ({berichte.land}): "
            f"{berichte.neu} erzeugt, {berichte.unveraendert} unverändert."
        )
