"""Kommandozeile: `flask zv verify`, `zv dokument export|liste`, `zv pki demo`,
`zv zertifikat import` – gegen die Einstellungen der Test-App (Ablage unter tmp_path)."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.dokumente import JETZT, LAND, NF, PASSPHRASE, unterzeichne
from zielvereinbarung.services.dokumente import zertifikate


@pytest.fixture
def unterzeichnet(session, app_einst, vid, test_pki, tmp_path):
    """Die Vereinbarung von 01054, von Träger und Land unterzeichnet (festgeschrieben)."""
    for land, ags, kennung in (("SH", None, "ZV-SH"), (None, "01054", "ZV-01054")):
        org = zertifikate.organisation(session, land_code=land, ags=ags)
        zertifikate.importiere(session, app_einst, org, test_pki.p12[kennung], PASSPHRASE, None,
                               None, None, "admin", JETZT)  # fmt: skip
    unterzeichne(session, app_einst, vid, NF, JETZT)
    unterzeichne(session, app_einst, vid, LAND, JETZT)
    session.commit()
    return vid


def test_export_verify_und_ein_geaendertes_byte(cli, unterzeichnet, tmp_path):
    ziel = tmp_path / "export.pdf"
    ergebnis = cli(
        "zv", "dokument", "export", "--ags", "01054", "--jahr", "2027", "--out", str(ziel)
    )
    assert ergebnis.exit_code == 0 and "Version 3" in ergebnis.output
    geprueft = cli("zv", "verify", str(ziel))
    assert geprueft.exit_code == 0, geprueft.output
    ausgabe = geprueft.output
    assert (
        "Zielvereinbarung: Kreis Nordfriesland (01054), Jahr 2027, Revision 2, Version 3 der "
        "Dokumentablage; Inhalt stimmt mit der Datenbank überein" in ausgabe
    ), ausgabe
    assert ausgabe.count("unverändert und lesbar: ja") == 2
    assert ausgabe.count("Vertrauen: vertrauenswürdig (ausgestellt von Test-CA intern)") == 2
    assert ausgabe.count("registriert: ja") == 2 and "Ergebnis: GÜLTIG" in ausgabe
    assert "Signatur 1 – Träger" in ausgabe and "Signatur 2 – Land" in ausgabe
    assert (
        "Unterzeichner: Max Mustermann" in ausgabe and "Unterzeichner: Dr. Erika Muster" in ausgabe
    )

    daten = ziel.read_bytes()
    erste_signatur = daten.index(b"/ByteRange")
    lucke_zweite = daten.rindex(b"/Contents <") + 11
    for stelle in (200, len(daten) // 3, erste_signatur - 50, lucke_zweite + 9000, len(daten) - 40):
        kaputt = bytearray(daten)
        kaputt[stelle] = kaputt[stelle] ^ 0x01
        datei = tmp_path / f"kaputt-{stelle}.pdf"
        datei.write_bytes(bytes(kaputt))
        ergebnis = cli("zv", "verify", str(datei))
        assert ergebnis.exit_code == 1, (stelle, ergebnis.output)
        assert "GÜLTIG –" not in ergebnis.output


def test_verify_ohne_signatur_und_kein_pdf(cli, tmp_path):
    from weasyprint import HTML

    ohne = tmp_path / "ohne.pdf"
    ohne.write_bytes(HTML(string="<p>Hallo</p>").write_pdf())
    ergebnis = cli("zv", "verify", str(ohne))
    assert ergebnis.exit_code == 1 and "keine Signatur" in ergebnis.output
    text = tmp_path / "text.pdf"
    text.write_text("kein pdf")
    ergebnis = cli("zv", "verify", str(text))
    assert ergebnis.exit_code == 1 and "kein PDF-Dokument" in ergebnis.output


def test_liste_als_json(cli, unterzeichnet):
    ergebnis = cli("zv", "dokument", "liste", "--land", "SH", "--json")
    zeilen = json.loads(ergebnis.output)
    assert [(z["ags"], z["jahr"], z["version"], z["status"], z["signaturen"]) for z in zeilen] == [
        ("01054", 2027, 1, "ausgestellt", 0),
        ("01054", 2027, 2, "unterzeichnet_traeger", 1),
        ("01054", 2027, 3, "unterzeichnet", 2),
    ]
    assert all(len(z["sha256"]) == 64 for z in zeilen)
    assert json.loads(cli("zv", "dokument", "liste", "--land", "NI", "--json").output) == []
    assert cli("zv", "dokument", "liste", "--land", "XX").exit_code == 1


def test_export_ohne_dokument(cli, session, vid):
    session.commit()
    ergebnis = cli("zv", "dokument", "export", "--ags", "01054", "--jahr", "2027", "--out", "x.pdf")
    assert ergebnis.exit_code == 1 and "noch kein Dokument ausgestellt" in ergebnis.output


def test_pki_demo_und_zertifikat_import(app, cli, stammdaten, test_pki, tmp_path):
    ergebnis = cli("zv", "pki", "demo")
    assert ergebnis.exit_code == 0 and "ZV-NI, ZV-03157, ZV-03159" in ergebnis.output
    assert "Schon eingerichtet (unverändert): ZV-NI" in cli("zv", "pki", "demo").output

    datei = tmp_path / "nf.p12"
    datei.write_bytes(test_pki.p12["ZV-01054"])
    runner = app.test_cli_runner()
    falsch = runner.invoke(args=["zv", "zertifikat", "import", "--ags", "01054", str(datei)],
                           input="falsch\n")  # fmt: skip
    assert falsch.exit_code == 1 and "Passphrase ist falsch" in falsch.output
    anderes = runner.invoke(args=["zv", "zertifikat", "import", "--land", "SH", str(datei)],
                            input=PASSPHRASE + "\n")  # fmt: skip
    assert anderes.exit_code == 1 and "anderen Organisation" in anderes.output
    richtig = runner.invoke(args=["zv", "zertifikat", "import", "--ags", "01054", str(datei),
                                  "--vertreter", "Florian Lorenzen", "--funktion", "Landrat"],
                            input=PASSPHRASE + "\n")  # fmt: skip
    assert richtig.exit_code == 0, richtig.output
    assert "Zertifikat für Kreis Nordfriesland eingerichtet" in richtig.output
    liste = cli("zv", "zertifikat", "liste").output
    assert "01054" in liste and "NI" in liste and "03157" in liste
