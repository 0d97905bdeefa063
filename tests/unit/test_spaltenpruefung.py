"""Der schnelle Weg der Dateiprüfung (`spaltenpruefung`) liefert genau das Ergebnis des genauen
Wegs – und der Generator der Benchmark-Dateien erzeugt gültige Dateien mit den versprochenen
Warnungen."""

from __future__ import annotations

from datetime import date

import pytest

from bench import nationale_datei
from zielvereinbarung.domain.datenstaende import plane_import
from zielvereinbarung.domain.importpruefung import pruefe_basiszahlen
from zielvereinbarung.domain.spaltenpruefung import pruefe_spaltenweise
from zielvereinbarung.services.basiszahlen.tabellen import lese_tabelle

AGS = ["01001", "01002", "03157", "05111", "09162", "11000"]
HEUTE = date(2026, 3, 1)


def _datei(art: str = "realistisch", monate: int = 24) -> bytes:
    return nationale_datei.erzeuge(art, ags=AGS, monate=monate)


def _beide(inhalt: bytes, name: str = "x.csv"):
    tabelle = lese_tabelle(name, inhalt, frozenset({"monat"}))
    schnell = pruefe_spaltenweise(tabelle, frozenset(AGS), None, HEUTE)
    genau = pruefe_basiszahlen(tabelle, AGS, HEUTE, spaltenweise=False)
    return schnell, genau


def _gleich(schnell, genau) -> None:
    assert schnell is not None
    assert not genau.fehler
    assert schnell.warnungen == genau.warnungen
    assert len(schnell.datensaetze) == len(genau.datensaetze)
    for a, b in zip(schnell.datensaetze, genau.datensaetze, strict=True):
        assert (a.zeile, a.schluessel, a.datenstand, a.werte, a.hinweise) == (
            b.zeile,
            b.schluessel,
            b.datenstand,
            b.werte,
            b.hinweise,
        )


@pytest.mark.parametrize("art", nationale_datei.ARTEN)
def test_generator_erzeugt_gueltige_dateien_mit_den_versprochenen_warnungen(art):
    inhalt = _datei(art)
    assert inhalt == _datei(art)  # reproduzierbar (Seed)
    assert inhalt.count(b"\n") == 1 + len(AGS) * 24 * 3
    schnell, genau = _beide(inhalt)
    _gleich(schnell, genau)
    plan = plane_import(genau.datensaetze, [])
    warnungen = len(genau.warnungen) + len(plan.warnungen)
    gruppen = len(AGS) * 24
    if art == "keine":
        assert warnungen == 0
    elif art == "jede_gruppe":
        assert len(plan.warnungen) >= 7 * gruppen
    else:
        assert 0 <= warnungen < 0.1 * gruppen


def test_nationale_datei_hat_57744_zeilen():
    assert len(nationale_datei.alle_ags()) == 401
    assert 401 * 48 * 3 == 57_744


def test_beide_wege_gleich_bei_leeren_zellen_regelverstoessen_und_dezimalkomma():
    kopf, *zeilen = _datei("keine", 3).decode().splitlines()
    spalten = kopf.split(",")
    geaendert = []
    for n, zeile in enumerate(zeilen):
        zellen = zeile.split(",")
        if n % 5 == 0:
            zellen[spalten.index("elb_alleinerziehend")] = ""  # nicht gemeldet
        if n % 7 == 0:
            zellen[spalten.index("lzb")] = str(int(zellen[spalten.index("elb")]) + 1)
        if n % 3 == 0:
            zellen[spalten.index("llu")] = zellen[spalten.index("llu")].rstrip("0")  # „12.5“
        if n % 4 == 0:
            zellen[spalten.index("luh")] = zellen[spalten.index("luh")].split(".")[0]
        if n % 6 == 0:
            zellen[spalten.index("geschlecht")] = zellen[spalten.index("geschlecht")].upper()
        geaendert.append(zellen)
    komma = "\n".join(",".join(z) for z in [spalten, *geaendert]) + "\n"
    _gleich(*_beide(komma.encode()))
    semikolon = "\n".join(";".join(z).replace(".", ",") for z in [spalten, *geaendert]) + "\n"
    _gleich(*_beide(semikolon.encode()))


def test_beide_wege_gleich_bei_deutschen_monaten_und_daten():
    """MM.JJJJ, MM/JJJJ und TT.MM.JJJJ: der schnelle Weg liest sie wie der genaue (JJJJ-MM)."""
    kopf, *zeilen = _datei("keine", 3).decode().splitlines()
    spalten = kopf.split(",")
    m, d = spalten.index("monat"), spalten.index("datenstand")
    geaendert = []
    for n, zeile in enumerate(zeilen):
        zellen = zeile.split(",")
        jahr, monat = zellen[m].split("-")
        zellen[m] = f"{monat}.{jahr}" if n % 2 else f"{monat}/{jahr}"
        j, mo, t = zellen[d].split("-")
        zellen[d] = f"{t}.{mo}.{j}"
        geaendert.append(zellen)
    inhalt = "\n".join(",".join(z) for z in [spalten, *geaendert]) + "\n"
    schnell, genau = _beide(inhalt.encode())
    _gleich(schnell, genau)
    assert {s.schluessel[1] for s in schnell.datensaetze} <= {f"{x.split(',')[m]}" for x in zeilen}


@pytest.mark.parametrize(
    ("spalte", "wert"),
    [
        ("elb", "12.5"),  # Anzahl mit Nachkomma
        ("llu", "1.234.567"),  # Tausenderpunkte
        ("llu", "12.345"),  # drei Nachkommastellen
        ("elb", "-3"),
        ("elb", "=1+1"),
        ("elb", "9" * 17),  # zu groß
        ("ags", "99999"),  # unbekannter Träger
        ("monat", "2024-13"),
        ("geschlecht", "divers"),
        ("datenstand", "2099-01-01"),  # nach dem Importtag
    ],
)
def test_jeder_fehler_fuehrt_auf_den_genauen_weg(spalte, wert):
    kopf, erste, *rest = _datei("keine", 2).decode().splitlines()
    zellen = erste.split(",")
    zellen[kopf.split(",").index(spalte)] = wert
    inhalt = "\n".join([kopf, ",".join(zellen), *rest]) + "\n"
    schnell, genau = _beide(inhalt.encode())
    assert schnell is None
    assert genau.fehler
    tabelle = lese_tabelle("x.csv", inhalt.encode(), frozenset({"monat"}))
    assert pruefe_basiszahlen(tabelle, AGS, HEUTE).fehler == genau.fehler


def test_doppelte_zeile_und_fehlende_wertspalte_gehen_den_genauen_weg():
    kopf, erste, *rest = _datei("keine", 2).decode().splitlines()
    doppelt = "\n".join([kopf, erste, erste, *rest]) + "\n"
    schnell, genau = _beide(doppelt.encode())
    assert schnell is None and "doppelt" in genau.fehler[0]
    ohne_luh = "\n".join(",".join(z.split(",")[:8] + z.split(",")[9:]) for z in [kopf, *rest])
    schnell, genau = _beide((ohne_luh + "\n").encode())
    assert schnell is None and not genau.fehler
