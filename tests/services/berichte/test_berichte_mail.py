"""Abonnenten bekommen nach dem Festschreiben eine E-Mail mit Link – gegen einen echten
SMTP-Server auf der Loopback-Schnittstelle (aiosmtpd)."""

from __future__ import annotations

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from tests.fixtures.nachhaltung import JETZT
from zielvereinbarung.fehler import FachlicherFehler
from zielvereinbarung.jobs.berichtslauf import erzeuge_berichte
from zielvereinbarung.models import Benutzer, Bericht
from zielvereinbarung.services.berichte.abonnements import abonniere


class Sammler:
    def __init__(self):
        self.umschlaege = []

    async def handle_DATA(self, server, session, envelope):
        self.umschlaege.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch, tmp_path):
    sammler = Sammler()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(sammler, hostname="127.0.0.1", port=port)
    controller.start()
    for name, wert in {
        "ZV_SMTP_HOST": "127.0.0.1",
        "ZV_SMTP_PORT": str(port),
        "ZV_MAIL_FROM": "berichte@land.de",
        "ZV_BASE_URL": "https://zv.example.de",
        "ZV_BERICHTE_PATH": str(tmp_path / "berichte"),
    }.items():
        monkeypatch.setenv(name, wert)
    yield sammler
    controller.stop()


def benutzer(session, name, rolle, email_, land=None, ags=None) -> Benutzer:
    b = Benutzer(
        benutzername=name,
        name=name,
        email=email_,
        passwort_hash="x",
        rolle=rolle,
        land_code=land,
        traeger_ags=ags,
        erstellt_am=JETZT,
    )
    session.add(b)
    session.flush()
    return b


def test_abonnenten_erhalten_link_nach_dem_festschreiben(session, vereinbarung, db_url, smtp):
    kreis = benutzer(session, "kreis-nf", "traeger", "nf@kreis.de", ags="01054")
    land = benutzer(session, "land-sh", "land", "sh@land.de", land="SH")
    ohne = benutzer(session, "ohne-mail", "land", None, land="SH")
    assert abonniere(session, kreis, "traeger", "01054", JETZT)
    assert not abonniere(session, kreis, "traeger", "01054", JETZT)  # doppelt: nichts Neues
    assert abonniere(session, land, "land", "SH", JETZT)
    assert abonniere(session, ohne, "land", "SH", JETZT)
    with pytest.raises(FachlicherFehler):
        abonniere(session, kreis, "land", "SH", JETZT)  # Träger sehen keine Landesübersicht
    session.commit()

    ergebnis = erzeuge_berichte(db_url, "2026-03", land="SH", arbeiter=1)
    assert ergebnis.mails == 2
    mails = {
        tuple(u.rcpt_tos): email.message_from_bytes(u.content, policy=policy.default)
        for u in smtp.umschlaege
    }
    assert set(mails) == {("nf@kreis.de",), ("sh@land.de",)}
    session.expire_all()
    nf = session.exec(select(Bericht).where(Bericht.schluessel == "01054")).one()
    text_nf = mails[("nf@kreis.de",)].get_content()
    assert mails[("nf@kreis.de",)]["Subject"] == "Neuer Bericht: " + nf.titel
    assert f"https://zv.example.de/berichte/{nf.id}/datei" in text_nf and nf.sha256 in text_nf
    assert "Landesübersicht März 2026" in mails[("sh@land.de",)]["Subject"]

    # ein unveränderter zweiter Lauf schreibt nichts und schickt nichts
    assert erzeuge_berichte(db_url, "2026-03", land="SH", arbeiter=1).mails == 0
    assert len(smtp.umschlaege) == 2
