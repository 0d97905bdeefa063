"""Zielnachhaltedialoge einmalig und korrigierbar (Issue 8): derselbe Dialog siebenmal gesendet ist
ein Dialog; die erfassende Seite korrigiert, bis die Gegenseite bestätigt (Versionen bleiben);
bestätigt ist eingefroren, eine Korrektur ist dann ein neuer Dialog mit Verweis – gegen die echte
Datenbank, mit Audit-Protokoll. Daten aus tests/fixtures/nachhaltung.py (01054, SH)."""

from __future__ import annotations

import subprocess
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tests.fixtures.nachhaltung import JETZT, LAND_SH, TRAEGER_NF
from zielvereinbarung.documents.bericht import rendere
from zielvereinbarung.domain.berechtigung import Akteur
from zielvereinbarung.fehler import KeineBerechtigung, NichtGefunden
from zielvereinbarung.models import (
    AuditEreignis,
    DialogBestaetigung,
    DialogVersion,
    Zielnachhaltedialog,
)
from zielvereinbarung.models.vereinbarung import UnveraenderlichError
from zielvereinbarung.services.berichte.planung import plane_berichte
from zielvereinbarung.services.nachhaltung.bestaetigung import bestaetige_dialog
from zielvereinbarung.services.nachhaltung.dialoge import (
    DialogKonflikt,
    erfasse_dialog,
    neues_formular_token,
)
from zielvereinbarung.services.nachhaltung.korrektur import korrigiere_dialog
from zielvereinbarung.services.nachhaltung.seite import nachhaltung_lesen

ZWEITE_IM_LAND = Akteur("land.sh.2", "land", land_code="SH")
INHALT = {
    "datum": date(2026, 5, 12),
    "teilnehmende": "Frau A (Land), Herr B (Kreis)",
    "datenstand": "2026-03",
    "wuerdigungen": {"IQ": "Rückstand durch Saisoneffekt"},
    "massnahmen": "Vermittlungsoffensive im Juni",
}
SPAETER = JETZT + timedelta(days=1)


def dialoge(session) -> list[Zielnachhaltedialog]:
    session.expire_all()
    return list(session.exec(select(Zielnachhaltedialog).order_by(Zielnachhaltedialog.id)))


def aktionen(session, aktion: str) -> list[AuditEreignis]:
    return list(session.exec(select(AuditEreignis).where(AuditEreignis.aktion == aktion)))


def erfasse(session, vereinbarung, akteur=LAND_SH, token=None, **anders):
    gespeichert = erfasse_dialog(
        session, vereinbarung, akteur, JETZT, **{**INHALT, **anders}, formular_token=token
    )
    session.commit()
    return gespeichert


def korrigiere(session, vereinbarung, dialog_id, version, akteur=LAND_SH, **anders):
    return korrigiere_dialog(
        session, vereinbarung, dialog_id, version, akteur, SPAETER, **{**INHALT, **anders}
    )


def test_siebenmal_gesendet_ein_dialog(session, vereinbarung):
    token = neues_formular_token()
    ergebnisse = [erfasse(session, vereinbarung, token=token) for _ in range(7)]
    assert [e.neu for e in ergebnisse] == [True] + [False] * 6
    assert {e.dialog.id for e in ergebnisse} == {ergebnisse[0].dialog.id}
    assert len(dialoge(session)) == 1
    assert len(aktionen(session, "zielnachhaltedialog")) == 1
    # ehrlich: ein neues Formular mit anderem Inhalt legt einen zweiten Dialog an
    zweiter = erfasse(session, vereinbarung, token=neues_formular_token(), teilnehmende="C, D")
    assert zweiter.neu and len(dialoge(session)) == 2


def test_neu_geladenes_formular_mit_gleichem_inhalt_legt_nichts_doppelt_an(session, vereinbarung):
    erster = erfasse(session, vereinbarung, token=neues_formular_token())
    zweiter = erfasse(session, vereinbarung, token=neues_formular_token())
    ohne_token = erfasse(session, vereinbarung, token="kein gültiges Token")
    assert not zweiter.neu and zweiter.dialog.id == erster.dialog.id
    assert not ohne_token.neu and len(dialoge(session)) == 1
    # dieselben Worte von der Gegenseite sind ihr eigener Dialog
    assert erfasse(session, vereinbarung, akteur=TRAEGER_NF).neu


