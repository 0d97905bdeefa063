"""`flask zv sicherung erstellen | pruefen | einspielen` über die echte Kommandozeile: eine
Sicherung mit unterzeichnetem Dokument und Audit-Kette, eingespielt in eine leere Datenbank und
leere Ablagen, danach `flask zv audit verify` und `flask zv verify` auf jedem Dokument; dazu die
Abweisungen (veränderte, abgeschnittene, feindliche Archive, nicht leeres Ziel, falscher
Schlüssel) – jeweils ohne dass am Ziel etwas geschieht."""

from __future__ import annotations

import gzip
import io
import json
import tarfile

import pytest
from sqlalchemy import inspect, select
from sqlmodel import Session

from tests.cli.test_dokumente_cli import unterzeichnet  # noqa: F401  (Fixture)
from tests.conftest import _leere_schema
from zielvereinbarung import migration
from zielvereinbarung.db import engine_fuer
from zielvereinbarung.models import Dokument
from zielvereinbarung.services.sicherung.archiv import gesicherte_tabellen

pytestmark = pytest.mark.echte_commits


def _stand(url: str) -> dict[str, list]:
    with Session(engine_fuer(url)) as session:
        return {
            t.name: [tuple(z) for z in session.execute(select(t).order_by(*t.primary_key.columns))]
            for t in gesicherte_tabellen()
        }


@pytest.fixture
def gesichert(cli, unterzeichnet, db_url, tmp_path):  # noqa: F811
    assert cli("zv", "audit", "anker").exit_code == 0
    datei = tmp_path / "sicherung.tar.gz"
    ergebnis = cli("zv", "sicherung", "erstellen", str(datei))
    assert ergebnis.exit_code == 0, ergebnis.output
    assert ergebnis.stdout.startswith(f"Sicherung geschrieben: {datei} – ")
    return datei


@pytest.fixture
def neue_installation(app, cli, db_url, tmp_path, monkeypatch):
    """Leere Datenbank, leere Dokument- und Berichtsablage, leere Ankerdatei; dieselben Schlüssel.
    Danach bekommt die Testdatenbank ihr Schema zurück (und die Stammdaten beim Aufräumen)."""

    def leeren() -> None:
        _leere_schema(db_url)
        app.config["DOKUMENTE_PFAD"] = str(tmp_path / "neu" / "dokumente")
        monkeypatch.setenv("ZV_BERICHTE_PATH", str(tmp_path / "neu" / "berichte"))
        monkeypatch.setenv("ZV_AUDIT_ANKER", str(tmp_path / "neu" / "audit_anker.jsonl"))

    yield leeren
    migration.upgrade(db_url)


def test_sichern_einspielen_und_alles_pruefbar(
    neue_installation, cli, gesichert, db_url, tmp_path, monkeypatch
):
    vorher = _stand(db_url)
    anker_vorher = (tmp_path / "audit_anker.jsonl").read_bytes()
    assert len(vorher["dokument"]) == 3 and vorher["audit_ereignis"]
    geprueft = cli("zv", "sicherung", "pruefen", str(gesichert))
    assert geprueft.exit_code == 0 and geprueft.stdout.startswith("Sicherung in Ordnung: ")

    neue_installation()
    ergebnis = cli("zv", "sicherung", "einspielen", str(gesichert))
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "Sicherung eingespielt: " in ergebnis.stdout

    nachher = _stand(db_url)
    assert {t: z for t, z in nachher.items() if t != "audit_ereignis"} == {
        t: z for t, z in vorher.items() if t != "audit_ereignis"
    }
    alt = vorher["audit_ereignis"]
    assert nachher["audit_ereignis"][: len(alt)] == alt  # und ein Ereignis „eingespielt“ dazu
    assert len(nachher["audit_ereignis"]) == len(alt) + 1

    audit = cli("zv", "audit", "verify")
    assert audit.exit_code == 0, audit.output
    anker = (tmp_path / "neu" / "audit_anker.jsonl").read_bytes()
    assert anker == anker_vorher
    assert f"{len(anker.splitlines())} Anker geprüft" in audit.stdout

    with Session(engine_fuer(db_url)) as session:
        dokumente = session.execute(select(Dokument.version, Dokument.pfad)).all()
    assert sorted(v for v, _ in dokumente) == [1, 2, 3]
    ergebnisse = {}
    for version, pfad in dokumente:
        datei = tmp_path / "neu" / "dokumente" / pfad  # aus der neuen Ablage
        pruefung = cli("zv", "verify", str(datei))
        assert "Inhalt stimmt mit der Datenbank überein" in pruefung.output, pruefung.output
        ergebnisse[version] = pruefung.exit_code
        if version == 3:
            assert "Ergebnis: GÜLTIG – dies ist die von Träger und Land unterzeichnete" in (
                pruefung.output
            )
    assert ergebnisse == {1: 1, 2: 1, 3: 0}  # ohne, mit einer, mit beiden Signaturen

    # die neue Installation arbeitet weiter: neue ids folgen den eingespielten (PostgreSQL:
    # Sequenzen hinter die höchste id gesetzt)
    assert vorher["basiszahl"]
    datei = tmp_path / "neu.csv"
    datei.write_text("ags,monat,elb\n01059,2026-02,100\n", encoding="utf-8")
    neu = cli("zv", "import", str(datei))
    assert neu.exit_code == 0, neu.output
    assert cli("zv", "audit", "verify").exit_code == 0


