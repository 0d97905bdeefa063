"""Gleichzeitige Bearbeitung im Browser: Konfliktseite (409) mit aktueller Revision und Eingabe,
erneutes
Einreichen auf Grundlage der neuen Revision, Doppelklick ohne doppelte Revision, und E-Mails erst
nach dem Commit (echter SMTP-Server auf der Loopback-Schnittstelle)."""

from __future__ import annotations

import email
import socket
from email import policy

import lxml.html
import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, func, select
from werkzeug.datastructures import MultiDict

from zielvereinbarung.models import Benutzer, Revision, Zielwert


def revisionen(engine, vid: int) -> int:
    with Session(engine) as s:
        return s.exec(
            select(func.count()).select_from(Revision).where(Revision.vereinbarung_id == vid)
        ).one()


def iq_der_neuesten_revision(engine, vid: int):
    with Session(engine) as s:
        rev = s.exec(
            select(Revision).where(Revision.vereinbarung_id == vid).order_by(Revision.nummer.desc())
        ).first()
        return s.exec(
            select(Zielwert.wert).where(
                Zielwert.revision_id == rev.id, Zielwert.zielindikator == "IQ"
            )
        ).one()


def formular_aus(html: str) -> tuple[str, MultiDict]:
    (form,) = lxml.html.fromstring(html).xpath('//form[contains(@class, "werteformular")]')
    return form.get("action"), MultiDict(form.form_values())


def test_zweites_formular_auf_alter_revision_bekommt_die_konfliktseite(
    client_als, formular, entwuerfe_sh, engine
):
    vid = entwuerfe_sh["01054"]
    traeger = client_als("traeger")
    action, tab1 = formular(traeger, f"/vereinbarungen/{vid}/bearbeiten")
    _, tab2 = formular(traeger, f"/vereinbarungen/{vid}/bearbeiten")
    tab1["IQ-wert"] = "2,5"
    assert traeger.post(action, data=tab1).status_code == 302
    tab2["IQ-wert"] = "abc"  # veraltete Grundlage und ein Tippfehler: erst der Fehler am Feld
    antwort = traeger.post(action, data=tab2)
    assert antwort.status_code == 422
    assert formular_aus(antwort.get_data(as_text=True))[1]["basis_nummer"] == "1"
    tab2["IQ-wert"], tab2["IQ-kommentar"], tab2["kommentar"] = (
        "3,5",
        "Begründung aus Tab 2",
        "Gesamt 2",
    )
    antwort = traeger.post(action, data=tab2)
    assert antwort.status_code == 409
    seite = antwort.get_data(as_text=True)
    assert "Die Zielvereinbarung wurde inzwischen geändert" in seite
    assert "Revision 2: Angebot" in seite and "+2,5 %" in seite  # aktuelle Revision
    assert (
        "<mark>+3,5 %</mark>" in seite and "Begründung aus Tab 2" in seite and "Gesamt 2" in seite
    )
    assert "unterschiedlich" in seite and "Land am Zug" in seite
    assert revisionen(engine, vid) == 2


def test_konflikt_mit_formular_auf_der_neuen_revision(client_als, formular, entwuerfe_sh, engine):
    vid = entwuerfe_sh["01054"]
    url = f"/vereinbarungen/{vid}/bearbeiten"
    traeger, land = client_als("traeger"), client_als("land")
    action, angebot = formular(traeger, url)
    angebot["IQ-wert"] = "2,5"
    traeger.post(action, data=angebot)
    _, tab1 = formular(land, url)
    _, tab2 = formular(land, url)
    tab1["IQ-wert"] = "3,0"
    land.post(action, data=tab1)  # Revision 3: Gegenvorschlag
    _, neu = formular(traeger, url)
    neu["IQ-wert"] = "2,8"
    traeger.post(action, data=neu)  # Revision 4: neues Angebot, das Land ist wieder am Zug

    tab2["IQ-wert"], tab2["LZB-kommentar"], tab2["kommentar"] = (
        "2,9",
        "aus Tab 2",
        "zweiter Versuch",
    )
    antwort = land.post(action, data=tab2)
    assert antwort.status_code == 409
    seite = antwort.get_data(as_text=True)
    assert "Revision 4: Angebot" in seite and "+2,8 %" in seite and "<mark>+2,9 %</mark>" in seite
    action2, erneut = formular_aus(seite)
    assert action2 == action
    assert erneut["basis_nummer"] == "4" and erneut["IQ-wert"] == "2,9"
    assert (
        erneut["LZB-kommentar"].strip() == "aus Tab 2"
        and erneut["kommentar"].strip() == "zweiter Versuch"
    )
    assert "Gegenvorschlag senden" in seite
    assert revisionen(engine, vid) == 4

    assert land.post(action2, data=erneut).status_code == 302
    assert revisionen(engine, vid) == 5 and str(iq_der_neuesten_revision(engine, vid)) == "2.9"


def test_annahme_einer_ueberholten_revision_zeigt_die_konfliktseite(
    client_als, formular, entwuerfe_sh, engine
):
    vid = entwuerfe_sh["01054"]
    url = f"/vereinbarungen/{vid}/bearbeiten"
    traeger, land = client_als("traeger"), client_als("land")
    action, daten = formular(traeger, url)
    traeger.post(action, data=daten)  # Revision 2
    annahme_action, annahme = formular(land, f"/vereinbarungen/{vid}/annehmen", "bestaetigung")
    _, gegen = formular(land, url)
    gegen["IQ-wert"] = "3,0"
    land.post(action, data=gegen)  # Revision 3 (etwa aus einem anderen Tab)
    antwort = land.post(annahme_action, data=annahme)
    assert antwort.status_code == 409
    assert "Inzwischen liegt Revision 3 vor" in antwort.get_data(as_text=True)
    assert revisionen(engine, vid) == 3


