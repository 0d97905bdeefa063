"""Verhandlung gegen die echte Datenbank: Revisionen, Annahme, Konflikte, Doppelklicks,
Berechtigung, Audit und Benachrichtigungen (DOMAIN.md § 5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import event, update
from sqlmodel import func, select

from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.domain.verhandlung import UnzulaessigerUebergang
from zielvereinbarung.domain.ziele import Zielvorgabe
from zielvereinbarung.fehler import FachlicherFehler, KeineBerechtigung, Konflikt
from zielvereinbarung.models import (
    AuditEreignis,
    Benutzer,
    Revision,
    Zielvereinbarung,
    Zielwert,
    Zustandswechsel,
)
from zielvereinbarung.models.vereinbarung import UnveraenderlichError
from zielvereinbarung.services.basiszahlen.importer import importiere_basiszahlen
from zielvereinbarung.services.verhandlung.lesen import revisionen, vereinbarung_lesen
from zielvereinbarung.services.verhandlung.orientierungswerte import setze_orientierungswerte
from zielvereinbarung.services.verhandlung.planung import erzeuge_entwuerfe
from zielvereinbarung.services.verhandlung.schritte import (
    UngueltigeVorgaben,
    nimm_an,
    reiche_angebot_ein,
    sende_gegenvorschlag,
)
from zielvereinbarung.services.verhandlung.vergleiche import land_uebersicht, vergleiche
from zielvereinbarung.services.verhandlung.zustaende import wechsle_zustand

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LAND = Akteur("land.sh", "land", land_code="SH")
NF = Akteur("nf", "traeger", traeger_ags="01054")
NF2 = Akteur("nf2", "traeger", traeger_ags="01054")


def t(minuten: int) -> datetime:
    return T0 + timedelta(minutes=minuten)


def vorgaben(
    iq: str = "2,0", lzb: str = "-1,5", q1: str | None = "Gleichstellung"
) -> list[Zielvorgabe]:
    """Vollständige Vorgaben (wie ein Formular sie liefert: Werte als Decimal)."""
    from zielvereinbarung.domain.ziele import lies_zahl

    werte = [
        Zielvorgabe("LLU", "monitoring"),
        Zielvorgabe("IQ", "veraenderung", lies_zahl(iq), kommentar="ehrgeizig"),
        Zielvorgabe("IQ_F", "monitoring"),
        Zielvorgabe("IQ_M", "monitoring"),
        Zielvorgabe("IQ_AE", "monitoring"),
        Zielvorgabe("LZB", "veraenderung", lies_zahl(lzb)),
        Zielvorgabe("IQ_LZB", "monitoring"),
    ]
    if q1:
        werte.append(Zielvorgabe("Q1", "qualitativ", text=q1, bezeichnung="Gleichstellung"))
    return werte


def benutzer(session, name, rolle, email, land=None, ags=None, aktiv=True):
    session.add(
        Benutzer(
            benutzername=name,
            name=name,
            email=email,
            passwort_hash="x",
            rolle=rolle,
            land_code=land,
            traeger_ags=ags,
            aktiv=aktiv,
            erstellt_am=T0,
        )
    )


@pytest.fixture
def vid(session, stammdaten) -> int:
    """Entwurf 2027 für 01054 (Basiswert IQ 30 %: 300 Integrationen bei 1.000 eLb) und 01059."""
    zeilen = ["ags,monat,elb,integrationen,lzb"] + [
        f"01054,{m},1000,25,400" for m in ["2025-12"] + [f"2026-{i:02d}" for i in range(1, 13)]
    ]
    importiere_basiszahlen(
        session,
        "nf.csv",
        ("\n".join(zeilen) + "\n").encode(),
        "t",
        datetime(2027, 1, 5, tzinfo=UTC),
    )
    benutzer(session, "land.sh", "land", "land@sh.de", land="SH")
    benutzer(session, "land.alt", "land", "alt@sh.de", land="SH", aktiv=False)
    benutzer(session, "land.ohne", "land", None, land="SH")
    benutzer(session, "land.ni", "land", "land@ni.de", land="NI")
    benutzer(session, "nf", "traeger", "nf@kreis-nf.de", ags="01054")
    benutzer(session, "nf2", "traeger", "nf2@kreis-nf.de", ags="01054")
    benutzer(session, "sl", "traeger", "sl@kreis-sl.de", ags="01059")
    setze_orientierungswerte(
        session,
        "SH",
        2027,
        [Zielvorgabe("IQ", "veraenderung", D("2.5")), Zielvorgabe("LZB", "veraenderung", D(-2))],
        LAND,
        T0,
    )
    ergebnis = erzeuge_entwuerfe(session, "SH", 2027, LAND, T0)
    return dict(ergebnis.erzeugt)["01054"]


def anzahl(session, modell) -> int:
    return session.exec(select(func.count()).select_from(modell)).one()


def test_volle_runde_bis_zur_einigung(session, vid):
    r = reiche_angebot_ein(session, vid, 1, vorgaben("2,0"), "Unser Angebot", NF, t(1))
    assert (r.zustand, r.am_zug, r.revision_nummer, r.neu) == ("angebot", "land", 2, True)
    r = sende_gegenvorschlag(session, vid, 2, vorgaben("3,0"), "Bitte mehr", LAND, t(2))
    assert (r.zustand, r.am_zug, r.revision_nummer) == ("gegenvorschlag", "traeger", 3)
    r = reiche_angebot_ein(session, vid, 3, vorgaben("2,5"), "Kompromiss", NF, t(3))
    assert (r.zustand, r.revision_nummer) == ("angebot", 4)
    r = nimm_an(session, vid, 4, LAND, t(4))
    assert (r.zustand, r.am_zug, r.revision_nummer) == ("einigung", "traeger", 4)

    revs = revisionen(session, vid)
    assert [(x.nummer, x.art, x.rolle, x.autor, x.basis_nummer) for x in revs] == [
        (1, "entwurf", "system", "land.sh", None),
        (2, "angebot", "traeger", "nf", 1),
        (3, "gegenvorschlag", "land", "land.sh", 2),
        (4, "angebot", "traeger", "nf", 3),
    ]
    iq = [next(z for z in x.zielwerte if z.zielindikator == "IQ") for x in revs]
    assert [z.wert for z in iq] == [D("2.5"), D("2.0"), D("3.0"), D("2.5")]
    # Basiswert und Orientierungswert stammen aus dem Entwurf und bleiben in jeder Revision
    assert {(z.basiswert, z.orientierungswert) for z in iq} == {(D(30), "+2,5 %")}
    assert iq[3].satz == (
        "Das Ziel ist erreicht, wenn die Integrationsquote 2027 um mindestens "
        "2,5 % über dem Basiswert von 30,00 % liegt (mindestens 30,75 %)."
    )
    assert revs[1].kommentar == "Unser Angebot"

    ansicht = vereinbarung_lesen(session, vid, NF)
    assert ansicht.zustand_bezeichnung == "Einigung erzielt"
    assert ansicht.vereinbarte_revision.nummer == 4 and not ansicht.verhandelbar
    assert [a.bezeichnung for a in ansicht.erlaubte_aktionen] == ["unterzeichnen"]
    wechsel = session.exec(
        select(Zustandswechsel)
        .where(Zustandswechsel.vereinbarung_id == vid)
        .order_by(Zustandswechsel.id)
    ).all()
    assert [(w.von, w.nach, w.akteur) for w in wechsel] == [
        (None, "entwurf", "land.sh"),
        ("entwurf", "angebot", "nf"),
        ("angebot", "gegenvorschlag", "land.sh"),
        ("gegenvorschlag", "angebot", "nf"),
        ("angebot", "einigung", "land.sh"),
    ]


def test_annahme_friert_die_werte_ein(session, vid):
    reiche_angebot_ein(session, vid, 1, vorgaben(), None, NF, t(1))
    nimm_an(session, vid, 2, LAND, t(2))
    v = session.get(Zielvereinbarung, vid)
    angenommen = session.get(Revision, v.vereinbarte_revision_id)
    assert angenommen.nummer == 2
    with pytest.raises(UnzulaessigerUebergang):
        reiche_angebot_ein(session, vid, 2, vorgaben("9,0"), None, NF, t(3))
    with pytest.raises(UnzulaessigerUebergang):
        sende_gegenvorschlag(session, vid, 2, vorgaben("9,0"), None, LAND, t(3))
    assert anzahl(session, Revision) == 3  # zwei Entwürfe + Angebot
    # Revisionen und Zielwerte sind unveränderlich
    sicherung = session.begin_nested()
    angenommen.kommentar = "nachträglich"
    with pytest.raises(UnveraenderlichError):
        session.flush()
    sicherung.rollback()
    sicherung = session.begin_nested()
    session.delete(session.exec(select(Zielwert)).first())
    with pytest.raises(UnveraenderlichError):
        session.flush()
    sicherung.rollback()
    assert session.get(Revision, angenommen.id).kommentar is None


def test_konflikt_bei_veralteter_basis_behaelt_die_eingabe(session, vid):
    reiche_angebot_ein(session, vid, 1, vorgaben("2,0"), "von nf", NF, t(1))
    meine = vorgaben("1,0", q1="Mein Text")
    with pytest.raises(Konflikt) as info:
        reiche_angebot_ein(session, vid, 1, meine, "von nf2", NF2, t(2))
    k = info.value
    assert k.aktuelle_revision.nummer == 2 and k.aktuelle_revision.autor == "nf"
    assert k.eingereicht.vorgaben[1].wert == D("1.0") and k.eingereicht.kommentar == "von nf2"
    assert k.eingereicht.vorgaben[-1].text == "Mein Text" and k.eingereicht.basis_nummer == 1
    assert anzahl(session, Revision) == 3
    # Annehmen einer Revision, die man nicht gesehen hat, geht auch nicht
    sende_gegenvorschlag(session, vid, 2, vorgaben("3,0"), None, LAND, t(3))
    reiche_angebot_ein(session, vid, 3, vorgaben("2,8"), None, NF, t(4))
    with pytest.raises(Konflikt):
        nimm_an(session, vid, 3, LAND, t(5))


def test_doppelt_abgeschickt_legt_nichts_doppelt_an(session, vid):
    erst = reiche_angebot_ein(session, vid, 1, vorgaben(), "Angebot", NF, t(1))
    nochmal = reiche_angebot_ein(session, vid, 1, vorgaben(), "Angebot", NF, t(2))
    assert (nochmal.neu, nochmal.revision_nummer, nochmal.benachrichtigungen) == (False, 2, [])
    assert erst.neu and anzahl(session, Revision) == 3
    # dieselben Werte von jemand anderem oder geänderte Werte sind ein echter Konflikt
    with pytest.raises(Konflikt):
        reiche_angebot_ein(session, vid, 1, vorgaben(), "Angebot", NF2, t(3))
    with pytest.raises(Konflikt):
        reiche_angebot_ein(session, vid, 1, vorgaben("2,1"), "Angebot", NF, t(3))
    nimm_an(session, vid, 2, LAND, t(4))
    assert nimm_an(session, vid, 2, LAND, t(5)).neu is False
    assert anzahl(session, Zustandswechsel) == 2 + 2


def test_versionszaehler_erkennt_parallele_schreiber(session, vid):
    v = session.get(Zielvereinbarung, vid)
    session.execute(
        update(Zielvereinbarung)
        .where(Zielvereinbarung.id == vid)
        .values(version_id=v.version_id + 1)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(Konflikt) as info:
        reiche_angebot_ein(session, vid, 1, vorgaben(), None, NF, t(1))
    assert info.value.aktuelle_revision is None and info.value.eingereicht.vorgaben == vorgaben()


@pytest.mark.parametrize(
    "akteur",
    [
        Akteur("sl", "traeger", traeger_ags="01059"),  # fremder Träger
        Akteur("land.ni", "land", land_code="NI"),  # fremdes Land
        Akteur("leser.sh", "leser", land_code="SH"),
        Akteur("admin", "admin"),
    ],
)
def test_fremde_und_leser_duerfen_nicht_handeln(session, vid, akteur):
    with pytest.raises(KeineBerechtigung):
        reiche_angebot_ein(session, vid, 1, vorgaben(), None, akteur, t(1))
    with pytest.raises(KeineBerechtigung):
        nimm_an(session, vid, 1, akteur, t(1))
    assert anzahl(session, Revision) == 2


def test_lesen_nur_im_eigenen_bereich(session, vid):
    assert (
        vereinbarung_lesen(session, vid, Akteur("l", "leser", land_code="SH")).erlaubte_aktionen
        == []
    )
    assert vereinbarung_lesen(session, vid, Akteur("a", "admin")).erlaubte_aktionen == []
    assert [a.code for a in vereinbarung_lesen(session, vid, NF).erlaubte_aktionen] == [
        "angebot_einreichen"
    ]
    assert vereinbarung_lesen(session, vid, LAND).erlaubte_aktionen == []  # Träger am Zug
    for fremd in (
        Akteur("sl", "traeger", traeger_ags="01059"),
        Akteur("n", "land", land_code="NI"),
    ):
        with pytest.raises(KeineBerechtigung):
            vereinbarung_lesen(session, vid, fremd)


def test_falsche_partei_und_ungueltige_werte(session, vid):
    with pytest.raises(UnzulaessigerUebergang, match="im Zustand „Entwurf“ nicht möglich"):
        nimm_an(session, vid, 1, NF, t(1))
    with pytest.raises(UngueltigeVorgaben) as info:
        reiche_angebot_ein(session, vid, 1, vorgaben(iq="60")[1:], None, NF, t(1))
    assert len(info.value.details) == 2  # LLU fehlt, IQ außerhalb ±50 %
    assert anzahl(session, Revision) == 2
    reiche_angebot_ein(session, vid, 1, vorgaben(), None, NF, t(2))
    with pytest.raises(UnzulaessigerUebergang, match="Sache des Landes, nicht des Trägers"):
        sende_gegenvorschlag(session, vid, 2, vorgaben(), None, NF, t(3))


def test_audit_und_benachrichtigungen(session, vid):
    r = reiche_angebot_ein(session, vid, 1, vorgaben(), "Bitte prüfen", NF, t(1))
    assert [n.an for n in r.benachrichtigungen] == [
        ["land@sh.de"]
    ]  # nicht NI, inaktiv, ohne E-Mail
    n = r.benachrichtigungen[0]
    assert n.betreff == "Zielvereinbarung 2027 Nordfriesland: Angebot eingereicht (Revision 2)"
    assert "Bitte prüfen" in n.text and n.pfad == f"/vereinbarungen/{vid}"
    r = sende_gegenvorschlag(session, vid, 2, vorgaben("3,0"), None, LAND, t(2))
    assert [n.an for n in r.benachrichtigungen] == [["nf2@kreis-nf.de", "nf@kreis-nf.de"]]
    r = nimm_an(session, vid, 3, NF, t(3))  # Träger nimmt an: das Land erfährt es
    assert [n.an for n in r.benachrichtigungen] == [["land@sh.de"]]
    ereignisse = session.exec(
        select(AuditEreignis).where(AuditEreignis.objekt_id == str(vid)).order_by(AuditEreignis.id)
    ).all()
    assert [(e.akteur, e.aktion) for e in ereignisse] == [
        ("nf", "revision"),
        ("nf", "zustandswechsel"),
        ("land.sh", "revision"),
        ("land.sh", "zustandswechsel"),
        ("nf", "zustandswechsel"),
    ]
    assert ereignisse[0].details["werte"][1] == {
        "zielindikator": "IQ",
        "zieltyp": "veraenderung",
        "wert": "2.0",
        "untere": None,
        "obere": None,
        "text": None,
        "kommentar": "ehrgeizig",
    }
    assert ereignisse[-1].details == {
        "von": "gegenvorschlag",
        "nach": "einigung",
        "aktion": "gegenvorschlag_annehmen",
        "revision": 3,
    }


def test_vergleich_zweier_revisionen(session, vid):
    reiche_angebot_ein(session, vid, 1, vorgaben("2,0", q1="A"), None, NF, t(1))
    sende_gegenvorschlag(session, vid, 2, vorgaben("3,0", q1=None), None, LAND, t(2))
    zeilen = {z.zielindikator: z for z in vergleiche(session, vid, 2, 3)}
    assert zeilen["IQ"].geaendert["wert"] and not zeilen["IQ"].geaendert["zieltyp"]
    assert not zeilen["LZB"].irgendwas_geaendert
    assert zeilen["Q1"].b is None and zeilen["Q1"].irgendwas_geaendert
    entwurf = {z.zielindikator: z for z in vergleiche(session, vid, 1, 2)}
    assert entwurf["LZB"].geaendert["wert"] and not entwurf["LZB"].geaendert["zieltyp"]
    assert entwurf["LZB"].a.wert == D(-2) and entwurf["LZB"].b.wert == D("-1.5")
    with pytest.raises(FachlicherFehler):
        vergleiche(session, vid, 1, 9)


def test_unterschriften_und_jahresabschluss(session, vid):
    reiche_angebot_ein(session, vid, 1, vorgaben(), None, NF, t(1))
    nimm_an(session, vid, 2, LAND, t(2))
    with pytest.raises(UnzulaessigerUebergang):
        wechsle_zustand(session, vid, "gegenzeichnen", LAND, t(3))
    assert (
        wechsle_zustand(session, vid, "unterzeichnen", NF, t(3)).zustand == "unterzeichnet_traeger"
    )
    assert wechsle_zustand(session, vid, "unterzeichnen", NF, t(4)).neu is False
    r = wechsle_zustand(session, vid, "gegenzeichnen", LAND, t(5))
    assert (r.zustand, [n.an for n in r.benachrichtigungen]) == (
        "unterzeichnet",
        [["nf2@kreis-nf.de", "nf@kreis-nf.de"]],
    )
    with pytest.raises(FachlicherFehler, match="Dezember 2027"):
        wechsle_zustand(session, vid, "jahresabschluss", LAND, t(6))
    assert (
        wechsle_zustand(
            session, vid, "jahresabschluss", LAND, t(6), dezember_vorhanden=True
        ).zustand
        == "abgeschlossen"
    )


def _abfragen(session, aufruf) -> int:
    zaehler = []
    bind = session.get_bind()
    lauscher = lambda *a, **k: zaehler.append(1)  # noqa: E731
    event.listen(bind, "before_cursor_execute", lauscher)
    try:
        aufruf()
    finally:
        event.remove(bind, "before_cursor_execute", lauscher)
    return len(zaehler)


def test_land_uebersicht(session, vid):
    reiche_angebot_ein(session, vid, 1, vorgaben("2,0"), None, NF, t(1))
    zeilen = land_uebersicht(session, "SH", 2027)
    assert [
        (z.ags, z.zustand_bezeichnung, z.am_zug_bezeichnung, z.letzte_revision) for z in zeilen
    ] == [("01054", "Angebot eingereicht", "Land", 2), ("01059", "Entwurf", "Träger", 1)]
    nf = zeilen[0]
    assert nf.abweichungen["IQ"].text == "+2,0 % statt +2,5 %"
    assert nf.abweichungen["LZB"].text == "−1,5 % statt −2,0 %"
    assert nf.anzahl_abweichungen == 2 and nf.letzte_aenderung is not None
    # 01059 hat keine Daten: der Entwurf schlägt Monitoring statt der relativen Vorgabe vor
    assert zeilen[1].abweichungen["IQ"].text == "Monitoring statt +2,5 %"
    # gleich viele Abfragen für 2 zkT (SH) wie für 16 zkT ohne Vereinbarung (NI)
    sh = _abfragen(session, lambda: land_uebersicht(session, "SH", 2027))
    ni = _abfragen(session, lambda: land_uebersicht(session, "NI", 2027))
    assert sh == ni <= 5
    assert [z.zustand_bezeichnung for z in land_uebersicht(session, "NI", 2027)] == [
        "keine Vereinbarung"
    ] * 16
