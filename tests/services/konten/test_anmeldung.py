"""Anmeldung und Benutzerkonten auf Service-Ebene (die Uhr wird übergeben)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from zielvereinbarung.demo.konten import DEMO_PASSWORT, lege_demo_benutzer
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.models import AuditEreignis, Benutzer
from zielvereinbarung.services.konten import anmeldung
from zielvereinbarung.services.konten import benutzer as dienst
from zielvereinbarung.services.konten.anmeldung import FALSCH

JETZT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
PASSWORT = "richtig-langes-passwort"


@pytest.fixture
def konto(session, stammdaten):
    benutzer = dienst.lege_benutzer_an(
        session,
        benutzername="Land-NI",
        name="Frau Beispiel",
        rolle="land",
        land_code="ni",
        passwort=PASSWORT,
        akteur="admin",
        jetzt=JETZT,
    )
    session.flush()
    return benutzer


def _aktionen(session) -> list[str]:
    return [e.aktion for e in session.exec(select(AuditEreignis).order_by(AuditEreignis.id))]


def test_anlegen_normalisiert_und_protokolliert(session, konto):
    assert (konto.benutzername, konto.land_code) == ("land-ni", "NI")
    assert konto.passwort_hash.startswith("$argon2id$") and PASSWORT not in konto.passwort_hash
    ereignis = session.exec(select(AuditEreignis)).one()
    assert (ereignis.akteur, ereignis.aktion, ereignis.objekt_id) == (
        "admin",
        "benutzer_angelegt",
        str(konto.id),
    )
    assert PASSWORT not in str(ereignis.details)


def test_anlegen_meldet_alle_fehler_je_feld(session, stammdaten, konto):
    with pytest.raises(dienst.Eingabefehler) as info:
        dienst.lege_benutzer_an(
            session,
            benutzername="land-ni",
            name="",
            rolle="traeger",
            land_code="XX",
            traeger_ags="99999",
            email="kaputt",
            passwort="kurz",
            jetzt=JETZT,
        )
    felder = info.value.felder
    assert set(felder) == {"benutzername", "name", "email", "land_code", "traeger_ags", "passwort"}
    assert "gibt es schon" in felder["benutzername"]
    assert "mindestens 12 Zeichen" in felder["passwort"]


def test_unbekanntes_land_und_unbekannter_traeger(session, stammdaten):
    with pytest.raises(dienst.Eingabefehler) as info:
        dienst.lege_benutzer_an(
            session,
            benutzername="x-land",
            name="X",
            rolle="land",
            land_code="XX",
            passwort=PASSWORT,
            jetzt=JETZT,
        )
    assert "gibt es nicht" in info.value.felder["land_code"]
    with pytest.raises(dienst.Eingabefehler) as info:
        dienst.lege_benutzer_an(
            session,
            benutzername="x-tr",
            name="X",
            rolle="traeger",
            traeger_ags="99999",
            passwort=PASSWORT,
            jetzt=JETZT,
        )
    assert "gibt es nicht" in info.value.felder["traeger_ags"]


def test_anmelden_erfolgreich(session, konto):
    benutzer = anmeldung.anmelden(session, " LAND-NI ", PASSWORT, "10.0.0.1", JETZT)
    assert benutzer.id == konto.id and benutzer.letzte_anmeldung == JETZT
    assert _aktionen(session)[-1] == "anmeldung"


def test_falsches_passwort_und_unbekannter_name_geben_dieselbe_meldung(session, konto):
    for name, passwort in (("land-ni", "falsch-falsch-falsch"), ("gibt-es-nicht", PASSWORT)):
        with pytest.raises(anmeldung.AnmeldungAbgelehnt) as info:
            anmeldung.anmelden(session, name, passwort, "10.0.0.1", JETZT)
        assert info.value.meldung == FALSCH
    fehlgeschlagen = session.exec(
        select(AuditEreignis)
        .where(AuditEreignis.aktion == "anmeldung_fehlgeschlagen")
        .order_by(AuditEreignis.id)
    ).all()
    assert [e.akteur for e in fehlgeschlagen] == ["land-ni", "unbekannt"]
    assert all(e.details["ip"] == "10.0.0.1" for e in fehlgeschlagen)


def test_keine_kontosperre_im_service(session, konto):
    """Fehlversuche sperren kein Konto (die Drosselung zählt die Weboberfläche): nach vielen
    falschen Passwörtern gilt das richtige sofort."""
    for _ in range(10):
        with pytest.raises(anmeldung.AnmeldungAbgelehnt) as info:
            anmeldung.anmelden(session, "land-ni", "falsches-passwort", "10.0.0.1", JETZT)
        assert info.value.meldung == FALSCH
    assert anmeldung.anmelden(session, "land-ni", PASSWORT, "10.0.0.1", JETZT).id == konto.id


def test_abmelden_und_passwort_beenden_alle_sitzungen(session, konto):
    assert konto.sitzungs_generation == 0
    anmeldung.melde_ab(session, konto.id, JETZT)
    assert konto.sitzungs_generation == 1 and _aktionen(session)[-1] == "abmeldung"
    dienst.setze_passwort(session, konto.id, "ein-ganz-neues-passwort", akteur="admin", jetzt=JETZT)
    assert konto.sitzungs_generation == 2
    dienst.aendere_benutzer(
        session,
        konto.id,
        name="Frau Beispiel",
        rolle="land",
        land_code="NI",
        traeger_ags=None,
        aktiv=True,
        akteur="admin",
        jetzt=JETZT,
    )
    assert konto.sitzungs_generation == 2  # Name/Rolle ändern beendet nichts
    dienst.deaktiviere(session, konto.id, akteur="admin", jetzt=JETZT)
    assert konto.sitzungs_generation == 3


def test_eigenes_passwort_nur_mit_dem_bisherigen(session, konto):
    from zielvereinbarung.services.konten import sitzungen

    with pytest.raises(dienst.Eingabefehler) as info:
        sitzungen.aendere_eigenes_passwort(session, konto.id, "falsch", "ein-neues-passwort", JETZT)
    assert info.value.felder == {"bisheriges_passwort": "Das bisherige Passwort stimmt nicht."}
    with pytest.raises(dienst.Eingabefehler) as info:
        sitzungen.aendere_eigenes_passwort(session, konto.id, PASSWORT, PASSWORT, JETZT)
    assert "unterscheiden" in info.value.felder["passwort"]
    assert konto.sitzungs_generation == 0
    sitzungen.aendere_eigenes_passwort(session, konto.id, PASSWORT, "ein-neues-passwort", JETZT)
    assert konto.sitzungs_generation == 1 and _aktionen(session)[-1] == "passwort_geaendert"
    assert anmeldung.anmelden(session, "land-ni", "ein-neues-passwort", "10.0.0.1", JETZT)


def test_drosselung_einsehen_und_aufheben(session, konto):
    from zielvereinbarung.models import DrosselEintrag
    from zielvereinbarung.services.konten import sitzungen

    t = JETZT.timestamp()
    for schluessel in (
        "LIMITER/konto:land-ni/anmeldung-konto/5/5/minute",
        "LIMITER/konto:land-ni/anmeldung-konto/30/1/day",
        "LIMITER/geraet:land-ni:ab12/anmeldung-konto/10/5/minute",
    ):
        session.add(DrosselEintrag(schluessel=schluessel, zeitpunkt=t - 10, ablauf=t + 290))
    session.add(
        DrosselEintrag(
            schluessel="LIMITER/konto:land-ni/anmeldung-konto/30/1/day",
            zeitpunkt=t - 20,
            ablauf=t + 86000,
        )
    )
    # ein anderes Konto, dessen Name mit „land-ni“ beginnt, und ein Name mit „_“ (LIKE-Platzhalter)
    session.add(
        DrosselEintrag(
            schluessel="LIMITER/konto:land-nix/anmeldung-konto/5/5/minute",
            zeitpunkt=t,
            ablauf=t + 300,
        )
    )
    session.add(
        DrosselEintrag(
            schluessel="LIMITER/konto:landxni/anmeldung-konto/5/5/minute",
            zeitpunkt=t,
            ablauf=t + 300,
        )
    )
    session.flush()
    assert sitzungen.drosselung(session, "land-ni", JETZT) == 2
    assert sitzungen.hebe_drosselung_auf(session, konto.id, akteur="admin", jetzt=JETZT) == 2
    assert sitzungen.drosselung(session, "land-ni", JETZT) == 0
    uebrig = session.exec(select(DrosselEintrag.schluessel)).all()
    assert sorted(uebrig) == [
        "LIMITER/konto:land-nix/anmeldung-konto/5/5/minute",
        "LIMITER/konto:landxni/anmeldung-konto/5/5/minute",
    ]
    assert _aktionen(session)[-1] == "anmeldedrosselung_aufgehoben"


def test_inaktives_konto_kann_sich_nicht_anmelden(session, konto):
    dienst.deaktiviere(session, konto.id, akteur="admin", jetzt=JETZT)
    with pytest.raises(anmeldung.AnmeldungAbgelehnt) as info:
        anmeldung.anmelden(session, "land-ni", PASSWORT, "10.0.0.1", JETZT)
    assert info.value.meldung == FALSCH


def test_neuer_hash_bei_geaenderten_parametern(session, konto, monkeypatch):
    from argon2 import PasswordHasher

    from zielvereinbarung.services.konten import passwort

    alt = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORT)
    konto.passwort_hash = alt
    anmeldung.anmelden(session, "land-ni", PASSWORT, "10.0.0.1", JETZT)
    assert konto.passwort_hash != alt
    assert not passwort.braucht_neuen_hash(konto.passwort_hash)


def test_passwort_setzen_prueft_die_regeln(session, konto):
    with pytest.raises(dienst.Eingabefehler):
        dienst.setze_passwort(session, konto.id, "zu-kurz", akteur="admin", jetzt=JETZT)
    dienst.setze_passwort(session, konto.id, "ein-ganz-neues-passwort", akteur="admin", jetzt=JETZT)
    assert anmeldung.anmelden(session, "land-ni", "ein-ganz-neues-passwort", "10.0.0.1", JETZT)


def test_aendern_protokolliert_nur_aenderungen(session, konto):
    dienst.aendere_benutzer(
        session,
        konto.id,
        name="Frau Beispiel",
        rolle="leser",
        land_code=None,
        traeger_ags="03157",
        aktiv=True,
        akteur="admin",
        jetzt=JETZT,
    )
    ereignis = session.exec(select(AuditEreignis).order_by(AuditEreignis.id.desc())).first()
    assert ereignis.aktion == "benutzer_geaendert"
    assert ereignis.details["aenderungen"] == {
        "rolle": ["land", "leser"],
        "land_code": ["NI", None],
        "traeger_ags": [None, "03157"],
    }


def test_letzter_admin_bleibt_admin(session, stammdaten):
    admin = dienst.lege_benutzer_an(
        session, benutzername="chefin", name="Chefin", rolle="admin", passwort=PASSWORT, jetzt=JETZT
    )
    with pytest.raises(dienst.Eingabefehler) as info:
        dienst.aendere_benutzer(
            session,
            admin.id,
            name="Chefin",
            rolle="land",
            land_code="NI",
            traeger_ags=None,
            aktiv=True,
            akteur="chefin",
            jetzt=JETZT,
        )
    assert "letzte aktive Administrator" in info.value.felder["rolle"]
    with pytest.raises(FachlicherFehler):
        dienst.deaktiviere(session, admin.id, akteur="chefin", jetzt=JETZT)


def test_demokonten_idempotent(session, stammdaten):
    erste = lege_demo_benutzer(session, "NI", ["03157", "03159"], JETZT)
    assert [z.benutzername for z in erste] == [
        "admin",
        "land-ni",
        "leser-ni",
        "traeger-03157",
        "traeger-03159",
    ]
    assert all(z.neu and z.passwort == DEMO_PASSWORT for z in erste)
    zweite = lege_demo_benutzer(session, "NI", ["03157", "03159"], JETZT)
    assert not any(z.neu for z in zweite)
    assert len(session.exec(select(Benutzer)).all()) == 5
    leser = session.exec(select(Benutzer).where(Benutzer.benutzername == "leser-ni")).one()
    assert (leser.rolle, leser.land_code, leser.traeger_ags) == ("leser", "NI", None)
    assert anmeldung.anmelden(session, "traeger-03159", DEMO_PASSWORT, "10.0.0.1", JETZT)


def test_billiges_argon2_profil_nie_im_produktionsbetrieb(monkeypatch):
    """Das Testprofil ist billig; im Produktionsbetrieb wird damit weder gehasht noch geprüft."""
    from zielvereinbarung.fehler import KonfigurationsFehler
    from zielvereinbarung.services.konten import passwort

    assert passwort.passwort_stimmt(passwort.hash_passwort(PASSWORT), PASSWORT)
    monkeypatch.setenv("ZV_ENV", "produktion")
    with pytest.raises(KonfigurationsFehler, match="nicht erlaubt"):
        passwort.hash_passwort(PASSWORT)
    monkeypatch.setenv("ZV_ARGON2_PROFIL", "standard")
    assert passwort.hash_passwort(PASSWORT).startswith("$argon2id$v=19$m=65536,t=3,p=4$")
