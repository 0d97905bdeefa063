"""Ziele einer Zielvereinbarung (DOMAIN.md §§ 4 und 6): Zielindikatoren, Zieltypen, Zielvorgaben
und ihre Prüfung (Entwurfsregeln: `entwurf`; Sätze, Kurztexte, Abweichungen: `zielsaetze`).

Regeln der Prüfung (`pruefe_zielvorgabe`, Zahlen auch als deutsche Eingabe „2,5“):
- `veraenderung`: Wert Pflicht, relative Veränderung in Prozent zwischen −50 und +50.
- `korridor`: Unter- und Obergrenze Pflicht, beide zwischen −50 und +50 %, untere < obere.
- `niveau`: Wert Pflicht; Quoten (IQ…) zwischen 0 und 100 %; LZB (Personen) und LLU (EUR)
  ≥ 0 und plausibel: mit bekanntem Basiswert höchstens 50 % davon entfernt, sonst unter einer
  festen Obergrenze.
- `monitoring`: kein Wert, keine Grenzen. `qualitativ`: nur für die Codes Q1, Q2, …, Text Pflicht
  (höchstens 2.000 Zeichen), keine Zahlen; Zielindikatoren sind nie qualitativ.
- Kommentar höchstens 4.000 Zeichen; höchstens 2 Nachkommastellen.

Die Sätze „Das Ziel ist erreicht, wenn …“ stehen in `zielsaetze`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from ..format import parse_dezimal, prozent, veraenderung, zahl
from .katalog import EURO, PERSONEN, PROZENT, zielindikator_definition
from .texteingabe import ohne_bidi

Melde = Callable[[str, str], None]
"""Meldet einen Fehler zu einem Feld: melde(feld, meldung)."""

VERAENDERUNG = "veraenderung"
NIVEAU = "niveau"
KORRIDOR = "korridor"
MONITORING = "monitoring"
QUALITATIV = "qualitativ"
ZIELTYPEN: tuple[str, ...] = (VERAENDERUNG, NIVEAU, KORRIDOR, MONITORING, QUALITATIV)
ZIELTYP_BEZEICHNUNG: dict[str, str] = {
    VERAENDERUNG: "Veränderung gegenüber dem Vorjahr",
    NIVEAU: "Zielniveau",
    KORRIDOR: "Korridor der Veränderung",
    MONITORING: "Monitoring (ohne Zielwert)",
    QUALITATIV: "qualitatives Ziel",
}


@dataclass(frozen=True)
class Ziel:
    """Ein Ziel der Vereinbarung (Abschnitt im Dokument) mit seinen Zielindikatoren."""

    titel: str
    zielindikatoren: tuple[str, ...]


ZIELE: tuple[Ziel, ...] = (
    Ziel("Verringerung der Hilfebedürftigkeit", ("LLU",)),
    Ziel("Verbesserung der Integration in Erwerbstätigkeit", ("IQ", "IQ_F", "IQ_M", "IQ_AE")),
    Ziel("Vermeidung von langfristigem Leistungsbezug", ("LZB", "IQ_LZB")),
    Ziel("Weitere Ziele", ()),  # qualitative Ziele Q1, Q2, …
)
VEREINBARUNGS_INDIKATOREN: tuple[str, ...] = tuple(c for z in ZIELE for c in z.zielindikatoren)
_QUALITATIV_CODE = re.compile(r"^Q[1-9][0-9]?$")

GRENZE_VERAENDERUNG = Decimal(50)
MAX_TEXT = 2_000
MAX_KOMMENTAR = 4_000
MAX_BEZEICHNUNG = 200
MAX_STELLEN = 2
# feste Obergrenzen für Niveaus ohne Basiswert (größter Träger: ≈ 140.000 eLb)
_OBERGRENZE_NIVEAU = {PERSONEN: Decimal(1_000_000), EURO: Decimal(10_000_000_000)}
PLAUSIBEL_ABSTAND = Decimal(50)  # Prozent Abstand vom Basiswert


def ist_qualitativ(code: str) -> bool:
    """Codes qualitativer Ziele: Q1 … Q99."""
    return bool(_QUALITATIV_CODE.match(code or ""))


def ziel_von(code: str) -> Ziel:
    """Das Ziel (Abschnitt), zu dem ein Zielindikator oder ein qualitativer Code gehört."""
    if ist_qualitativ(code):
        return ZIELE[-1]
    for ziel in ZIELE:
        if code in ziel.zielindikatoren:
            return ziel
    raise KeyError(f"„{code}“ ist kein Zielindikator einer Zielvereinbarung")


def bezeichnung(code: str, eigene: str | None = None) -> str:
    """Name des Zielindikators; für qualitative Ziele die eigene Bezeichnung, sonst
    „Weiteres Ziel n“."""
    if ist_qualitativ(code):
        return eigene or f"Weiteres Ziel {code[1:]}"
    return zielindikator_definition(code).name


@dataclass(frozen=True)
class Zielvorgabe:
    """Ein Ziel für einen Zielindikator (oder ein qualitatives Ziel Q1, Q2, …).

    `wert`: Veränderung in Prozent (`veraenderung`) oder Niveau in der Einheit des Indikators
    (`niveau`); `untere`/`obere`: Korridor der Veränderung in Prozent; `text`: qualitatives Ziel;
    `bezeichnung`: Titel eines qualitativen Ziels (z. B. „Gleichstellung“).
    """

    zielindikator: str
    zieltyp: str
    wert: Decimal | None = None
    untere: Decimal | None = None
    obere: Decimal | None = None
    text: str | None = None
    kommentar: str | None = None
    bezeichnung: str | None = None


def normalisiert(vorgabe: Zielvorgabe) -> Zielvorgabe:
    """Einheitliche Form zum Speichern und Vergleichen: leere Texte → None, ein qualitatives Ziel
    hat immer eine Bezeichnung („Weiteres Ziel n“), ein Zielindikator keine eigene."""

    code, eigene = vorgabe.zielindikator, _leer(vorgabe.bezeichnung)
    titel = bezeichnung(code, eigene) if ist_qualitativ(code) else None
    return replace(
        vorgabe, text=_leer(vorgabe.text), kommentar=_leer(vorgabe.kommentar), bezeichnung=titel
    )


class Feldfehler(str):
    """Eine deutsche Fehlermeldung (ein `str`) mit dem Feld, zu dem sie gehört (`.feld`)."""

    feld: str

    def __new__(cls, feld: str, meldung: str) -> Feldfehler:
        obj = super().__new__(cls, meldung)
        obj.feld = feld
        return obj


_FELDNAME = {
    "wert": "Zielwert",
    "untere": "Untergrenze",
    "obere": "Obergrenze",
    "text": "Text",
    "kommentar": "Kommentar",
    "zieltyp": "Zieltyp",
    "zielindikator": "Zielindikator",
    "bezeichnung": "Bezeichnung",
}


def lies_zahl(eingabe: object) -> Decimal | None:
    """Deutsche Eingabe, Decimal oder int → Decimal; leer → None; sonst ValueError (deutsch)."""
    if eingabe is None or (isinstance(eingabe, str) and not eingabe.strip()):
        return None
    if isinstance(eingabe, bool) or isinstance(eingabe, float):
        raise ValueError("Bitte eine exakte Zahl eingeben (z. B. 2,5).")
    if isinstance(eingabe, int):
        return Decimal(eingabe)
    if isinstance(eingabe, Decimal):
        if not eingabe.is_finite():
            raise ValueError("Bitte eine endliche Zahl eingeben.")
        return eingabe
    return parse_dezimal(str(eingabe))


def _leer(text: object) -> str | None:
    return ohne_bidi(text).strip() or None if isinstance(text, str) else None


def lies_zielvorgabe(
    zielindikator: str,
    zieltyp: str,
    wert: object = None,
    untere: object = None,
    obere: object = None,
    text: object = None,
    kommentar: object = None,
    bezeichnung: object = None,
    basiswert: Decimal | None = None,
) -> tuple[Zielvorgabe | None, list[Feldfehler]]:
    """Formularwerte → (Zielvorgabe, []) oder (None, Fehler). Leere Texte werden None."""
    fehler: list[Feldfehler] = []
    name = bezeichnung_fuer_meldung(zielindikator, bezeichnung)

    def melde(feld: str, meldung: str) -> None:
        fehler.append(Feldfehler(feld, f"{name} – {_FELDNAME[feld]}: {meldung}"))

    zahlen: dict[str, Decimal | None] = {}
    for feld, eingabe in (("wert", wert), ("untere", untere), ("obere", obere)):
        try:
            zahlen[feld] = lies_zahl(eingabe)
        except ValueError as e:
            zahlen[feld] = None
            melde(feld, str(e))
    if fehler:
        return None, fehler
    vorgabe = Zielvorgabe(
        zielindikator,
        zieltyp,
        zahlen["wert"],
        zahlen["untere"],
        zahlen["obere"],
        _leer(text),
        _leer(kommentar),
        _leer(bezeichnung),
    )
    fehler = pruefe_vorgabe(vorgabe, basiswert)
    return (None, fehler) if fehler else (vorgabe, [])


def bezeichnung_fuer_meldung(code: str, eigene: object = None) -> str:
    try:
        return bezeichnung(code, eigene if isinstance(eigene, str) else None)
    except KeyError:
        return f"„{code}“"


def pruefe_zielvorgabe(
    zielindikator: str,
    zieltyp: str,
    wert: object = None,
    untere: object = None,
    obere: object = None,
    text: object = None,
    kommentar: object = None,
    bezeichnung: object = None,
    basiswert: Decimal | None = None,
) -> list[Feldfehler]:
    """Alle Fehler der Eingabe (leer = in Ordnung); Zahlen als Decimal, int oder deutscher Text."""
    return lies_zielvorgabe(
        zielindikator, zieltyp, wert, untere, obere, text, kommentar, bezeichnung, basiswert
    )[1]


def pruefe_vorgabe(vorgabe: Zielvorgabe, basiswert: Decimal | None = None) -> list[Feldfehler]:
    """Die Regeln des Modulkopfs für eine schon gelesene Zielvorgabe."""
    code, typ = vorgabe.zielindikator, vorgabe.zieltyp
    name = bezeichnung_fuer_meldung(code, vorgabe.bezeichnung)
    fehler: list[Feldfehler] = []

    def melde(feld: str, meldung: str) -> None:
        fehler.append(Feldfehler(feld, f"{name} – {_FELDNAME[feld]}: {meldung}"))

    qualitativ = ist_qualitativ(code)
    if not qualitativ and code not in VEREINBARUNGS_INDIKATOREN:
        melde("zielindikator", f"„{code}“ ist kein Zielindikator einer Zielvereinbarung.")
        return fehler
    if typ not in ZIELTYPEN:
        melde("zieltyp", f"unbekannter Zieltyp „{typ}“.")
        return fehler
    if qualitativ != (typ == QUALITATIV):
        melde(
            "zieltyp",
            "qualitativ sind nur weitere Ziele (Q1, Q2, …), Zielindikatoren nie."
            if not qualitativ
            else "ein weiteres Ziel ist immer qualitativ.",
        )
        return fehler
    benoetigt = {VERAENDERUNG: {"wert"}, NIVEAU: {"wert"}, KORRIDOR: {"untere", "obere"}}.get(
        typ, set()
    )
    for feld in ("wert", "untere", "obere"):
        zahl_ = getattr(vorgabe, feld)
        if feld in benoetigt and zahl_ is None:
            melde(feld, "Bitte eine Zahl eingeben.")
        elif feld not in benoetigt and zahl_ is not None:
            melde(feld, f"beim Zieltyp „{ZIELTYP_BEZEICHNUNG[typ]}“ bitte leer lassen.")
        elif zahl_ is not None and -zahl_.as_tuple().exponent > MAX_STELLEN:
            melde(feld, f"höchstens {MAX_STELLEN} Nachkommastellen.")
    if fehler:
        return fehler
    if typ == VERAENDERUNG:
        _pruefe_prozent(vorgabe.wert, "wert", melde)
    elif typ == KORRIDOR:
        _pruefe_prozent(vorgabe.untere, "untere", melde)
        _pruefe_prozent(vorgabe.obere, "obere", melde)
        if vorgabe.untere >= vorgabe.obere:  # type: ignore[operator]
            melde("obere", "die Obergrenze muss über der Untergrenze liegen.")
    elif typ == NIVEAU:
        _pruefe_niveau(code, vorgabe.wert, basiswert, melde)  # type: ignore[arg-type]
    if qualitativ:
        if not vorgabe.text:
            melde("text", "Bitte das Ziel beschreiben.")
        elif len(vorgabe.text) > MAX_TEXT:
            melde("text", f"höchstens {zahl(MAX_TEXT)} Zeichen (jetzt {zahl(len(vorgabe.text))}).")
        if vorgabe.bezeichnung and len(vorgabe.bezeichnung) > MAX_BEZEICHNUNG:
            melde("bezeichnung", f"höchstens {MAX_BEZEICHNUNG} Zeichen.")
    elif vorgabe.text:
        melde("text", "nur bei qualitativen Zielen.")
    if vorgabe.kommentar and len(vorgabe.kommentar) > MAX_KOMMENTAR:
        melde(
            "kommentar",
            f"höchstens {zahl(MAX_KOMMENTAR)} Zeichen (jetzt {zahl(len(vorgabe.kommentar))}).",
        )
    return fehler


def _pruefe_prozent(wert: Decimal | None, feld: str, melde: Melde) -> None:
    if wert is not None and not -GRENZE_VERAENDERUNG <= wert <= GRENZE_VERAENDERUNG:
        melde(
            feld,
            f"die Veränderung muss zwischen {veraenderung(-GRENZE_VERAENDERUNG)} und "
            f"{veraenderung(GRENZE_VERAENDERUNG)} liegen.",
        )


def _pruefe_niveau(code: str, wert: Decimal, basiswert: Decimal | None, melde: Melde) -> None:
    einheit = zielindikator_definition(code).einheit
    if einheit == PROZENT:
        if not 0 <= wert <= 100:
            melde("wert", "eine Quote liegt zwischen 0 % und 100 %.")
        return
    if wert < 0:
        melde("wert", "darf nicht negativ sein.")
    elif basiswert is not None and basiswert > 0:
        abstand = abs(wert / basiswert - 1) * 100
        if abstand > PLAUSIBEL_ABSTAND:
            melde(
                "wert",
                f"nicht plausibel: weicht um mehr als {prozent(PLAUSIBEL_ABSTAND, 0)} "
                f"vom Basiswert ({einheit_text(code, basiswert)}) ab.",
            )
    elif wert > _OBERGRENZE_NIVEAU[einheit]:
        melde(
            "wert", f"nicht plausibel: höchstens {einheit_text(code, _OBERGRENZE_NIVEAU[einheit])}."
        )


def pruefe_vorgaben(vorgaben: Iterable[Zielvorgabe], vollstaendig: bool = True) -> list[Feldfehler]:
    """Die Menge der Vorgaben: jeder Code höchstens einmal; mit `vollstaendig` jeder Zielindikator
    der Vereinbarung genau einmal (ohne Ziel: Zieltyp `monitoring`)."""
    fehler: list[Feldfehler] = []
    codes = [v.zielindikator for v in vorgaben]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        fehler.append(
            Feldfehler("zielindikator", f"{bezeichnung_fuer_meldung(code)} ist doppelt angegeben.")
        )
    if vollstaendig:
        for code in VEREINBARUNGS_INDIKATOREN:
            if code not in codes:
                fehler.append(
                    Feldfehler(
                        "zielindikator",
                        f"{bezeichnung(code)} fehlt (ohne Zielwert bitte „Monitoring“ wählen).",
                    )
                )
    return fehler


STELLEN_EINHEIT = {PROZENT: 1, PERSONEN: 0, EURO: 0}  # übliche Nachkommastellen der Anzeige


def einheit_text(code: str, wert: Decimal | None, stellen: int | None = None) -> str:
    """Ein Wert in der Einheit des Zielindikators: „26,9 %“, „4.850“, „12.345.678 €“; mit
    `stellen` auf so viele Nachkommastellen („26,86 %“), sonst auf die üblichen."""
    einheit = zielindikator_definition(code).einheit
    if stellen is None:
        stellen = STELLEN_EINHEIT[einheit]
    if einheit == PROZENT:
        return prozent(wert, stellen)
    return zahl(wert, stellen) + (" €" if einheit == EURO and wert is not None else "")
