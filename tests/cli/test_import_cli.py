"""`flask zv import DATEI…`: Zusammenfassung, Warnungen, Fehler, Exit-Status – mit echten
Dateien."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from zielvereinbarung.models import Basiszahl, ImportProtokoll
from zielvereinbarung.services.basiszahlen import tabellen

KOPF = "ags,monat,geschlecht,datenstand,elb,llu"


def schreibe(pfad: Path, *zeilen: str) -> Path:
    pfad.write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    return pfad


def anzahl(engine, modell=Basiszahl) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(modell)).one()


def protokolle(engine) -> list[ImportProtokoll]:
    with Session(engine) as s:
        return list(s.exec(select(ImportProtokoll).order_by(ImportProtokoll.id)))


@pytest.fixture
def gut(tmp_path) -> Path:
    return schreibe(
        tmp_path / "gut.csv",
        KOPF,
        "01054,2024-01,gesamt,2024-04-15,100,1234.50",
        "01054,2024-01,frauen,2024-04-15,60,",
        "01054,2024-01,maenner,2024-04-15,40,",
    )


def test_import_zeigt_zusammenfassung(cli, engine, stammdaten, gut):
    ergebnis = cli("zv", "import", str(gut), "--benutzer", "Sachbearbeiterin")
    assert ergebnis.exit_code == 0, ergebnis.output
    assert ergebnis.stdout == (
        "gut.csv: 3 Zeilen gelesen, 3 neu, 0 neue Datenstände, 0 unverändert, 0 "
        "Plausibilitätswarnungen.\n"
    )
    assert ergebnis.stderr == ""  # kleine Datei: kein Fortschrittsbalken
    assert anzahl(engine) == 3
    (protokoll,) = protokolle(engine)
    assert (protokoll.benutzer, protokoll.dateiname, protokoll.ergebnis) == (
        "Sachbearbeiterin",
        "gut.csv",
        "importiert",
    )


def test_benutzer_ist_standardmaessig_der_os_benutzer(cli, engine, stammdaten, gut):
    assert cli("zv", "import", str(gut)).exit_code == 0
    assert protokolle(engine)[0].benutzer == getpass.getuser()


def test_identischer_reimport_sagt_keine_aenderungen(cli, engine, stammdaten, gut):
    cli("zv", "import", str(gut))
    ergebnis = cli("zv", "import", str(gut))
    assert ergebnis.exit_code == 0
    assert ergebnis.stdout == (
        "gut.csv: 3 Zeilen gelesen, keine Änderungen: alle Zeilen waren bereits mit identischen "
        "Werten vorhanden.\n"
    )
    assert anzahl(engine) == 3
    assert [p.ergebnis for p in protokolle(engine)] == ["importiert", "unveraendert"]


def test_fehlerhafte_datei_exit_1_alle_fehler_nichts_gespeichert(cli, engine, stammdaten, tmp_path):
    datei = schreibe(
        tmp_path / "kaputt.csv",
        KOPF,
        "1054,2024-01,gesamt,2024-04-15,12.5,1",
        "01054,2024-13,,,5,1",
    )
    ergebnis = cli("zv", "import", str(datei))
    assert ergebnis.exit_code == 1
    assert ergebnis.stdout == ""
    assert ergebnis.stderr == (
        "Fehler: kaputt.csv wurde nicht importiert (3 Fehler):\n"
        "  Zeile 2, Spalte A (ags): „1054“ – der Kreisschlüssel muss fünfstellig sein; vermutlich "
        "ist die "
        "führende Null verloren gegangen (01054). Bitte die Spalte als Text speichern.\n"
        "  Zeile 2, Spalte E (elb): „12.5“ – eine Anzahl muss eine ganze Zahl sein.\n"
        "  Zeile 3, Spalte B (monat): „2024-13“ – kein gültiger Monat; erwartet JJJJ-MM, MM.JJJJ "
        "oder MM/JJJJ, z. B. 2024-01 oder 01.2024.\n"
    )
    assert anzahl(engine) == 0
    (protokoll,) = protokolle(engine)
    assert (protokoll.ergebnis, protokoll.zeilen_gelesen, len(protokoll.fehler)) == (
        "abgelehnt",
        2,
        3,
    )


def test_mehrere_dateien_jede_fuer_sich(cli, engine, stammdaten, gut, tmp_path):
    formel = schreibe(tmp_path / "formel.csv", "ags,monat,elb", "01001,2024-01,=1+1")
    ergebnis = cli("zv", "import", str(formel), str(gut))
    assert ergebnis.exit_code == 1  # eine Datei fehlgeschlagen
    assert "gut.csv: 3 Zeilen gelesen, 3 neu" in ergebnis.stdout
    assert "Fehler: formel.csv wurde nicht importiert (1 Fehler):" in ergebnis.stderr
    assert "Zeile 2, Spalte C (elb): „=1+1“ – Formeln sind nicht erlaubt" in ergebnis.stderr
    assert "1 von 2 Dateien wurden nicht importiert." in ergebnis.stderr
    assert anzahl(engine) == 3
    assert [p.ergebnis for p in protokolle(engine)] == ["abgelehnt", "importiert"]


def test_warnungen_werden_gezeigt_und_gekuerzt(cli, engine, stammdaten, tmp_path):
    zeilen = [f"01054,{2020 + m // 12}-{m % 12 + 1:02d},10,11" for m in range(53)]
    datei = schreibe(tmp_path / "warnungen.csv", "ags,monat,elb,lzb", *zeilen)
    ergebnis = cli("zv", "import", str(datei))
    assert ergebnis.exit_code == 0
    zeilen_aus = ergebnis.stdout.splitlines()
    assert (
        zeilen_aus[0]
        == "warnungen.csv: 53 Zeilen gelesen, 53 neu, 0 neue Datenstände, 0 unverändert, 53 "
        "Plausibilitätswarnungen."
    )
    assert (
        zeilen_aus[2]
        == "  Zeile 2: lzb (11) ist größer als elb (10) bei 01054, 2020-01, gesamt – bitte prüfen."
    )
    assert len([z for z in zeilen_aus if z.startswith("  Zeile ")]) == 50
    assert zeilen_aus[-1] == "  … und 3 weitere"
    assert anzahl(engine) == 53


def test_fortschrittsbalken_bei_grossen_dateien(cli, engine, stammdaten, tmp_path):
    from zielvereinbarung.services.basiszahlen.stammdaten import mitgelieferte_datei

    alle_ags = [
        z.split(",")[0] for z in mitgelieferte_datei("kreise.csv").decode().splitlines()[1:]
    ]
    monate = [f"2023-{m:02d}" for m in range(1, 13)] + ["2024-01"]
    zeilen = [f"{ags},{monat},1" for ags in alle_ags for monat in monate]  # 401 × 13
    assert len(zeilen) > 5_000
    datei = schreibe(tmp_path / "gross.csv", "ags,monat,elb", *zeilen)
    ergebnis = cli("zv", "import", str(datei))
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "gross.csv wird importiert" in ergebnis.stderr
    assert ergebnis.stdout.startswith(
        f"gross.csv: {len(zeilen):,} Zeilen gelesen".replace(",", ".")
    )
    assert anzahl(engine) == len(zeilen)


@pytest.mark.parametrize(
    "name,erwartet",
    [
        ("fehlt.csv", "fehlt.csv: Datei nicht gefunden. Nichts importiert."),
        ("ordner", "ordner: ist ein Verzeichnis, keine Datei. Nichts importiert."),
    ],
)
def test_unlesbare_pfade_ohne_traceback(cli, engine, stammdaten, tmp_path, name, erwartet):
    (tmp_path / "ordner").mkdir()
    ergebnis = cli("zv", "import", str(tmp_path / name))
    assert ergebnis.exit_code == 1
    assert ergebnis.stderr == f"Fehler: {tmp_path}/{erwartet}\n"
    assert "Traceback" not in ergebnis.output


@pytest.mark.parametrize(
    "inhalt,meldung",
    [
        (b"", "Die Datei ist leer."),
        (b"ags,monat,elb\n", "Die Datei enthält nur eine Kopfzeile, aber keine Datenzeilen."),
        (
            b"\x00\x01\x02binaer",
            "Die Datei ist keine CSV- oder XLSX-Datei (sie enthält Binärdaten).",
        ),
        (
            "ags,monat,elb\n01054,2024-01,5 Männer\n".encode("latin-1"),
            "Die Datei ist nicht UTF-8-kodiert (erstes ungültiges Zeichen in Zeile 2). Bitte als "
            "„CSV UTF-8“ speichern.",
        ),
    ],
    ids=["leer", "nur-kopf", "binaer", "latin-1"],
)
def test_unlesbare_dateien(cli, engine, stammdaten, tmp_path, inhalt, meldung):
    datei = tmp_path / "datei.csv"
    datei.write_bytes(inhalt)
    ergebnis = cli("zv", "import", str(datei))
    assert ergebnis.exit_code == 1
    assert ergebnis.stderr == f"Fehler: datei.csv wurde nicht importiert (1 Fehler):\n  {meldung}\n"
    assert anzahl(engine) == 0
    assert [p.ergebnis for p in protokolle(engine)] == ["abgelehnt"]


def test_zu_grosse_datei_wird_nicht_gelesen(cli, engine, stammdaten, tmp_path, monkeypatch):
    monkeypatch.setattr(tabellen, "MAX_BYTES", 1024 * 1024)
    datei = tmp_path / "riesig.csv"
    datei.write_bytes(b"ags,monat,elb\n" + b"01054,2024-01,1\n" * 140_000)
    ergebnis = cli("zv", "import", str(datei))
    assert ergebnis.exit_code == 1
    assert "Die Datei ist zu groß (2 MB); höchstens 1 MB sind erlaubt." in ergebnis.stderr
    assert anzahl(engine) == 0


def test_ohne_dateiangabe_eine_hilfe(cli):
    ergebnis = cli("zv", "import")
    assert ergebnis.exit_code == 2
    assert "DATEIEN" in ergebnis.stderr


def test_jeder_import_steht_im_audit_protokoll(cli, engine, stammdaten, gut, tmp_path):
    from zielvereinbarung.models import AuditEreignis

    kaputt = schreibe(tmp_path / "kaputt.csv", KOPF, "01054,2024-13,gesamt,,1,")
    cli("zv", "import", str(gut), "--benutzer", "sb")
    cli("zv", "import", str(gut), "--benutzer", "sb")
    cli("zv", "import", str(kaputt), "--benutzer", "sb")
    with Session(engine) as s:
        ereignisse = list(s.exec(select(AuditEreignis).order_by(AuditEreignis.id)))
    ids = [p.id for p in protokolle(engine)]
    assert [(e.akteur, e.aktion, e.objekt_typ, e.objekt_id) for e in ereignisse] == [
        ("sb", "import", "import_protokoll", str(i)) for i in ids
    ]
    assert [e.details["ergebnis"] for e in ereignisse] == [
        "importiert",
        "unveraendert",
        "abgelehnt",
    ]
    assert ereignisse[0].details["neu"] == 3 and ereignisse[2].details["fehler"] == 1
