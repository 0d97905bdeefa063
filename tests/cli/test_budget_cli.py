"""Budgetrahmen auf der Kommandozeile (DOMAIN.md § 10): `flask zv budget import` (alles oder
nichts, Zeilenfehler, neue Fassung statt Überschreiben, gesperrt nach der Einigung) und das Budget
in `flask zv vereinbarungen liste --json`. Daten: tests/fixtures/nachhaltung.py (01054 2026
unterzeichnet, 01059 2026 im Entwurf)."""

from __future__ import annotations

import json

from sqlmodel import func, select

from zielvereinbarung.models import AuditEreignis, Budgetrahmen, ImportProtokoll


def _datei(tmp_path, name: str, *zeilen: str):
    pfad = tmp_path / name
    pfad.write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    return str(pfad)


def _budgets(session) -> list[tuple[str, int, int, int, str]]:
    session.expire_all()
    return [
        (b.ags, b.jahr, b.eingliederung, b.verwaltung, b.quelle)
        for b in session.exec(select(Budgetrahmen).order_by(Budgetrahmen.id))
    ]


def _liste(cli) -> dict[str, dict]:
    ergebnis = cli("zv", "vereinbarungen", "liste", "--land", "SH", "--json")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    return {o["ags"]: o for o in json.loads(ergebnis.stdout)}


def test_import_und_json(session, vereinbarung, cli, tmp_path):
    assert _liste(cli)["01059"]["budget"] is None
    datei = _datei(
        tmp_path,
        "budget.csv",
        "ags;jahr;eingliederungsmittel;verwaltungsmittel",
        "01059;2026;12345678,90;4567890",
        "01059;2027;1000;0,01",
    )
    ergebnis = cli("zv", "budget", "import", datei, "--benutzer", "land-sh")
    assert ergebnis.exit_code == 0, ergebnis.stderr
    assert "2 neu, 0 geändert" in ergebnis.stdout
    assert _budgets(session) == [
        ("01059", 2026, 1_234_567_890, 456_789_000, "import"),
        ("01059", 2027, 100_000, 1, "import"),
    ]
    assert _liste(cli)["01059"]["budget"] == {
        "eingliederung": "12345678.90",
        "verwaltung": "4567890.00",
    }
    assert _liste(cli)["01054"]["budget"] is None  # kein Budgetrahmen erfasst

    # derselbe Import: unverändert; eine Korrektur: neue Fassung, die alte bleibt
    assert "keine Änderungen" in cli("zv", "budget", "import", datei).stdout
    korrektur = _datei(
        tmp_path, "k.csv", "ags,jahr,eingliederungsmittel,verwaltungsmittel", "01059,2026,1,2"
    )
    assert "0 neu, 1 geändert" in cli("zv", "budget", "import", korrektur).stdout
    assert len(_budgets(session)) == 3
    assert _liste(cli)["01059"]["budget"] == {"eingliederung": "1.00", "verwaltung": "2.00"}
    details = [e.details for e in session.exec(select(AuditEreignis)) if e.aktion == "budgetrahmen"]
    assert details[-1]["vorher"] == {
        "eingliederung_cent": 1_234_567_890,
        "verwaltung_cent": 456_789_000,
    }


def test_alles_oder_nichts_mit_zeile_und_spalte(session, vereinbarung, cli, tmp_path):
    datei = _datei(
        tmp_path,
        "budget.csv",
        "ags,jahr,eingliederungsmittel,verwaltungsmittel,bemerkung",
        "01059,2026,1,1,x",
    )
    ergebnis = cli("zv", "budget", "import", datei)
    assert ergebnis.exit_code == 1 and "unbekannte Spalte „bemerkung“" in ergebnis.stderr
    datei = _datei(
        tmp_path,
        "budget.csv",
        "ags,jahr,eingliederungsmittel,verwaltungsmittel",
        "01059,2026,100.00,50",
        "1059,2026,100,50",
        "01059,26,-1,",
        "01059,2026,1.234,=SUMME(A1)",
        "01054,2026,5,5",
    )
    ergebnis = cli("zv", "budget", "import", datei)
    assert ergebnis.exit_code == 1
    for erwartet in (
        "Zeile 3, Spalte A (ags): „1059“ – der Kreisschlüssel muss fünfstellig sein",
        "Zeile 4, Spalte B (jahr): „26“ – kein gültiges Jahr",
        "Zeile 4, Spalte C (eingliederungsmittel): „-1“ – negative Werte",
        "Zeile 4, Spalte D (verwaltungsmittel): der Betrag fehlt.",
        "Zeile 5, Spalte C (eingliederungsmittel): „1.234“ – ein Geldbetrag darf höchstens 2",
        "Zeile 5, Spalte D (verwaltungsmittel): „=SUMME(A1)“ – Formeln sind nicht erlaubt",
    ):
        assert erwartet in ergebnis.stderr, erwartet
    assert _budgets(session) == []
    # beide Ablehnungen stehen im Importprotokoll
    session.expire_all()
    assert (
        session.exec(
            select(func.count())
            .select_from(ImportProtokoll)
            .where(ImportProtokoll.ergebnis == "abgelehnt")
        ).one()
        == 2
    )


def test_nach_der_einigung_gesperrt_und_doppelte_zeilen(session, vereinbarung, cli, tmp_path):
    datei = _datei(
        tmp_path,
        "budget.csv",
        "ags,jahr,eingliederungsmittel,verwaltungsmittel",
        "01054,2026,100,50",
        "01059,2026,1,1",
        "01059,2026,2,2",
    )
    ergebnis = cli("zv", "budget", "import", datei)
    assert ergebnis.exit_code == 1
    assert "Zeile 4: ags 01059, jahr 2026 kommt doppelt vor (auch in Zeile 3)." in ergebnis.stderr
    datei = _datei(
        tmp_path, "b2.csv", "ags,jahr,eingliederungsmittel,verwaltungsmittel", "01054,2026,100,50"
    )
    ergebnis = cli("zv", "budget", "import", datei)
    assert ergebnis.exit_code == 1
    assert (
        "Zeile 2, Spalte B (jahr): 01054: Die Zielvereinbarung 2026 ist im Stand" in ergebnis.stderr
    )
    assert _budgets(session) == []
