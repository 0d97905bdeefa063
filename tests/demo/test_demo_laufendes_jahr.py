"""Demo mit laufendem Jahr: alle zkT Niedersachsens haben für das Jahr des letzten Demomonats
eine von Träger und Land über den Signaturdienst unterzeichnete Vereinbarung (gültige
Signaturen), dazu Zielnachhaltedialoge; das Cockpit zeigt Ziele und Status in mehreren Stufen;
ein zweiter Lauf ändert nichts."""

from __future__ import annotations

from sqlmodel import func, select

from tests.fixtures.dokumente import JETZT
from zielvereinbarung.demo.bund import lade_demo_bund
from zielvereinbarung.demo.daten import erzeuge_basiszahlen_csv
from zielvereinbarung.demo.konten import lege_demo_benutzer
from zielvereinbarung.demo.laden import demo_zeitraum
from zielvereinbarung.demo.laufendes_jahr import lade_demo_laufendes_jahr
from zielvereinbarung.documents.signaturpruefung import lade_anker, pruefe_signaturen
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.format import datum
from zielvereinbarung.models import (
    Benutzer,
    DialogBestaetigung,
    Dokument,
    Hinweis,
    Traeger,
    Zielnachhaltedialog,
    Zielvereinbarung,
)
from zielvereinbarung.services.arbeitsliste import arbeitsliste
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.budget.stand import budget_stand
from zielvereinbarung.services.dokumente import dokument as dienst
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen
from zielvereinbarung.services.nachhaltung.bund import ausschuss_sitzungen, land_stand
from zielvereinbarung.services.nachhaltung.cockpit import lade_cockpit
from zielvereinbarung.services.verhandlung.liste import vereinbarungen_liste

LAND_NI = Akteur("land-ni", "land", land_code="NI")
TRAEGER_PEINE = Akteur("traeger-03157", "traeger", traeger_ags="03157")