def test_datenbank_weist_ein_zweites_token_ab(session, vereinbarung):
    """Nicht nur Prüfen-dann-Schreiben: die Eindeutigkeit steht in der Datenbank."""
    token = neues_formular_token()
    erster = erfasse(session, vereinbarung, token=token).dialog
    doppelt = Zielnachhaltedialog(
        vereinbarung_id=vereinbarung,
        **{**INHALT, "teilnehmende": "am Dienst vorbei"},
        autor="land.sh",
        erstellt_am=JETZT,
        partei="land",
        formular_token=token,
    )
    session.add(doppelt)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    assert [d.id for d in dialoge(session)] == [erster.id]


@pytest.mark.echte_commits  # zwei Threads mit eigenen Verbindungen und echten Commits
def test_doppelklick_gleichzeitig_ein_dialog(engine, vereinbarung):
    """Zwei Anfragen mit demselben Token zur selben Zeit: eine legt an, die andere bekommt sie."""
    token, ergebnisse, fehler, start = neues_formular_token(), [], [], threading.Barrier(2)

    def senden():
        try:
            with Session(engine, expire_on_commit=False) as s:
                start.wait()
                g = erfasse_dialog(s, vereinbarung, LAND_SH, JETZT, **INHALT, formular_token=token)
                s.commit()
                ergebnisse.append((g.neu, g.dialog.id))
        except Exception as e:  # pragma: no cover - nur zur Meldung im Test
            fehler.append(e)

    faeden = [threading.Thread(target=senden) for _ in range(2)]
    for f in faeden:
        f.start()
    for f in faeden:
        f.join()
    assert fehler == []
    assert sorted(neu for neu, _ in ergebnisse) == [False, True]
    assert len({dialog_id for _, dialog_id in ergebnisse}) == 1
    with Session(engine) as s:
        assert len(s.exec(select(Zielnachhaltedialog)).all()) == 1
        assert len(aktionen(s, "zielnachhaltedialog")) == 1


def test_korrektur_vor_der_bestaetigung_mit_verlauf(session, vereinbarung):
    d = erfasse(session, vereinbarung).dialog
    ergebnis = korrigiere(
        session, vereinbarung, d.id, 1, ZWEITE_IM_LAND, massnahmen="Vermittlungsoffensive im Juli"
    )
    session.commit()
    assert ergebnis.neu and ergebnis.dialog.version == 2
    (gespeichert,) = dialoge(session)
    assert gespeichert.massnahmen == "Vermittlungsoffensive im Juli"
    assert (gespeichert.geaendert_von, gespeichert.autor) == ("land.sh.2", "land.sh")
    (alt,) = session.exec(select(DialogVersion)).all()
    assert (alt.version, alt.massnahmen, alt.verfasst_von, alt.ersetzt_von) == (
        1,
        "Vermittlungsoffensive im Juni",
        "land.sh",
        "land.sh.2",
    )
    (audit,) = aktionen(session, "zielnachhaltedialog_korrigiert")
    assert audit.details["version"] == 2
    assert audit.details["vorher"]["massnahmen"] == "Vermittlungsoffensive im Juni"
    assert audit.details["nachher"]["massnahmen"] == "Vermittlungsoffensive im Juli"
    (zeile,) = nachhaltung_lesen(session, vereinbarung, TRAEGER_NF, JETZT).dialoge
    assert zeile.verlauf.startswith("Version 2, zuletzt korrigiert am 21.05.2026")
    assert zeile.fruehere_versionen[0][0].startswith("Version 1 von land.sh")
    assert "Vermittlungsoffensive im Juni" in zeile.fruehere_versionen[0][1]
    # dieselbe Korrektur noch einmal (alte Version im Formular, Doppelklick): nichts ändert sich
    nochmal = korrigiere(session, vereinbarung, d.id, 1, massnahmen="Vermittlungsoffensive im Juli")
    assert not nochmal.neu and dialoge(session)[0].version == 2
    # eine andere Korrektur auf Grundlage der alten Version: Konflikt, nichts überschrieben
    with pytest.raises(DialogKonflikt, match="inzwischen von land.sh.2 geändert"):
        korrigiere(session, vereinbarung, d.id, 1, massnahmen="etwas Drittes")
    session.rollback()
    assert dialoge(session)[0].massnahmen == "Vermittlungsoffensive im Juli"


