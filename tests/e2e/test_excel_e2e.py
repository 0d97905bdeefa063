"""Excel im echten Browser (Chromium):

1. Land NI lädt die Kennzahlen-Landesseite als XLSX über den Link der Seite herunter; die Datei
   (mit openpyxl geöffnet) gleicht der Tabelle auf der Seite Zelle für Zelle, Zahlen sind Zahlen.
2. Teilkorrektur: eine Datei `ags;monat;llu` für einen Monat mit vollständigen Daten; die
   Vorschau sagt die Teilkorrektur an und zeigt alten und neuen Wert; nach „Jetzt importieren“
   hat der neue Datenstand den neuen Betrag und alle anderen Werte unverändert. axe auf Upload,
   Vorschau und Ergebnis.

Mit `ZV_SCREENSHOTS=<Verzeichnis>` werden Bildschirmfotos der Vorschau dort abgelegt.
"""

from __future__ import annotations

import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlmodel import Session, select

from zielvereinbarung.db import engine_fuer
from zielvereinbarung.domain.basiszahlen import FELDNAMEN
from zielvereinbarung.models import Basiszahl

from .axe_pruefung import pruefe_axe

pytestmark = pytest.mark.e2e

ZELLEN_JS = """() => [...document.querySelector('table').querySelectorAll('tbody tr, tfoot tr')]
  .map(tr => [...tr.querySelectorAll('th, td')].flatMap(zelle => {
    const kopie = zelle.cloneNode(true);
    kopie.querySelectorAll('.nur-vorlesen, .zusatz').forEach(e => e.remove());
    const text = kopie.textContent.replace(/\\s+/g, ' ').trim();
    return [text, ...Array(Math.max(0, (zelle.colSpan || 1) - 1)).fill('')];
  }))"""


def _bild(seite, name: str) -> None:
    verzeichnis = os.environ.get("ZV_SCREENSHOTS")
    if verzeichnis:
        Path(verzeichnis).mkdir(parents=True, exist_ok=True)
        seite.screenshot(path=str(Path(verzeichnis) / f"{name}.png"), full_page=True)


def _zahl(text: str) -> Decimal | None:
    """Seitentext → der Wert, den die Datei haben muss (Prozent als Bruchteil)."""
    text = re.sub(r"\(\d+\)|⚠", "", text).strip().replace("\u2212", "-").replace("±", "")
    if text in ("–", ""):
        return None
    wert = Decimal(re.sub(r"[ %€]", "", text).replace(".", "").replace(",", "."))
    return wert / 100 if text.endswith("%") else wert


def test_xlsx_der_landesseite_gleicht_der_seite(seite, anmelden, e2e_welt, tmp_path):
    anmelden(seite, "land-ni")
    seite.goto(f"/kennzahlen/land/{e2e_welt.land}?sort=K2&richtung=ab")
    expect(seite.get_by_role("heading", level=1)).to_contain_text("Niedersachsen")
    auf_seite = seite.evaluate(ZELLEN_JS)
    _bild(seite, "kennzahlen-land")
    with seite.expect_download() as info:
        seite.get_by_role("link", name=re.compile(r"^Excel \(XLSX\)")).click()
    download = info.value
    assert re.fullmatch(r"Kennzahlen_Niedersachsen_\d{4}-\d{2}\.xlsx", download.suggested_filename)
    pfad = tmp_path / download.suggested_filename
    download.save_as(pfad)

    blatt = load_workbook(pfad).worksheets[0]
    zeilen = [[z for z in r] for r in blatt.iter_rows()]
    kopf = next(i for i, r in enumerate(zeilen) if r[0].value == "Träger")
    assert any(
        r[0].value == "Demodaten – synthetisch erzeugte Zahlen, keine amtliche Statistik."
        for r in zeilen[:kopf]
    )
    assert any(str(r[0].value).startswith("Datenstand: ") for r in zeilen[:kopf])
    daten = []
    for r in zeilen[kopf + 1 :]:
        if all(z.value is None for z in r):
            break
        daten.append(r)
    assert len(daten) == len(auf_seite) > 40  # alle Träger des Landes und die Landeszeile
    zahlen = 0
    for text_zeile, datei_zeile in zip(auf_seite, daten, strict=True):
        assert text_zeile[0] == datei_zeile[0].value
        assert text_zeile[1:3] == [z.value or "" for z in datei_zeile[1:3]]
        for text, zelle in zip(text_zeile[3:], datei_zeile[3:], strict=True):
            erwartet = _zahl(text)
            if erwartet is None:
                assert zelle.value is None, (text_zeile, text)
                continue
            assert zelle.data_type == "n" and isinstance(zelle.value, int | float)
            assert "%" in zelle.number_format
            assert Decimal(str(zelle.value)) == erwartet, (text_zeile[0], text, zelle.value)
            zahlen += 1
    assert zahlen > 100


