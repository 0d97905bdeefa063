"""Dokumente und Signaturen auf der Kommandozeile:

- `flask zv dokument export --ags AGS --jahr JJJJ [--aenderung N] --out DATEI`: neueste Version
  schreiben (der Zielvereinbarung oder ihrer Änderungsvereinbarung Nr. N); mit `--bund-land NI`
  statt `--ags` die der Vereinbarung BMAS ↔ Land.
- `flask zv dokument liste [--land XX] [--json]`: alle Versionen.
- `flask zv verify DATEI`: Status 0 nur, wenn die Datei die von beiden Parteien unterzeichnete,
  unveränderte Zielvereinbarung dieser Datenbank ist (`services.dokumente.pruefung`), sonst 1 mit
  Grund.
- `flask zv dokument archivzeitstempel [--ags AGS --jahr JJJJ]`: PAdES B-LTA (Prüfdaten und
  Dokumentzeitstempel) für unterzeichnete Dokumente.
- `flask zv pki demo`: Demo-CA und Zertifikate für NI, 03157, 03159 (nicht in Produktion).
- `flask zv zertifikat import --land NI|--ags AGS DATEI.p12` (fragt die Passphrase verdeckt),
  `flask zv zertifikat liste`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app

from ..fehler import KonfigurationsFehler
from ..format import datum
from ..services.dokumente import export as export_dienst
from ..services.dokumente import zertifikate as zertifikate_dienst
from ..services.dokumente.einstellungen import DokumentEinstellungen
from ..services.dokumente.pruefung import MAX_PRUEFDATEI, pruefe_datei
from . import sitzung, zv_gruppe
from .ausgabe import tabelle

ZEITZONE_TEXT = "%d.%m.%Y, %H:%M:%S Uhr (UTC)"


def einstellungen() -> DokumentEinstellungen:
    try:
        return DokumentEinstellungen.aus_konfiguration(
            current_app.config, current_app.instance_path
        )
    except KonfigurationsFehler as fehler:
        click.echo(f"Fehler: {fehler}", err=True)
        raise SystemExit(1) from None


def _ja(wert: bool) -> str:
    return "ja" if wert else "NEIN"


@zv_gruppe.group("dokument")
def dokument() -> None:
    """Vereinbarungsdokumente (PDF) exportieren und auflisten."""


@dokument.command("export")
@click.option("--ags", help="Kreisschlüssel des Trägers.")
@click.option("--bund-land", metavar="LAND",
              help="Statt --ags: die Vereinbarung BMAS ↔ dieses Land, z. B. NI.")  # fmt: skip
@click.option("--jahr", type=int, required=True, help="Jahr der Zielvereinbarung.")
@click.option("--out", "ziel", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Zieldatei (PDF).")  # fmt: skip
@click.option("--aenderung", type=click.IntRange(1), metavar="N",
              help="Die Änderungsvereinbarung Nr. N statt der Zielvereinbarung.")  # fmt: skip
def dokument_export(
    ags: str | None, bund_land: str | None, jahr: int, ziel: Path, aenderung: int | None
) -> None:
    """Die neueste Version des Dokuments einer Zielvereinbarung in eine Datei schreiben."""
    if (ags is None) == (bund_land is None):
        raise click.UsageError("Bitte genau eines angeben: --ags AGS oder --bund-land LAND.")
    if bund_land is not None and aenderung is not None:
        raise click.UsageError("Zur Vereinbarung BMAS ↔ Land gibt es keine Änderungsvereinbarung.")
    with sitzung() as session:
        version, daten = export_dienst.exportiere(
            session, einstellungen(), ags, jahr, aenderung, bund_land
        )
    ziel.write_bytes(daten)
    click.echo(
        f"{ziel}: Version {version.version} ({version.status_bezeichnung}, "
        f"{version.signaturen} Signatur(en)), SHA-256 {version.sha256}"
    )


@dokument.command("liste")
@click.option("--land", "land_code", help="Nur Dokumente dieses Landes, z. B. NI.")
@click.option("--json", "als_json", is_flag=True, help="Als JSON-Liste ausgeben.")
def dokument_liste(land_code: str | None, als_json: bool) -> None:
    """Alle gespeicherten Versionen (ags, jahr, version, status, sha256, signaturen …)."""
    with sitzung() as session:
        zeilen = export_dienst.liste(session, land_code)
    if als_json:
        click.echo(json.dumps(zeilen, ensure_ascii=False, indent=2))
        return
    if not zeilen:
        click.echo("Keine Dokumente.")
        return
    click.echo(tabelle(
        ["AGS", "Jahr", "Version", "Status", "Signaturen", "SHA-256"],
        [[z["ags"], z["jahr"], z["version"], z["status"], z["signaturen"], z["sha256"][:16] + "…"]
         for z in zeilen],
    ))  # fmt: skip


@dokument.command("archivzeitstempel")
@click.option("--ags", help="Kreisschlüssel des Trägers (sonst: alle fälligen Dokumente).")
@click.option("--jahr", type=int, help="Jahr der Zielvereinbarung (mit --ags).")
def dokument_archivzeitstempel(ags: str | None, jahr: int | None) -> None:
    """PAdES B-LTA: Prüfdaten und Dokumentzeitstempel an unterzeichnete Dokumente anhängen
    (ohne --ags alle, deren Archivzeitstempel fehlt oder binnen 90 Tagen abläuft)."""
    from ..fehler import FachlicherFehler
    from ..services.dokumente import archivzeitstempel as archiv

    einst = einstellungen()
    jetzt = datetime.now(UTC)
    with sitzung() as session:
        if ags:
            if jahr is None:
                click.echo("Fehler: --jahr fehlt.", err=True)
                raise SystemExit(1)
            version = export_dienst.exportiere(session, einst, ags, jahr)[0]
            ids = [version.vereinbarung_id]
        else:
            ids = archiv.faellige(session, einst, jetzt)
        fehler = 0
        for vid in ids:
            try:
                d = archiv.archiviere(session, einst, vid, "system", jetzt)
            except FachlicherFehler as f:
                fehler += 1
                click.echo(f"Fehler: {f.meldung}", err=True)
                continue
            click.echo(f"Vereinbarung Nr. {vid}: Archivzeitstempel angebracht (Version "
                       f"{d.version}, SHA-256 {d.sha256}).")  # fmt: skip
    if not ids:
        click.echo("Kein Dokument braucht einen neuen Archivzeitstempel.")
    if fehler:
        raise SystemExit(1)


@zv_gruppe.command("verify")
@click.argument("datei", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(datei: Path) -> None:
    """Prüfen, ob die PDF-Datei die von beiden Parteien unterzeichnete Zielvereinbarung ist
    (Status 0 nur dann; Regeln: services/pruefung.py)."""
    if datei.stat().st_size > MAX_PRUEFDATEI:
        click.echo(f"Fehler: Die Datei ist zu groß (höchstens {MAX_PRUEFDATEI // 2**20} MB).",
                   err=True)  # fmt: skip
        raise SystemExit(1)
    daten = datei.read_bytes()
    with sitzung() as session:
        bericht = pruefe_datei(session, einstellungen(), daten, datetime.now(UTC))
    click.echo(f"Datei: {datei} ({bericht.groesse} Bytes), SHA-256 {bericht.sha256}")
    if bericht.fehler:
        click.echo(f"Fehler: {bericht.fehler}", err=True)
        raise SystemExit(1)
    z = bericht.zuordnung
    if z:
        version_text = f", Version {z.version} der Dokumentablage" if z.version else ""
        stand = (
            "stimmt mit der Datenbank überein"
            if z.bestaetigt
            else ("NICHT bestätigt" if z.bekannt else "in der Datenbank NICHT bekannt")
        )
        zu = f" zur Zielvereinbarung {z.original_id}" if z.original_id else ""
        click.echo(
            f"{z.art}{zu}: {z.traeger} ({z.ags}), Jahr {z.jahr}, Revision "
            f"{z.revision_nummer or '–'}{version_text}; Inhalt {stand}"
        )
    for nummer, zeile in enumerate(bericht.zeilen, start=1):
        s = zeile.befund
        zeit = s.zeitpunkt.astimezone(UTC).strftime(ZEITZONE_TEXT) if s.zeitpunkt else "unbekannt"
        registriert = {True: "ja", False: "NEIN", None: "nicht prüfbar"}[zeile.registriert]
        click.echo(f"Signatur {nummer} – {zeile.partei} (Feld {s.feld}):")
        kennung = f" ({s.organisationskennung})" if s.organisationskennung else ""
        click.echo(f"  Unterzeichner: {s.unterzeichner}; Organisation: {s.organisation or '–'}"
                   f"{kennung}")  # fmt: skip
        click.echo(f"  Zeitpunkt: {zeit} ({s.zeitquelle})")
        click.echo(f"  unverändert und lesbar: {_ja(s.intakt)}")
        click.echo(f"  Vertrauen: {s.vertrauen}")
        click.echo(f"  Sperrstatus: {s.sperrstatus}")
        click.echo(f"  Abdeckung: {s.abdeckung}")
        if zeile.partei in ("Träger", "Land"):
            click.echo(f"  Zertifikat für {zeile.partei} registriert: {registriert}")
    for mangel in bericht.maengel:
        click.echo(f"Mangel: {mangel}")
    if not bericht.gueltig:
        click.echo("Ergebnis: NICHT GÜLTIG.", err=True)
        raise SystemExit(1)
    click.echo(
        f"Ergebnis: GÜLTIG – dies ist die von {bericht.parteien} unterzeichnete "
        "Zielvereinbarung, unverändert seit der letzten Signatur."
    )


@zv_gruppe.group("pki")
def pki() -> None:
    """Demo-PKI (nur Demo- und Testdatenbanken)."""


@pki.command("demo")
def pki_demo() -> None:
    """Demo-CA und Signaturzertifikate für das Land NI und die Träger 03157 und 03159."""
    with sitzung() as session:
        ergebnis = zertifikate_dienst.richte_demo_pki_ein(
            session, einstellungen(), datetime.now(UTC), "system"
        )
    if ergebnis.neu:
        click.echo(f"Demo-CA: {ergebnis.ca_datei} (dieser Stelle wird bei der Prüfung vertraut).")
        click.echo("Zertifikate eingerichtet für: " + ", ".join(ergebnis.neu))
    if ergebnis.vorhanden:
        click.echo("Schon eingerichtet (unverändert): " + ", ".join(ergebnis.vorhanden))


@zv_gruppe.group("zertifikat")
def zertifikat() -> None:
    """Signaturzertifikate der Länder und Träger."""


@zertifikat.command("import")
@click.option("--land", "land_code", help="Land, z. B. NI.")
@click.option("--ags", help="Kreisschlüssel des Trägers.")
@click.argument("datei", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--passphrase", prompt="Passphrase der PKCS#12-Datei", hide_input=True,
              help="Ohne diese Option wird verdeckt gefragt.")  # fmt: skip
@click.option("--vertreter", help="Name der vertretenden Person (Signaturblock, Dokument).")
@click.option("--funktion", help="Funktion, z. B. „Landrat“.")
@click.option("--ort", help="Ort der Unterschrift.")
def zertifikat_import(land_code, ags, datei: Path, passphrase, vertreter, funktion, ort) -> None:
    """Ein PKCS#12 (.p12/.pfx) für ein Land oder einen Träger einrichten (verschlüsselt)."""
    with sitzung() as session:
        org = zertifikate_dienst.organisation(session, land_code=land_code, ags=ags)
        neu = zertifikate_dienst.importiere(
            session, einstellungen(), org, datei.read_bytes(), passphrase, vertreter, funktion,
            ort, "system", datetime.now(UTC),
        )  # fmt: skip
        text = (
            f"Zertifikat für {org.name} eingerichtet: {neu.inhaber}, "
            f"gültig bis {datum(neu.gueltig_bis)}."
        )
    click.echo(text)


@zertifikat.command("liste")
def zertifikat_liste() -> None:
    """Alle eingerichteten Zertifikate (ohne Schlüssel)."""
    with sitzung() as session:
        zeilen = [[z.land_code or z.traeger_ags, "aktiv" if z.aktiv else "abgelöst", z.inhaber,
                   datum(z.gueltig_bis), z.fingerabdruck[:16] + "…"]
                  for z in zertifikate_dienst.liste(session)]  # fmt: skip
    if not zeilen:
        click.echo("Keine Zertifikate.")
        return
    click.echo(tabelle(["Organisation", "Status", "Inhaber", "gültig bis", "SHA-256"], zeilen))