def test_nur_die_erfassende_seite_korrigiert(session, vereinbarung):
    d = erfasse(session, vereinbarung).dialog
    for fremd in (TRAEGER_NF, Akteur("leser-sh", "leser", land_code="SH")):
        with pytest.raises(KeineBerechtigung):
            korrigiere(session, vereinbarung, d.id, 1, fremd, massnahmen="von außen geändert")
        session.rollback()
    with pytest.raises(NichtGefunden):
        korrigiere(session, vereinbarung, d.id + 1000, 1, massnahmen="ausgedacht")
    session.rollback()
    assert dialoge(session)[0].massnahmen == INHALT["massnahmen"]
    assert aktionen(session, "zielnachhaltedialog_korrigiert") == []


def test_bestaetigt_wird_nur_die_gesehene_version(session, vereinbarung):
    d = erfasse(session, vereinbarung).dialog
    korrigiere(session, vereinbarung, d.id, 1, massnahmen="still geändert")
    session.commit()
    with pytest.raises(DialogKonflikt, match="inzwischen von land.sh korrigiert"):
        bestaetige_dialog(session, vereinbarung, d.id, TRAEGER_NF, SPAETER, gesehene_version=1)
    session.rollback()
    assert session.exec(select(DialogBestaetigung)).all() == []
    bestaetigung, _ = bestaetige_dialog(
        session, vereinbarung, d.id, TRAEGER_NF, SPAETER, gesehene_version=2
    )
    assert bestaetigung.version == 2


def test_bestaetigt_ist_eingefroren(session, vereinbarung):
    d = erfasse(session, vereinbarung).dialog
    bestaetige_dialog(session, vereinbarung, d.id, TRAEGER_NF, SPAETER, gesehene_version=1)
    session.commit()
    with pytest.raises(DialogKonflikt, match="bestätigt und kann nicht mehr geändert werden"):
        korrigiere(session, vereinbarung, d.id, 1, massnahmen="nachträglich")
    session.rollback()
    (gespeichert,) = dialoge(session)
    assert (gespeichert.massnahmen, gespeichert.version) == (INHALT["massnahmen"], 1)
    assert aktionen(session, "zielnachhaltedialog_korrigiert") == []
    (zeile,) = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT).dialoge
    assert not zeile.darf_korrigieren and zeile.darf_korrektur_erfassen
    gespeichert.massnahmen = "am Dienst vorbei"
    with pytest.raises(UnveraenderlichError):
        session.flush()
    session.rollback()


@pytest.mark.echte_commits  # zwei Threads mit eigenen Verbindungen und echten Commits
def test_korrektur_und_bestaetigung_gleichzeitig(engine, vereinbarung):
    """Korrektur und Bestätigung derselben Version zur selben Zeit: entweder ist Version 1
    bestätigt und die Korrektur abgewiesen, oder Version 2 gespeichert und die Bestätigung
    abgewiesen – nie eine bestätigte Version, die es nicht mehr gibt."""
    with Session(engine, expire_on_commit=False) as s:
        d = erfasse(s, vereinbarung).dialog
    start, ergebnisse = threading.Barrier(2), {}

    def laufe(name, arbeit):
        with Session(engine, expire_on_commit=False) as s:
            start.wait()
            try:
                arbeit(s)
                s.commit()
                ergebnisse[name] = "ok"
            except DialogKonflikt:
                s.rollback()
                ergebnisse[name] = "konflikt"

    faeden = [
        threading.Thread(
            target=laufe,
            args=("korrektur", lambda s: korrigiere(s, vereinbarung, d.id, 1, massnahmen="neu")),
        ),
        threading.Thread(
            target=laufe,
            args=(
                "bestaetigung",
                lambda s: bestaetige_dialog(
                    s, vereinbarung, d.id, TRAEGER_NF, SPAETER, gesehene_version=1
                ),
            ),
        ),
    ]
    for f in faeden:
        f.start()
    for f in faeden:
        f.join()
    assert sorted(ergebnisse.values()) == ["konflikt", "ok"]
    with Session(engine) as s:
        (gespeichert,) = s.exec(select(Zielnachhaltedialog)).all()
        bestaetigungen = s.exec(select(DialogBestaetigung)).all()
        if ergebnisse["bestaetigung"] == "ok":
            assert (gespeichert.version, gespeichert.massnahmen) == (1, INHALT["massnahmen"])
            assert [b.version for b in bestaetigungen] == [1]
        else:
            assert (gespeichert.version, gespeichert.massnahmen, bestaetigungen) == (2, "neu", [])


