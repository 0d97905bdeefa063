"""`flask zv user …` und `flask zv audit verify`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session, select

from zielvereinbarung.models import AuditEreignis, Benutzer
from zielvereinbarung.services.konten.anmeldung import anmelden


def test_user_create_mit_passwort_und_list(cli, engine, stammdaten):
    ergebnis = cli(
        "zv",
        "user",
        "create",
        "--benutzername",
        "land-ni",
        "--rolle",
        "land",
        "--land",
        "NI",
        "--name",
        "Frau Beispiel",
        "--passwort",
        "ein-langes-passwort",
    )
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "Benutzer land-ni angelegt (Land, NI)" in ergebnis.output
    with Session(engine) as session:
        assert anmelden(session, "land-ni", "ein-langes-passwort", "127.0.0.1", datetime.now(UTC))
    liste = cli("zv", "user", "list")
    assert "land-ni\tLand\tNI\taktiv\tFrau Beispiel" in liste.output


def test_user_create_fragt_verdeckt_mit_wiederholung(app, engine, stammdaten):
    runner = app.test_cli_runner()
    ergebnis = runner.invoke(
        args=[
            "zv",
            "user",
            "create",
            "--benutzername",
            "traeger-03157",
            "--rolle",
            "traeger",
            "--ags",
            "03157",
        ],
        input="geheimes-passwort-1\ngeheimes-passwort-1\n",
    )
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "geheimes-passwort-1" not in ergebnis.output
    with Session(engine) as session:
        benutzer = session.exec(select(Benutzer)).one()
    assert (benutzer.rolle, benutzer.traeger_ags, benutzer.name) == (
        "traeger",
        "03157",
        "traeger-03157",
    )


def test_user_create_meldet_fehler_mit_option(cli, engine, stammdaten):
    ergebnis = cli(
        "zv",
        "user",
        "create",
        "--benutzername",
        "Falsch Name",
        "--rolle",
        "land",
        "--passwort",
        "kurz",
    )
    assert ergebnis.exit_code == 1
    assert "--benutzername:" in ergebnis.output and "--land:" in ergebnis.output
    assert "--passwort: Das Passwort muss mindestens 12 Zeichen lang sein." in ergebnis.output
    with Session(engine) as session:
        assert session.exec(select(Benutzer)).all() == []


def test_user_demo_legt_konten_fuer_alle_zkt_des_landes_an(cli, engine, stammdaten):
    ergebnis = cli("zv", "user", "demo", "--land", "SH")
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "traeger-01054" in ergebnis.output and "traeger-01059" in ergebnis.output
    assert "Demo-Passwort-2026!" in ergebnis.output


def test_audit_verify_ok_dann_manipuliert(cli, engine, stammdaten):
    cli("zv", "user", "demo", "--land", "SH")
    ok = cli("zv", "audit", "verify")
    assert ok.exit_code == 0 and "Audit-Kette intakt" in ok.output
    with Session(engine) as session:
        ids = session.exec(select(AuditEreignis.id).order_by(AuditEreignis.id)).all()
        opfer = ids[2]
        session.execute(
            text("UPDATE audit_ereignis SET details = :d WHERE id = :id"),
            {"d": '{"benutzername": "jemand-anders"}', "id": opfer},
        )
        session.commit()
    kaputt = cli("zv", "audit", "verify")
    assert kaputt.exit_code == 1
    assert kaputt.output.startswith(f"Ereignis {opfer} („benutzer_angelegt“ von system")
    assert "nachträglich verändert" in kaputt.output