def test_nur_in_eine_leere_datenbank(cli, gesichert, db_url):
    vorher = _stand(db_url)
    ergebnis = cli("zv", "sicherung", "einspielen", str(gesichert))
    assert ergebnis.exit_code == 1
    assert "Die Zieldatenbank ist nicht leer" in ergebnis.stderr
    assert _stand(db_url) == vorher


def test_falscher_schluessel(neue_installation, cli, gesichert, db_url, tmp_path, monkeypatch):
    neue_installation()
    monkeypatch.setenv("ZV_AUDIT_SCHLUESSEL", "ein-anderer-schluessel-" + "9" * 32)
    ergebnis = cli("zv", "sicherung", "einspielen", str(gesichert))
    assert ergebnis.exit_code == 1
    assert (
        "Der Schlüssel „audit“ dieser Installation ist nicht der der Sicherung" in ergebnis.stderr
    )
    assert not any(_stand(db_url).values())  # Schema angelegt, aber keine Zeile


def _umgeschrieben(quelle, ziel, aendere) -> None:
    """Ein Archiv mit denselben Einträgen, `aendere(name, daten)` gibt neue Daten oder None."""
    with tarfile.open(quelle, "r:gz") as alt, tarfile.open(ziel, "w:gz") as neu:
        for info in alt:
            daten = aendere(info.name, alt.extractfile(info).read())
            if daten is None:
                continue
            info.size = len(daten)
            neu.addfile(info, io.BytesIO(daten))


def _boese(tmp_path, name, daten=b"x", typ=tarfile.REGTYPE):
    pfad = tmp_path / f"boese-{len(list(tmp_path.iterdir()))}.tar.gz"
    with tarfile.open(pfad, "w:gz") as archiv:
        info = tarfile.TarInfo(name)
        info.type, info.size = typ, (len(daten) if typ == tarfile.REGTYPE else 0)
        info.linkname = "/etc/passwd" if typ == tarfile.SYMTYPE else ""
        archiv.addfile(info, io.BytesIO(daten) if typ == tarfile.REGTYPE else None)
    return pfad


def test_veraenderte_und_feindliche_sicherungen(
    neue_installation, cli, gesichert, db_url, tmp_path, monkeypatch
):
    faelle = {}
    faelle["verändert"] = tmp_path / "veraendert.tar.gz"
    _umgeschrieben(
        gesichert,
        faelle["verändert"],
        lambda n, d: (
            d.replace(b"Nordfriesland", b"Suedfriesland") if n == "datenbank/traeger.jsonl" else d
        ),
    )  # noqa: E501
    faelle["ohne Dokument"] = tmp_path / "ohne.tar.gz"
    _umgeschrieben(
        gesichert, faelle["ohne Dokument"], lambda n, d: None if n.startswith("dokumente/") else d
    )  # noqa: E501
    manifest_falsch = tmp_path / "manifest.tar.gz"
    _umgeschrieben(
        gesichert,
        manifest_falsch,
        lambda n, d: json.dumps({"format": "x"}).encode() if n == "manifest.json" else d,
    )  # noqa: E501
    faelle["Manifest"] = manifest_falsch
    daten = gesichert.read_bytes()
    faelle["abgeschnitten"] = tmp_path / "abgeschnitten.tar.gz"
    faelle["abgeschnitten"].write_bytes(daten[: len(daten) // 2])
    faelle["kein Archiv"] = tmp_path / "kein.tar.gz"
    faelle["kein Archiv"].write_bytes(b"%PDF-1.7 kein Archiv")
    faelle["Pfad hinaus"] = _boese(tmp_path, "../../etc/zv")
    faelle["absolut"] = _boese(tmp_path, "/tmp/zv-boese")
    faelle["Link"] = _boese(tmp_path, "audit_anker.jsonl", typ=tarfile.SYMTYPE)
    faelle["Bombe"] = tmp_path / "bombe.tar.gz"
    with gzip.open(faelle["Bombe"], "wb") as bombe:  # kein gültiger tar-Kopf, nur Nullen
        bombe.write(b"\x01" * 50_000_000)
    erwartet = {
        "verändert": "Eintrag verändert: datenbank/traeger.jsonl",
        "ohne Dokument": "In der Sicherung fehlen 3 Einträge",
        "Manifest": "Das Manifest der Sicherung ist nicht lesbar",
        "abgeschnitten": "beschädigt oder unvollständig",
        "kein Archiv": "ist keine Sicherung",
        "Pfad hinaus": "Unerlaubter Eintrag in der Sicherung: ../../etc/zv",
        "absolut": "Unerlaubter Eintrag in der Sicherung: /tmp/zv-boese",
        "Link": "Unerlaubter Eintrag in der Sicherung: audit_anker.jsonl",
        "Bombe": "ist keine Sicherung",
    }
    neue_installation()
    for fall, pfad in faelle.items():
        for befehl in ("pruefen", "einspielen"):
            ergebnis = cli("zv", "sicherung", befehl, str(pfad))
            assert ergebnis.exit_code == 1, (fall, befehl, ergebnis.output)
            assert erwartet[fall] in ergebnis.stderr, (fall, befehl, ergebnis.stderr)
    assert "traeger" not in inspect(engine_fuer(db_url)).get_table_names()  # nichts angelegt
    assert not (tmp_path / "neu" / "dokumente").exists()


def test_vorhandene_datei_wird_nicht_ueberschrieben(cli, stammdaten, tmp_path):
    datei = tmp_path / "da.tar.gz"
    datei.write_bytes(b"alt")
    ergebnis = cli("zv", "sicherung", "erstellen", str(datei))
    assert ergebnis.exit_code == 1 and "wird nicht überschrieben" in ergebnis.stderr
    assert datei.read_bytes() == b"alt"
