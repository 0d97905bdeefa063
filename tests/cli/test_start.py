"""Der Start eines Befehls: `flask zv …` lädt nur, was der Befehl braucht (Issue 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from ast import literal_eval
from importlib import import_module
from pathlib import Path

import pytest

from zielvereinbarung.cli import BEFEHLE, db_gruppe, nur_befehle, zv_gruppe
from zielvereinbarung.models import _MODUL

WURZEL = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "erwartet"),
    [
        (["/srv/.venv/bin/flask", "zv", "import", "a.csv"], True),
        (["flask", "--app", "app", "db", "upgrade"], True),
        (["flask", "-A", "app", "--debug", "zv", "kennzahlen"], True),
        (["/usr/lib/python3/site-packages/flask/__main__.py", "zv", "demo"], True),
        (["flask", "run"], False),
        (["flask", "routes"], False),
        (["flask", "--app", "zv", "shell"], False),  # „zv“ ist hier der Wert von --app
        (["gunicorn", "app:app"], False),
        (["/usr/bin/pytest", "zv"], False),
        ([], False),
    ],
)
def test_nur_befehle_erkennt_flask_zv_und_db(argv, erwartet):
    assert nur_befehle(argv) is erwartet


def test_jeder_befehl_steht_in_der_liste_seines_moduls():
    """Die Tabelle BEFEHLE nennt genau die Befehle, die die Module anmelden."""
    for gruppe in (zv_gruppe, db_gruppe):
        for modul in set(BEFEHLE[gruppe.name].values()):
            import_module(f"zielvereinbarung.cli.{modul}")
        assert set(gruppe.commands) == set(BEFEHLE[gruppe.name])


def test_ein_befehl_laedt_weder_seiten_noch_pdf_noch_demo_noch_fremde_tabellen(tmp_path):
    """`flask zv kennzahlen` lädt nur die Tabellenklassen, die es liest (Träger, Länder,
    Basiszahlen) – der Aufbau aller ~40 SQLModel-Klassen kostete allein ~0,3 s CPU. Auch kein
    `flask`-Plugin: das von Flask-Limiter lud vor jedem Befehl asyncio und rich (~0,1 s CPU)."""
    skript = (
        "import sys\n"
        "from flask.cli import main\n"
        "sys.argv = ['flask', 'zv', 'kennzahlen', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "schwer = ('weasyprint', 'pyhanko', 'alembic', 'lark', 'ldap3', 'authlib', "
        "'flask_limiter', 'rich', "
        "'zielvereinbarung.web.', 'zielvereinbarung.demo', 'zielvereinbarung.documents')\n"
        "print('GELADEN', sorted(m for m in sys.modules if m.startswith(schwer)))\n"
        "tabellen = 'zielvereinbarung.models.'\n"
        "print('TABELLEN', sorted(m for m in sys.modules if m.startswith(tabellen)))\n"
    )
    umgebung = {
        **os.environ,
        "FLASK_APP": "app",
        "ZV_DATABASE_URL": f"sqlite:///{tmp_path}/leer.sqlite3",
        "ZV_INSTANCE_PATH": str(tmp_path),
    }
    lauf = subprocess.run(
        [sys.executable, "-c", skript], cwd=WURZEL, env=umgebung, capture_output=True, text=True
    )
    assert "Die 15 Kennzahlen" in lauf.stdout, lauf.stderr
    geladen, tabellen = lauf.stdout.split("GELADEN ", 1)[1].split("TABELLEN ")
    assert geladen.strip() == (
        "['zielvereinbarung.web.kern', 'zielvereinbarung.web.kern.datenbank']"
    ), geladen
    tabellenmodule = {f"zielvereinbarung.models.{m}" for m in _MODUL.values()}
    assert set(literal_eval(tabellen)) & tabellenmodule == {
        "zielvereinbarung.models.basiszahlen",
        "zielvereinbarung.models.stammdaten",
    }, tabellen
