"""Die Kennzahlen eines Rings berechnen: je Mitglied und als Ringwert (Aggregat), mit den
Plausibilitätshinweisen der gelesenen Zellen (DOMAIN.md § 2: überall gezeigt, wo ein Wert
verwendet wird). Mitglieder sind die des Jahres des Berichtsmonats."""

from __future__ import annotations

from dataclasses import dataclass

from ...domain.formel import Formel, berechne, berechne_aggregat, zellen
from ...domain.kennzahlen import Ergebnis
from ...domain.markierung import markierende_hinweise
from ...models.ring import RingKennzahl
from .daten import RingDaten, formel, gilt_im_monat


@dataclass
class MitgliedWert:
    ags: str
    ergebnis: Ergebnis
    hinweise: list[dict]  # Plausibilitätshinweise der gelesenen Zellen


@dataclass
class KennzahlMonat:
    kennzahl: RingKennzahl
    formel: Formel
    monat: int
    werte: dict[str, MitgliedWert]  # in der Reihenfolge der Mitglieder
    ring: Ergebnis  # Aggregat mit `abdeckung`


def geltende_kennzahlen(daten: RingDaten, monat: int) -> list[RingKennzahl]:
    """Die im Monat gültige Version jeder Kennzahl (Reihenfolge der Definitionen)."""
    return [k for k in daten.kennzahlen if gilt_im_monat(k, monat)]


def version_im_monat(daten: RingDaten, code: str, monat: int) -> RingKennzahl | None:
    for k in daten.kennzahlen:
        if k.code == code and gilt_im_monat(k, monat):
            return k
    return None


def _hinweise(daten: RingDaten, ags: str, f: Formel, monat: int) -> list[dict]:
    gelesen = zellen(f, monat)
    je_monat = {m: daten.hinweise(ags, m) for m in {m for _, m in gelesen}}
    return [h for _, h in markierende_hinweise(je_monat, [(n, m, m) for n, m in gelesen])]


def berechne_kennzahl(daten: RingDaten, kennzahl: RingKennzahl, monat: int) -> KennzahlMonat:
    f = formel(kennzahl, daten.namen)
    mitglieder = daten.mitglieder_im(monat)
    werte = {
        ags: MitgliedWert(
            ags,
            berechne(f, daten.reihe(ags), monat, daten.zusatzreihe(ags)),
            _hinweise(daten, ags, f, monat),
        )
        for ags in mitglieder
    }
    ring = berechne_aggregat(
        f,
        [daten.reihe(a) for a in mitglieder],
        monat,
        [daten.zusatzreihe(a) for a in mitglieder],
    )
    return KennzahlMonat(kennzahl, f, monat, werte, ring)


def berechne_monat(daten: RingDaten, monat: int) -> list[KennzahlMonat]:
    """Alle im Monat gültigen Kennzahlen für alle Mitglieder des Jahres und den Ring."""
    return [berechne_kennzahl(daten, k, monat) for k in geltende_kennzahlen(daten, monat)]


def berechne_verlauf(daten: RingDaten, code: str, monate: list[int]) -> dict[int, KennzahlMonat]:
    """Eine Kennzahl über viele Monate, je Monat in der dort gültigen Version (fehlt eine
    gültige Version, fehlt der Monat im Ergebnis)."""
    verlauf: dict[int, KennzahlMonat] = {}
    for monat in monate:
        kennzahl = version_im_monat(daten, code, monat)
        if kennzahl is not None:
            verlauf[monat] = berechne_kennzahl(daten, kennzahl, monat)
    return verlauf
