"""`flask zv user zeichnung …`: wer unterzeichnen darf (DOMAIN.md § 6a), auf der Kommandozeile
mit den Rechten der Administration; jede Änderung steht im Audit-Protokoll (Akteur
„kommandozeile“).

- `erteilen BENUTZER [--funktion TEXT]`, `entziehen BENUTZER`: Zeichnungsbefugnis für die
  Organisation des Kontos (Träger-Konto: sein Träger, Land-Konto: sein Land).
- `liste [--land NI | --ags 03157]`: wer jetzt zeichnungsberechtigt ist.
- `zertifikat BENUTZER DATEI`: persönliches Zertifikat (PEM/DER) für externe qualifizierte
  Signaturen registrieren.
- `vier-augen LAND an|aus`: Freigabe durch eine zweite Person vor der Gegenzeichnung.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from sqlmodel import select

from ..domain.berechtigung import ADMIN, Akteur
from ..domain.zeichnung import Organisation
from ..fehler import FachlicherFehler
from ..models import Benutzer, Zeichnungsbefugnis
from ..services.dokumente.freigabe import setze_vier_augen
from ..services.konten import personenzertifikate, zeichnung
from . import sitzung
from .benutzer import user

KOMMANDOZEILE = Akteur("kommandozeile", ADMIN)


@user.group("zeichnung")
def gruppe() -> None:
    """Zeichnungsbefugnisse, persönliche Zertifikate, Vier-Augen-Prinzip."""


def _konto(session, benutzername: str) -> Benutzer:
    konto = session.exec(
        select(Benutzer).where(Benutzer.benutzername == benutzername.strip().lower())
    ).first()
    if konto is None:
        raise FachlicherFehler(f"Den Benutzer „{benutzername}“ gibt es nicht.")
    return konto


@gruppe.command("erteilen")
@click.argument("benutzername")
@click.option("--funktion", help="Funktion im Signaturblock, z. B. „Landrätin“.")
def erteilen(benutzername: str, funktion: str | None) -> None:
    """Das Konto wird zeichnungsberechtigt für seine Organisation."""
    with sitzung() as session:
        konto = _konto(session, benutzername)
        zeichnung.erteile(session, konto.id, funktion, KOMMANDOZEILE, datetime.now(UTC))
        org = zeichnung.organisationsname(session, _org(konto))
    click.echo(f"{konto.benutzername} ist jetzt zeichnungsberechtigt für {org}.")


@gruppe.command("entziehen")
@click.argument("benutzername")
def entziehen(benutzername: str) -> None:
    """Die Zeichnungsbefugnis des Kontos endet jetzt."""
    with sitzung() as session:
        konto = _konto(session, benutzername)
        zeichnung.entziehe(session, konto.id, KOMMANDOZEILE, datetime.now(UTC))
    click.echo(f"{konto.benutzername} ist nicht mehr zeichnungsberechtigt.")


@gruppe.command("liste")
@click.option("--land", "land_code", help="Nur dieses Land (z. B. NI).")
@click.option("--ags", help="Nur dieser Träger.")
def liste(land_code: str | None, ags: str | None) -> None:
    """Wer jetzt zeichnungsberechtigt ist (Konto, Organisation, Name, Funktion, seit)."""
    with sitzung() as session:
        abfrage = (
            select(Benutzer, Zeichnungsbefugnis)
            .join(Zeichnungsbefugnis, Zeichnungsbefugnis.benutzer_id == Benutzer.id)
            .where(Zeichnungsbefugnis.entzogen_am.is_(None), Benutzer.aktiv)
            .order_by(Zeichnungsbefugnis.land_code, Zeichnungsbefugnis.traeger_ags, Benutzer.name)
        )
        if land_code:
            abfrage = abfrage.where(Zeichnungsbefugnis.land_code == land_code.upper())
        if ags:
            abfrage = abfrage.where(Zeichnungsbefugnis.traeger_ags == ags)
        zeilen = [
            (b.benutzername, z.land_code or z.traeger_ags, b.name, z.funktion or "–",
             f"{z.erteilt_am:%d.%m.%Y}")
            for b, z in session.exec(abfrage)
            if zeichnung.offene_befugnis(session, b) is not None
        ]  # fmt: skip
    if not zeilen:
        click.echo("Niemand ist zeichnungsberechtigt.")
    for zeile in zeilen:
        click.echo("\t".join(zeile))


@gruppe.command("zertifikat")
@click.argument("benutzername")
@click.argument("datei", type=click.Path(exists=True, dir_okay=False))
def zertifikat(benutzername: str, datei: str) -> None:
    """Persönliches Zertifikat (PEM oder DER) für externe qualifizierte Signaturen registrieren."""
    with open(datei, "rb") as f:
        daten = f.read(personenzertifikate.MAX_DATEI + 1)
    with sitzung() as session:
        konto = _konto(session, benutzername)
        neu = personenzertifikate.registriere(session, konto.id, daten, KOMMANDOZEILE,
                                              datetime.now(UTC))  # fmt: skip
        from ..documents.signatur import inhaber_lesbar  # (PDF-Bibliotheken erst bei Gebrauch)

        inhaber, bis = inhaber_lesbar(neu.inhaber), neu.gueltig_bis
    click.echo(f"Zertifikat „{inhaber}“ (gültig bis {bis:%d.%m.%Y}) für {konto.benutzername} "
               "registriert.")  # fmt: skip


@gruppe.command("vier-augen")
@click.argument("land_code")
@click.argument("schalter", type=click.Choice(["an", "aus"]))
def vier_augen(land_code: str, schalter: str) -> None:
    """Vier-Augen-Prinzip des Landes vor der Gegenzeichnung ein- oder ausschalten."""
    with sitzung() as session:
        geaendert = setze_vier_augen(session, land_code.upper(), schalter == "an", KOMMANDOZEILE,
                                     datetime.now(UTC))  # fmt: skip
    zustand = "eingeschaltet" if schalter == "an" else "ausgeschaltet"
    click.echo(f"Vier-Augen-Prinzip für {land_code.upper()} {zustand}"
               + ("." if geaendert else " (war es schon)."))  # fmt: skip


def _org(konto: Benutzer) -> Organisation:
    return (
        Organisation(konto.land_code, None)
        if konto.land_code
        else Organisation(None, konto.traeger_ags)
    )
