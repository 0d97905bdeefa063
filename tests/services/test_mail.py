"""E-Mail-Versand gegen einen echten SMTP-Server auf der Loopback-Schnittstelle (aiosmtpd)."""

from __future__ import annotations

import email
import logging
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from zielvereinbarung.mail import MailEinstellungen, Nachricht, sende_nachrichten


class Sammler:
    def __init__(self):
        self.umschlaege = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd-Schnittstelle)
        self.umschlaege.append(envelope)
        return "250 OK"


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    sammler = Sammler()
    port = _freier_port()
    controller = Controller(sammler, hostname="127.0.0.1", port=port)
    controller.start()
    yield sammler, port
    controller.stop()


NACHRICHT = Nachricht(
    ["land@sh.de", "vertretung@sh.de"],
    "Zielvereinbarung 2027 Nordfriesland: Angebot einreichen (Revision 2)",
    "nf hat ein Angebot eingereicht.\nÄnderungen: IQ +2,0 %",
    "/vereinbarungen/7",
)


def test_nachricht_kommt_an(smtp):
    sammler, port = smtp
    einstellungen = MailEinstellungen.aus_umgebung(
        {
            "ZV_SMTP_HOST": "127.0.0.1",
            "ZV_SMTP_PORT": str(port),
            "ZV_MAIL_FROM": "zv@land.de",
            "ZV_BASE_URL": "https://zv.example.de/",
        }
    )
    ergebnis = sende_nachrichten([NACHRICHT], einstellungen)
    assert (ergebnis.gesendet, ergebnis.fehlgeschlagen) == (1, 0)
    (umschlag,) = sammler.umschlaege
    assert umschlag.mail_from == "zv@land.de"
    assert umschlag.rcpt_tos == ["land@sh.de", "vertretung@sh.de"]
    mail = email.message_from_bytes(umschlag.content, policy=policy.default)
    assert mail["Subject"] == NACHRICHT.betreff
    text = mail.get_content()
    assert "Änderungen: IQ +2,0 %" in text
    assert "https://zv.example.de/vereinbarungen/7" in text


def test_ohne_smtp_host_wird_nichts_gesendet(smtp, caplog):
    sammler, port = smtp
    with caplog.at_level(logging.INFO, logger="zielvereinbarung.mail"):
        ergebnis = sende_nachrichten(
            [NACHRICHT], MailEinstellungen.aus_umgebung({"ZV_SMTP_PORT": str(port)})
        )
    assert (ergebnis.gesendet, ergebnis.uebersprungen) == (0, 1)
    assert sammler.umschlaege == []
    assert NACHRICHT.betreff in caplog.text


def test_fehler_werden_protokolliert_nicht_geworfen(caplog):
    einstellungen = MailEinstellungen(host="127.0.0.1", port=_freier_port(), timeout=2)
    with caplog.at_level(logging.ERROR, logger="zielvereinbarung.mail"):
        ergebnis = sende_nachrichten([NACHRICHT, NACHRICHT], einstellungen)
    assert (ergebnis.gesendet, ergebnis.fehlgeschlagen) == (0, 2)
    assert "nicht gesendet" in caplog.text
