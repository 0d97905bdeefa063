"""`flask zv berichte erzeugen|liste`, `flask zv worker` und `flask zv scheduler` (dünn über jobs/
und services/).

`berichte erzeugen` reiht die Berichte als Aufträge ein und arbeitet selbst mit `--arbeiter`
Renderprozessen mit, bis alle erledigt sind: ohne laufende Worker allein (wie bisher), mit Workern
gemeinsam mit ihnen. `--nur-einreihen` überlässt die Arbeit den Workern und kehrt sofort zurück.
"""

from __future__ import annotations

import json
import sys

import click

from ..config import konfiguration
from ..db import sitzung
from ..domain.berechtigung import Akteur
from ..fehler import FachlicherFehler
from ..services.berichte.planung import Berichtsfilter, pruefe_monat, suche_berichte
from . import datenbank_url, melde_fehler, zv_gruppe


@zv_gruppe.group("berichte")
def berichte() -> None:
    """Fortschrittsberichte (PDF) erzeugen und auflisten."""


@berichte.command("erzeugen")
@click.option("--monat", required=True, metavar="JJJJ-MM", help="Berichtsmonat")
@click.option("--land", help="Nur die Träger dieses Landes und seine Landesübersicht")
@click.option("--ags", help="Nur den Bericht dieses Trägers")
@click.option(
    "--arbeiter",
    type=click.IntRange(1, 16),
    default=2,
    show_default=True,
    help="Eigene Renderprozesse (laufende Worker helfen zusätzlich mit)",
)
@click.option(
    "--nur-einreihen", is_flag=True, help="Nur einreihen; erzeugt werden sie von `flask zv worker`"
)
def erzeugen(monat, land, ags, arbeiter, nur_einreihen) -> None:
    """Berichte eines Monats erzeugen: neue und geänderte; unveränderte bleiben, wie sie sind."""
    from ..jobs.berichtslauf import erzeuge_berichte

    balken = {}

    def fortschritt(erledigt: int, gesamt: int) -> None:
        if "b" not in balken:
            if gesamt == 0:
                return
            balken["b"] = click.progressbar(
                length=gesamt, label="Berichte", show_pos=True, file=sys.stderr
            )
            balken["b"].__enter__()
        balken["b"].update(erledigt - balken["b"].pos)

    try:
        ergebnis = erzeuge_berichte(
            datenbank_url(),
            monat,
            land.upper() if land else None,
            ags,
            arbeiter=0 if nur_einreihen else arbeiter,
            von="cli",
            fortschritt=fortschritt,
        )
    except FachlicherFehler as fehler:
        melde_fehler(fehler)
    finally:
        if "b" in balken:
            balken["b"].__exit__(None, None, None)
    click.echo(ergebnis.meldung)


@berichte.command("liste")
@click.option("--monat", metavar="JJJJ-MM")
@click.option("--land")
@click.option("--ags")
@click.option("--alle-versionen", is_flag=True, help="Auch ältere Versionen zeigen")
@click.option("--json", "als_json", is_flag=True, help="Maschinenlesbar")
def liste(monat, land, ags, alle_versionen, als_json) -> None:
    """Archivierte Berichte (neueste Version je Bericht, außer mit --alle-versionen)."""
    if monat:
        try:
            pruefe_monat(monat)
        except FachlicherFehler as fehler:
            melde_fehler(fehler)
    admin = Akteur("cli", "admin")
    f = Berichtsfilter(land.upper() if land else None, ags, monat, nur_neueste=not alle_versionen)
    with sitzung(datenbank_url()) as session:
        gefunden = suche_berichte(session, f, admin, grenze=100_000)
    ablage = konfiguration().berichtsablage()
    daten = [
        {
            "id": b.id,
            "art": b.art,
            "ags": b.ags,
            "land": b.land_code,
            "monat": b.monat,
            "version": b.version,
            "sha256": b.sha256,
            "datei": str(ablage / b.datei),
            "titel": b.titel,
            "erstellt_am": b.erstellt_am.isoformat(),
        }
        for b in gefunden
    ]
    if als_json:
        click.echo(json.dumps(daten, ensure_ascii=False, indent=1))
        return
    if not daten:
        click.echo("Keine Berichte für diese Auswahl.")
    for d in daten:
        click.echo(
            f"{d['monat']}  {d['art']:7}  {d['ags'] or d['land']:5}  v{d['version']}  "
            f"{d['sha256'][:12]}  {d['titel']}"
        )


@zv_gruppe.command("worker")
@click.option(
    "--prozesse",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Renderprozesse dieses Workers",
)
@click.option(
    "--vorrat",
    type=click.IntRange(1, 64),
    help="Aufträge, die er auf einmal übernimmt (Standard: so viele wie Prozesse)",
)
@click.option("--bis-leer", is_flag=True, help="Enden, sobald kein Auftrag mehr zu haben ist")
def worker(prozesse, vorrat, bis_leer) -> None:
    """Berichtsaufträge aus der Warteschlange abarbeiten (blockiert; SIGTERM oder Strg+C
    beenden ihn nach den gerade übernommenen Aufträgen)."""
    import signal
    import threading

    from ..jobs.berichtslauf import arbeite, prozess_name

    halt = threading.Event()
    vorher = {
        sig: signal.signal(sig, lambda *_: halt.set()) for sig in (signal.SIGTERM, signal.SIGINT)
    }
    from ..documents.bericht import vorwaermen

    vorwaermen()  # WeasyPrint und Schriften laden, bevor der erste Auftrag kommt
    click.echo(f"Worker {prozess_name()} wartet auf Berichtsaufträge.")
    try:
        ergebnis = arbeite(
            datenbank_url(),
            prozesse,
            bis_leer=bis_leer,
            halt=halt.is_set,
            vorrat=vorrat or prozesse,
            nach_jedem=lambda n: click.echo(f"{n} Berichte festgeschrieben."),
        )
    finally:
        for sig, handler in vorher.items():
            signal.signal(sig, handler)
    click.echo(
        f"Worker beendet: {len(ergebnis.neu)} Berichte erzeugt, "
        f"{ergebnis.schon_erledigt} schon von einem anderen Prozess erzeugt."
    )


@zv_gruppe.command("scheduler")
@click.option("--einmal", metavar="JOB", help="Nur diesen Job jetzt einmal ausführen und enden")
def scheduler(einmal) -> None:
    """Den Scheduler-Prozess starten (blockiert; Strg+C beendet ihn). Auf PostgreSQL wird nur
    einer von mehreren Scheduler-Prozessen Anführer; die anderen warten als Ersatz."""
    from ..jobs import JOB
    from ..jobs.ausfuehrung import fuehre_aus
    from ..jobs.scheduler import baue_scheduler, starte

    url = datenbank_url()
    if einmal:
        if einmal not in JOB:
            raise click.UsageError(f"Unbekannter Job „{einmal}“ ({', '.join(JOB)}).")
        lauf = fuehre_aus(url, einmal, "cli", "cli")
        click.echo(f"{einmal}: {lauf.status} – {lauf.ergebnis}")
        raise SystemExit(0 if lauf.status != "fehler" else 1)
    for job in baue_scheduler(url).get_jobs():
        click.echo(f"geplant: {job.id} ({job.name}) – {job.trigger}")

    def melde(text: str) -> None:
        click.echo(text)
        sys.stdout.flush()

    starte(url, melde)
