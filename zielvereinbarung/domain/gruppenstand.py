"""Der Stand einer Trägergruppe (ein Land, alle zkT) für einen Zielindikator im Monat m des
Jahres Y (DOMAIN.md §§ 3, 4, 9), rein und ohne Uhr.

- **Wert, Vorjahr, Veränderung**: das Aggregat der Basiszahlen – erst summieren, dann die Formel
  (`zielindikator_wert_aggregat`) –, mit der Zahl der Träger, die es abdeckt.
- **Projektion** auf Dezember (m < 12) wie beim Träger, auf den Summen der Träger, die im Monat m,
  im Vorjahresmonat m und im Dezember des Vorjahres vollständig sind:
  Wert_Y(m) × Wert_{Y−1}(12) / Wert_{Y−1}(m). Im Dezember gilt der Wert selbst.
- **Zielniveau der Gruppe** (bottom-up wie § 9): für Quoten Σ (Zielniveau_i × Nenner_i) / Σ
  Nenner_i mit dem Nenner des Basisjahres (Y−1 im Dezember, für IQ: Σ eLb Dezember Y−2 bis
  November Y−1, also das Gewicht Ø eLb der Basisperiode); für LZB und LLU die Summe der
  Zielniveaus (`domain.bund_land.landesniveau`). Nur wenn jedes Mitglied ein Zielniveau und
  vollständige Daten hat – sonst verglichen sich verschiedene Trägermengen; der Grund steht dann
  in `gruende`. Ein vereinbartes Ziel der Gruppe (`vorgabe`, BMAS ↔ Land) ersetzt es.
- **Zielerreichungsgrad und Status** wie beim Träger: Projektion ÷ Zielniveau (niedriger besser:
  umgekehrt), Schwellen des Landes; unterjährig auf Kurs / gefährdet / kritisch, im Dezember
  erreicht / knapp / verfehlt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .bund_land import landesniveau
from .katalog import zielindikator_definition
from .kennzahlen import Zeitreihe
from .nachhaltung import METHODE_DEZEMBER, Schwellen
from .zielindikatoren import (  # _genau: exakter Bruch → Decimal mit einer Rundung
    PROJEKTIONSMETHODE,
    _genau,
    status,
    traeger_summen,
    wert_aus_summen,
    zielerreichungsgrad,
    zielindikator_wert_aggregat,
)


@dataclass(frozen=True)
class Gruppenstand:
    zielindikator: str
    jahr: int
    monat: int
    besser: str
    mitglieder: int
    abdeckung: int  # Träger, deren Basiszahlen in den Wert eingehen
    wert: Decimal | None = None
    vorjahr: Decimal | None = None
    veraenderung: Decimal | None = None
    projektion: Decimal | None = None
    methode: str = PROJEKTIONSMETHODE
    zielniveau: Decimal | None = None
    mit_zielniveau: int = 0  # Mitglieder mit einem Zielniveau
    grad: Decimal | None = None
    status: str | None = None
    gruende: dict[str, str] = field(default_factory=dict)

    @property
    def hat_ziel(self) -> bool:
        return self.zielniveau is not None


def _dezimal(wert: Fraction | None) -> Decimal | None:
    return None if wert is None else _genau(wert)


def gruppenstand(
    code: str,
    mitglieder: Sequence[tuple[Zeitreihe, Decimal | None]],
    jahr: int,
    monat: int,
    schwellen: Schwellen | None = None,
    vorgabe: Decimal | None = None,
) -> Gruppenstand:
    """Der Stand der Gruppe; `mitglieder` sind je Träger die Reihe der Geschlechtergruppe des
    Indikators und sein Zielniveau (None: kein Ziel). `vorgabe`: ein für die Gruppe vereinbartes
    Zielniveau (Vereinbarung BMAS ↔ Land), das an die Stelle des Niveaus aus den Trägerzielen
    tritt. Regeln im Modulkopf."""
    schwellen = schwellen or Schwellen()
    definition = zielindikator_definition(code)
    w = zielindikator_wert_aggregat([r for r, _ in mitglieder], code, jahr, monat)
    gruende = dict(w.gruende)
    endgueltig = monat == 12
    vollstaendig: list[tuple[list[tuple[int, int]], Decimal | None]] = []
    for reihe, traeger_niveau in mitglieder:
        teile = [traeger_summen(reihe, code, j, m) for j, m in ((jahr, monat), (jahr - 1, monat),
                                                       (jahr - 1, 12))]  # fmt: skip
        summen = [t for t in teile if not isinstance(t, str)]
        if len(summen) == len(teile):
            vollstaendig.append((summen, traeger_niveau))

    def summe(i: int) -> tuple[int, int]:
        return (sum(t[i][0] for t, _ in vollstaendig), sum(t[i][1] for t, _ in vollstaendig))

    ende: Fraction | None = None
    if endgueltig:
        ende = None if w.wert is None else Fraction(w.wert)
    elif vollstaendig:
        jetzt = wert_aus_summen(code, monat, *summe(0))
        vorjahr_m = wert_aus_summen(code, monat, *summe(1))
        vorjahr_12 = wert_aus_summen(code, 12, *summe(2))
        if jetzt is not None and vorjahr_m and vorjahr_12 is not None:
            ende = jetzt * vorjahr_12 / vorjahr_m
    if ende is None and not endgueltig and "wert" not in gruende:
        gruende["projektion"] = "Vorjahreswerte für die Projektion fehlen oder sind 0"

    niveaus = [n for _, n in mitglieder if n is not None]
    niveau: Fraction | None = None
    if niveaus and len(niveaus) < len(mitglieder):
        gruende["zielniveau"] = (
            f"Ein Landesziel gibt es erst, wenn alle {len(mitglieder)} Träger ein Zielniveau "
            f"haben ({len(niveaus)} von {len(mitglieder)})"
        )
    elif niveaus and len(vollstaendig) < len(mitglieder):
        gruende["zielniveau"] = (
            "Kein Landesziel: die Daten sind nicht für alle Träger vollständig "
            f"({len(vollstaendig)} von {len(mitglieder)})"
        )
    elif niveaus:
        # Hier haben alle Träger ein Zielniveau und vollständige Daten (oben geprüft).
        niveau = landesniveau(code, [(n, t[2][1]) for t, n in vollstaendig if n is not None])
    if vorgabe is not None:  # das vereinbarte Ziel der Gruppe (BMAS ↔ Land) statt bottom-up
        niveau = Fraction(vorgabe)
        gruende.pop("zielniveau", None)
    grad = zielerreichungsgrad(_dezimal(ende), _dezimal(niveau), definition.besser)
    return Gruppenstand(
        code,
        jahr,
        monat,
        definition.besser,
        len(mitglieder),
        (w.abdeckung or {}).get("wert", 0),
        w.wert,
        w.vorjahr,
        w.veraenderung,
        _dezimal(ende),
        METHODE_DEZEMBER if endgueltig else PROJEKTIONSMETHODE,
        _dezimal(niveau),
        len(niveaus),
        grad,
        status(grad, schwellen.erreicht, schwellen.knapp, unterjaehrig=not endgueltig),
        gruende,
    )
