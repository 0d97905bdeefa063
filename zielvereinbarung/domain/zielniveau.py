"""Was eine Zielvorgabe absolut bedeutet (DOMAIN.md § 4): das Zielniveau in der Einheit des
Zielindikators und sein Abstand zum Basiswert – bei Quoten in Prozentpunkten, damit „+2,0 %“
(relativ) nicht als Prozentpunkte gelesen wird.

Genauigkeit (`stellen_zielniveau`): Zielniveau und Basiswert daneben bekommen so viele
Nachkommastellen, dass eine Veränderung um 0,1 % des Basiswerts sichtbar wird, höchstens eine
mehr als üblich. Quoten also zwei: +2,0 % und +1,5 % auf 19,558 % ergeben 19,95 % und 19,85 %
(mit einer Stelle beide „19,9 %“), +0,5 % auf 14,25 % ergibt 14,32 % (nicht „14,3 % – mindestens
14,3 %“). LZB unter 1.000 Personen eine Stelle, sonst keine; Euro ohne Cent.

Beispiele (`niveauanzeige`), Integrationsquote mit Basiswert 23,0 %:
- `veraenderung` +2,5 → „mindestens 23,58 %“, „+0,58 Prozentpunkte (2,5 % von 23,00 %)“
- `niveau` 27,5 → „mindestens 27,5 %“, „+19,6 % bzw. +4,50 Prozentpunkte gegenüber 23,00 %“
- `korridor` +1 … +3 → „zwischen 23,23 % und 23,69 % oder darüber“, „+1,0 % bis +3,0 % auf
  23,00 %“
- `monitoring` → „kein Zielniveau“
Die Erläuterung nennt den Basiswert nur als Zahl; ob er vorläufig ist, steht beim Basiswert.
Höher besser heißt „mindestens“, niedriger besser „höchstens“ (LZB, LLU).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..format import nachkommastellen, prozent, veraenderung, vorzeichen
from .katalog import EURO, HOEHER, PERSONEN, PROZENT, zielindikator_definition
from .ziele import (
    KORRIDOR,
    MONITORING,
    NIVEAU,
    QUALITATIV,
    STELLEN_EINHEIT,
    VERAENDERUNG,
    Zielvorgabe,
    einheit_text,
)
from .zielindikatoren import zielniveau

ABSTAND_EINHEIT = {PROZENT: "Prozentpunkte", PERSONEN: "Personen", EURO: "€"}
KEIN_BASISWERT = "noch offen"


def stellen_zielniveau(code: str, basiswert: Decimal | None) -> int:
    """Nachkommastellen für Zielniveau und Basiswert (Regel im Modulkopf)."""
    einheit = zielindikator_definition(code).einheit
    stellen = STELLEN_EINHEIT[einheit]
    if einheit == EURO:
        return stellen
    if einheit == PROZENT:
        return stellen + 1
    if basiswert is not None and abs(Fraction(basiswert)) / 1000 < Fraction(1, 10**stellen):
        return stellen + 1
    return stellen


def relativ_text(wert: Decimal | None) -> str:
    """Eine relative Veränderung mit den eingegebenen Stellen: „+2,5 %“, „−1,25 %“."""
    return veraenderung(wert, nachkommastellen(wert))


def niveau_text(vorgabe: Zielvorgabe) -> str:
    """Ein vereinbartes Niveau mit den eingegebenen Stellen: „27,5 %“, „27,25 %“, „4.850“."""
    code = vorgabe.zielindikator
    ueblich = STELLEN_EINHEIT[zielindikator_definition(code).einheit]
    return einheit_text(code, vorgabe.wert, nachkommastellen(vorgabe.wert, ueblich))


def _abstand(code: str, differenz: Decimal, stellen: int) -> str:
    einheit = zielindikator_definition(code).einheit
    return f"{vorzeichen(differenz, stellen)} {ABSTAND_EINHEIT[einheit]}"


@dataclass(frozen=True)
class Niveauanzeige:
    text: str  # „mindestens 23,58 %“
    erlaeuterung: str  # „+0,58 Prozentpunkte (2,5 % von 23,00 %)“
    niveau: Decimal | None = None  # exakt, None ohne Zielniveau


def niveauanzeige(vorgabe: Zielvorgabe, basiswert: Decimal | None) -> Niveauanzeige:
    """Zielniveau und Erläuterung einer Vorgabe (Beispiele im Modulkopf)."""
    typ, code = vorgabe.zieltyp, vorgabe.zielindikator
    if typ == QUALITATIV:
        return Niveauanzeige("–", "qualitatives Ziel")
    if typ == MONITORING:
        return Niveauanzeige("kein Zielniveau", "Monitoring: wird ohne Zielwert beobachtet")
    hoeher = zielindikator_definition(code).besser == HOEHER
    grenze = "mindestens" if hoeher else "höchstens"
    stellen = stellen_zielniveau(code, basiswert)
    basis = None if basiswert is None else einheit_text(code, basiswert, stellen)
    if typ == NIVEAU:
        wert = vorgabe.wert
        if wert is None:
            return Niveauanzeige(KEIN_BASISWERT, "Bitte ein Zielniveau eingeben.")
        text = f"{grenze} {niveau_text(vorgabe)}"
        if basis is None or not basiswert:
            return Niveauanzeige(text, "", wert)
        relativ = (Fraction(wert) / Fraction(basiswert) - 1) * 100
        return Niveauanzeige(
            text,
            f"{veraenderung(relativ)} bzw. {_abstand(code, wert - basiswert, stellen)} "
            f"gegenüber {basis}",
            wert,
        )
    if basis is None:
        return Niveauanzeige(KEIN_BASISWERT, "Basiswert nicht berechenbar: kein Zielniveau")
    if typ == KORRIDOR:
        if vorgabe.untere is None or vorgabe.obere is None:
            return Niveauanzeige(KEIN_BASISWERT, "Bitte Unter- und Obergrenze eingeben.")
        u = zielniveau(basiswert, VERAENDERUNG, vorgabe.untere)
        o = zielniveau(basiswert, VERAENDERUNG, vorgabe.obere)
        return Niveauanzeige(
            f"zwischen {einheit_text(code, u, stellen)} und {einheit_text(code, o, stellen)} "
            f"oder {'darüber' if hoeher else 'darunter'}",
            f"{relativ_text(vorgabe.untere)} bis {relativ_text(vorgabe.obere)} auf {basis}",
            u if hoeher else o,
        )
    if typ != VERAENDERUNG:
        raise ValueError(f"Unbekannter Zieltyp „{typ}“")
    v = vorgabe.wert
    if v is None:
        return Niveauanzeige(KEIN_BASISWERT, "Bitte eine Veränderung in % eingeben.")
    niveau = zielniveau(basiswert, VERAENDERUNG, v)
    # basis (also basiswert) und v sind oben geprüft, also gibt es ein Zielniveau.
    assert niveau is not None and basiswert is not None
    if v == 0:
        erlaeuterung = f"gleich dem Basiswert {basis}"
    else:
        erlaeuterung = (
            f"{_abstand(code, niveau - basiswert, stellen)} "
            f"({prozent(abs(v), nachkommastellen(v))} von {basis})"
        )
    return Niveauanzeige(f"{grenze} {einheit_text(code, niveau, stellen)}", erlaeuterung, niveau)
