"""Fixtures der Nachhaltung: Basiszahlen für zwei Träger in SH (01054, 01059) und einen in NI
(03157), 2024-12 bis 2026-03, und eine unterzeichnete Zielvereinbarung 2026 für 01054.

Werte (je Monat; Frauen und Männer je die Hälfte):
- 01054: eLb 1.000, Integrationen 25 (2025) / 24 (2026), LZB 400 / 380, LLU 10.000 € / 9.000 €
  → IQ 2025-12 = 30 %, IQ 2026-03 = 7,2 %, Projektion 28,8 %, Ziel +2,5 % → 30,75 %
- 01059: eLb 2.000, Integrationen 60 / 66 (Vereinbarung bleibt im Entwurf)
- 03157 (NI): eLb 3.000, Integrationen 90 / 90 (keine Vereinbarung)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest

from zielvereinbarung.demo.vereinbarungen import unterzeichne
from zielvereinbarung.domain.basiszahlen import monat_index, monat_text
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe

JETZT = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
LAND_SH = Akteur("land.sh", "land", land_code="SH")
TRAEGER_NF = Akteur("nf", "traeger", traeger_ags="01054")
KOPF = (
    "ags,monat,geschlecht,datenstand,elb,integrationen,lzb,llu,elb_alleinerziehend,"
    "integrationen_alleinerziehend,lzb_integrationen"
)
TRAEGER = {  # ags: (eLb, Integrationen 2025, Integrationen 2026, LZB 2025, LZB 2026)
    "01054": (1000, 25, 24, 400, 380),
    "01059": (2000, 60, 66, 800, 760),
    "03157": (3000, 90, 90, 1200, 1200),
}


def csv_zeilen(von: str, bis: str, datenstand: date, aenderung: dict | None = None) -> bytes:
    """Basiszahlen aller TRAEGER für die Monate von … bis; `aenderung` {(ags, monat): {feld: x}}."""
    zeilen = [KOPF]
    for ags, (elb, i25, i26, l25, l26) in TRAEGER.items():
        for m in range(monat_index(von), monat_index(bis) + 1):
            jahr, monat = m // 12, monat_text(m)
            werte = {
                "elb": elb,
                "integrationen": i26 if jahr == 2026 else i25,
                "lzb": l26 if jahr == 2026 else l25,
                "llu": "9000.00" if jahr == 2026 else "10000.00",
                "elb_alleinerziehend": 100,
                "integrationen_alleinerziehend": 2,
                "lzb_integrationen": 3,
            }
            werte.update((aenderung or {}).get((ags, monat), {}))
            for geschlecht, teiler in (("gesamt", 1), ("frauen", 2), ("maenner", 2)):
                if teiler == 1:
                    w = werte
                else:
                    w = {
                        k: (v // 2 if isinstance(v, int) else f"{D(v) / 2:.2f}")
                        for k, v in werte.items()
                    }
                zeilen.append(
                    ",".join(
                        [
                            ags,
                            monat,
                            geschlecht,
                            datenstand.isoformat(),
                            *(str(w[f]) for f in KOPF.split(",")[4:]),
                        ]
                    )
                )
    return ("\n".join(zeilen) + "\n").encode()


def importiere(
    session,
    von="2024-12",
    bis="2026-03",
    datenstand=date(2026, 5, 15),
    aenderung=None,
    jetzt=JETZT,
    name="basis.csv",
):
    return importiere_basiszahlen(
        session, name, csv_zeilen(von, bis, datenstand, aenderung), "test", jetzt
    )


@pytest.fixture
def vereinbarung(session, stammdaten) -> int:
    """Unterzeichnete Vereinbarung 2026 für 01054 (IQ +2,5 %, LZB −2 %, IQ_LZB Korridor 1 bis 4,
    Q1 Gleichstellung); 01059 bleibt im Entwurf. Festgeschrieben."""
    importiere(session)
    setze_orientierungswerte(
        session,
        "SH",
        2026,
        [
            Zielvorgabe("IQ", "veraenderung", D("2.5")),
            Zielvorgabe("LZB", "veraenderung", D(-2)),
            Zielvorgabe("IQ_LZB", "korridor", untere=D(1), obere=D(4)),
            Zielvorgabe(
                "Q1", "qualitativ", text="Mehr Frauen in Arbeit", bezeichnung="Gleichstellung"
            ),
        ],
        LAND_SH,
        JETZT,
    )
    erzeugt = dict(erzeuge_entwuerfe(session, "SH", 2026, LAND_SH, JETZT).erzeugt)
    unterzeichne(session, erzeugt["01054"], JETZT)
    session.commit()
    return erzeugt["01054"]
