"""`flask zv ring …`: Vergleichsringe (DOMAIN.md § 11)."""

from __future__ import annotations

import click

from ..domain.formel import STANDARD_NAMEN, FormelFehler, benoetigte_monate, lies_formel
from . import zv_gruppe


@zv_gruppe.group("ring")
def ring_gruppe() -> None:
    """Vergleichsringe: Formeln prüfen, Ringe und Werte anzeigen."""


def _markierung(formel: str, fehler: FormelFehler) -> list[str]:
    """Die Zeile der Formel mit dem Fehler und darunter ^^^ an der Fehlerstelle."""
    stelle = min(fehler.stelle or 0, len(formel))
    anfang = formel.rfind("\n", 0, stelle) + 1
    ende = formel.find("\n", stelle)
    zeile = formel[anfang : ende if ende >= 0 else len(formel)]
    spalte = stelle - anfang
    laenge = max(1, min(fehler.laenge, len(zeile) - spalte))
    return [zeile, " " * spalte + "^" * laenge]


@ring_gruppe.command("formel")
@click.argument("formel")
def formel_pruefen(formel: str) -> None:
    """FORMEL prüfen: die gelesene Form und die benötigten Basiszahlen oder der Fehler (Exit 1)."""
    try:
        geprueft = lies_formel(formel, STANDARD_NAMEN)
    except FormelFehler as fehler:
        click.echo(f"Fehler: {fehler.meldung}", err=True)
        for zeile in _markierung(formel, fehler):
            click.echo(f"  {zeile}", err=True)
        raise SystemExit(1) from None
    click.echo("Formel in Ordnung.")
    click.echo(f"Gelesen als: {geprueft.gelesen_als}")
    click.echo("Benötigte Basiszahlen (t = Berichtsmonat):")
    bedarf = benoetigte_monate(geprueft.baum)
    breite = max(len(name) for name, _ in bedarf)
    for name, monate in bedarf:
        click.echo(f"  {name.ljust(breite)}  {monate}")
