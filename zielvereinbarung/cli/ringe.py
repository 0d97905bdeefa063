"""`flask zv ring …`: Vergleichsringe (DOMAIN.md § 11; JSON-Vertrag im README).

- `ring formel "FORMEL"`: Formel prüfen – gelesene Form und benötigte Basiszahlen oder der
  Fehler mit Stelle (Status 1); mit `--ring NAME` auch die eigenen Basiszahlen des Rings.
- `ring liste [--json]`: Ringe mit Mitgliedern je Jahr und Definitionen.
- `ring werte --ring NAME --monat JJJJ-MM [--json]`: alle Kennzahlen des Rings für die Mitglieder
  des Jahres und den Ringwert (`"ags": null`, mit `abdeckung`). Die Kommandozeile sieht wie die
  Administration alles, auch nicht freigegebene Monate.
"""

from __future__ import annotations

import json
from decimal import Decimal

import click
from sqlalchemy import select

from ..domain.basiszahlen import monat_index
from ..domain.formel import STANDARD_NAMEN, FormelFehler, benoetigte_monate, lies_formel
from ..domain.ringe import KENNZAHL_EINHEITEN
from ..fehler import FachlicherFehler
from ..format import zahl
from ..models.ring import Ring
from ..services.ringe.berechnung import berechne_monat
from ..services.ringe.daten import basiszahlen as ring_basiszahlen
from ..services.ringe.daten import lade_ringdaten, namensraum
from . import sitzung, zv_gruppe
from .ausgabe import demo_hinweis, tabelle


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


def _ring(session, name: str) -> Ring:
    ring = session.execute(select(Ring).where(Ring.name == name)).scalar()
    if ring is None:
        namen = session.execute(select(Ring.name).order_by(Ring.name)).scalars().all()
        bekannt = ", ".join(f"„{n}“" for n in namen) or "keine"
        raise FachlicherFehler(f"Unbekannter Vergleichsring „{name}“ (bekannt: {bekannt}).")
    return ring


@ring_gruppe.command("formel")
@click.argument("formel")
@click.option("--ring", "ringname", help="auch die eigenen Basiszahlen dieses Rings kennen")
def formel_pruefen(formel: str, ringname: str | None) -> None:
    """FORMEL prüfen: die gelesene Form und die benötigten Basiszahlen oder der Fehler (Exit 1)."""
    namen = STANDARD_NAMEN
    if ringname:
        with sitzung() as session:
            namen = namensraum(ring_basiszahlen(session, _ring(session, ringname).id))
    try:
        geprueft = lies_formel(formel, namen)
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


@ring_gruppe.command("liste")
@click.option("--json", "als_json", is_flag=True, help="Maschinenlesbar")
def liste(als_json: bool) -> None:
    """Alle Vergleichsringe mit Mitgliedern je Jahr, eigenen Basiszahlen und Kennzahlen."""
    with sitzung() as session:
        ringe = [
            lade_ringdaten(session, r.id)
            for r in session.execute(select(Ring).order_by(Ring.name)).scalars()
        ]
    objekte = [
        {
            "id": d.ring.id,
            "name": d.ring.name,
            "laender_sehen": d.ring.laender_sehen,
            "freigegeben_bis": d.ring.freigegeben_bis,
            "demodaten": d.ring.demodaten,
            "mitglieder": {str(j): ags for j, ags in sorted(d.mitglieder.items())},
            "basiszahlen": [
                {"code": b.code, "name": b.name, "einheit": b.einheit, "obergrenze": b.obergrenze}
                for b in d.basiszahlen
            ],
            "kennzahlen": [
                {
                    "code": k.code,
                    "version": k.version,
                    "name": k.name,
                    "kategorie": k.kategorie,
                    "einheit": k.einheit,
                    "richtung": k.richtung,
                    "formel": k.formel,
                    "gueltig_ab": k.gueltig_ab.isoformat(),
                    "gueltig_bis": k.gueltig_bis.isoformat() if k.gueltig_bis else None,
                }
                for k in d.kennzahlen
            ],
        }
        for d in ringe
    ]
    if als_json:
        click.echo(json.dumps(objekte, ensure_ascii=False, indent=1))
        return
    if not objekte:
        click.echo("Keine Vergleichsringe.")
        return
    zeilen = []
    for o in objekte:
        jahre = o["mitglieder"]
        letzte = f"{len(jahre[max(jahre)])} ({max(jahre)})" if jahre else "0"
        zeilen.append(
            [o["name"], letzte, str(len(o["basiszahlen"])), str(len(o["kennzahlen"])),
             o["freigegeben_bis"] or "–", "ja" if o["laender_sehen"] else "nein"]
        )  # fmt: skip
    kopf = ["Ring", "Mitglieder", "Basiszahlen", "Kennzahlen", "freigegeben bis", "Länder sehen"]
    click.echo(tabelle(kopf, zeilen))


