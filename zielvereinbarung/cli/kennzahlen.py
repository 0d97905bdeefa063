"""`flask zv kennzahlen` und `flask zv zielindikatoren` (JSON-Vertrag siehe README)."""

from __future__ import annotations

import json
from decimal import Decimal

import click

from ..domain.basiszahlen import GESCHLECHTER
from ..domain.katalog import KENNZAHL_CODES
from ..format import euro, prozent, veraenderung, zahl
from ..services.kennzahlen.berechnung import (
    KennzahlZeile,
    kennzahlen_aggregat,
    kennzahlen_traeger,
    zielindikatoren_traeger,
)
from . import sitzung, zv_gruppe
from .ausgabe import demo_hinweis, tabelle

ZIELINDIKATOREN = ("IQ", "IQ_AE", "IQ_LZB", "LZB", "LLU")
_geschlecht = click.option(
    "--geschlecht", type=click.Choice(GESCHLECHTER), default="gesamt", show_default=True
)


def _zahl(wert: Decimal | None) -> float | None:
    return None if wert is None else float(wert)


def _als_json(
    schluessel: tuple[str, str], zeile: KennzahlZeile, geschlecht: str, aggregat: bool
) -> dict:
    objekt = {
        schluessel[0]: schluessel[1],
        "monat": zeile.monat,
        "geschlecht": geschlecht,
        "werte": {c: _zahl(zeile.werte[c].wert) for c in KENNZAHL_CODES},
        "gruende": {c: zeile.werte[c].grund for c in KENNZAHL_CODES if zeile.werte[c].wert is None},
    }
    if aggregat:
        objekt["abdeckung"] = {c: zeile.werte[c].abdeckung or 0 for c in KENNZAHL_CODES}
    return objekt


@zv_gruppe.command("kennzahlen")
@click.option("--ags", help="Kreisschlüssel eines Trägers")
@click.option("--land", help="Kürzel eines Landes (Aggregat)")
@click.option("--vergleichstyp", help="Vergleichstyp (Aggregat)")
@click.option("--bund", is_flag=True, help="Alle Träger (Aggregat)")
@click.option(
    "--monat", "monate", multiple=True, metavar="JJJJ-MM", help="Monat (mehrfach möglich)"
)
@_geschlecht
@click.option("--json", "als_json", is_flag=True, help="Maschinenlesbar (ungerundet)")
def kennzahlen(ags, land, vergleichstyp, bund, monate, geschlecht, als_json) -> None:
    """Die 15 Kennzahlen nach § 48a SGB II je Monat (Prozentwerte)."""
    gewaehlt = [
        (k, v) for k, v in (("ags", ags), ("land", land), ("vergleichstyp", vergleichstyp)) if v
    ]
    if bund:
        gewaehlt.append(("bund", "DE"))
    if len(gewaehlt) != 1:
        raise click.UsageError(
            "Genau eine Auswahl angeben: --ags, --land, --vergleichstyp oder --bund."
        )
    art, schluessel = gewaehlt[0]
    with sitzung() as session:
        if art == "ags":
            zeilen, basis = kennzahlen_traeger(session, ags, geschlecht, list(monate))
        else:
            zeilen, basis = kennzahlen_aggregat(session, art, schluessel, geschlecht, list(monate))
    if als_json:
        daten = [_als_json((art, schluessel), z, geschlecht, art != "ags") for z in zeilen]
        click.echo(json.dumps(daten, ensure_ascii=False, indent=1))
        return
    titel = {"ags": "Träger", "land": "Land", "vergleichstyp": "Vergleichstyp", "bund": "Bund"}[art]
    click.echo(
        f"Kennzahlen nach § 48a SGB II – {titel} {schluessel}, Geschlecht: {geschlecht} (Werte in "
        "%)"
    )
    demo_hinweis(basis.demodaten)
    if not zeilen:
        click.echo("Keine Basiszahlen vorhanden.")
        return
    gruende: dict[str, int] = {}
    kopf = ["Monat", *KENNZAHL_CODES]
    daten = []
    for zeile in zeilen:
        zellen = [zeile.monat + ("*" if zeile.hinweise else "")]
        for code in KENNZAHL_CODES:
            e = zeile.werte[code]
            if e.wert is None:
                nr = gruende.setdefault(f"{zeile.monat} {code}: {e.grund}", len(gruende) + 1)
                zellen.append(f"–({nr})")
            else:
                zellen.append(prozent(e.wert).removesuffix(" %"))
        daten.append(zellen)
    click.echo(tabelle(kopf, daten))
    for text, nr in list(gruende.items())[:40]:
        click.echo(f"({nr}) nicht berechenbar – {text}")
    if len(gruende) > 40:
        click.echo(f"… und {len(gruende) - 40} weitere nicht berechenbare Werte.")
    if any(z.hinweise for z in zeilen):
        click.echo("* Monat mit Plausibilitätshinweisen in den Basiszahlen.")


def _anzeige(code: str, wert: Decimal | None) -> str:
    if wert is None:
        return "–"
    if code.startswith("IQ"):
        return prozent(wert)
    return euro(wert) if code == "LLU" else zahl(wert, 0)


@zv_gruppe.command("zielindikatoren")
@click.option("--ags", required=True, help="Kreisschlüssel eines Trägers")
@click.option("--jahr", required=True, type=click.IntRange(2000, 2100))
@click.option(
    "--monat", type=click.IntRange(1, 12), help="Monat 1–12 (Standard: letzter Monat mit Daten)"
)
@_geschlecht
@click.option("--json", "als_json", is_flag=True, help="Maschinenlesbar (ungerundet)")
def zielindikatoren(ags, jahr, monat, geschlecht, als_json) -> None:
    """Zielindikatoren (Jahresfortschrittswerte) mit Vorjahreswert und Veränderung."""
    with sitzung() as session:
        monat, werte, basis = zielindikatoren_traeger(session, ags, jahr, monat, geschlecht)
    if als_json:
        objekt = {
            "ags": ags,
            "jahr": jahr,
            "monat": monat,
            "geschlecht": geschlecht,
            "indikatoren": {
                code: {
                    "wert": _zahl(werte[code].wert),
                    "vorjahr": _zahl(werte[code].vorjahr),
                    "veraenderung": _zahl(werte[code].veraenderung),
                    "gruende": werte[code].gruende,
                }
                for code in ZIELINDIKATOREN
            },
        }
        click.echo(json.dumps(objekt, ensure_ascii=False, indent=1))
        return
    click.echo(
        f"Zielindikatoren – Träger {ags}, Jahr {jahr}, Stand Monat {monat}, Geschlecht: "
        f"{geschlecht}"
    )
    demo_hinweis(basis.demodaten)
    daten = []
    for code in ZIELINDIKATOREN:
        w = werte[code]
        daten.append(
            [code, _anzeige(code, w.wert), _anzeige(code, w.vorjahr), veraenderung(w.veraenderung)]
        )
    click.echo(tabelle(["Indikator", "Wert", "Vorjahr", "Veränderung"], daten))
    for code in ZIELINDIKATOREN:
        for teil, grund in werte[code].gruende.items():
            click.echo(f"{code} ({teil}) nicht berechenbar – {grund}")