@pytest.mark.echte_commits  # zwei Threads mit eigenen Verbindungen und echten Commits
def test_zwei_korrekturen_derselben_version_gleichzeitig(engine, vereinbarung):
    """Zwei Personen des Landes korrigieren Version 1 zur selben Zeit: eine gilt (Version 2), die
    andere bekommt einen Konflikt statt eines stillen Überschreibens."""
    with Session(engine, expire_on_commit=False) as s:
        d = erfasse(s, vereinbarung).dialog
    start, ergebnisse = threading.Barrier(2), {}

    def laufe(akteur, massnahmen):
        with Session(engine, expire_on_commit=False) as s:
            start.wait()
            try:
                korrigiere(s, vereinbarung, d.id, 1, akteur, massnahmen=massnahmen)
                s.commit()
                ergebnisse[massnahmen] = "ok"
            except DialogKonflikt:
                s.rollback()
                ergebnisse[massnahmen] = "konflikt"

    faeden = [
        threading.Thread(target=laufe, args=(LAND_SH, "von land.sh")),
        threading.Thread(target=laufe, args=(ZWEITE_IM_LAND, "von land.sh.2")),
    ]
    for f in faeden:
        f.start()
    for f in faeden:
        f.join()
    assert sorted(ergebnisse.values()) == ["konflikt", "ok"]
    (gewinner,) = [m for m, e in ergebnisse.items() if e == "ok"]
    with Session(engine) as s:
        (gespeichert,) = s.exec(select(Zielnachhaltedialog)).all()
        assert (gespeichert.version, gespeichert.massnahmen) == (2, gewinner)
        (alt,) = s.exec(select(DialogVersion)).all()
        assert (alt.version, alt.massnahmen) == (1, INHALT["massnahmen"])


def test_korrektur_nach_der_bestaetigung_ist_ein_neuer_dialog(session, vereinbarung):
    d = erfasse(session, vereinbarung).dialog
    bestaetige_dialog(session, vereinbarung, d.id, TRAEGER_NF, SPAETER, gesehene_version=1)
    session.commit()
    anders = {**INHALT, "wuerdigungen": {"IQ": "Saisoneffekt überschätzt"}}
    token = neues_formular_token()
    for _ in range(2):  # zweimal gesendet: eine Korrektur
        korrektur = erfasse_dialog(
            session, vereinbarung, TRAEGER_NF, SPAETER, **anders,
            formular_token=token, korrektur_von=d.id,
        )  # fmt: skip
        session.commit()
    assert korrektur.dialog.korrektur_von == d.id
    alt, neu = dialoge(session)
    assert alt.wuerdigungen == INHALT["wuerdigungen"] and alt.version == 1
    a = nachhaltung_lesen(session, vereinbarung, LAND_SH, JETZT)
    zeilen = {z.id: z for z in a.dialoge}
    assert zeilen[neu.id].korrektur_von == "Korrektur von Dialog vom 12.05.2026"
    assert zeilen[neu.id].bestaetigung == "Wartet auf die Bestätigung durch das Land"
    assert zeilen[neu.id].darf_bestaetigen  # die Korrektur des Trägers bestätigt das Land
    assert zeilen[alt.id].korrigiert_durch == "korrigiert durch Dialog vom 12.05.2026"
    assert zeilen[alt.id].korrigiert_durch_id == neu.id
    assert not zeilen[alt.id].darf_korrektur_erfassen  # schon korrigiert
    iq = next(z for z in a.zeilen if z.code == "IQ")
    assert iq.wuerdigung == "Saisoneffekt überschätzt"  # die Korrektur gilt
    (audit,) = [e for e in aktionen(session, "zielnachhaltedialog") if e.details["korrektur_von"]]
    assert audit.details["dialog"] == neu.id
    # im Bericht stehen die Verweise ebenso
    (auftrag,) = plane_berichte(session, "2026-03", ags="01054").auftraege
    bericht = {z.korrektur_von or z.korrigiert_durch for z in auftrag.modell.dialoge}
    assert bericht == {
        "Korrektur von Dialog vom 12.05.2026",
        "korrigiert durch Dialog vom 12.05.2026",
    }
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=rendere(auftrag.modell), capture_output=True, check=True
    ).stdout.decode()
    assert "Korrektur von Dialog vom 12.05.2026" in text
    assert "Korrigiert durch Dialog vom 12.05.2026" in text
    # eine zweite Korrektur desselben Dialogs (anderes Formular): abgewiesen
    with pytest.raises(DialogKonflikt, match="bereits eine Korrektur erfasst"):
        erfasse_dialog(session, vereinbarung, LAND_SH, SPAETER, **INHALT, korrektur_von=d.id)
    session.rollback()
    assert len(dialoge(session)) == 2


