"""`flask zv user create|list|demo`: Benutzerkonten auf der Kommandozeile."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from sqlmodel import select

from ..demo.konten import DEMO_PASSWORT, lege_demo_benutzer
from ..demo.zeichnung import lege_demo_zeichnende
from ..domain.berechtigung import ROLLEN, ROLLEN_NAMEN
from ..models import Ring, Traeger
from ..services.konten import benutzer as dienst
from . import sitzung, zv_gruppe

OPTIONEN = {
    "benutzername": "--benutzername",
    "rolle": "--rolle",
    "land_code": "--land",
    "traeger_ags": "--ags",
    "ring_id": "--ring",
    "name": "--name",
    "email": "--email",
    "passwort": "--passwort",
}


@zv_gruppe.group("user")
def user() -> None:
    """Benutzerkonten verwalten."""


@user.command("create")
@click.option(
    "--benutzername", required=True, help="3–40 Zeichen: a–z, 0–9, Punkt, Binde-/Unterstrich."
)
@click.option(
    "--rolle",
    required=True,
    type=click.Choice(ROLLEN),
    help="admin, land, traeger, leser oder ring (Ring-Koordination).",
)
@click.option("--land", "land_code", help="Land (z. B. NI) für die Rollen land und leser.")
@click.option("--ags", "traeger_ags", help="Kreisschlüssel des Trägers für traeger und leser.")
@click.option("--ring", "ringname", help="Name des Vergleichsrings für die Rolle ring.")
@click.option("--name", help="Anzeigename (sonst der Benutzername).")
@click.option("--email", help="E-Mail-Adresse (freiwillig).")
@click.option("--passwort", help="Ohne diese Option wird verdeckt (mit Wiederholung) gefragt.")
def user_create(
    benutzername, rolle, land_code, traeger_ags, ringname, name, email, passwort
) -> None:
    """Ein Benutzerkonto anlegen."""
    if passwort is None:
        passwort = click.prompt(
            "Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen"
        )
    with sitzung() as session:
        ring_id = None
        if ringname:
            ring = session.exec(select(Ring).where(Ring.name == ringname)).first()
            if ring is None:
                click.echo(f"Fehler: Unbekannter Vergleichsring „{ringname}“.", err=True)
                raise SystemExit(1)
            ring_id = ring.id
        try:
            neu = dienst.lege_benutzer_an(
                session,
                benutzername=benutzername,
                name=name or benutzername,
                email=email,
                rolle=rolle,
                land_code=land_code,
                traeger_ags=traeger_ags,
                ring_id=ring_id,
                passwort=passwort,
                akteur="system",
                jetzt=datetime.now(UTC),
            )
        except dienst.Eingabefehler as fehler:
            click.echo(f"Fehler: {fehler.meldung}", err=True)
            for feld, meldung in fehler.felder.items():
                click.echo(f"  {OPTIONEN.get(feld, feld)}: {meldung}", err=True)
            raise SystemExit(1) from None
        bereich = neu.land_code or neu.traeger_ags or (f"Ring {ringname}" if ringname else "alle")
    click.echo(f"Benutzer {neu.benutzername} angelegt ({ROLLEN_NAMEN[neu.rolle]}, {bereich}).")


@user.command("list")
def user_list() -> None:
    """Alle Benutzerkonten auflisten."""
    with sitzung() as session:
        zeilen = [
            (
                b.benutzername,
                ROLLEN_NAMEN.get(b.rolle, b.rolle),
                b.land_code or b.traeger_ags or (f"Ring {b.ring_id}" if b.ring_id else "alle"),
                "aktiv" if b.aktiv else "inaktiv",
                b.name,
            )
            for b in dienst.liste_benutzer(session)
        ]
    if not zeilen:
        click.echo("Keine Benutzer.")
    for zeile in zeilen:
        click.echo("\t".join(zeile))


@user.command("demo")
@click.option("--land", "land_code", required=True, help="Land der Demokonten, z. B. NI.")
def user_demo(land_code: str) -> None:
    """Demokonten: admin, land-<land>, leser-<land>, traeger-<ags> je zkT und die
    zeichnungsberechtigten zeichnung-<land>, zeichnung-<ags>.

    Alle mit dem öffentlich dokumentierten Demo-Passwort – nur für Demo-Datenbanken.
    """
    with sitzung() as session:
        ags_liste = list(
            session.exec(
                select(Traeger.ags)
                .where(Traeger.land_code == land_code.upper(), Traeger.traegerform == "zkT")
                .order_by(Traeger.ags)
            )
        )
        zugaenge = lege_demo_benutzer(session, land_code, ags_liste, datetime.now(UTC))
        zugaenge += lege_demo_zeichnende(session, land_code, ags_liste, datetime.now(UTC))
    for z in zugaenge:
        click.echo(
            f"{z.benutzername}\t{ROLLEN_NAMEN[z.rolle]}\t{z.bereich}\t"
            f"{'neu' if z.neu else 'vorhanden'}"
        )
    click.echo(f"Passwort aller Demokonten: {DEMO_PASSWORT}")


from . import zeichnung  # noqa: E402, F401  (meldet `flask zv user zeichnung …` an)