def _geltend(url: str, ags: str, monat: str) -> Basiszahl:
    with Session(engine_fuer(url)) as s:
        return s.exec(
            select(Basiszahl)
            .where(Basiszahl.ags == ags, Basiszahl.monat == monat, Basiszahl.geschlecht == "gesamt")
            .order_by(Basiszahl.datenstand.desc(), Basiszahl.import_id.desc())
        ).first()


def test_teilkorrektur_mit_vorschau(seite, anmelden, e2e_welt):
    ags, monat = e2e_welt.traeger[0], e2e_welt.bis
    vorher = _geltend(e2e_welt.url, ags, monat)
    assert all(getattr(vorher, n) is not None for n in ("elb", "llu", "integrationen", "lzb"))
    neu_cent = vorher.llu + 12345
    datei = f"ags;monat;llu\n{ags};{monat[5:]}.{monat[:4]};{neu_cent // 100},{neu_cent % 100:02d}\n"

    anmelden(seite, "land-ni")
    seite.goto("/import")
    expect(seite.get_by_role("link", name="Importvorlage herunterladen (XLSX)")).to_be_visible()
    pruefe_axe(seite, "Import")
    seite.get_by_label("Datei mit Basiszahlen (CSV oder XLSX)").set_input_files(
        {"name": "korrektur.csv", "mimeType": "text/csv", "buffer": datei.encode()}
    )
    seite.get_by_role("button", name="Datei prüfen").click()
    expect(seite.get_by_role("heading", level=1)).to_contain_text("Vorschau: korrektur.csv")
    expect(seite.get_by_role("note")).to_contain_text(
        "Spalten, die nicht in der Datei stehen, bleiben unverändert: elb, elb_zugang"
    )
    zeile = seite.get_by_role("row").filter(has_text="neuer Datenstand")
    expect(zeile).to_have_count(1)

    def euro(cent: int) -> str:
        return f"{cent // 100:,}".replace(",", ".") + f",{cent % 100:02d} €"

    expect(zeile.locator("del")).to_have_text(f"bisher {euro(vorher.llu)}")
    expect(zeile.locator("ins")).to_have_text(f"neu {euro(neu_cent)}")
    expect(zeile).to_contain_text("1 Wert geändert")
    expect(seite.get_by_role("link", name="Neuer Datenstand (1)")).to_be_visible()
    _bild(seite, "importvorschau-teilkorrektur")
    pruefe_axe(seite, "Importvorschau")

    seite.get_by_role("link", name="Unverändert (0)").click()
    expect(seite.get_by_role("link", name="Unverändert (0)")).to_have_attribute(
        "aria-current", "page"
    )
    expect(seite.get_by_text("Keine Zeilen in dieser Auswahl.")).to_be_visible()
    seite.get_by_role("link", name="Alle Zeilen (1)").click()

    seite.get_by_role("button", name="Jetzt importieren").click()
    expect(seite.get_by_role("status")).to_contain_text("1 neuer Datenstand")
    expect(seite.get_by_role("status")).to_contain_text("Teilkorrektur: 16 Spalten")
    pruefe_axe(seite, "Importergebnis")

    nachher = _geltend(e2e_welt.url, ags, monat)
    assert nachher.id != vorher.id and nachher.llu == neu_cent
    for name in FELDNAMEN:
        if name != "llu":
            assert getattr(nachher, name) == getattr(vorher, name), name

    seite.goto("/import/format")
    pruefe_axe(seite, "Importformat")
    _bild(seite, "importformat")
    with seite.expect_download() as info:
        seite.get_by_role("link", name="Importvorlage (XLSX)").click()
    vorlage = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert vorlage.sheetnames == ["Basiszahlen", "Erläuterung"]
