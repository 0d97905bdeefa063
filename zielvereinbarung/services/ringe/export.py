"""XLSX-Export eines Ringvergleichs (openpyxl, write-only): alle Kennzahlen eines Monats.

Blätter: „Werte“ (je Mitglied Wert und Rang jeder Kennzahl, Zahlen als Zahlen, ungerundet),
„Statistik“ (Ringwert mit Abdeckung, Minimum, Quartile, Median, Maximum), „Hinweise“ (warum ein
Wert fehlt, Plausibilitätshinweise) und „Definitionen“ (Formel, Gültigkeit, Unterschied zur BA).

Texte bleiben Texte: openpyxl machte aus „=…“ eine Formel – ein Name oder Hinweis, den die
Koordination eingibt, darf in der Tabelle der Mitglieder nichts ausführen (`_text`).
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ...domain.plausibilitaet import hinweis_text
from ...domain.ringe import KATEGORIEN, KENNZAHL_EINHEITEN, RICHTUNGEN
from ...format import monat_lang
from .vergleich import Vergleich

_FETT = Font(bold=True)


def _format(stellen: int) -> str:
    return "#,##0" + ("." + "0" * stellen if stellen else "")


def _text(blatt, wert: object):
    """Eine Zelle, die nie eine Formel ist (Texte mit „=“ am Anfang bleiben Text)."""
    if not isinstance(wert, str):
        return wert
    zelle = WriteOnlyCell(blatt, value=wert)
    zelle.data_type = "s"
    return zelle


def _zeile(blatt, werte: list) -> list:
    return [_text(blatt, w) for w in werte]


def _kopf(blatt, texte: list[str]) -> list:
    zellen = []
    for text in texte:
        zelle = _text(blatt, text)
        zelle.font = _FETT
        zellen.append(zelle)
    return zellen


def _zahl(blatt, wert, stellen: int):
    zelle = WriteOnlyCell(blatt, value=wert)
    if wert is not None:
        zelle.number_format = _format(stellen)
    return zelle


def xlsx(ringname: str, monat: str, vergleiche: list[Vergleich], demodaten: bool) -> bytes:
    buch = Workbook(write_only=True)
    werte = buch.create_sheet("Werte")
    titel = f"Vergleichsring {ringname} – Berichtsmonat {monat_lang(monat)}"
    werte.append(
        _zeile(werte, [titel + (" (Demodaten – synthetische Werte)" if demodaten else "")])
    )
    kopf = ["AGS", "Träger", "Land"]
    for v in vergleiche:
        zeichen = KENNZAHL_EINHEITEN[v.kennzahl.einheit].zeichen
        kopf += [f"{v.kennzahl.code} {v.kennzahl.name}" + (f" ({zeichen})" if zeichen else "")]
        kopf += [f"{v.kennzahl.code} Rang"]
    werte.append(_kopf(werte, kopf))
    mitglieder = [(z.ags, z.name, z.land) for z in vergleiche[0].zeilen] if vergleiche else []
    for ags, name, land in sorted(mitglieder):
        zeile: list = [ags, name, land]
        for v in vergleiche:
            z = next(z for z in v.zeilen if z.ags == ags)
            zeile += [_zahl(werte, z.ergebnis.wert, v.stellen), z.rang]
        werte.append(_zeile(werte, zeile))

    statistik = buch.create_sheet("Statistik")
    statistik.append(
        _kopf(
            statistik,
            ["Code", "Kennzahl", "Ringwert", "Abdeckung", "Werte", "Minimum", "1. Quartil",
             "Median", "3. Quartil", "Maximum", "Ringwert nicht berechenbar"],
        )
    )  # fmt: skip
    for v in vergleiche:
        d, s = v.verteilung, v.stellen
        statistik.append(
            _zeile(
                statistik,
                [
                    v.kennzahl.code,
                    v.kennzahl.name,
                    _zahl(statistik, v.ring.wert, s),
                    f"{v.ring.abdeckung or 0} von {v.mitglieder}",
                    d.anzahl if d else 0,
                    *(
                        _zahl(statistik, getattr(d, feld) if d else None, s)
                        for feld in ("minimum", "q1", "median", "q3", "maximum")
                    ),
                    v.ring.grund or "",
                ],
            )
        )

    hinweise = buch.create_sheet("Hinweise")
    hinweise.append(_kopf(hinweise, ["AGS", "Träger", "Kennzahl", "Art", "Text"]))
    for v in vergleiche:
        for z in v.zeilen:
            if z.ergebnis.grund:
                hinweise.append(
                    _zeile(hinweise, [z.ags, z.name, v.kennzahl.code, "nicht berechenbar",
                                      z.ergebnis.grund])
                )  # fmt: skip
            for h in z.hinweise:
                hinweise.append(
                    _zeile(hinweise, [z.ags, z.name, v.kennzahl.code, "Plausibilität",
                                      hinweis_text(h)])
                )  # fmt: skip

    definitionen = buch.create_sheet("Definitionen")
    definitionen.append(
        _kopf(
            definitionen,
            ["Code", "Version", "Name", "Kategorie", "Einheit", "Richtung", "Formel",
             "gültig ab", "gültig bis", "Unterschied zur BA-Definition"],
        )
    )  # fmt: skip
    for v in vergleiche:
        k = v.kennzahl
        definitionen.append(
            _zeile(
                definitionen,
                [
                    k.code,
                    k.version,
                    k.name,
                    KATEGORIEN[k.kategorie],
                    KENNZAHL_EINHEITEN[k.einheit].name,
                    RICHTUNGEN[k.richtung],
                    k.formel,
                    k.gueltig_ab.isoformat(),
                    k.gueltig_bis.isoformat() if k.gueltig_bis else "",
                    k.ba_unterschied,
                ],
            )
        )
    ausgabe = BytesIO()
    buch.save(ausgabe)
    return ausgabe.getvalue()
