"""`flask zv import` mit einer Zip-Bombe in einem echten Prozess: Exit 1, deutsche Meldung,
nichts gespeichert, die Ablehnung im Import- und Audit-Protokoll – und der Speicher bleibt klein.

Der Spitzenwert (maxrss) wird in einem Zwischenprozess über `RUSAGE_CHILDREN` gemessen, damit
nur der `flask`-Prozess zählt. Vorher kostete dieselbe Bombe (2 MB, entpackt 2 GiB) 3–4 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from tests.services.basiszahlen.xlsx_bomben import normale_xlsx, xlsx_bombe
from zielvereinbarung.models import AuditEreignis, Basiszahl, ImportProtokoll

PROJEKT = Path(__file__).resolve().parents[2]
MESSUNG = """
import json, resource, subprocess, sys
ergebnis = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"exit": ergebnis.returncode, "stdout": ergebnis.stdout,
                  "stderr": ergebnis.stderr,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}))
"""
GRENZE_MB = 300  # ein leerer `flask zv`-Prozess braucht gut 100 MB


# `flask zv import` läuft als eigener Prozess und schreibt wirklich fest.
pytestmark = pytest.mark.echte_commits


def importiere_im_prozess(datei: Path, db_url: str, tmp_path: Path) -> dict:
    env = dict(os.environ, ZV_DATABASE_URL=db_url, ZV_INSTANCE_PATH=str(tmp_path))
    flask = [sys.executable, "-m", "flask", "--app", "app", "zv", "import", str(datei)]
    aufruf = [sys.executable, "-c", MESSUNG, *flask, "--benutzer", "angreiferin"]
    fertig = subprocess.run(aufruf, cwd=PROJEKT, env=env, capture_output=True, text=True)
    assert fertig.returncode == 0, fertig.stderr
    return json.loads(fertig.stdout)


def zaehle(engine, modell) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(modell)).one()


@pytest.mark.echte_commits  # ein zweiter Prozess schreibt in die Testdatenbank
def test_bombe_im_cli_prozess_mit_kleinem_speicher_abgelehnt(engine, stammdaten, db_url, tmp_path):
    bombe = tmp_path / "basiszahlen.xlsx"
    bombe.write_bytes(xlsx_bombe(2 * 1024**3))
    ergebnis = importiere_im_prozess(bombe, db_url, tmp_path)
    print(f"Spitzenspeicher mit Bombe: {ergebnis['maxrss_mb']} MB")
    assert ergebnis["exit"] == 1
    assert ergebnis["stderr"].startswith(
        "Fehler: basiszahlen.xlsx wurde nicht importiert (1 Fehler):\n"
        "  Die XLSX-Datei wurde nicht gelesen: sie würde sich auf 2.048 MB entpacken; erlaubt "
        "sind 200 MB."
    )
    assert "Traceback" not in ergebnis["stderr"]
    assert ergebnis["maxrss_mb"] < GRENZE_MB
    assert zaehle(engine, Basiszahl) == 0
    with Session(engine) as s:
        (protokoll,) = s.exec(select(ImportProtokoll)).all()
        assert (protokoll.ergebnis, protokoll.benutzer) == ("abgelehnt", "angreiferin")
        assert "Zip-Bombe" in protokoll.fehler[0]
        audit = s.exec(select(AuditEreignis).where(AuditEreignis.aktion == "import")).one()
        assert audit.objekt_id == str(protokoll.id)


@pytest.mark.echte_commits
def test_normale_xlsx_im_cli_prozess_wird_importiert(engine, stammdaten, db_url, tmp_path):
    datei = tmp_path / "basiszahlen.xlsx"
    zeilen = [("ags", "monat", "elb")] + [("01054", f"2024-{m:02d}", 100 + m) for m in range(1, 13)]
    datei.write_bytes(normale_xlsx(*zeilen))
    ergebnis = importiere_im_prozess(datei, db_url, tmp_path)
    assert ergebnis["exit"] == 0, ergebnis["stderr"]
    assert ergebnis["stdout"].startswith("basiszahlen.xlsx: 12 Zeilen gelesen, 12 neu")
    assert zaehle(engine, Basiszahl) == 12
