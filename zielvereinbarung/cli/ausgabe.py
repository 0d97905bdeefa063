"""Lesbare Textausgabe für die Kommandozeile."""

from __future__ import annotations

import click


def tabelle(kopf: list[str], zeilen: list[list[str]]) -> str:
    """Einfache Texttabelle: erste Spalte linksbündig, Zahlen rechtsbündig."""
    breiten = [max(len(str(z[i])) for z in [kopf, *zeilen]) for i in range(len(kopf))]

    def zeile(zellen: list[str]) -> str:
        return "  ".join(
            str(z).ljust(b) if i == 0 else str(z).rjust(b)
            for i, (z, b) in enumerate(zip(zellen, breiten, strict=False))
        )

    return "\n".join(
        [zeile(kopf), "  ".join("-" * b for b in breiten), *(zeile(z) for z in zeilen)]
    )


def demo_hinweis(demodaten: bool) -> None:
    if demodaten:
        click.echo("HINWEIS: Demodaten – synthetische Werte, keine amtliche Statistik.")
