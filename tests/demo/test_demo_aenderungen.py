"""Demo: im laufenden Jahr hat Peine (03157) eine von beiden Seiten unterzeichnete
Änderungsvereinbarung Nr. 1 (IQ-Ziel zwei Prozentpunkte niedriger; gültige Signaturen, die
Nachhaltung nennt sie), Göttingen (03159) eine in Verhandlung (Angebot des Trägers); ein
zweiter Lauf ändert nichts."""

from __future__ import annotations

from sqlmodel import func, select

from tests.fixtures.dokumente import JETZT
from zielvereinbarung.demo.aenderungen import lade_demo_aenderungen
from zielvereinbarung.demo.daten import erzeuge_basiszahlen_csv
from zielvereinbarung.demo.konten import lege_demo_benutzer
from zielvereinbarung.demo.laden import demo_zeitraum
from zielvereinbarung.demo.laufendes_jahr import lade_demo_laufendes_jahr
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.models import Dokument, Traeger, Zielvereinbarung
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
from zielvereinbarung.services.dokumente.pruefung import pruefe_datei
from zielvereinbarung.services.nachhaltung.seite import nachhaltung_lesen
from zielvereinbarung.services.verhandlung.geltende_ziele import geltende_ziele_von

LAND_NI = Akteur("land-ni", "land", land_code="NI")


def test_demo_aenderungen_unterzeichnet_und_in_verhandlung(session, stammdaten, tmp_path):
    heute = JETZT.date()
    _, bis, datenstand, _ = demo_zeitraum(heute)
    ni = select(Traeger).where(Traeger.land_code == "NI", Traeger.traegerform == "zkT")
    zkt = [(t.ags, t.traegerform) for t in session.exec(ni)]
    inhalt = erzeuge_basiszahlen_csv(zkt, "2024-12", bis=bis, seed=1,
                                     datenstand=datenstand.isoformat())  # fmt: skip
    importiere_basiszahlen(session, "demo.csv", inhalt, "test", JETZT, demodaten=True)
    einst = DokumentEinstellungen.aus_umgebung(tmp_path, False, umgebung={})
    lege_demo_benutzer(session, "NI", ["03157", "03159"], JETZT)
    jahr = lade_demo_laufendes_jahr(session, einst, bis, heute, JETZT).jahr

    erste = lade_demo_aenderungen(session, einst, jahr, JETZT)
    assert erste.zustaende == {"03157": "unterzeichnet", "03159": "angebot"}
    aenderungen = {
        v.ags: v
        for v in session.exec(
            select(Zielvereinbarung).where(Zielvereinbarung.aenderung_von_id.is_not(None))
        )
    }
    peine = aenderungen["03157"]
    assert (peine.aenderung_nr, peine.jahr) == (1, jahr)
    # das unterzeichnete Dokument der Änderung ist gültig (alle Prüfungen von /pruefen)
    version = dienst.neueste(session, peine.id)
    _, daten = dienst.lies_version(session, einst, peine.id, version.version, LAND_NI)
    bericht = pruefe_datei(session, einst, daten, JETZT)
    assert bericht.gueltig, bericht.maengel
    assert bericht.zuordnung.art == "Änderungsvereinbarung Nr. 1"
    # die geltenden Ziele: IQ zwei Prozentpunkte unter dem Original, in der Nachhaltung genannt
    original = session.get(Zielvereinbarung, peine.aenderung_von_id)
    vorher = geltende_ziele_von(session, original, bis_nummer=0)
    nachher = geltende_ziele_von(session, original)
    iq = {z.zielindikator: z.wert for z in vorher.ziele}["IQ"]
    assert {z.zielindikator: z.wert for z in nachher.ziele}["IQ"] == iq - 2
    assert set(nachher.geaendert) == {"IQ"}
    ansicht = nachhaltung_lesen(session, original.id, LAND_NI, JETZT)
    zeile = next(z for z in ansicht.zeilen if z.code == "IQ")
    assert zeile.geaendert.startswith("geändert durch Änderungsvereinbarung Nr. 1 vom ")
    # Göttingen: in Verhandlung, noch ohne Wirkung
    goettingen = aenderungen["03159"]
    original = session.get(Zielvereinbarung, goettingen.aenderung_von_id)
    assert geltende_ziele_von(session, original).geaendert == {}

    dokumente = session.exec(select(func.count()).select_from(Dokument)).one()
    zweite = lade_demo_aenderungen(session, einst, jahr, JETZT)
    assert zweite.zustaende == erste.zustaende
    assert session.exec(select(func.count()).select_from(Dokument)).one() == dokumente