def test_doppelt_absenden_legt_genau_eine_revision_an(client_als, formular, entwuerfe_sh, engine):
    vid = entwuerfe_sh["01054"]
    traeger = client_als("traeger")
    action, daten = formular(traeger, f"/vereinbarungen/{vid}/bearbeiten")
    daten["IQ-wert"], daten["kommentar"] = "2,5", "einmal"
    erste = traeger.post(action, data=daten)
    zweite = traeger.post(action, data=daten, follow_redirects=True)
    assert erste.status_code == 302 and zweite.status_code == 200
    seite = zweite.get_data(as_text=True)
    assert "war bereits eingereicht; nichts doppelt angelegt" in seite
    assert 'class="meldung meldung-info" role="status"' in seite
    assert revisionen(engine, vid) == 2

    land = client_als("land")
    annahme_action, annahme = formular(land, f"/vereinbarungen/{vid}/annehmen", "bestaetigung")
    assert land.post(annahme_action, data=annahme).status_code == 302
    seite = land.post(annahme_action, data=annahme, follow_redirects=True).get_data(as_text=True)
    assert "war bereits angenommen" in seite and "Einigung erzielt" in seite


class Sammler:
    """SMTP-Empfänger; merkt sich je Mail, wie viele Revisionen beim Eintreffen festgeschrieben
    waren (eigene Verbindung, sieht also nur Committetes)."""

    def __init__(self, engine, vid):
        self.engine, self.vid, self.mails = engine, vid, []

    async def handle_DATA(self, server, session, envelope):  # Name von aiosmtpd vorgegeben
        self.mails.append((envelope, revisionen(self.engine, self.vid)))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch, engine, entwuerfe_sh):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sammler = Sammler(engine, entwuerfe_sh["01054"])
    controller = Controller(sammler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("ZV_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ZV_SMTP_PORT", str(port))
    monkeypatch.setenv("ZV_BASE_URL", "https://zv.example.de")
    yield sammler
    controller.stop()


def test_gegenseite_bekommt_mail_erst_nach_dem_commit(
    client_als, formular, entwuerfe_sh, engine, smtp
):
    vid = entwuerfe_sh["01054"]
    with Session(engine) as s:
        for name, adresse in (
            ("land-sh", "land@sh.example"),
            ("traeger-01054", "nf@kreis.example"),
        ):
            s.exec(select(Benutzer).where(Benutzer.benutzername == name)).one().email = adresse
        s.commit()
    traeger = client_als("traeger")
    action, daten = formular(traeger, f"/vereinbarungen/{vid}/bearbeiten")
    daten["IQ-wert"] = "abc"
    assert traeger.post(action, data=daten).status_code == 422
    assert smtp.mails == []  # nichts gespeichert, nichts gemeldet

    daten["IQ-wert"], daten["kommentar"] = "2,5", "Unser Angebot"
    assert traeger.post(action, data=daten).status_code == 302
    ((umschlag, festgeschrieben),) = smtp.mails
    assert umschlag.rcpt_tos == ["land@sh.example"]
    assert festgeschrieben == 2  # die Revision war beim Versand schon festgeschrieben
    mail = email.message_from_bytes(umschlag.content, policy=policy.default)
    assert "Angebot eingereicht (Revision 2)" in mail["Subject"]
    text = mail.get_content()
    assert f"https://zv.example.de/vereinbarungen/{vid}" in text and "Unser Angebot" in text

    assert traeger.post(action, data=daten).status_code == 302  # Doppelklick: keine zweite Mail
    assert len(smtp.mails) == 1


def test_abgelaufene_sitzung_behaelt_auch_lange_kommentare(
    client_als, formular, entwuerfe_sh, engine, csrf_token, uhr
):
    """Läuft die Sitzung beim Ausfüllen ab, kommt nach der Anmeldung das Formular mit allem
    Getippten zurück – auch ein Kommentar, der nicht in ein Sitzungscookie passt."""
    vid = entwuerfe_sh["01054"]
    traeger = client_als("traeger")
    url = f"/vereinbarungen/{vid}/bearbeiten"
    _, daten = formular(traeger, url)
    langer_kommentar = (
        "Begründung: " + "Arbeitsmarktlage im ländlichen Raum. " * 200
    )  # ~7.400 Zeichen
    daten["kommentar"] = langer_kommentar
    daten["IQ-wert"] = "2,4"
    uhr.vor(minutes=61)  # die Sitzung läuft ab, während das Formular offen ist
    antwort = traeger.post(url, data=daten, headers={"Referer": f"http://localhost{url}"})
    assert antwort.status_code == 302 and antwort.headers["Location"].startswith("/anmelden")
    assert revisionen(engine, vid) == 1
    from zielvereinbarung.demo.konten import DEMO_PASSWORT

    anmeldung = antwort.headers["Location"]
    weiter = traeger.post(
        anmeldung,
        data={
            "csrf_token": csrf_token(traeger, anmeldung),
            "benutzername": "traeger-01054",
            "passwort": DEMO_PASSWORT,
        },
    )
    assert weiter.headers["Location"] == url
    seite = traeger.get(url).get_data(as_text=True)
    assert "Ihre Eingaben wurden wiederhergestellt" in seite
    assert langer_kommentar.strip() in seite
    assert 'value="2,4"' in seite
