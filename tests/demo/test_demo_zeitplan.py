"""Der Zeitplan der Demo liegt immer im erlaubten Fenster (1. Juli des Vorjahres bis Jahresende):
`flask zv demo` scheiterte vorher im ersten Halbjahr."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from zielvereinbarung.demo.zeitplan import setze_demo_zeitplan
from zielvereinbarung.services.verhandlung.zeitplan import lade_zeitplan

JETZT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("heute", "frist"),
    [(date(2026, 3, 2), date(2026, 7, 15)), (date(2026, 11, 24), date(2026, 12, 8))],
)
def test_demo_zeitplan_im_fenster(session, stammdaten, heute, frist):
    assert setze_demo_zeitplan(session, 2027, heute, JETZT)
    termine = lade_zeitplan(session, "NI", 2027)
    assert termine["frist_angebote"] == frist
    assert termine["frist_angebote"] < termine["ziel_einigung"] < termine["unterzeichnung"]
