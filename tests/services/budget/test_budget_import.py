"""Budgetrahmen-Import als XLSX (DOMAIN.md § 10): dieselben Lese- und Schutzregeln wie der
Basiszahlen-Import – eine echte XLSX kommt exakt an, eine XLSX-Bombe wird abgelehnt, ohne dass
etwas geschrieben wird; Land-Benutzer nur für die Träger ihres Landes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from tests.services.basiszahlen.xlsx_bomben import normale_xlsx, xlsx_bombe
from zielvereinbarung.models import Budgetrahmen
from zielvereinbarung.services.basiszahlen.importer import ImportAbgelehnt
from zielvereinbarung.services.budget.importieren import importiere_budget

JETZT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _anzahl(session) -> int:
    return session.exec(select(func.count()).select_from(Budgetrahmen)).one()


def test_xlsx_kommt_exakt_an_und_probelauf_schreibt_nichts(session, stammdaten):
    inhalt = normale_xlsx(
        ("ags", "jahr", "eingliederungsmittel", "verwaltungsmittel"),
        ("01054", 2027, 1234567.89, 400000),
    )
    vorschau = importiere_budget(session, "b.xlsx", inhalt, "t", JETZT, probelauf=True)
    assert (vorschau.neu, vorschau.protokoll_id, _anzahl(session)) == (1, None, 0)
    ergebnis = importiere_budget(session, "b.xlsx", inhalt, "t", JETZT)
    session.flush()
    (b,) = session.exec(select(Budgetrahmen)).all()
    assert (b.eingliederung, b.verwaltung, b.import_id) == (
        123_456_789,
        40_000_000,
        ergebnis.protokoll_id,
    )


def test_xlsx_bombe_wird_abgelehnt(session, stammdaten):
    with pytest.raises(ImportAbgelehnt) as info:
        importiere_budget(session, "bombe.xlsx", xlsx_bombe(), "t", JETZT)
    assert "Zip-Bombe" in " ".join(map(str, info.value.details))
    assert _anzahl(session) == 0


def test_land_nur_eigene_traeger(session, stammdaten):
    inhalt = normale_xlsx(
        ("ags", "jahr", "eingliederungsmittel", "verwaltungsmittel"),
        ("03157", 2027, 1, 1),
    )
    with pytest.raises(ImportAbgelehnt) as info:
        importiere_budget(session, "b.xlsx", inhalt, "t", JETZT, erlaubte_ags={"01054"})
    assert "gehört nicht zu Ihrem Land" in str(info.value.details[0])
    assert _anzahl(session) == 0