def test_laufendes_jahr_unterzeichnet_mit_dialogen_und_wiederholbar(session, stammdaten, tmp_path):
    heute = JETZT.date()
    _, bis, datenstand, _ = demo_zeitraum(heute)
    ni = select(Traeger).where(Traeger.land_code == "NI", Traeger.traegerform == "zkT")
    zkt = [(t.ags, t.traegerform) for t in session.exec(ni)]
    inhalt = erzeuge_basiszahlen_csv(zkt, "2024-12", bis=bis, seed=1,
                                     datenstand=datenstand.isoformat())  # fmt: skip
    importiere_basiszahlen(session, "demo.csv", inhalt, "test", JETZT, demodaten=True)
    einst = DokumentEinstellungen.aus_umgebung(tmp_path, False, umgebung={})
    lege_demo_benutzer(session, "NI", ["03157"], JETZT)

    erste = lade_demo_laufendes_jahr(session, einst, bis, heute, JETZT)
    jahr = int(bis[:4])
    assert erste.jahr == jahr and erste.hinweis is None
    assert set(erste.zustaende.values()) == {"unterzeichnet"} and len(erste.zustaende) == 16
    v = session.exec(
        select(Zielvereinbarung).where(
            Zielvereinbarung.ags == "03157", Zielvereinbarung.jahr == jahr
        )
    ).one()
    _, daten = dienst.lies_version(session, einst, v.id, 3, LAND_NI)
    befund = pruefe_signaturen(daten, lade_anker(einst.anker_dateien()), JETZT)
    assert befund.alle_in_ordnung
    assert [s.organisationskennung for s in befund.signaturen] == ["ZV-03157", "ZV-NI"]

    # Budgetrahmen vor der Einigung (steht im Dokument), Ausgaben bis zum letzten Demomonat
    stand = budget_stand(session, "03157", jahr)
    assert not stand.ohne_budget and stand.bis.endswith(f"{jahr}")
    assert [z.methode for z in stand.zeilen] == ["Saisonmuster des Vorjahres"] * 2
    assert all(z.anteil.endswith("%") and z.projektion.endswith("€") for z in stand.zeilen)
    json_budget = vereinbarungen_liste(session, "NI", jahr)[0]["budget"]
    assert set(json_budget) == {"eingliederung", "verwaltung"}

    # die Schritte erzeugten Hinweise; als Vorgeschichte des Jahres gelten sie als gelesen
    hinweise = session.exec(select(Hinweis).where(Hinweis.pfad == f"/vereinbarungen/{v.id}")).all()
    assert hinweise and all(h.gelesen_am is not None for h in hinweise)

    dialoge = session.exec(select(Zielnachhaltedialog)).all()
    assert erste.dialoge_neu == len(dialoge) == 4
    assert all(d.datum <= heute and d.datenstand <= bis for d in dialoge)
    assert {d.vereinbarung_id for d in dialoge} >= {v.id}
    # vom Land erfasst, vom Träger bestätigt – bis auf den Dialog mit Peine (wartet auf dessen
    # Startseite, die Bitte um Bestätigung ist ungelesen)
    bestaetigt = {b.dialog_id for b in session.exec(select(DialogBestaetigung))}
    assert {d.partei for d in dialoge} == {"land"}
    (offener,) = [d for d in dialoge if d.id not in bestaetigt]
    assert offener.vereinbarung_id == v.id
    peine = session.exec(select(Benutzer).where(Benutzer.benutzername == "traeger-03157")).one()
    offen = arbeitsliste(session, TRAEGER_PEINE, peine.id, JETZT, jahr + 1).dialoge
    assert [a.titel for a in offen] == [
        f"Landkreis Peine: Zielnachhaltedialog vom {datum(offener.datum)} bestätigen"
    ]
    bitte = session.exec(
        select(Hinweis).where(Hinweis.benutzer_id == peine.id, Hinweis.art == "dialog")
    ).all()
    assert [h.gelesen_am for h in bitte] == [None]

    c = lade_cockpit(session, LAND_NI, "NI", jahr)
    assert all(z.unterzeichnet for z in c.zeilen) and c.daten_bis.endswith(str(jahr))
    klassen = {x.klasse for z in c.zeilen for x in z.zellen if x.status}
    assert {"gut", "schlecht"} <= klassen  # ehrgeizige und vorsichtige Träger nebeneinander
    assert next(x for x in c.landeszeilen[0].zellen if x.code == "IQ").zielniveau is not None

    dokumente = session.exec(select(func.count()).select_from(Dokument)).one()
    zweite = lade_demo_laufendes_jahr(session, einst, bis, heute, JETZT)
    assert zweite.zustaende == erste.zustaende and zweite.dialoge_neu == 0
    assert session.exec(select(func.count()).select_from(Dokument)).one() == dokumente == 16 * 3

    # BMAS ↔ Niedersachsen (Issue 11 Punkt 5): laufendes Jahr bottom-up aus den 16 unterzeichneten
    # zkT-Zielen und unterzeichnet, das nächste Jahr in Verhandlung; ein zweiter Lauf ändert nichts
    b = lade_demo_bund(session, jahr, JETZT, einst)
    assert b.zustaende == {jahr: "unterzeichnet", jahr + 1: "angebot"}
    assert b.bottom_up == {jahr: True, jahr + 1: False}
    bmas = session.exec(
        select(Zielvereinbarung).where(
            Zielvereinbarung.land_code == "NI", Zielvereinbarung.jahr == jahr
        )
    ).one()
    _, daten = dienst.lies_version(session, einst, bmas.id, 3, LAND_NI)
    befund = pruefe_signaturen(daten, lade_anker(einst.anker_dateien()), JETZT)
    assert befund.alle_in_ordnung
    assert [s.organisationskennung for s in befund.signaturen] == ["ZV-NI", "ZV-BMAS"]
    stand = land_stand(session, Akteur("bund", "bund"), "NI", jahr)
    iq = next(z for z in stand.zellen if z.code == "IQ")
    assert stand.gilt and iq.zielniveau is not None and iq.status is not None
    assert lade_demo_bund(session, jahr, JETZT, einst).zustaende == b.zustaende
    # eine vom BMAS bestätigte Sitzung des Kooperationsausschusses (DOMAIN.md § 9), auch nach dem
    # zweiten Lauf nur eine
    sitzungen = session.exec(
        select(Zielnachhaltedialog).where(Zielnachhaltedialog.vereinbarung_id == bmas.id)
    ).all()
    assert b.sitzungen == 1 and len(sitzungen) == 1 and sitzungen[0].partei == "land"
    bestaetigt = session.get(DialogBestaetigung, sitzungen[0].id)
    assert bestaetigt is not None and bestaetigt.partei == "bund"
    zeilen, darf = ausschuss_sitzungen(session, Akteur("leser-ni", "leser", land_code="NI"), bmas)
    assert not darf and len(zeilen) == 1 and zeilen[0].bestaetigung.startswith("Bestätigt am")