def test_unbestaetigten_oder_fremden_dialog_korrigiert_man_nicht_als_neuen(session, vereinbarung):
    d = erfasse(session, vereinbarung).dialog
    with pytest.raises(DialogKonflikt, match="noch nicht bestätigt"):
        erfasse_dialog(session, vereinbarung, TRAEGER_NF, JETZT, **INHALT, korrektur_von=d.id)
    session.rollback()
    with pytest.raises(NichtGefunden):
        erfasse_dialog(session, vereinbarung, TRAEGER_NF, JETZT, **INHALT, korrektur_von=d.id + 99)
    session.rollback()
    assert len(dialoge(session)) == 1


def test_fingerabdruck_alter_berichte_bleibt_korrektur_aendert_ihn():
    """Ohne Korrektur ist der Fingerabdruck eines Berichts derselbe wie vor den neuen Feldern
    (ein Lauf erzeugt nichts neu); Verweis und Verlauf einer Korrektur ändern ihn."""
    import hashlib
    import json
    from dataclasses import asdict, replace

    from zielvereinbarung.documents.berichtsmodell import (
        DialogZeile,
        TraegerBericht,
        fingerabdruck,
    )

    ohne = DialogZeile("12.05.2026", "A; B", "Daten bis März 2026", (("IQ", "x"),), "M", "land")
    felder = {f: None for f in TraegerBericht.__dataclass_fields__}
    felder.update(titel="T", ags="01054", zeilen=(), neue_datenstaende=(), demodaten=False)
    bericht = TraegerBericht(**{**felder, "dialoge": (ohne,)})
    frueher = asdict(bericht)  # wie vorher berechnet: nur die damaligen Felder des Dialogs
    for name in ("erstellt", "audit_kopf"):
        frueher.pop(name)
    frueher.pop("budget")  # ohne Budgetrahmen (None) zählt das Feld nicht (DOMAIN.md § 10)
    frueher["revisionen"] = frueher.pop("neue_datenstaende")
    damals = ("datum", "teilnehmende", "datenstand", "wuerdigungen", "massnahmen", "autor")
    frueher["dialoge"] = [{k: v for k, v in asdict(ohne).items() if k in damals}]
    text = json.dumps(frueher, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert fingerabdruck(bericht) == hashlib.sha256(text.encode()).hexdigest()
    seite = replace(ohne, version=3, darf_korrigieren=True, fruehere_versionen=(("V1", "x"),))
    assert fingerabdruck(TraegerBericht(**{**felder, "dialoge": (seite,)})) == fingerabdruck(
        bericht
    )
    for geaendert in (
        replace(ohne, korrigiert_durch="korrigiert durch Dialog vom 20.05.2026"),
        replace(ohne, verlauf="Version 2, zuletzt korrigiert am …"),
    ):
        anders = TraegerBericht(**{**felder, "dialoge": (geaendert,)})
        assert fingerabdruck(anders) != fingerabdruck(bericht)


@pytest.mark.echte_commits  # die Migration läuft über eine eigene Verbindung
def test_migration_gibt_bestehenden_dialogen_version_1(engine, vereinbarung, db_url):
    """Die Migration *_dialog_korrektur auf einer Datenbank mit einem bestätigten und einem
    offenen Dialog: beide Version 1, die Bestätigung gilt Version 1, der offene ist danach
    korrigierbar."""
    from alembic.script import ScriptDirectory

    from zielvereinbarung import migration

    with Session(engine, expire_on_commit=False) as s:
        bestaetigt = erfasse(s, vereinbarung).dialog
        offen = erfasse(s, vereinbarung, teilnehmende="ohne Bestätigung").dialog
        bestaetige_dialog(s, vereinbarung, bestaetigt.id, TRAEGER_NF, SPAETER)
        s.commit()
    engine.dispose()
    skripte = ScriptDirectory.from_config(migration.alembic_config(db_url))
    (vorher,) = [
        s.down_revision for s in skripte.walk_revisions() if s.revision.endswith("_korrektur")
    ]
    try:
        migration.downgrade(db_url, vorher)
    finally:
        migration.upgrade(db_url)
    with Session(engine, expire_on_commit=False) as s:
        assert [(d.id, d.version, d.formular_token) for d in dialoge(s)] == [
            (bestaetigt.id, 1, None),
            (offen.id, 1, None),
        ]
        assert [b.version for b in s.exec(select(DialogBestaetigung))] == [1]
        assert korrigiere(s, vereinbarung, offen.id, 1, massnahmen="nach der Migration").neu
        s.commit()
