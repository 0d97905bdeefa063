"""Demo zum Verhandeln: Demokonten NI, Orientierungswerte für das kommende Jahr, Entwürfe für alle
zkT Niedersachsens – wiederholbar, ohne zu überschreiben, was Demo-Benutzer geändert haben."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import func, select

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.demo.verhandlung import lade_demo_verhandlung
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.models import Benutzer, Traeger, Zielvereinbarung
from zielvereinbarung.services.verhandlung.orientierungswerte import (
    lade_orientierungswerte,
    setze_orientierungswerte,
)

HEUTE = date(2026, 11, 24)
JETZT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_demo_verhandlung_ist_wiederholbar(session, stammdaten):
    erste = lade_demo_verhandlung(session, HEUTE, JETZT)
    session.flush()
    assert erste.jahr == 2027 and erste.passwort == DEMO_PASSWORT
    assert [z.benutzername for z in erste.zugaenge] == [
        "admin",
        "land-ni",
        "leser-ni",
        "traeger-03157",
        "traeger-03159",
        "zeichnung-ni",
        "zeichnung-03157",
        "zeichnung-03159",
    ]
    # nur die zeichnung-Konten dürfen unterzeichnen
    from zielvereinbarung.services.konten.zeichnung import zeichnende

    berechtigt = [z.benutzername for z in erste.zugaenge
                  if zeichnende(session, Akteur(z.benutzername, z.rolle)) is not None]  # fmt: skip
    assert berechtigt == ["zeichnung-ni", "zeichnung-03157", "zeichnung-03159"]
    werte = lade_orientierungswerte(session, "NI", 2027)
    assert {c: (v.zieltyp, v.wert) for c, v in werte.items()} == {
        "LLU": ("monitoring", None),
        "IQ": ("veraenderung", Decimal("2.0")),
        "IQ_F": ("veraenderung", Decimal("2.0")),
        "IQ_M": ("veraenderung", Decimal("2.0")),
        "IQ_AE": ("veraenderung", Decimal("1.5")),
        "LZB": ("veraenderung", Decimal("-2.0")),
        "IQ_LZB": ("veraenderung", Decimal("1.0")),
    }
    zkt_ni = session.exec(
        select(func.count())
        .select_from(Traeger)
        .where(Traeger.land_code == "NI", Traeger.traegerform == "zkT")
    ).one()
    assert erste.orientierungswerte_gesetzt and erste.entwuerfe_neu == zkt_ni > 2

    land = Akteur("land-ni", "land", land_code="NI")
    setze_orientierungswerte(
        session, "NI", 2027, [Zielvorgabe("IQ", "veraenderung", Decimal(3))], land, JETZT
    )
    zweite = lade_demo_verhandlung(session, HEUTE, JETZT)
    session.flush()
    assert not zweite.orientierungswerte_gesetzt and zweite.entwuerfe_neu == 0
    assert "Keine neuen Entwürfe" in zweite.entwuerfe_meldung
    assert not any(z.neu for z in zweite.zugaenge)
    assert list(lade_orientierungswerte(session, "NI", 2027)) == ["IQ"]
    assert session.exec(select(func.count()).select_from(Benutzer)).one() == 8
    assert session.exec(select(func.count()).select_from(Zielvereinbarung)).one() == zkt_ni
