"""Stammdaten: Länder, Träger (Jobcenter) und Vergleichstypen laden."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from sqlmodel import Session, select

from ...fehler import FachlicherFehler
from ...models import Land, Traeger
from .tabellen import lese_tabelle

TRAEGER_SPALTEN = ("ags", "name", "kurzname", "land", "traegerform")
TRAEGERFORMEN = ("zkT", "gE")
_AGS = re.compile(r"^\d{5}$")


def mitgelieferte_datei(name: str) -> bytes:
    return resources.files("zielvereinbarung.daten").joinpath(name).read_bytes()


@dataclass
class StammdatenErgebnis:
    neu: int = 0
    geaendert: int = 0
    unveraendert: int = 0


def lade_laender(session: Session) -> StammdatenErgebnis:
    """Die 16 Länder aus der mitgelieferten `laender.csv` (idempotent)."""
    tabelle = lese_tabelle("laender.csv", mitgelieferte_datei("laender.csv"))
    vorhanden = {land.code: land for land in session.exec(select(Land))}
    ergebnis = StammdatenErgebnis()
    for _, (code, name) in tabelle.zeilen:
        land = vorhanden.get(code)
        if land is None:
            session.add(Land(code=code, name=name))
            ergebnis.neu += 1
        elif land.name != name:
            land.name = name
            ergebnis.geaendert += 1
        else:
            ergebnis.unveraendert += 1
    session.flush()
    return ergebnis


def _spalten_index(kopf: list[str], erwartet: tuple[str, ...]) -> dict[str, int]:
    fehlend = [s for s in erwartet if s not in kopf]
    unbekannt = [s for s in kopf if s not in erwartet]
    fehler = [f"Zeile 1: Pflichtspalte „{s}“ fehlt." for s in fehlend]
    fehler += [f"Zeile 1: unbekannte Spalte „{s}“." for s in unbekannt]
    if fehler:
        raise FachlicherFehler("Die Kopfzeile passt nicht.", fehler)
    return {s: kopf.index(s) for s in erwartet}


def importiere_traeger(
    session: Session, inhalt: bytes | None = None, dateiname: str = "kreise.csv"
) -> StammdatenErgebnis:
    """Träger aus der mitgelieferten Liste (401 Jobcenter) oder einer Datei gleicher Spalten.

    Alles oder nichts: jeder Fehler wird mit Zeile gemeldet, geschrieben wird dann nichts.
    Vorhandene Träger werden aktualisiert (Vergleichstyp und Gültigkeit bleiben erhalten).
    """
    lade_laender(session)
    if inhalt is None:
        inhalt = mitgelieferte_datei("kreise.csv")
    tabelle = lese_tabelle(dateiname, inhalt)
    idx = _spalten_index(tabelle.kopf, TRAEGER_SPALTEN)
    laender = set(session.exec(select(Land.code)))
    fehler: list[str] = []
    saetze: dict[str, dict[str, str]] = {}
    for nummer, zellen in tabelle.zeilen:
        werte = {s: (zellen[i] if i < len(zellen) else "") for s, i in idx.items()}
        if any(z.startswith("=") for z in zellen):
            fehler.append(f"Zeile {nummer}: Formeln (Zellen mit „=“ am Anfang) sind nicht erlaubt.")
            continue
        if not _AGS.match(werte["ags"]):
            fehler.append(
                f"Zeile {nummer}, Spalte ags: „{werte['ags']}“ ist kein fünfstelliger "
                "Kreisschlüssel."
            )
        elif werte["ags"] in saetze:
            fehler.append(f"Zeile {nummer}, Spalte ags: {werte['ags']} kommt mehrfach vor.")
        if werte["land"] not in laender:
            fehler.append(f"Zeile {nummer}, Spalte land: unbekanntes Land „{werte['land']}“.")
        if werte["traegerform"] not in TRAEGERFORMEN:
            fehler.append(
                f"Zeile {nummer}, Spalte traegerform: „{werte['traegerform']}“ ist weder zkT noch "
                "gE."
            )
        if not werte["name"] or len(werte["name"]) > 120:
            fehler.append(f"Zeile {nummer}, Spalte name: leer oder länger als 120 Zeichen.")
        if len(werte["kurzname"]) > 60:
            fehler.append(f"Zeile {nummer}, Spalte kurzname: länger als 60 Zeichen.")
        # Ein fehlender Kurzname (z. B. Rottal-Inn in der Ursprungsliste) fällt auf den Namen
        # zurück.
        werte["kurzname"] = werte["kurzname"] or werte["name"][:60]
        saetze[werte["ags"]] = werte
    if fehler:
        raise FachlicherFehler("Die Trägerliste wurde nicht importiert.", fehler)
    vorhanden = {t.ags: t for t in session.exec(select(Traeger))}
    ergebnis = StammdatenErgebnis()
    for ags, werte in saetze.items():
        traeger = vorhanden.get(ags)
        neu = dict(
            name=werte["name"],
            kurzname=werte["kurzname"],
            land_code=werte["land"],
            traegerform=werte["traegerform"],
        )
        if traeger is None:
            session.add(
                Traeger(
                    ags=ags,
                    name=neu["name"],
                    kurzname=neu["kurzname"],
                    land_code=neu["land_code"],
                    traegerform=neu["traegerform"],
                )
            )
            ergebnis.neu += 1
        elif any(getattr(traeger, k) != v for k, v in neu.items()):
            for k, v in neu.items():
                setattr(traeger, k, v)
            ergebnis.geaendert += 1
        else:
            ergebnis.unveraendert += 1
    session.flush()
    return ergebnis


def importiere_vergleichstypen(
    session: Session, inhalt: bytes, dateiname: str
) -> StammdatenErgebnis:
    """Setzt Vergleichstypen aus einer Datei mit den Spalten `ags,vergleichstyp` (alles oder
    nichts)."""
    tabelle = lese_tabelle(dateiname, inhalt)
    idx = _spalten_index(tabelle.kopf, ("ags", "vergleichstyp"))
    traeger = {t.ags: t for t in session.exec(select(Traeger))}
    fehler: list[str] = []
    zuordnung: dict[str, str | None] = {}
    for nummer, zellen in tabelle.zeilen:
        ags = zellen[idx["ags"]] if idx["ags"] < len(zellen) else ""
        typ = zellen[idx["vergleichstyp"]] if idx["vergleichstyp"] < len(zellen) else ""
        if ags.startswith("=") or typ.startswith("="):
            fehler.append(f"Zeile {nummer}: Formeln (Zellen mit „=“ am Anfang) sind nicht erlaubt.")
        elif ags not in traeger:
            fehler.append(f"Zeile {nummer}, Spalte ags: unbekannter Träger „{ags}“.")
        elif ags in zuordnung:
            fehler.append(f"Zeile {nummer}, Spalte ags: {ags} kommt mehrfach vor.")
        elif len(typ) > 20:
            fehler.append(f"Zeile {nummer}, Spalte vergleichstyp: höchstens 20 Zeichen.")
        else:
            zuordnung[ags] = typ or None
    if fehler:
        raise FachlicherFehler("Die Vergleichstypen wurden nicht importiert.", fehler)
    ergebnis = StammdatenErgebnis()
    for ags, neuer_typ in zuordnung.items():
        if traeger[ags].vergleichstyp == neuer_typ:
            ergebnis.unveraendert += 1
        else:
            traeger[ags].vergleichstyp = neuer_typ
            ergebnis.geaendert += 1
    session.flush()
    return ergebnis