def _zahl(wert: Decimal | None) -> float | None:
    return None if wert is None else float(wert)


@ring_gruppe.command("werte")
@click.option("--ring", "ringname", required=True, help="Name des Rings")
@click.option("--monat", required=True, metavar="JJJJ-MM", help="Berichtsmonat")
@click.option("--json", "als_json", is_flag=True, help="Maschinenlesbar (ungerundet)")
def werte(ringname: str, monat: str, als_json: bool) -> None:
    """Die Kennzahlen des Rings im Monat: je Mitglied und als Ringwert (Aggregat)."""
    try:
        t = monat_index(monat)
    except ValueError:
        raise click.BadParameter(
            f"„{monat}“ ist kein Monat (JJJJ-MM).", param_hint="--monat"
        ) from None
    with sitzung() as session:
        daten = lade_ringdaten(session, _ring(session, ringname).id)
    ergebnisse = berechne_monat(daten, t)
    mitglieder = daten.mitglieder_im(t)
    codes = [km.kennzahl.code for km in ergebnisse]
    objekte = []
    for ags in mitglieder:
        e = {km.kennzahl.code: km.werte[ags].ergebnis for km in ergebnisse}
        objekte.append(
            {
                "ags": ags,
                "werte": {c: _zahl(e[c].wert) for c in codes},
                "gruende": {c: e[c].grund for c in codes if e[c].wert is None},
            }
        )
    objekte.append(
        {
            "ags": None,
            "werte": {km.kennzahl.code: _zahl(km.ring.wert) for km in ergebnisse},
            "gruende": {km.kennzahl.code: km.ring.grund for km in ergebnisse if km.ring.grund},
            "abdeckung": {km.kennzahl.code: km.ring.abdeckung or 0 for km in ergebnisse},
        }
    )
    if als_json:
        click.echo(json.dumps(objekte, ensure_ascii=False, indent=1))
        return
    click.echo(f"{daten.ring.name} – Berichtsmonat {monat}")
    demo_hinweis(daten.demodaten)
    if not mitglieder:
        click.echo(f"Im Jahr {t // 12} hat der Ring keine Mitglieder.")
        return

    def text(km, e) -> str:
        stellen = KENNZAHL_EINHEITEN[km.kennzahl.einheit].nachkommastellen
        return "–" if e.wert is None else zahl(e.wert, stellen)

    zeilen = [[ags, *(text(km, km.werte[ags].ergebnis) for km in ergebnisse)] for ags in mitglieder]
    zeilen.append(["Ring", *(text(km, km.ring) for km in ergebnisse)])
    click.echo(tabelle(["AGS", *codes], zeilen))
    ring = objekte[-1]
    click.echo(
        "Abdeckung des Ringwerts: "
        + ", ".join(f"{c} {ring['abdeckung'][c]}/{len(mitglieder)}" for c in codes)
    )
    for o in objekte:
        for code, grund in o["gruende"].items():
            click.echo(f"{o['ags'] or 'Ring'} {code} nicht berechenbar – {grund}")
