"""Der versionierte Katalog der Kennzahlen (§ 48a SGB II, KennzVO) und der Zielindikatoren.

DOMAIN.md § 3 und § 4. Eine geänderte Definition ist ein neuer Katalogeintrag mit eigenem
Gültigkeitszeitraum (`gueltig_ab` … `gueltig_bis`, beide einschließlich); alte Vereinbarungen
zeigen so die Definition, unter der sie unterzeichnet wurden. Alle Kennzahlen sind Prozentwerte.

Notation der Formeln: `x[t]` Basiszahl x im Monat t, `t-12` derselbe Monat ein Jahr früher,
`Σ x[a..b]` Summe über die Monate a bis b einschließlich, `Ø x[a..b]` deren Mittelwert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..format import datum

NIEDRIGER = "niedriger"
HOEHER = "hoeher"
NEUTRAL = "neutral"
RICHTUNGEN = (NIEDRIGER, HOEHER, NEUTRAL)

PROZENT = "prozent"
PERSONEN = "personen"
EURO = "euro"


@dataclass(frozen=True)
class KennzahlDefinition:
    code: str
    version: int
    name: str
    formel: str
    besser: str  # NIEDRIGER, HOEHER oder NEUTRAL
    gueltig_ab: date
    gueltig_bis: date | None = None  # None = bis auf Weiteres

    def gilt_am(self, stichtag: date) -> bool:
        return self.gueltig_ab <= stichtag and (
            self.gueltig_bis is None or stichtag <= self.gueltig_bis
        )


_AB_2011 = date(2011, 1, 1)


def _k(code: str, name: str, formel: str, besser: str) -> KennzahlDefinition:
    return KennzahlDefinition(code, 1, name, formel, besser, _AB_2011)


KATALOG: tuple[KennzahlDefinition, ...] = (
    _k(
        "K1",
        "Veränderung der Summe der Leistungen zum Lebensunterhalt",
        "(llu[t] / llu[t-12] − 1) × 100",
        NIEDRIGER,
    ),
    _k(
        "K1E1",
        "Veränderung der Summe der Leistungen für Unterkunft und Heizung",
        "(luh[t] / luh[t-12] − 1) × 100",
        NIEDRIGER,
    ),
    _k("K1E2", "Veränderung der Zahl der eLb", "(elb[t] / elb[t-12] − 1) × 100", NIEDRIGER),
    _k(
        "K1E3",
        "Durchschnittliche Zugangsrate eLb",
        "Σ elb_zugang[t-11..t] / Σ elb[t-11..t] × 100",
        NIEDRIGER,
    ),
    _k(
        "K1E4",
        "Durchschnittliche Abgangsrate eLb",
        "Σ elb_abgang[t-11..t] / Σ elb[t-12..t-1] × 100",
        HOEHER,
    ),
    _k("K2", "Integrationsquote", "Σ integrationen[t-11..t] / Ø elb[t-12..t-1] × 100", HOEHER),
    _k(
        "K2E1",
        "Quote der Eintritte in geringfügige Beschäftigung",
        "Σ eintritte_minijob[t-11..t] / Ø elb[t-12..t-1] × 100",
        NEUTRAL,
    ),
    _k(
        "K2E2",
        "Quote der Eintritte in öffentlich geförderte Beschäftigung",
        "Σ eintritte_gefoerdert[t-11..t] / Ø elb[t-12..t-1] × 100",
        NEUTRAL,
    ),
    KennzahlDefinition(
        "K2E3",
        1,
        "Kontinuierliche Beschäftigung nach Integration (Beschäftigung 12 Monate nach Integration)",
        "Σ integrationen_svb_kontinuierlich[t-11..t] / Σ integrationen_svb[t-11..t] × 100; "
        "kontinuierlich = 12 Monate nach der Integration sozialversicherungspflichtig "
        "beschäftigt",
        HOEHER,
        _AB_2011,
        date(2018, 12, 31),
    ),
    KennzahlDefinition(
        "K2E3",
        2,
        "Kontinuierliche Beschäftigung nach Integration",
        "Σ integrationen_svb_kontinuierlich[t-11..t] / Σ integrationen_svb[t-11..t] × 100; "
        "kontinuierlich = in jedem der 6 Folgemonate sozialversicherungspflichtig beschäftigt",
        HOEHER,
        date(2019, 1, 1),
    ),
    _k(
        "K2E4",
        "Integrationsquote der Alleinerziehenden",
        "Σ integrationen_alleinerziehend[t-11..t] / Ø elb_alleinerziehend[t-12..t-1] × 100",
        HOEHER,
    ),
    _k(
        "K3",
        "Veränderung des Bestands an Langzeitleistungsbeziehenden",
        "(lzb[t] / lzb[t-12] − 1) × 100",
        NIEDRIGER,
    ),
    _k(
        "K3E1",
        "Integrationsquote der Langzeitleistungsbeziehenden",
        "Σ lzb_integrationen[t-11..t] / Ø lzb[t-12..t-1] × 100",
        HOEHER,
    ),
    _k(
        "K3E2",
        "Aktivierungsquote der Langzeitleistungsbeziehenden",
        "lzb_aktiviert[t] / lzb[t] × 100",
        HOEHER,
    ),
    _k(
        "K3E3",
        "Durchschnittliche Zugangsrate LZB",
        "Σ lzb_zugang[t-11..t] / Σ lzb[t-11..t] × 100",
        NIEDRIGER,
    ),
    _k(
        "K3E4",
        "Durchschnittliche Abgangsrate LZB",
        "Σ lzb_abgang[t-11..t] / Σ lzb[t-12..t-1] × 100",
        HOEHER,
    ),
)

KENNZAHL_CODES: tuple[str, ...] = (
    "K1",
    "K1E1",
    "K1E2",
    "K1E3",
    "K1E4",
    "K2",
    "K2E1",
    "K2E2",
    "K2E3",
    "K2E4",
    "K3",
    "K3E1",
    "K3E2",
    "K3E3",
    "K3E4",
)


def definition(code: str, stichtag: date) -> KennzahlDefinition:
    """Die am Stichtag gültige Definition der Kennzahl `code`.

    KeyError bei unbekanntem Code, ValueError wenn am Stichtag keine Version gilt.
    """
    versionen = [d for d in KATALOG if d.code == code]
    if not versionen:
        raise KeyError(f"Unbekannte Kennzahl „{code}“")
    for d in versionen:
        if d.gilt_am(stichtag):
            return d
    raise ValueError(f"Für die Kennzahl „{code}“ gilt am {datum(stichtag)} keine Definition")


def versionen(code: str) -> tuple[KennzahlDefinition, ...]:
    """Alle Versionen einer Kennzahl, älteste zuerst."""
    return tuple(sorted((d for d in KATALOG if d.code == code), key=lambda d: d.version))


@dataclass(frozen=True)
class ZielindikatorDefinition:
    code: str
    name: str
    einheit: str  # PROZENT, PERSONEN oder EURO
    besser: str
    formel: str


ZIELINDIKATOREN: tuple[ZielindikatorDefinition, ...] = (
    ZielindikatorDefinition(
        "IQ",
        "Integrationsquote (Jahresfortschrittswert)",
        PROZENT,
        HOEHER,
        "Σ integrationen[Y-01..Y-m] / Ø elb[(Y−1)-12..Y-(m−1)] × 100",
    ),
    ZielindikatorDefinition(
        "IQ_F", "Integrationsquote Frauen", PROZENT, HOEHER, "wie IQ, Geschlechtergruppe frauen"
    ),
    ZielindikatorDefinition(
        "IQ_M", "Integrationsquote Männer", PROZENT, HOEHER, "wie IQ, Geschlechtergruppe maenner"
    ),
    ZielindikatorDefinition(
        "IQ_AE",
        "Integrationsquote Alleinerziehende",
        PROZENT,
        HOEHER,
        "Σ integrationen_alleinerziehend[Y-01..Y-m] / Ø elb_alleinerziehend[(Y−1)-12..Y-(m−1)]"
        " × 100",
    ),
    ZielindikatorDefinition(
        "IQ_LZB",
        "Integrationsquote LZB",
        PROZENT,
        HOEHER,
        "Σ lzb_integrationen[Y-01..Y-m] / Ø lzb[(Y−1)-12..Y-(m−1)] × 100",
    ),
    ZielindikatorDefinition(
        "LZB", "Durchschnittlicher Bestand an LZB", PERSONEN, NIEDRIGER, "Ø lzb[Y-01..Y-m]"
    ),
    ZielindikatorDefinition(
        "LLU", "Summe der Leistungen zum Lebensunterhalt", EURO, NIEDRIGER, "Σ llu[Y-01..Y-m]"
    ),
)

ZIELINDIKATOR_CODES: tuple[str, ...] = tuple(z.code for z in ZIELINDIKATOREN)
_ZIELINDIKATOR = {z.code: z for z in ZIELINDIKATOREN}


def zielindikator_definition(code: str) -> ZielindikatorDefinition:
    """Metadaten des Zielindikators `code` (KeyError bei unbekanntem Code)."""
    try:
        return _ZIELINDIKATOR[code]
    except KeyError:
        raise KeyError(f"Unbekannter Zielindikator „{code}“") from None
