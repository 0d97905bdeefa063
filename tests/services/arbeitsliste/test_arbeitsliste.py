"""Startseite als Arbeitsliste (Service), Zeitplan des Landes und Hinweise in der Anwendung –
gegen die echte Datenbank. Daten aus conftest.py: SH mit 01054 (Vereinbarung 2026
unterzeichnet) und 01059, Basiszahlen bis 2026-03; dazu hier Entwürfe 2027 für beide und die
Demokonten von SH (ohne E-Mail-Adresse, bis auf eine hier gesetzte)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.fixtures.nachhaltung import JETZT, LAND_SH, TRAEGER_NF, importiere
from zielvereinbarung.demo.konten import lege_demo_benutzer
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.fehler import KeineBerechtigung, NichtGefunden
from zielvereinbarung.models import AuditEreignis, Benutzer, Hinweis
from zielvereinbarung.services.arbeitsliste import arbeitsliste, aufgaben, vermerke_besuch
from zielvereinbarung.services.hinweise import liste, markiere_gelesen, ungelesen
from zielvereinbarung.services.verhandlung.lesen import revisionen
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe
from zielvereinbarung.services.verhandlung.schritte import reiche_angebot_ein
from zielvereinbarung.services.verhandlung.zeitplan import (
    UngueltigerZeitplan,
    lade_zeitplan,
    setze_zeitplan,
)

SL = Akteur("traeger-01059", "traeger", traeger_ags="01059")
LESER_SH = Akteur("leser-sh", "leser", land_code="SH")
ADMIN = Akteur("admin", "admin")
HEUTE = date(2026, 11, 20)
TERMINE = {
    "frist_angebote": date(2026, 11, 30),
    "ziel_einigung": date(2027, 1, 31),
    "unterzeichnung": date(2027, 3, 31),
}


@pytest.fixture
def konten(session, vereinbarung) -> dict[str, int]:
    lege_demo_benutzer(session, "SH", ["01054", "01059"], JETZT)
    ids = {b.benutzername: b.id for b in session.exec(select(Benutzer))}
    session.get(Benutzer, ids["traeger-01054"]).email = "nf@example.org"
    session.commit()
    return ids


@pytest.fixture
def entwuerfe(session, konten) -> dict[str, int]:
    """Entwürfe 2027 für 01054 und 01059 (Orientierungswerte wie 2026)."""
    from zielvereinbarung.services.verhandlung.orientierungswerte import (
        lade_orientierungswerte,
        setze_orientierungswerte,
    )

    setze_orientierungswerte(
        session, "SH", 2027, list(lade_orientierungswerte(session, "SH", 2026).values()),
        LAND_SH, JETZT,
    )  # fmt: skip
    ids = dict(erzeuge_entwuerfe(session, "SH", 2027, LAND_SH, JETZT).erzeugt)
    session.commit()
    return ids


def _angebot(session, vid: int, akteur: Akteur, wann: datetime = JETZT) -> None:
    rev = revisionen(session, vid)[-1]
    reiche_angebot_ein(session, vid, rev.nummer, rev.vorgaben(), None, akteur, wann)


def test_am_zug_mit_frist_ueberfaellige_zuerst(session, entwuerfe):
    setze_zeitplan(session, "SH", 2027, TERMINE, LAND_SH, JETZT)
    traeger = aufgaben(session, TRAEGER_NF, HEUTE)
    assert [a.titel for a in traeger] == ["Kreis Nordfriesland: Angebot einreichen"]
    f = traeger[0].frist
    assert (f.name, f.text, f.ueberfaellig) == (
        "Frist für Angebote",
        "bis 30.11.2026 (noch 10 Tage)",
        False,
    )
    assert traeger[0].pfad == f"/vereinbarungen/{entwuerfe['01054']}"
    assert aufgaben(session, LAND_SH, HEUTE) == []  # beide Entwürfe: die Träger sind am Zug

    _angebot(session, entwuerfe["01059"], SL)
    land = aufgaben(session, LAND_SH, date(2027, 2, 3))
    assert [a.titel for a in land] == [
        "Kreis Schleswig-Flensburg: Angebot prüfen: annehmen oder Gegenvorschlag senden"
    ]
    assert land[0].frist.text == "bis 31.01.2027 (seit 3 Tagen überschritten)"
    assert land[0].frist.ueberfaellig and "Stand: Angebot eingereicht" in land[0].zusatz
    # Träger sehen nur den eigenen (01059: der Entwurf 2026 wartet noch, ohne Zeitplan für 2026)
    sl = aufgaben(session, SL, HEUTE)
    assert [(a.zusatz, a.frist) for a in sl] == [("Zielvereinbarung 2026, Stand: Entwurf", None)]
    assert aufgaben(session, LESER_SH, HEUTE) == aufgaben(session, ADMIN, HEUTE) == []


def test_jahresabschluss_erst_mit_dezemberdaten(session, konten):
    assert aufgaben(session, LAND_SH, HEUTE) == []  # 2026 unterzeichnet, Daten nur bis März
    importiere(session, von="2026-04", bis="2026-12", datenstand=date(2027, 3, 15),
               jetzt=datetime(2027, 3, 16, tzinfo=UTC), name="dez.csv")  # fmt: skip
    land = aufgaben(session, LAND_SH, date(2027, 3, 20))
    assert [a.titel for a in land] == ["Kreis Nordfriesland: Jahresabschluss"]
    assert land[0].frist is None and land[0].pfad.endswith("/nachhaltung")


def test_zeitplan_pruefen_speichern_und_benachrichtigen(session, konten):
    with pytest.raises(UngueltigerZeitplan) as fehler:
        setze_zeitplan(session, "SH", 2027, {"frist_angebote": date(2027, 2, 1),
                                             "ziel_einigung": date(2027, 1, 31),
                                             "unterzeichnung": date(2028, 1, 5)},
                       LAND_SH, JETZT)  # fmt: skip
    felder = {f.feld: str(f) for f in fehler.value.details}
    assert "zwischen 01.07.2026 und 31.12.2027" in felder["unterzeichnung"]
    assert (
        felder["ziel_einigung"] == "Ziel der Einigung liegt vor „Frist für Angebote“ (01.02.2027)."
    )
    for fremd in (LESER_SH, TRAEGER_NF, Akteur("land-ni", "land", land_code="NI"), ADMIN):
        with pytest.raises(KeineBerechtigung):
            setze_zeitplan(session, "SH", 2027, TERMINE, fremd, JETZT)
    with pytest.raises(NichtGefunden):
        setze_zeitplan(session, "XX", 2027, TERMINE, LAND_SH, JETZT)
    assert lade_zeitplan(session, "SH", 2027) == dict.fromkeys(TERMINE)

    ergebnis = setze_zeitplan(session, "SH", 2027, TERMINE, LAND_SH, JETZT)
    assert ergebnis.geaendert and lade_zeitplan(session, "SH", 2027) == TERMINE
    # Hinweis für jedes Träger-Konto der zkT (auch ohne E-Mail), E-Mail nur mit Adresse
    hinweise = session.exec(select(Hinweis).where(Hinweis.art == "zeitplan")).all()
    assert {h.benutzer_id for h in hinweise} == {konten["traeger-01054"], konten["traeger-01059"]}
    assert "Frist für Angebote 30.11.2026" in hinweise[0].text
    assert [n.an for n in ergebnis.benachrichtigungen] == [["nf@example.org"]]
    assert session.exec(
        select(AuditEreignis).where(AuditEreignis.aktion == "zeitplan_geaendert")
    ).one()

    gleich = setze_zeitplan(session, "SH", 2027, TERMINE, LAND_SH, JETZT)
    assert not gleich.geaendert and gleich.benachrichtigungen == []
    assert len(session.exec(select(Hinweis)).all()) == 2


def test_hinweise_entstehen_mit_jedem_schritt_und_gehoeren_dem_empfaenger(
    session, entwuerfe, konten
):
    land = konten["land-sh"]
    assert ungelesen(session, land) == 0
    _angebot(session, entwuerfe["01054"], TRAEGER_NF)
    [h] = liste(session, land)
    assert h.art == "verhandlung" and h.pfad == f"/vereinbarungen/{entwuerfe['01054']}"
    assert "Angebot eingereicht" in h.titel and ungelesen(session, land) == 1
    with pytest.raises(NichtGefunden):  # fremder Hinweis: wie unbekannt
        markiere_gelesen(session, konten["traeger-01059"], h.id, JETZT)
    with pytest.raises(NichtGefunden):
        markiere_gelesen(session, land, h.id + 1000, JETZT)
    assert markiere_gelesen(session, land, h.id, JETZT) == 1
    assert ungelesen(session, land) == 0 and liste(session, land, nur_ungelesene=True) == []
    assert markiere_gelesen(session, land, None, JETZT) == 0


def test_neu_seit_dem_letzten_besuch(session, konten):
    benutzer = konten["land-sh"]
    t0 = datetime(2026, 5, 21, 8, 0, tzinfo=UTC)
    assert vermerke_besuch(session, benutzer, t0) is None  # erster Besuch
    assert vermerke_besuch(session, benutzer, t0 + timedelta(minutes=10)) is None  # Neuladen
    assert vermerke_besuch(session, benutzer, t0 + timedelta(hours=2)) == t0 + timedelta(minutes=10)
    session.commit()
    # ein neuer Datenstand nach dem letzten Besuch: nur die geänderte Zeile von 01054 ist neu
    spaeter = t0 + timedelta(days=1)
    importiere(session, von="2026-03", bis="2026-03", datenstand=date(2026, 5, 22),
               aenderung={("01054", "2026-03"): {"integrationen": 30}}, jetzt=spaeter,
               name="neu.csv")  # fmt: skip
    a = arbeitsliste(session, LAND_SH, benutzer, spaeter + timedelta(hours=3), 2027)
    assert a.seit_text == "seit Ihrem letzten Besuch am 21.05.2026, 12:00 Uhr"
    assert [n.text for n in a.neue_daten] == [
        "Basiszahlen mit Datenstand 22.05.2026 für 1 Träger Ihres Landes (Daten bis März 2026), "
        "importiert am 22.05.2026"
    ]
    traeger = arbeitsliste(session, TRAEGER_NF, konten["traeger-01054"], spaeter, 2027)
    assert traeger.seit_text == "in den letzten 30 Tagen" and len(traeger.neue_daten) == 2
    assert "für Ihren Träger" in traeger.neue_daten[0].text
    assert a.zeitplan.land_name == "Schleswig-Holstein" and a.zeitplan.darf_aendern
    assert not traeger.zeitplan.darf_aendern and traeger.zeitplan.termine[0][2] is None


def test_erinnerung_als_hinweis_einmal_je_stufe(session, konten):
    from zielvereinbarung.services.verhandlung.erinnerungen import erinnere

    for tage in (15, 20, 29, 30):  # Stufe 1, schon erinnert, Stufe 2, schon erinnert
        erinnere(session, JETZT + timedelta(days=tage), tage=14)
    hinweise = session.exec(
        select(Hinweis).where(Hinweis.benutzer_id == konten["traeger-01059"])
    ).all()
    assert [h.art for h in hinweise] == ["erinnerung", "erinnerung"]
    assert "wartet seit 15 Tagen" in hinweise[0].titel
