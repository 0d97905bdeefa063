"""Das Vereinbarungsdokument: Inhalt (pdftotext), PDF/A-Kennung, qpdf, eingebettetes JSON,
Fußzeile, Signaturfelder, Anlage, HTML-Vorschau aus derselben Vorlage, unveränderliche Ablage."""

from __future__ import annotations

import hashlib
import json
import re
import string
import subprocess

import pytest
from sqlmodel import select

from tests.fixtures.dokumente import JETZT, LAND, LESER, NF, SL, qpdf_check
from zielvereinbarung.documents.signaturpruefung import eingebettete_datei, lies_pdf
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung
from zielvereinbarung.models import Dokument
from zielvereinbarung.services.ablage import Ablage, AblageFehler
from zielvereinbarung.services.dokumente import dokument as dienst


def _text(pfad) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pfad), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


@pytest.fixture
def ausgestellt(session, einst, vid, zertifikate_sh, tmp_path):
    dokument = dienst.ausstellen(session, einst, vid, NF, JETZT)
    _, daten = dienst.lies_version(session, einst, vid, 1, LESER)
    pfad = tmp_path / "v1.pdf"
    pfad.write_bytes(daten)
    return dokument, daten, pfad


def test_inhalt_des_dokuments(ausgestellt):
    dokument, _, pfad = ausgestellt
    text = re.sub(r"\s+", " ", _text(pfad))
    assert (
        "Zielvereinbarung zwischen dem Land Schleswig-Holstein und dem Kreis Nordfriesland für "
        "das Jahr 2027" in text
    )
    assert "§ 48b Abs. 1 Satz 1 Nr. 4 SGB II" in text
    for teil in (
        "Vertragsparteien",
        "§ 2 Grundsätze",
        "§ 3 Rahmenbedingungen",
        "§ 5 Zielnachhaltedialoge",
        "Verringerung der Hilfebedürftigkeit",
        "Verbesserung der Integration in Erwerbstätigkeit",
        "Vermeidung von langfristigem Leistungsbezug",
        "Unterschriften",
        "Anlagen",
    ):
        assert teil in text, teil
    # Parteien mit Vertretung (aus den eingerichteten Zertifikaten)
    assert "vertreten durch Dr. Erika Muster, Staatssekretärin" in text
    assert "vertreten durch Florian Lorenzen, Landrat" in text
    # ein Zielindikator mit Basiswert, Ziel, Zielniveau und dem Satz
    assert re.search(r"Integrationsquote.*30,00 %.*\+2,0 %.*mindestens 30,60 %", text)
    assert (
        "Das Ziel ist erreicht, wenn die Integrationsquote 2027 um mindestens 2,0 % über dem "
        "Basiswert von 30,00 % liegt (mindestens 30,60 %)."
    ) in text
    assert "Mehr Frauen in Arbeit" in text
    # Fußzeile jeder Seite: Seite X von Y, Revision, SHA-256 des vereinbarten Inhalts
    seiten = int(re.search(r"Seite 1 von (\d+)", text).group(1))
    assert seiten >= 2 and f"Seite {seiten} von {seiten}" in text
    assert text.count("Revision 2") >= seiten
    assert text.count(dokument.inhalt_sha256) == seiten


