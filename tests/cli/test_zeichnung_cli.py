"""`flask zv user zeichnung …`: Zeichnungsbefugnis erteilen, auflisten, entziehen, persönliches
Zertifikat registrieren, Vier-Augen-Prinzip – mit Audit-Einträgen und deutschen Fehlern."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from zielvereinbarung.documents import pki
from zielvereinbarung.models import AuditEreignis, LandEinstellung

JETZT = datetime.now(UTC)


def _konten(cli) -> None:
    for name, rolle, bereich in (("nf.landrat", "traeger", ("--ags", "01054")),
                                 ("leser.sh", "leser", ("--land", "SH"))):  # fmt: skip
        ergebnis = cli(
            "zv", "user", "create", "--benutzername", name, "--rolle", rolle, *bereich,
            "--name", "Florian Lorenzen", "--passwort", "ein-langes-passwort",
        )  # fmt: skip
        assert ergebnis.exit_code == 0, ergebnis.output


def _aktionen(engine) -> list[tuple[str, str]]:
    with Session(engine) as s:
        return [(e.akteur, e.aktion) for e in s.exec(
            select(AuditEreignis).where(AuditEreignis.aktion.like("zeichnungsbefugnis%"))
            .order_by(AuditEreignis.id)
        )]  # fmt: skip


def test_erteilen_liste_entziehen(cli, engine, stammdaten):
    _konten(cli)
    ergebnis = cli("zv", "user", "zeichnung", "erteilen", "nf.landrat", "--funktion", "Landrat")
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "nf.landrat ist jetzt zeichnungsberechtigt für Kreis Nordfriesland." in ergebnis.output
    liste = cli("zv", "user", "zeichnung", "liste", "--ags", "01054")
    assert f"nf.landrat\t01054\tFlorian Lorenzen\tLandrat\t{JETZT:%d.%m.%Y}" in liste.output
    doppelt = cli("zv", "user", "zeichnung", "erteilen", "nf.landrat")
    assert doppelt.exit_code == 1 and "bereits zeichnungsberechtigt" in doppelt.output

    assert cli("zv", "user", "zeichnung", "entziehen", "nf.landrat").exit_code == 0
    assert "Niemand ist zeichnungsberechtigt." in cli("zv", "user", "zeichnung", "liste").output
    assert _aktionen(engine) == [
        ("kommandozeile", "zeichnungsbefugnis_erteilt"),
        ("kommandozeile", "zeichnungsbefugnis_entzogen"),
    ]


def test_abweisungen(cli, engine, stammdaten):
    _konten(cli)
    unbekannt = cli("zv", "user", "zeichnung", "erteilen", "niemand")
    assert unbekannt.exit_code == 1 and "Den Benutzer „niemand“ gibt es nicht." in unbekannt.output
    leser = cli("zv", "user", "zeichnung", "erteilen", "leser.sh")
    assert leser.exit_code == 1 and "handelt für keine Vertragspartei" in leser.output
    zu_lang = cli("zv", "user", "zeichnung", "erteilen", "nf.landrat", "--funktion", "x" * 121)
    assert zu_lang.exit_code == 1 and "höchstens 120 Zeichen" in zu_lang.output
    assert _aktionen(engine) == []


def test_zertifikat_und_vier_augen(cli, engine, stammdaten, tmp_path):
    _konten(cli)
    ca = pki.erzeuge_ca("Qualifizierte Test-CA", JETZT - timedelta(days=1))
    von, bis = JETZT - timedelta(days=1), JETZT + timedelta(days=30)
    _, zert = pki.erzeuge_zertifikat(ca, "Florian Lorenzen", "Kreis Nordfriesland", None, von, bis)
    from cryptography.hazmat.primitives.serialization import Encoding

    datei = tmp_path / "lorenzen.cer"
    datei.write_bytes(zert.public_bytes(Encoding.DER))
    ergebnis = cli("zv", "user", "zeichnung", "zertifikat", "nf.landrat", str(datei))
    assert ergebnis.exit_code == 0, ergebnis.output
    assert "Zertifikat „Florian Lorenzen (Kreis Nordfriesland)“ (gültig bis" in ergebnis.output
    kaputt = tmp_path / "kaputt.pem"
    kaputt.write_text("-----BEGIN CERTIFICATE-----\nkaputt\n-----END CERTIFICATE-----\n")
    ergebnis = cli("zv", "user", "zeichnung", "zertifikat", "nf.landrat", str(kaputt))
    assert ergebnis.exit_code == 1 and "kein lesbares Zertifikat" in ergebnis.output

    assert "eingeschaltet." in cli("zv", "user", "zeichnung", "vier-augen", "sh", "an").output
    assert "(war es schon)" in cli("zv", "user", "zeichnung", "vier-augen", "SH", "an").output
    with Session(engine) as s:
        assert s.get(LandEinstellung, "SH").vier_augen
    falsch = cli("zv", "user", "zeichnung", "vier-augen", "XX", "an")
    assert falsch.exit_code == 1 and "Das Land „XX“ gibt es nicht." in falsch.output
