"""Änderungsvereinbarungen, rein (DOMAIN.md § 8): welche Ziele eine Änderung ändert, wie die
geltenden Ziele entstehen, die Art einer Vereinbarung; der Fingerabdruck eines Berichts ohne
Änderung bleibt, wie er vor diesem Feld war (kein unnötiger Neulauf)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from decimal import Decimal as D

import pytest

from zielvereinbarung.domain import aenderung as ae


@dataclass(frozen=True)
class Z:
    zielindikator: str
    zieltyp: str
    wert: D | None = None
    untere: D | None = None
    obere: D | None = None
    text: str | None = None
    bezeichnung: str | None = None
    kommentar: str | None = None


ALT = [Z("IQ", "veraenderung", D("2.5")), Z("LZB", "korridor", untere=D(-3), obere=D(-1)),
       Z("Q1", "qualitativ", text="Gleichstellung", bezeichnung="Frauen")]  # fmt: skip


def test_nur_wirklich_geaenderte_ziele():
    neu = [
        Z("IQ", "veraenderung", D("2.50"), kommentar="anderer Kommentar"),  # gleich: 2,5 = 2,50
        Z("LZB", "korridor", untere=D(-4), obere=D(-1)),
        Z("Q2", "qualitativ", text="Geflüchtete", bezeichnung="Integration"),
    ]
    aenderungen = ae.geaenderte(ALT, neu)
    assert [(a.zielindikator, a.alt is None, a.neu is None) for a in aenderungen] == [
        ("LZB", False, False),
        ("Q2", True, False),
        ("Q1", False, True),
    ]
    geltend = ae.ueberlagere({z.zielindikator: z for z in ALT}, aenderungen)
    assert list(geltend) == ["IQ", "LZB", "Q2"]
    assert geltend["LZB"].untere == D(-4) and geltend["IQ"].wert == D("2.5")


def test_ziel_einer_aenderung_neu_oder_entfallen():
    """Bezeichnung einer Zeile „geänderte Ziele“: das neue Ziel, bei einem entfallenen das
    bisherige; eine Änderung ohne beides gibt es nicht."""
    lzb = Z("LZB", "korridor", untere=D(-4), obere=D(-1))
    assert [a.ziel for a in ae.geaenderte(ALT, [lzb])] == [lzb, ALT[0], ALT[2]]
    with pytest.raises(ValueError):
        ae.Aenderung("IQ", None, None)


def test_typwechsel_und_leerzeichen():
    assert ae.geaenderte(ALT[:1], [Z("IQ", "niveau", D("2.5"))])[0].neu.zieltyp == "niveau"
    q = replace(ALT[2], text="Gleichstellung  ")
    assert ae.geaenderte(ALT[2:], [q]) == []  # nur Leerzeichen am Ende
    assert ae.geaenderte(ALT[2:], [replace(q, bezeichnung="Chancengleichheit")])


def test_art_und_bezeichnung():
    @dataclass
    class V:
        aenderung_von_id: int | None
        ags: str | None

    assert ae.art(V(None, "01054")) == "traeger"
    assert ae.art(V(7, "01054")) == "aenderung"
    assert ae.art(V(None, None)) == "bund_land"
    assert ae.geaendert_durch(2, "12.06.2026") == (
        "geändert durch Änderungsvereinbarung Nr. 2 vom 12.06.2026"
    )


def test_fingerabdruck_ohne_aenderung_wie_vorher():
    from zielvereinbarung.documents.berichtsmodell import (
        IndikatorZeile,
        TraegerBericht,
        fingerabdruck,
    )

    felder = {f: "x" for f in IndikatorZeile.__dataclass_fields__}
    felder.update(hinweise=(), diagramm=None, korridor=None, basiswert_hinweis=None, text=None,
                  wuerdigung=None, geaendert=None)  # fmt: skip
    zeile = IndikatorZeile(**felder)
    bericht_felder = {f: None for f in TraegerBericht.__dataclass_fields__}
    bericht_felder.update(titel="T", ags="01054", zeilen=(zeile,), dialoge=(),
                          neue_datenstaende=(), demodaten=False)  # fmt: skip
    bericht = TraegerBericht(**bericht_felder)
    ohne = replace(bericht, zeilen=(replace(zeile, geaendert="geändert durch …"),))
    assert fingerabdruck(ohne) != fingerabdruck(bericht)
    # wie vor dem Feld berechnet (gleiche Schritte wie in tests/…/test_dialog_korrektur.py)
    frueher = asdict(bericht)
    for name in ("erstellt", "audit_kopf", "budget"):
        frueher.pop(name, None)
    frueher["revisionen"] = frueher.pop("neue_datenstaende")
    del frueher["zeilen"][0]["geaendert"]
    text = json.dumps(frueher, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)  # fmt: skip
    assert fingerabdruck(bericht) == hashlib.sha256(text.encode()).hexdigest()
