"""E-Mail-Benachrichtigungen versenden (ohne Flask; nach dem Commit aufrufen).

Einstellungen aus der Umgebung:
- `ZV_SMTP_HOST`: Mailserver; nicht gesetzt → es wird nichts gesendet, nur protokolliert.
- `ZV_SMTP_PORT` (25), `ZV_SMTP_USER`/`ZV_SMTP_PASSWORD` (optional, Anmeldung nur mit beiden),
  `ZV_SMTP_STARTTLS` (0/1), `ZV_MAIL_FROM` (Absender), `ZV_BASE_URL` (Basis der Links).

`sende_nachrichten` wirft nie: Fehler werden protokolliert und gezählt, denn eine nicht
zugestellte Benachrichtigung darf eine schon festgeschriebene Aktion nicht scheitern lassen.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from .config import Konfiguration

log = logging.getLogger(__name__)

SIGNATUR = (
    "Diese Nachricht wurde automatisch von der Anwendung „Zielvereinbarung“ versandt; "
    "bitte nicht darauf antworten."
)


@dataclass(frozen=True)
class Nachricht:
    """Eine Benachrichtigung: Empfänger, Betreff, Text (deutsch, ohne Anrede-Schluss) und
    optional ein Pfad in der Anwendung (z. B. "/vereinbarungen/17"), aus dem mit `ZV_BASE_URL`
    ein Link wird."""

    an: list[str]
    betreff: str
    text: str
    pfad: str | None = None


@dataclass(frozen=True)
class MailEinstellungen:
    host: str | None = None
    port: int = 25
    benutzer: str | None = None
    passwort: str | None = None
    starttls: bool = False
    absender: str = "zielvereinbarung@localhost"
    basis_url: str = "http://127.0.0.1:5000"
    timeout: float = 10.0

    @classmethod
    def aus_umgebung(cls, umgebung: Mapping[str, str] | None = None) -> MailEinstellungen:
        k = Konfiguration.aus_umgebung(umgebung)
        return cls(
            host=k.smtp_host,
            port=k.smtp_port,
            benutzer=k.smtp_benutzer,
            passwort=k.smtp_passwort,
            starttls=k.smtp_starttls,
            absender=k.mail_absender,
            basis_url=k.basis_url,
        )


@dataclass
class Versandergebnis:
    gesendet: int = 0
    fehlgeschlagen: int = 0
    uebersprungen: int = 0  # ohne Empfänger oder Versand ausgeschaltet
    fehler: list[str] = field(default_factory=list)


def nachrichtentext(nachricht: Nachricht, einstellungen: MailEinstellungen) -> str:
    """Der vollständige Text: Anrede, Inhalt, Link (wenn `pfad`), Hinweis auf den Automaten."""
    teile = ["Guten Tag,", "", nachricht.text.strip(), ""]
    if nachricht.pfad:
        teile += [f"Zur Zielvereinbarung: {einstellungen.basis_url}{nachricht.pfad}", ""]
    teile += ["-- ", SIGNATUR, ""]
    return "\n".join(teile)


def _mail(nachricht: Nachricht, einstellungen: MailEinstellungen) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = einstellungen.absender
    mail["To"] = ", ".join(nachricht.an)
    mail["Subject"] = nachricht.betreff
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=einstellungen.absender.rpartition("@")[2] or None)
    mail.set_content(nachrichtentext(nachricht, einstellungen), charset="utf-8")
    return mail


def sende_nachrichten(
    nachrichten: Iterable[Nachricht], einstellungen: MailEinstellungen | None = None
) -> Versandergebnis:
    """Sendet die Nachrichten über eine SMTP-Verbindung; ohne `ZV_SMTP_HOST` nur Protokoll."""
    e = einstellungen or MailEinstellungen.aus_umgebung()
    ergebnis = Versandergebnis()
    alle = list(nachrichten)
    liste = [n for n in alle if n.an]
    ergebnis.uebersprungen = len(alle) - len(liste)
    if not liste:
        return ergebnis
    if not e.host:
        for n in liste:
            log.info(
                "E-Mail-Versand aus (ZV_SMTP_HOST leer): an %s: %s", ", ".join(n.an), n.betreff
            )
        ergebnis.uebersprungen += len(liste)
        return ergebnis
    try:
        with smtplib.SMTP(e.host, e.port, timeout=e.timeout) as smtp:
            if e.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if e.benutzer and e.passwort:
                smtp.login(e.benutzer, e.passwort)
            for n in liste:
                try:
                    smtp.send_message(_mail(n, e))
                    ergebnis.gesendet += 1
                except (smtplib.SMTPException, OSError, ValueError) as fehler:
                    _fehlschlag(ergebnis, n, fehler)
    except (smtplib.SMTPException, OSError) as fehler:
        for n in liste[ergebnis.gesendet + ergebnis.fehlgeschlagen :]:
            _fehlschlag(ergebnis, n, fehler)
    return ergebnis


def _fehlschlag(ergebnis: Versandergebnis, n: Nachricht, fehler: Exception) -> None:
    ergebnis.fehlgeschlagen += 1
    meldung = f"E-Mail an {', '.join(n.an)} („{n.betreff}“) nicht gesendet: {fehler}"
    ergebnis.fehler.append(meldung)
    log.error(meldung)
