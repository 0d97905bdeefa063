"""Formularfelder für Zielvorgaben, gemeinsam für Orientierungswerte (Planung) und Angebote
(Verhandlung): je Zielindikator eine Feldgruppe, je qualitativem Ziel (Q1, Q2, …) eine weitere.

Feldnamen (stabil, auch für Browser-Tests): `<code>-zieltyp`, `<code>-wert`, `<code>-untere`,
`<code>-obere`, `<code>-kommentar` je Zielindikator (z. B. `IQ-wert`); `<Qn>-bezeichnung`,
`<Qn>-text`, `<Qn>-kommentar`, `<Qn>-streichen` je qualitativem Ziel. Vorbelegt werden Zahlen
so, wie man sie eintippt („2,5“, „-1,0“); gelesen und geprüft werden sie in `zieleingabe`.

Je Zieltyp gelten nur seine Zahlenfelder (`FELDER_JE_TYP`): Veränderung und Zielniveau den
Zielwert, der Korridor Unter- und Obergrenze. Das versteckte Feld `<code>-vorher` hält fest, mit
welchem Zieltyp und welchen Zahlen das Formular gezeigt wurde (`stand_text`): wechselt der
Zieltyp, gelten die alten Zahlen nicht mehr (`ziele.eingabe.bereinige`) – auch ohne JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from ...domain.katalog import EURO, PERSONEN, zielindikator_definition
from ...domain.ziele import (
    KORRIDOR,
    MAX_BEZEICHNUNG,
    MAX_KOMMENTAR,
    MAX_TEXT,
    NIVEAU,
    VERAENDERUNG,
    ZIELE,
    ZIELTYP_BEZEICHNUNG,
    Zielvorgabe,
    bezeichnung,
    ist_qualitativ,
)
from ...format import zahl
from ..admin.forms import auswahl
from ..kern.formulare import Formular

ZAHLENFELDER = ("wert", "untere", "obere")
FELDER_JE_TYP: dict[str, tuple[str, ...]] = {
    VERAENDERUNG: ("wert",),
    NIVEAU: ("wert",),
    KORRIDOR: ("untere", "obere"),
}
MAX_ZAHL_ZEICHEN = 30
ZIELTYPEN_INDIKATOR = ("veraenderung", "niveau", "korridor", "monitoring")
KEIN_ORIENTIERUNGSWERT = ("", "kein Orientierungswert (im Entwurf: Monitoring)")
_Q_FELD = re.compile(r"^(Q[1-9][0-9]?)-(bezeichnung|text)$")
BESCHRIFTUNG = {
    "zieltyp": "Zieltyp",
    "wert": "Zielwert",
    "untere": "Untergrenze der Veränderung in %",
    "obere": "Obergrenze der Veränderung in %",
    "kommentar": "Kommentar",
    "bezeichnung": "Bezeichnung des Ziels",
    "text": "Beschreibung des Ziels",
    "streichen": "Dieses Ziel streichen",
}


@dataclass(frozen=True)
class Zielblock:
    """Eine Feldgruppe (fieldset) des Formulars."""

    code: str
    titel: str  # Legende
    ziel: str  # Abschnitt (Ziel), zu dem der Block gehört
    qualitativ: bool
    neu: bool = False  # leerer Platz für ein weiteres qualitatives Ziel
    info: tuple[str, ...] = ()  # Basiswert, Orientierungswert … (schon formatiert)
    hinweis_wert: str = ""

    def feld(self, name: str) -> str:
        return f"{self.code}-{name}"

    @property
    def hinweis_text(self) -> str:
        leer = " Leer lassen, wenn kein weiteres Ziel gewünscht ist." if self.neu else ""
        return f"Was soll erreicht werden? Höchstens {zahl(MAX_TEXT)} Zeichen.{leer}"


HINWEIS_KOMMENTAR = f"Höchstens {zahl(MAX_KOMMENTAR)} Zeichen."


def felder_fuer(zieltyp: str | None) -> tuple[str, ...]:
    """Die Zahlenfelder, die beim Zieltyp gelten (Monitoring und ohne Zieltyp: keine)."""
    return FELDER_JE_TYP.get(zieltyp or "", ())


def wert_beschriftung(code: str, zieltyp: str | None) -> str:
    """Beschriftung des Zielwerts je Zieltyp: „Veränderung in %“ (relativ zum Basiswert) oder
    „Zielniveau in %“ / „Zielniveau in Personen“ / „Zielniveau in Euro“."""
    if zieltyp != NIVEAU:
        return "Veränderung in %"
    einheit = zielindikator_definition(code).einheit
    return {PERSONEN: "Zielniveau in Personen", EURO: "Zielniveau in Euro"}.get(
        einheit, "Zielniveau in %"
    )


def stand_text(zieltyp: str | None, werte: Mapping[str, str]) -> str:
    """Inhalt von `<code>-vorher`: „veraenderung|2,5||“ (Zieltyp und die gezeigten Zahlen)."""
    return "|".join([zieltyp or "", *(werte.get(n, "") or "" for n in ZAHLENFELDER)])


def lies_stand(text: str | None) -> tuple[str, dict[str, str]] | None:
    """`stand_text` zurück; None bei fehlendem oder unlesbarem Inhalt."""
    teile = (text or "").split("|")
    if len(teile) != 1 + len(ZAHLENFELDER):
        return None
    return teile[0], dict(zip(ZAHLENFELDER, teile[1:], strict=True))


def _hinweis_wert(code: str) -> str:
    einheit = zielindikator_definition(code).einheit
    niveau = {PERSONEN: "Personen, z. B. 4850", EURO: "Euro, z. B. 1.250.000"}.get(
        einheit, "Quote in %, z. B. 27,5"
    )
    return (
        f"Bei „Veränderung“ die Veränderung gegenüber dem Vorjahr in %, z. B. 2,5 oder -1,0; "
        f"beim Zielniveau: {niveau}."
    )


def bloecke(
    codes: Iterable[str],
    info: Mapping[str, tuple[str, ...]] | None = None,
    neue: Iterable[str] = (),
    titel: Mapping[str, str] | None = None,
) -> list[Zielblock]:
    """Die Blöcke in der Reihenfolge der Ziele: alle Zielindikatoren, dann die qualitativen Ziele
    `codes` (nach Nummer, Legende aus `titel`) und die leeren Plätze `neue`."""
    info, titel = info or {}, titel or {}
    neue = set(neue)
    q_codes = sorted({c for c in [*codes, *neue] if ist_qualitativ(c)}, key=lambda c: int(c[1:]))
    ergebnis = [
        Zielblock(
            c, bezeichnung(c), z.titel, False, info=info.get(c, ()), hinweis_wert=_hinweis_wert(c)
        )
        for z in ZIELE
        for c in z.zielindikatoren
    ]
    ergebnis += [
        Zielblock(
            c,
            "Weiteres Ziel (neu)" if c in neue else bezeichnung(c, titel.get(c)),
            ZIELE[-1].titel,
            True,
            neu=c in neue,
            info=info.get(c, ()),
        )
        for c in q_codes
    ]
    return ergebnis


def naechster_q_code(codes: Iterable[str]) -> str:
    nummern = [int(c[1:]) for c in codes if ist_qualitativ(c)]
    return f"Q{max(nummern, default=0) + 1}"


def q_codes_im_formular(formdaten: Mapping) -> set[str]:
    return {m.group(1) for name in formdaten if (m := _Q_FELD.match(name))}


def formular_klasse(
    bloecke_: list[Zielblock], zieltypen: Iterable[tuple[str, str]], mit_revision: bool = False
) -> type[Formular]:
    """Eine Formularklasse mit den Feldern der Blöcke (und bei `mit_revision` dem Kommentar zur
    Revision und der versteckten `basis_nummer`)."""
    typen = auswahl(zieltypen)
    felder: dict = {}
    for b in bloecke_:
        if b.qualitativ:
            felder[b.feld("bezeichnung")] = StringField(
                BESCHRIFTUNG["bezeichnung"], render_kw={"maxlength": MAX_BEZEICHNUNG}
            )
            felder[b.feld("text")] = TextAreaField(BESCHRIFTUNG["text"], render_kw={"rows": 3})
            if not b.neu:
                felder[b.feld("streichen")] = BooleanField(BESCHRIFTUNG["streichen"])
        else:
            felder[b.feld("zieltyp")] = SelectField(
                BESCHRIFTUNG["zieltyp"], choices=typen, validate_choice=False
            )
            felder[b.feld("vorher")] = HiddenField()
            for n in ZAHLENFELDER:
                felder[b.feld(n)] = StringField(
                    BESCHRIFTUNG[n],
                    render_kw={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "maxlength": MAX_ZAHL_ZEICHEN,
                    },
                )
        felder[b.feld("kommentar")] = TextAreaField(
            BESCHRIFTUNG["kommentar"], render_kw={"rows": 2}, description=HINWEIS_KOMMENTAR
        )
    if mit_revision:
        felder["kommentar"] = TextAreaField(
            "Kommentar zu dieser Revision",
            render_kw={"rows": 4},
            description="Erscheint im Verlauf und in der Benachrichtigung an die Gegenseite. "
            + HINWEIS_KOMMENTAR,
        )
        felder["basis_nummer"] = HiddenField()
    return type("ZielFormular", (Formular,), felder)


def zieltypen_verhandlung() -> list[tuple[str, str]]:
    return [(t, ZIELTYP_BEZEICHNUNG[t]) for t in ZIELTYPEN_INDIKATOR]


def zieltypen_orientierung() -> list[tuple[str, str]]:
    return [KEIN_ORIENTIERUNGSWERT, *zieltypen_verhandlung()]


def eingabe_text(wert: Decimal | None) -> str:
    """Eine Zahl so, wie man sie eintippt: „2,5“, „-1,25“, „4850“ (exakt, ohne Rundung)."""
    if wert is None:
        return ""
    text = format(wert, "f")
    return text.replace(".", ",")


def formulardaten(vorgaben: Iterable[Zielvorgabe], mit_kommentar: bool = True) -> MultiDict:
    """Die Felder des Formulars, vorbelegt aus Zielvorgaben (Kommentare nur mit `mit_kommentar`:
    ein Kommentar gehört zu seiner Revision und wird nicht in die nächste übernommen)."""
    daten = MultiDict()
    for v in vorgaben:
        c = v.zielindikator
        if ist_qualitativ(c):
            daten[f"{c}-bezeichnung"] = v.bezeichnung or ""
            daten[f"{c}-text"] = v.text or ""
        else:
            daten[f"{c}-zieltyp"] = v.zieltyp
            for n in ZAHLENFELDER:
                daten[f"{c}-{n}"] = eingabe_text(getattr(v, n))
            daten[f"{c}-vorher"] = stand_text(
                v.zieltyp, {n: daten[f"{c}-{n}"] for n in ZAHLENFELDER}
            )
        daten[f"{c}-kommentar"] = (v.kommentar or "") if mit_kommentar else ""
    return daten
