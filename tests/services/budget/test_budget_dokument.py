"""Der Budgetrahmen in den Rahmenbedingungen des Vereinbarungsdokuments (DOMAIN.md § 10, § 6):
als Absatz in § 3 und exakt in der eingebetteten zielvereinbarung.json."""

from __future__ import annotations

import json
import re
import subprocess

from tests.fixtures.dokumente import JETZT, LESER, NF
from zielvereinbarung.documents.signaturpruefung import eingebettete_datei, lies_pdf
from zielvereinbarung.services.budget.rahmen import Budgetwerte, schreibe
from zielvereinbarung.services.dokumente import dokument as dienst


def test_budget_im_dokument(session, einst, vid, zertifikate_sh, tmp_path):
    # erfasst vor der Einigung (danach sperrt der Service; hier direkt geschrieben)
    schreibe(session, "01054", 2027, Budgetwerte(1_234_567_890, 45_600_001), "land.sh", JETZT, "t")
    dienst.ausstellen(session, einst, vid, NF, JETZT)
    _, daten = dienst.lies_version(session, einst, vid, 1, LESER)
    pfad = tmp_path / "v1.pdf"
    pfad.write_bytes(daten)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pfad), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = re.sub(r"\s+", " ", text).replace("\u2010 ", "")  # Silbentrennung am Zeilenende
    assert (
        "Für das Jahr 2027 sind für den Träger Eingliederungsmittel in Höhe von 12.345.678,90 € "
        "und Verwaltungsmittel in Höhe von 456.000,01 € geplant (Budgetrahmen)."
    ) in text
    assert (
        text.index("§ 3 Rahmenbedingungen") < text.index("Budgetrahmen") < text.index("§ 4 Ziele")
    )
    inhalt = json.loads(eingebettete_datei(lies_pdf(daten), "zielvereinbarung.json"))
    assert inhalt["budget"] == {"eingliederung": "12345678.90", "verwaltung": "456000.01"}


def test_ohne_budget_kein_absatz_und_kein_schluessel(session, einst, vid, zertifikate_sh):
    dienst.ausstellen(session, einst, vid, NF, JETZT)
    _, daten = dienst.lies_version(session, einst, vid, 1, LESER)
    inhalt = json.loads(eingebettete_datei(lies_pdf(daten), "zielvereinbarung.json"))
    assert "budget" not in inhalt