def test_pdf_a_und_qpdf(ausgestellt):
    _, daten, pfad = ausgestellt
    code, ausgabe = qpdf_check(pfad)
    assert code == 0, ausgabe
    meta = subprocess.run(["pdfinfo", "-meta", str(pfad)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta
    info = subprocess.run(["pdfinfo", str(pfad)], capture_output=True, text=True).stdout
    # Info-Verzeichnis und XMP nennen denselben Hersteller (PDF/A-Konsistenz)
    hersteller = re.search(r"Producer:\s+(.*)", info).group(1).strip()
    assert f'pdf:Producer="{hersteller}"' in meta
    schriften = subprocess.run(["pdffonts", str(pfad)], capture_output=True, text=True).stdout
    zeilen = schriften.splitlines()[2:]
    assert zeilen and all(z.split()[-5] == "yes" for z in zeilen), schriften  # alle eingebettet


def test_barrierefrei_getaggt(ausgestellt, pdf_struktur):
    """PDF/A-3a: Strukturbaum mit Sprache, Titel, Überschriften in Ordnung und Tabellen mit
    Kopfzellen; die Unterschriftsblöcke sind keine Layout-Tabelle."""
    _, _, pfad = ausgestellt
    s = pdf_struktur.pruefe(pfad)
    assert s.sprache == "de-DE"
    assert s.titel.startswith("Zielvereinbarung zwischen dem Land Schleswig-Holstein")
    assert pdf_struktur.ueberschriften_in_ordnung(s.ueberschriften), s.ueberschriften
    assert s.ueberschriften.count(1) == 1 and s.tags["H2"] >= 8 and s.tags["H3"] >= 3
    # je Zielabschnitt eine Tabelle (seitenweise Teile zählen einzeln) mit Spalten- und Zeilenköpfen
    assert s.tags["Table"] >= 3 and s.tags["TH"] >= 4 * 3 + 7
    assert s.zellen_ohne_kopf == 0, "jede Datenzelle verweist auf ihre Kopfzellen"
    assert s.tags["P"] > 20 and s.tags["Sect"] >= 7
    # die Signaturfelder hängen als Form-Elemente an der Stelle der Unterschriftsblöcke
    assert s.formulare == [
        "Signaturfeld des Landes: Land Schleswig-Holstein",
        "Signaturfeld des Trägers: Kreis Nordfriesland",
    ]
    leser = lies_pdf(pfad.read_bytes())
    zuordnung = list(leser.root["/StructTreeRoot"]["/ParentTree"]["/Nums"])
    for feld in leser.root["/AcroForm"]["/Fields"]:
        feld = feld.get_object()
        element = dict(zip(zuordnung[::2], zuordnung[1::2], strict=True))[feld["/StructParent"]]
        assert element.get_object()["/S"] == "/Form" and str(feld["/TU"]).startswith("Signaturfeld")


def test_eingebettetes_json_enthaelt_die_vereinbarten_werte(ausgestellt, vid):
    dokument, daten, _ = ausgestellt
    roh = eingebettete_datei(lies_pdf(daten), "zielvereinbarung.json")
    assert hashlib.sha256(roh).hexdigest() == dokument.inhalt_sha256
    inhalt = json.loads(roh)
    assert (inhalt["ags"], inhalt["jahr"], inhalt["vereinbarung_id"]) == ("01054", 2027, vid)
    assert inhalt["revision"]["nummer"] == 2
    werte = {z["zielindikator"]: z for z in inhalt["zielwerte"]}
    assert (werte["IQ"]["zieltyp"], werte["IQ"]["wert"], werte["IQ"]["basiswert"]) == (
        "veraenderung",
        "2.0",
        "30",
    )
    assert werte["IQ"]["zielniveau"] == "30.6000"
    assert (werte["IQ_LZB"]["untere"], werte["IQ_LZB"]["obere"]) == ("1", "3")
    assert werte["Q1"]["text"] == "Mehr Frauen in Arbeit"
    assert werte["IQ"]["satz"].startswith("Das Ziel ist erreicht, wenn")
    # kanonisch: sortierte Schlüssel, ohne Leerzeichen
    assert roh == json.dumps(inhalt, ensure_ascii=False, sort_keys=True,
                             separators=(",", ":")).encode()  # fmt: skip


def test_leere_signaturfelder_auf_der_letzten_seite(ausgestellt):
    from pyhanko.sign.fields import enumerate_sig_fields

    _, daten, _ = ausgestellt
    leser = lies_pdf(daten)
    felder = {name: wert for name, wert, _ in enumerate_sig_fields(leser)}
    assert felder == {"Unterschrift_Traeger": None, "Unterschrift_Land": None}
    letzte = leser.root["/Pages"]["/Kids"][-1].get_object()
    namen = {str(a.get_object().get("/T")) for a in letzte.get("/Annots", [])}
    assert {"Unterschrift_Traeger", "Unterschrift_Land"} <= namen


def test_ausstellen_nur_einmal_und_nie_neu(session, einst, ausgestellt, vid):
    dokument, daten, _ = ausgestellt
    zweite = dienst.ausstellen(session, einst, vid, LAND, JETZT)
    assert (zweite.version, zweite.sha256) == (1, dokument.sha256)
    assert len(session.exec(select(Dokument)).all()) == 1
    # Datei in der Ablage: nach SHA-256 benannt, schreibgeschützt
    d = session.exec(select(Dokument)).one()
    datei = einst.ablage / d.pfad
    assert datei.name == f"{dokument.sha256}.pdf" and datei.read_bytes() == daten
    assert not datei.stat().st_mode & 0o222


def test_ablage_erkennt_veraenderte_dateien(session, einst, ausgestellt, vid):
    d = session.exec(select(Dokument)).one()
    datei = einst.ablage / d.pfad
    datei.chmod(0o644)
    datei.write_bytes(datei.read_bytes() + b"\n")
    with pytest.raises(AblageFehler, match="verändert"):
        dienst.lies_version(session, einst, vid, 1, LESER)
    with pytest.raises(AblageFehler, match="beschädigt oder verändert"):
        Ablage(einst.ablage).schreibe(datei.read_bytes()[:-1])


def test_ausstellen_erst_nach_einigung_und_nur_fuer_parteien(session, einst, entwuerfe, vid):
    with pytest.raises(FachlicherFehler, match="erst nach der Einigung"):
        dienst.ausstellen(session, einst, entwuerfe["01059"], LAND, JETZT)
    with pytest.raises(KeineBerechtigung):
        dienst.ausstellen(session, einst, vid, LESER, JETZT)
    with pytest.raises(KeineBerechtigung):
        dienst.ausstellen(session, einst, vid, SL, JETZT)
    assert session.exec(select(Dokument)).all() == []


def test_anlage_wird_eingebettet(session, einst, entwuerfe, tmp_path):
    from tests.fixtures.dokumente import vorgaben
    from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein

    v = entwuerfe["01054"]
    planung = _kleines_pdf()
    with pytest.raises(FachlicherFehler, match="kein PDF"):
        dienst.lade_anlage_hoch(session, einst, v, "plan.docx", b"PK\x03\x04", NF, JETZT)
    with pytest.raises(FachlicherFehler, match="lädt der Träger"):
        dienst.lade_anlage_hoch(session, einst, v, "plan.pdf", planung, LAND, JETZT)
    anlage = dienst.lade_anlage_hoch(
        session, einst, v, "C:\\Daten\\Planung 2027.pdf", planung, NF, JETZT
    )
    assert anlage.dateiname == "Planung 2027.pdf"
    reiche_angebot_ein(session, v, 1, vorgaben(), None, NF, JETZT)
    nimm_an(session, v, 2, LAND, JETZT)
    dienst.ausstellen(session, einst, v, NF, JETZT)
    _, daten = dienst.lies_version(session, einst, v, 1, NF)
    assert eingebettete_datei(lies_pdf(daten), "Planung 2027.pdf") == planung
    pfad = tmp_path / "mit-anlage.pdf"
    pfad.write_bytes(daten)
    assert hashlib.sha256(planung).hexdigest() in re.sub(r"\s+", "", _text(pfad))
    with pytest.raises(FachlicherFehler, match="bereits ausgestellt"):
        dienst.lade_anlage_hoch(session, einst, v, "neu.pdf", planung, NF, JETZT)


def test_vorschau_ist_dieselbe_vorlage(session, vid):
    html = dienst.vorschau_html(session, vid, LESER, "/stil.css", "/zurueck")
    assert (
        "Zielvereinbarung zwischen dem Land Schleswig-Holstein und dem Kreis Nordfriesland" in html
    )
    assert '<link rel="stylesheet" href="/stil.css">' in html and "Vorschau" in html
    assert 'id="signaturfeld-traeger"' in html and "<style" not in html and "<script" not in html
    assert "Das Ziel ist erreicht, wenn die Integrationsquote 2027" in html


def test_inhalt_sha256_ist_fuer_dieselbe_revision_gleich(session, vid):
    from zielvereinbarung.services.dokumente.modell import baue_modell
    from zielvereinbarung.services.verhandlung.lesen import lade_vereinbarung

    v, traeger = lade_vereinbarung(session, vid)
    assert (
        baue_modell(session, v, traeger).inhalt_sha256
        == baue_modell(session, v, traeger).inhalt_sha256
    )


def _kleines_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Planungsdokument 2027</p>").write_pdf()


def _langes_wort(n: int = 1500) -> str:
    return "".join(string.ascii_letters[i % 52] for i in range(n))


def test_langes_wort_bricht_um_und_bidi_steuerzeichen_fehlen(session, einst, entwuerfe, tmp_path):
    """Ein Wort aus 1.500 Zeichen steht vollständig auf der Seite (pdftotext liest nur, was auf
    der Seite liegt); U+202E (Leserichtung umkehren) wird beim Eingang entfernt."""
    from tests.fixtures.dokumente import vorgaben
    from zielvereinbarung.domain.ziele import Zielvorgabe
    from zielvereinbarung.services.verhandlung.lesen import revisionen
    from zielvereinbarung.services.verhandlung.schritte import nimm_an, reiche_angebot_ein

    v, wort = entwuerfe["01054"], _langes_wort()
    eingabe = [
        *vorgaben()[:-1],
        Zielvorgabe("Q1", "qualitativ", text=f"Mehr Frauen \u202ein Arbeit {wort}",
                    bezeichnung="Gleich\u2066stellung"),
    ]  # fmt: skip
    reiche_angebot_ein(session, v, 1, eingabe, "Angebot \u202ezum Test\u2069", NF, JETZT)
    gespeichert = revisionen(session, v)[-1]
    q1 = next(x for x in gespeichert.vorgaben() if x.zielindikator == "Q1")
    assert gespeichert.kommentar == "Angebot zum Test"
    assert (q1.text, q1.bezeichnung) == (f"Mehr Frauen in Arbeit {wort}", "Gleichstellung")
    nimm_an(session, v, 2, LAND, JETZT)
    dienst.ausstellen(session, einst, v, NF, JETZT)
    pfad = tmp_path / "lang.pdf"
    pfad.write_bytes(dienst.lies_version(session, einst, v, 1, NF)[1])
    text = _text(pfad)
    assert "\u202e" not in text and "Mehr Frauen in Arbeit" in re.sub(r"\s+", " ", text)
    # Umbrüche (und etwaige Trennstriche) entfernt: alle 1.500 Zeichen sind da
    assert wort in re.sub(r"[\s\-‐]+", "", text)
