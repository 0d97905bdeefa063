"""Archivzeitstempel (PAdES B-LTA) über die Wege, die der Betrieb benutzt: das Kommando
`flask zv dokument archivzeitstempel` und der geplante Job `archivzeitstempel` – gegen den
Zeitstempeldienst, OCSP und die Sperrliste von certomancer auf 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from tests.fixtures.dokumente import LAND, NF, PASSPHRASE, unterzeichne
from zielvereinbarung.jobs.ausfuehrung import fuehre_aus
from zielvereinbarung.models import Dokument
from zielvereinbarung.services.dokumente import zertifikate
from zielvereinbarung.services.dokumente.einstellungen import DokumentEinstellungen


def _jetzt() -> datetime:  # certomancer antwortet mit der echten Uhrzeit
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def anker(tmp_path, certomancer):
    verzeichnis = tmp_path / "anker"
    verzeichnis.mkdir(exist_ok=True)
    (verzeichnis / "certomancer-wurzel.crt").write_bytes(certomancer.wurzel_der)
    return verzeichnis


@pytest.fixture
def app_lt(app, anker, certomancer) -> DokumentEinstellungen:
    """Die Test-App mit certomancer als Zeitstempeldienst und Vertrauensanker."""
    app.config.update(TSA_URL=certomancer.tsa_url, VERTRAUENSANKER=str(anker))
    return DokumentEinstellungen.aus_konfiguration(app.config, app.instance_path)


@pytest.fixture
def unterzeichnet_lt(session, app_lt, vid, certomancer) -> int:
    """01054/2027 von Träger und Land mit certomancer-Zertifikaten unterzeichnet (B-LT), ohne
    Archivzeitstempel; festgeschrieben, damit Kommando und Job es sehen."""
    for name, land, ags in (("land", "SH", None), ("traeger", None, "01054")):
        org = zertifikate.organisation(session, land_code=land, ags=ags)
        zertifikate.importiere(session, app_lt, org, certomancer.p12[name], PASSPHRASE, None,
                               None, None, "admin", _jetzt())  # fmt: skip
    unterzeichne(session, app_lt, vid, NF, _jetzt())
    unterzeichne(session, app_lt, vid, LAND, _jetzt())
    session.commit()
    return vid


def _fassungen(engine, vid) -> list[tuple[int, str, str]]:
    with Session(engine) as s:
        return [(d.version, d.status, d.herkunft) for d in s.exec(
            select(Dokument).where(Dokument.vereinbarung_id == vid).order_by(Dokument.version)
        )]  # fmt: skip


def test_kommando_bringt_den_archivzeitstempel_an(cli, engine, unterzeichnet_lt, tmp_path):
    ergebnis = cli("zv", "dokument", "archivzeitstempel", "--ags", "01054", "--jahr", "2027")
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "Archivzeitstempel angebracht (Version 4" in ergebnis.output
    assert _fassungen(engine, unterzeichnet_lt)[-1] == (4, "unterzeichnet", "archiv")
    # die neue Fassung ist weiter gültig und trägt den Zeitstempel
    ziel = tmp_path / "lta.pdf"
    export = cli("zv", "dokument", "export", "--ags", "01054", "--jahr", "2027", "--out", str(ziel))
    assert export.exit_code == 0, export.output
    pruefung = cli("zv", "verify", str(ziel))
    assert pruefung.exit_code == 0, pruefung.output
    assert "Archivzeitstempel" in pruefung.output
    # ohne Angabe: nur fällige Dokumente – gerade gestempelt, also keines
    ohne = cli("zv", "dokument", "archivzeitstempel")
    assert ohne.exit_code == 0 and "Kein Dokument braucht einen neuen Archivzeitstempel" in (
        ohne.output
    )
    assert len(_fassungen(engine, unterzeichnet_lt)) == 4


def test_kommando_ohne_zeitstempeldienst_und_ohne_jahr(app, cli, engine, unterzeichnet_lt):
    app.config["TSA_URL"] = None
    ergebnis = cli("zv", "dokument", "archivzeitstempel", "--ags", "01054", "--jahr", "2027")
    assert ergebnis.exit_code == 1
    assert "Kein Zeitstempeldienst eingestellt (ZV_TSA_URL)" in ergebnis.output
    ergebnis = cli("zv", "dokument", "archivzeitstempel", "--ags", "01054")
    assert ergebnis.exit_code == 1 and "--jahr fehlt" in ergebnis.output
    assert len(_fassungen(engine, unterzeichnet_lt)) == 3


def test_job_stempelt_fehlende_und_erneuert_vor_dem_ablauf(
    app, db_url, engine, unterzeichnet_lt, anker, certomancer, monkeypatch
):
    # der Job liest seine Einstellungen aus der Umgebung, wie im Scheduler-Prozess
    monkeypatch.setenv("ZV_INSTANCE_PATH", app.config["INSTANCE_PFAD"])
    monkeypatch.setenv("ZV_VERTRAUENSANKER", str(anker))
    monkeypatch.delenv("ZV_TSA_URL", raising=False)
    lauf = fuehre_aus(db_url, "archivzeitstempel", "manuell", "admin")
    assert (lauf.status, lauf.ergebnis) == ("ok", "Kein Zeitstempeldienst eingestellt "
                                            "(ZV_TSA_URL); nichts zu tun.")  # fmt: skip

    monkeypatch.setenv("ZV_TSA_URL", certomancer.tsa_url)
    lauf = fuehre_aus(db_url, "archivzeitstempel", "manuell", "admin")
    assert (lauf.status, lauf.ergebnis) == ("ok", "1 von 1 Dokument(en) mit neuem "
                                            "Archivzeitstempel.")  # fmt: skip
    assert _fassungen(engine, unterzeichnet_lt)[-1] == (4, "unterzeichnet", "archiv")
    lauf = fuehre_aus(db_url, "archivzeitstempel", "manuell", "admin")
    assert lauf.ergebnis == "0 von 0 Dokument(en) mit neuem Archivzeitstempel."

    # läuft das Zeitstempelzertifikat innerhalb des Vorlaufs ab, wird erneuert
    monkeypatch.setenv("ZV_ARCHIVZEITSTEMPEL_VORLAUF_TAGE", "1000")
    lauf = fuehre_aus(db_url, "archivzeitstempel", "manuell", "admin")
    assert lauf.ergebnis == "1 von 1 Dokument(en) mit neuem Archivzeitstempel."
    assert _fassungen(engine, unterzeichnet_lt)[-1] == (5, "unterzeichnet", "archiv")
