"""Ein kleiner Vergleichsring mit gesetzlichen und eigenen Basiszahlen – über die echten Services
(aufgebaut in der Fixture `testring`, tests/fixtures/ringe.py).

Ring „Testring“: 2023 Mitglieder 01054 (SH) und 03157 (NI); 2024 dazu 03159 (NI).
Eigene Basiszahlen: personal (Anzahl), kosten (Euro), quote (Anteil), widersprueche (Anzahl),
abgeholfen (Anzahl, Obergrenze widersprueche). Kennzahlen: K_PERS (elb / personal), K_KOST
(kosten / elb, Euro), Q_ABH (summe(abgeholfen, 12) / summe(widersprueche, 12) * 100).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from zielvereinbarung.domain.berechtigung import ADMIN, Akteur
from zielvereinbarung.services.basiszahlen import importvorgang

JETZT = datetime(2025, 4, 1, 10, 0, tzinfo=UTC)
ADMINISTRATION = Akteur("admin", ADMIN)


def monate(jahr: int):
    return [f"{jahr}-{m:02d}" for m in range(1, 13)]


def importiere(session, text: str, akteur: Akteur | None = None, name: str = "ring.csv"):
    """Import wie im Browser bzw. auf der Kommandozeile (akteur None), mit Ringspalten."""
    bereich = importvorgang.importbereich(session, akteur)
    return importvorgang.importiere(
        session, name, text.encode(), akteur.benutzername if akteur else "test", JETZT,
        bereich=bereich,
    )  # fmt: skip


@pytest.fixture
def ring(testring):
    return testring.ring


@pytest.fixture
def daten(testring):
    return testring.import_eigene()
