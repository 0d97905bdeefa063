"""Darstellung von Zielvorgaben: der Satz „Das Ziel ist erreicht, wenn …“ (DOMAIN.md §§ 4 und 6),
Kurztexte („+2,5 %“) und Abweichungen von den Orientierungswerten.

- `veraenderung` (Zielniveau = Basiswert × (1 + v/100)):
  höher besser:  „… wenn die Integrationsquote 2027 um mindestens 2,5 % über dem Basiswert von
  26,9 % liegt (mindestens 27,5 %).“; bei v < 0 „um höchstens 6,9 % unter …“;
  niedriger besser: „um mindestens 2,0 % unter …“ bzw. bei v > 0 „um höchstens … über …“,
  in Klammern „höchstens“; bei v = 0 „nicht unter“ bzw. „nicht über dem Basiswert“.
- `niveau`: „… wenn die Integrationsquote 2027 mindestens 27,5 % beträgt.“ (niedriger besser:
  „höchstens“).
- `korridor` (erreicht im Korridor oder jenseits der besseren Grenze): „… wenn die Veränderung
  der Integrationsquote 2027 gegenüber dem Basiswert von 26,9 % im Korridor von +1,0 % bis
  +3,0 % oder darüber liegt.“ (niedriger besser: „oder darunter“).
- `monitoring`: kein Ziel, der Indikator wird beobachtet; `qualitativ`: Feststellung der Parteien.

Basiswert und Zielniveau stehen mit den Stellen aus `zielniveau.stellen_zielniveau` (Quoten mit
zweien: „… über dem Basiswert von 26,86 % liegt (mindestens 27,53 %)“), eingegebene Werte mit
ihren eigenen („+2,25 %“).

Ein vorläufiger Basiswert heißt im Satz „vorläufiger Basiswert“; ohne Basiswert entfällt die
Zahl („über dem Basiswert liegt (Basiswert noch nicht berechenbar)“).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..format import nachkommastellen, prozent
from .katalog import HOEHER, zielindikator_definition
from .ziele import (
    KORRIDOR,
    MONITORING,
    NIVEAU,
    QUALITATIV,
    VERAENDERUNG,
    Zielvorgabe,
    einheit_text,
)
from .zielindikatoren import zielniveau
from .zielniveau import niveau_text, relativ_text, stellen_zielniveau

# (Nominativ, Genitiv) mit Artikel
_NAME: dict[str, tuple[str, str]] = {
    "IQ": ("die Integrationsquote", "der Integrationsquote"),
    "IQ_F": ("die Integrationsquote der Frauen", "der Integrationsquote der Frauen"),
    "IQ_M": ("die Integrationsquote der Männer", "der Integrationsquote der Männer"),
    "IQ_AE": (
        "die Integrationsquote der Alleinerziehenden",
        "der Integrationsquote der Alleinerziehenden",
    ),
    "IQ_LZB": (
        "die Integrationsquote der Langzeitleistungsbeziehenden",
        "der Integrationsquote der Langzeitleistungsbeziehenden",
    ),
    "LZB": (
        "der durchschnittliche Bestand an Langzeitleistungsbeziehenden",
        "des durchschnittlichen Bestands an Langzeitleistungsbeziehenden",
    ),
    "LLU": (
        "die Summe der Leistungen zum Lebensunterhalt",
        "der Summe der Leistungen zum Lebensunterhalt",
    ),
}
_ANFANG = "Das Ziel ist erreicht, wenn"


def ziel_satz(
    vorgabe: Zielvorgabe, basiswert: Decimal | None, jahr: int, vorlaeufig: bool = False
) -> str:
    """Der Satz, der festhält, wann das Ziel im Jahr `jahr` erreicht ist (Regeln im Modulkopf)."""
    typ = vorgabe.zieltyp
    if typ == QUALITATIV:
        return (
            f"{_ANFANG} die Vertragsparteien zum Jahresabschluss {jahr} übereinstimmend "
            "feststellen, dass es umgesetzt ist."
        )
    code = vorgabe.zielindikator
    nominativ, genitiv = _NAME[code]
    hoeher = zielindikator_definition(code).besser == HOEHER
    grenze = "mindestens" if hoeher else "höchstens"
    if typ == MONITORING:
        return f"{nominativ[0].upper()}{nominativ[1:]} wird ohne Zielwert beobachtet (Monitoring)."
    if typ == NIVEAU:
        return f"{_ANFANG} {nominativ} {jahr} {grenze} {niveau_text(vorgabe)} beträgt."
    stellen = stellen_zielniveau(code, basiswert)
    basis = _basis(code, basiswert, vorlaeufig, stellen)
    if typ == KORRIDOR:
        niveaus = ""
        if basiswert is not None and vorgabe.untere is not None and vorgabe.obere is not None:
            u, o = (zielniveau(basiswert, VERAENDERUNG, g) for g in (vorgabe.untere, vorgabe.obere))
            niveaus = f" ({einheit_text(code, u, stellen)} bis {einheit_text(code, o, stellen)})"
        return (
            f"{_ANFANG} die Veränderung {genitiv} {jahr} gegenüber dem {basis} im Korridor von "
            f"{relativ_text(vorgabe.untere)} bis {relativ_text(vorgabe.obere)}{niveaus} oder "
            f"{'darüber' if hoeher else 'darunter'} liegt."
        )
    if typ != VERAENDERUNG:
        raise ValueError(f"Unbekannter Zieltyp „{typ}“")
    v = vorgabe.wert
    if v is None:
        raise ValueError("Eine Veränderung braucht einen Wert")
    if v == 0:
        bewegung = f"nicht {'unter' if hoeher else 'über'} dem {basis}"
    else:
        steigt = v > 0
        mass = "mindestens" if steigt == hoeher else "höchstens"
        bewegung = (
            f"um {mass} {prozent(abs(v), nachkommastellen(v))} "
            f"{'über' if steigt else 'unter'} dem {basis}"
        )
    niveau = zielniveau(basiswert, VERAENDERUNG, v)
    klammer = (
        f"{grenze} {einheit_text(code, niveau, stellen)}"
        if niveau is not None
        else "Basiswert noch nicht berechenbar"
    )
    return f"{_ANFANG} {nominativ} {jahr} {bewegung} liegt ({klammer})."


def _basis(code: str, basiswert: Decimal | None, vorlaeufig: bool, stellen: int) -> str:
    wort = "vorläufigen Basiswert" if vorlaeufig else "Basiswert"
    return wort if basiswert is None else f"{wort} von {einheit_text(code, basiswert, stellen)}"


def kurztext(vorgabe: Zielvorgabe) -> str:
    """Kurzform: „+2,5 %“, „27,5 %“, „+1,0 % bis +3,0 %“, „Monitoring“, „qualitativ“; Zahlen mit
    den eingegebenen Stellen („+2,25 %“ bleibt „+2,25 %“)."""
    typ = vorgabe.zieltyp
    if typ == VERAENDERUNG:
        return relativ_text(vorgabe.wert)
    if typ == NIVEAU:
        return niveau_text(vorgabe)
    if typ == KORRIDOR:
        return f"{relativ_text(vorgabe.untere)} bis {relativ_text(vorgabe.obere)}"
    return "Monitoring" if typ == MONITORING else "qualitativ"


@dataclass(frozen=True)
class Abweichung:
    abweichend: bool
    differenz: Decimal | None  # wert − Orientierungswert bei gleichem Zieltyp
    text: str  # z. B. „+2,0 % statt +2,5 %“; leer, wenn gleich oder ohne Orientierungswert


def abweichung(vorgabe: Zielvorgabe, orientierung: Zielvorgabe | None) -> Abweichung:
    """Weicht die Vorgabe vom Orientierungswert ab? Ohne Orientierungswert: nicht abweichend."""
    if orientierung is None:
        return Abweichung(False, None, "")
    gleich_typ = vorgabe.zieltyp == orientierung.zieltyp
    differenz = (
        vorgabe.wert - orientierung.wert
        if gleich_typ and vorgabe.wert is not None and orientierung.wert is not None
        else None
    )
    gleich = gleich_typ and (vorgabe.wert, vorgabe.untere, vorgabe.obere, vorgabe.text) == (
        orientierung.wert,
        orientierung.untere,
        orientierung.obere,
        orientierung.text,
    )
    return Abweichung(
        not gleich,
        differenz,
        "" if gleich else f"{kurztext(vorgabe)} statt {kurztext(orientierung)}",
    )
