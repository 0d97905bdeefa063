"""Das Dokument einer Änderungsvereinbarung (DOMAIN.md § 8): Titel, nur die geänderten Ziele mit
bisherigem und neuem Ziel, eingebettetes JSON mit dem SHA-256 des unterzeichneten
Originaldokuments; unterzeichnet von Träger und Land besteht es `pdfsig` und `flask zv verify`,
das Original bleibt prüfbar. Daten: tests/fixtures/dokumente.py (01054, 2027, IQ +2,0 % auf den
Basiswert 30 %)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests.fixtures.dokumente import JETZT, LAND, NF, PASSPHRASE, pdfsig, unterzeichne
from zielvereinbarung.documents.signaturpruefung import JSON_NAME, eingebettete_datei, lies_pdf
from zielvereinbarung.models import Dokument, Zielvereinbarung
from zielvereinbarung.services.dokumente import zertifikate
from zielvereinbarung.services.verhandlung.aenderung import lege_aenderung_an
from zielvereinbarung.services.verhandlung.lesen import letzte_revision
from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein


@pytest.fixture
def aenderung(session, app_einst, vid, test_pki):
    """Original 2027 von 01054 unterzeichnet; Änderungsvereinbarung Nr. 1 (IQ +2,0 % → −3,5 %)
    von Träger und Land unterzeichnet. (original_id, aenderung_id), festgeschrieben."""
    for land, ags, kennung in (("SH", None, "ZV-SH"), (None, "01054", "ZV-01054")):
        org = zertifikate.organisation(session, land_code=land, ags=ags)
        zertifikate.importiere(session, app_einst, org, test_pki.p12[kennung], PASSPHRASE, None,
                               None, None, "admin", JETZT)  # fmt: skip
    unterzeichne(session, app_einst, vid, NF, JETZT)
    unterzeichne(session, app_einst, vid, LAND, JETZT)
    spaeter = JETZT + timedelta(seconds=30)
    a = lege_aenderung_an(session, vid, LAND, spaeter, "Werksschließung")
    v = session.get(Zielvereinbarung, a.vereinbarung_id)
    neu = [
        replace(x, wert=D("-3.5")) if x.zielindikator == "IQ" else x
        for x in letzte_revision(session, v).vorgaben()
    ]
    reiche_angebot_ein(session, v.id, 1, neu, "Einbruch", NF, spaeter)
    nimm_an(session, v.id, 2, LAND, spaeter + timedelta(seconds=1))
    unterzeichne(session, app_einst, v.id, NF, spaeter + timedelta(seconds=2))
    unterzeichne(session, app_einst, v.id, LAND, spaeter + timedelta(seconds=3))
    session.commit()
    return vid, v.id


def test_aenderungsdokument_titel_nur_geaenderte_ziele_und_original_sha(
    cli, session, aenderung, tmp_path
):
    original_id, aenderung_id = aenderung
    ziel = tmp_path / "aenderung.pdf"
    ergebnis = cli("zv", "dokument", "export", "--ags", "01054", "--jahr", "2027",
                   "--aenderung", "1", "--out", str(ziel))  # fmt: skip
    assert ergebnis.exit_code == 0 and "Version 3" in ergebnis.output, ergebnis.output
    daten = ziel.read_bytes()
    text = subprocess.run(["pdftotext", "-layout", str(ziel), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flach = " ".join(text.split())
    original_dok = session.exec(
        select(Dokument).where(Dokument.vereinbarung_id == original_id, Dokument.version == 3)
    ).one()
    datum = original_dok.erstellt_am.strftime("%d.%m.%Y")
    assert (
        "Änderungsvereinbarung Nr. 1 zur Zielvereinbarung zwischen dem Land Schleswig-Holstein "
        f"und dem Kreis Nordfriesland für das Jahr 2027 vom {datum}" in flach
    ), flach[:600]
    # nur das geänderte Ziel, mit bisherigem und neuem Ziel: 30 × 1,02 = 30,60; 30 × 0,965 = 28,95
    assert "Integrationsquote" in flach and "+2,0 %, mindestens 30,60 %" in flach
    assert "−3,5 %" in flach and "mindestens 28,95 %" in flach
    for unveraendert in ("Bestand an Langzeitleistungsbeziehenden", "Gleichstellung",
                         "Integrationsquote der Langzeitleistungsbeziehenden"):  # fmt: skip
        assert unveraendert not in flach
    assert "gelten unverändert fort" in flach and original_dok.sha256 in flach
    # eingebettetes JSON: die Änderung und der SHA-256 des Originaldokuments
    inhalt = json.loads(eingebettete_datei(lies_pdf(daten), JSON_NAME, 10**6))
    assert inhalt["format"] == "aenderungsvereinbarung/1" and inhalt["aenderung_nr"] == 1
    assert inhalt["aenderung_von_id"] == original_id
    assert inhalt["original"]["dokument_sha256"] == original_dok.sha256
    assert inhalt["original"]["inhalt_sha256"] == original_dok.inhalt_sha256
    assert [a["zielindikator"] for a in inhalt["aenderungen"]] == ["IQ"]
    iq = inhalt["aenderungen"][0]
    assert (iq["bisher"]["wert"], iq["neu"]["wert"], iq["neu"]["zielniveau"]) == (
        "2.0",
        "-3.5",
        "28.9500",
    )

    # pdfsig: beide Signaturen gültig (danach kommen nur Prüfdaten, DSS)
    signaturen = pdfsig(ziel)
    assert [(s["feld"], s["gueltig"]) for s in signaturen] == [
        ("Unterschrift_Traeger", True),
        ("Unterschrift_Land", True),
    ]
    # flask zv verify: gültig und als Änderungsvereinbarung erkannt
    geprueft = cli("zv", "verify", str(ziel))
    assert geprueft.exit_code == 0, geprueft.output
    assert (
        f"Änderungsvereinbarung Nr. 1 zur Zielvereinbarung {original_id}: Kreis Nordfriesland "
        "(01054), Jahr 2027, Revision 2, Version 3 der Dokumentablage; Inhalt stimmt mit der "
        "Datenbank überein" in geprueft.output
    ), geprueft.output
    # das Original bleibt wie unterzeichnet prüfbar
    original = tmp_path / "original.pdf"
    cli("zv", "dokument", "export", "--ags", "01054", "--jahr", "2027", "--out", str(original))
    geprueft = cli("zv", "verify", str(original))
    assert geprueft.exit_code == 0 and "Zielvereinbarung: Kreis Nordfriesland" in geprueft.output
    assert "+2,0 %" in subprocess.run(["pdftotext", str(original), "-"], capture_output=True,
                                      text=True).stdout  # fmt: skip


def test_verify_erkennt_falsches_original(cli, session, aenderung, tmp_path):
    """Nennt die Datenbank ein anderes Originaldokument als das eingebettete (hier: die Zeile
    am ORM vorbei verändert), ist die Änderung nicht gültig; die Datei selbst ist unverändert."""
    original_id, _ = aenderung
    ziel = tmp_path / "aenderung.pdf"
    cli("zv", "dokument", "export", "--ags", "01054", "--jahr", "2027", "--aenderung", "1",
        "--out", str(ziel))  # fmt: skip
    assert cli("zv", "verify", str(ziel)).exit_code == 0
    session.execute(
        text("UPDATE dokument SET sha256 = :s WHERE vereinbarung_id = :v AND version = 3"),
        {"s": "0" * 64, "v": original_id},
    )
    session.commit()
    geprueft = cli("zv", "verify", str(ziel))
    assert geprueft.exit_code == 1
    assert "SHA-256 des Originaldokuments stimmt nicht" in geprueft.output
