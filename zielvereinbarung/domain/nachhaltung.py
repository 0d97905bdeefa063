"""Nachhaltung einer Zielvereinbarung durch das Jahr (DOMAIN.md §§ 4 und 7), rein und ohne Uhr.

Für jeden Zielindikator der Vereinbarung im Monat m (1 … 12) des Jahres Y:

- **Wert** (Jahresfortschrittswert), **Vorjahreswert** und **Veränderung** wie in
  `domain.zielindikatoren` (IQ_F/IQ_M auf der Reihe der Geschlechtergruppe).
- **Zielniveau**: `veraenderung` → Basiswert × (1 + v/100), `niveau` → der Wert. Beim `korridor`
  entscheidet nur die bessere Grenze über das Erreichen (`korridor_erreicht`): Zielniveau ist
  Basiswert × (1 + untere/100), wenn höher besser, sonst Basiswert × (1 + obere/100).
  Der Basiswert ist der beim Entwurf eingefrorene; ein Wert mit späterem Datenstand (Vorjahr im
  Dezember nach heutigen Daten) steht als `basiswert_aktuell` daneben, ersetzt ihn aber nicht.
- **Projektion** auf Dezember (m < 12): Wert(m) × Vorjahr(12) / Vorjahr(m) – der Saisonfaktor
  des Vorjahres (`PROJEKTIONSMETHODE`); im Dezember ist der Wert selbst endgültig.
- **Zielpfad** im Monat k: Zielniveau × Vorjahr(k) / Vorjahr(12) – der Verlauf des Vorjahres,
  so skaliert, dass er im Dezember das Zielniveau trifft.
- **Zielerreichungsgrad**: Projektion / Zielniveau × 100 (höher besser) bzw. Zielniveau /
  Projektion × 100 (niedriger besser); im Dezember mit dem Wert selbst. Das ist zugleich
  Wert(m) / Zielpfad(m), denn Wert(m) / Zielpfad(m) = Wert(m) × Vorjahr(12) / (Zielniveau ×
  Vorjahr(m)) = Projektion / Zielniveau.
- **Status** mit den Schwellen des Landes: unterjährig `auf Kurs`/`gefährdet`/`kritisch`, im
  Dezember `erreicht`/`knapp`/`verfehlt`.
- `monitoring`: Werte und Projektion ohne Ziel und Status; `qualitativ`: keine Zahlen, nur der
  Text (gewürdigt wird im Zielnachhaltedialog).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TypedDict

from .katalog import HOEHER, PROZENT, zielindikator_definition
from .kennzahlen import Zeitreihe
from .ziele import KORRIDOR, MONITORING, QUALITATIV, ist_qualitativ
from .zielindikatoren import (  # _genau: exakter Bruch → Decimal mit einer Rundung
    PROJEKTIONSMETHODE,
    _genau,
    korridor_erreicht,
    projektion,
    status,
    zielerreichungsgrad,
    zielindikator,
    zielindikator_wert,
    zielniveau,
)

METHODE_DEZEMBER = "Jahreswert (Dezember), keine Projektion nötig"
GESCHLECHT_FUER = {"IQ_F": "frauen", "IQ_M": "maenner"}
OHNE_ZIEL = "Monitoring (ohne Zielwert)"
QUALITATIV_TEXT = "qualitatives Ziel – Würdigung im Zielnachhaltedialog"


@dataclass(frozen=True)
class Schwellen:
    """Schwellen des Landes in Prozent Zielerreichung."""

    erreicht: Decimal = Decimal(100)
    knapp: Decimal = Decimal(97)


@dataclass(frozen=True)
class Ziel:
    """Ein vereinbartes Ziel (aus dem Zielwert der vereinbarten Revision)."""

    zielindikator: str
    bezeichnung: str
    zieltyp: str
    wert: Decimal | None = None
    untere: Decimal | None = None
    obere: Decimal | None = None
    basiswert: Decimal | None = None
    text: str | None = None


@dataclass(frozen=True)
class Indikatorstand:
    zielindikator: str
    bezeichnung: str
    zieltyp: str
    jahr: int
    monat: int
    besser: str | None  # None bei qualitativen Zielen
    wert: Decimal | None = None
    vorjahr: Decimal | None = None
    veraenderung: Decimal | None = None
    basiswert: Decimal | None = None
    basiswert_aktuell: Decimal | None = None  # Vorjahr im Dezember nach heutigen Daten
    zielniveau: Decimal | None = None
    korridor_niveaus: tuple[Decimal | None, Decimal | None] | None = None
    projektion: Decimal | None = None
    methode: str | None = None
    grad: Decimal | None = None
    status: str | None = None
    endgueltig: bool = False  # Monat 12: Wert statt Projektion
    korridor_lage: str | None = None  # 'im Korridor', 'über dem Korridor', 'unter dem Korridor'
    zielpfad: tuple[Decimal | None, ...] = ()
    verlauf: tuple[Decimal | None, ...] = ()  # Monate 1 … 12 des Jahres (None: noch keine Daten)
    verlauf_vorjahr: tuple[Decimal | None, ...] = ()
    gruende: dict[str, str] = field(default_factory=dict)
    text: str | None = None

    @property
    def hat_ziel(self) -> bool:
        return self.zieltyp not in (MONITORING, QUALITATIV)


class _Basis(TypedDict):
    """Felder von `Indikatorstand`, die jede Bewertung setzt (mit und ohne Ziel)."""

    vorjahr: Decimal | None
    veraenderung: Decimal | None
    basiswert: Decimal | None
    basiswert_aktuell: Decimal | None
    projektion: Decimal | None
    methode: str | None
    endgueltig: bool
    verlauf: tuple[Decimal | None, ...]
    verlauf_vorjahr: tuple[Decimal | None, ...]
    gruende: dict[str, str]


def reihe_fuer(code: str, reihen: Mapping[str, Zeitreihe]) -> Zeitreihe:
    """Die Reihe der Geschlechtergruppe, auf der `code` gerechnet wird."""
    return reihen.get(GESCHLECHT_FUER.get(code, "gesamt"), {})


def verlauf(reihe: Zeitreihe, code: str, jahr: int, bis: int = 12) -> tuple[Decimal | None, ...]:
    """Jahresfortschrittswerte der Monate 1 … 12; nach `bis` und wo nicht berechenbar None."""
    return tuple(
        zielindikator(reihe, code, jahr, m).wert if m <= bis else None for m in range(1, 13)
    )


def zielpfad(
    niveau: Decimal | None, verlauf_vorjahr: tuple[Decimal | None, ...]
) -> tuple[Decimal | None, ...]:
    """Zielpfad je Monat k: Zielniveau × Vorjahr(k) / Vorjahr(12) (siehe Modulkopf)."""
    dezember = verlauf_vorjahr[11] if len(verlauf_vorjahr) == 12 else None
    if niveau is None or not dezember:
        return (None,) * 12
    return tuple(
        None if v is None else _genau(Fraction(niveau) * Fraction(v) / Fraction(dezember))
        for v in verlauf_vorjahr
    )


def entscheidende_grenze(ziel: Ziel, besser: str) -> Decimal | None:
    """Beim Korridor die Grenze, die über das Erreichen entscheidet (Modulkopf)."""
    return ziel.untere if besser == HOEHER else ziel.obere


def _zielniveau(ziel: Ziel, besser: str) -> Decimal | None:
    if ziel.zieltyp == KORRIDOR:
        return zielniveau(ziel.basiswert, "veraenderung", entscheidende_grenze(ziel, besser))
    return zielniveau(ziel.basiswert, ziel.zieltyp, ziel.wert)


def _korridor(
    ziel: Ziel, ende: Decimal | None, besser: str
) -> tuple[tuple[Decimal | None, Decimal | None], str | None]:
    """(Niveaus der beiden Grenzen, Lage der Projektion) eines Korridors."""
    niveaus = (
        zielniveau(ziel.basiswert, "veraenderung", ziel.untere),
        zielniveau(ziel.basiswert, "veraenderung", ziel.obere),
    )
    if ende is None or not ziel.basiswert or ziel.untere is None or ziel.obere is None:
        return niveaus, None
    aend = _genau((Fraction(ende) / Fraction(ziel.basiswert) - 1) * 100)
    if ziel.untere <= aend <= ziel.obere:
        lage = "im Korridor"
    else:
        lage = "über dem Korridor" if aend > ziel.obere else "unter dem Korridor"
    erreicht = korridor_erreicht(aend, ziel.untere, ziel.obere, besser)
    return niveaus, f"{lage} ({'erreicht' if erreicht else 'nicht erreicht'})"


def bewerte(
    ziel: Ziel,
    reihen: Mapping[str, Zeitreihe],
    jahr: int,
    monat: int,
    schwellen: Schwellen = Schwellen(),
    verlaeufe: bool = True,
) -> Indikatorstand:
    """Der Stand eines Ziels im Monat `monat` des Jahres `jahr` (alle Regeln im Modulkopf).
    `verlaeufe=False` lässt Monatsverläufe und Zielpfad leer (für Übersichten: ein Zehntel der
    Rechenarbeit); alle übrigen Werte bleiben gleich."""
    if not 1 <= monat <= 12:
        raise ValueError(f"Monat {monat} liegt nicht zwischen 1 und 12")
    code = ziel.zielindikator
    if ziel.zieltyp == QUALITATIV or ist_qualitativ(code):
        return Indikatorstand(
            code, ziel.bezeichnung, QUALITATIV, jahr, monat, None, status=None, text=ziel.text
        )
    besser = zielindikator_definition(code).besser
    reihe = reihe_fuer(code, reihen)
    w = zielindikator_wert(reihe, code, jahr, monat)
    vorjahr_verlauf = verlauf(reihe, code, jahr - 1) if verlaeufe else ()
    vorjahr_dezember = (
        vorjahr_verlauf[11] if verlaeufe else zielindikator(reihe, code, jahr - 1, 12).wert
    )
    endgueltig = monat == 12
    if endgueltig:
        ende, methode = w.wert, METHODE_DEZEMBER
    else:
        ende = projektion(w.wert, w.vorjahr, vorjahr_dezember)
        methode = PROJEKTIONSMETHODE
    gruende = dict(w.gruende)
    if ende is None and not endgueltig and "wert" not in gruende:
        gruende["projektion"] = "Vorjahreswerte für die Projektion fehlen oder sind 0"
    basis: _Basis = {
        "vorjahr": w.vorjahr,
        "veraenderung": w.veraenderung,
        "basiswert": ziel.basiswert,
        "basiswert_aktuell": vorjahr_dezember,
        "projektion": ende,
        "methode": methode,
        "endgueltig": endgueltig,
        "verlauf": verlauf(reihe, code, jahr, monat) if verlaeufe else (),
        "verlauf_vorjahr": vorjahr_verlauf,
        "gruende": gruende,
    }
    if ziel.zieltyp == MONITORING:
        return Indikatorstand(
            code, ziel.bezeichnung, MONITORING, jahr, monat, besser, w.wert, **basis
        )
    niveau = _zielniveau(ziel, besser)
    if niveau is None:
        gruende["zielniveau"] = "Kein Zielniveau: Basiswert fehlt"
    grad = zielerreichungsgrad(ende, niveau, besser)
    korridor_niveaus, lage = (None, None)
    if ziel.zieltyp == KORRIDOR:
        korridor_niveaus, lage = _korridor(ziel, ende, besser)
    return Indikatorstand(
        code,
        ziel.bezeichnung,
        ziel.zieltyp,
        jahr,
        monat,
        besser,
        w.wert,
        zielniveau=niveau,
        korridor_niveaus=korridor_niveaus,
        grad=grad,
        status=status(grad, schwellen.erreicht, schwellen.knapp, unterjaehrig=not endgueltig),
        korridor_lage=lage,
        zielpfad=zielpfad(niveau, vorjahr_verlauf) if verlaeufe else (),
        **basis,
    )


def bewerte_alle(
    ziele: list[Ziel],
    reihen: Mapping[str, Zeitreihe],
    jahr: int,
    monat: int,
    schwellen: Schwellen = Schwellen(),
) -> list[Indikatorstand]:
    return [bewerte(z, reihen, jahr, monat, schwellen) for z in ziele]


def ohne_vereinbarung(
    codes: tuple[str, ...], reihen: Mapping[str, Zeitreihe], jahr: int, monat: int
) -> list[Indikatorstand]:
    """Stand ohne Vereinbarung: jeder Zielindikator wie `monitoring` (Werte, kein Ziel)."""
    ziele = [Ziel(c, zielindikator_definition(c).name, MONITORING) for c in codes]
    return bewerte_alle(ziele, reihen, jahr, monat)


@dataclass(frozen=True)
class Rang:
    platz: int
    von: int

    def __str__(self) -> str:
        return f"{self.platz} von {self.von}"


NACH_WERT, NACH_VERAENDERUNG = "wert", "veraenderung"


def rangmass(code: str) -> str:
    """Wonach Träger bei einem Zielindikator gereiht werden: Quoten (die IQ-Familie) nach ihrem
    Wert; Bestände und Summen (LZB in Personen, LLU in Euro) nach ihrer Veränderung gegenüber dem
    Vorjahreszeitraum – Kreise verschiedener Größe lassen sich nicht nach absoluten Zahlen
    reihen."""
    return NACH_WERT if zielindikator_definition(code).einheit == PROZENT else NACH_VERAENDERUNG


def rang(werte: Mapping[str, Decimal | None], schluessel: str, hoeher_besser: bool) -> Rang | None:
    """Platz von `schluessel` unter allen mit Wert (1 = am besten; Gleichstand teilt den Platz,
    der nächste Platz zählt weiter: 1, 2, 2, 4). None, wenn der eigene Wert fehlt."""
    eigener = werte.get(schluessel)
    if eigener is None:
        return None
    vorhanden = [w for w in werte.values() if w is not None]
    besser = sum(1 for w in vorhanden if (w > eigener if hoeher_besser else w < eigener))
    return Rang(besser + 1, len(vorhanden))


def letzter_monat(reihe: Zeitreihe, jahr: int) -> int | None:
    """Letzter Monat (1 … 12) des Jahres mit einer Zeile in der Reihe."""
    monate = [m % 12 + 1 for m, z in reihe.items() if m // 12 == jahr and z is not None]
    return max(monate) if monate else None
