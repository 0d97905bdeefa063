"""Wie der Dialog heißt (DOMAIN.md § 9): im Ablauf BMAS ↔ Land sagen Seiten, Meldungen,
Startseite und Hinweise (= Text der E-Mails) „Sitzung des Kooperationsausschusses“, nie
„Zielnachhaltedialog“; im Ablauf Land ↔ Träger bleibt es beim „Zielnachhaltedialog“."""

from __future__ import annotations

from sqlmodel import Session, select

from zielvereinbarung.models import Hinweis, Zielnachhaltedialog

from .test_ausschuss_seiten import SEITE, ausgefuellt, bund_sh  # noqa: F401  (Fixture)
from .test_nachhaltung_seiten import unterzeichnet  # noqa: F401  (Fixture)

FALSCH = "Zielnachhaltedialog"


def _text(client, url: str, status: int = 200) -> str:
    antwort = client.get(url)
    assert antwort.status_code == status, url
    return antwort.get_data(as_text=True)


def _hinweise(engine) -> list[str]:
    with Session(engine) as s:
        return [
            f"{h.titel} {h.text}"
            for h in s.exec(select(Hinweis).where(Hinweis.art == "dialog").order_by(Hinweis.id))
        ]


def _dialog(engine) -> Zielnachhaltedialog:
    with Session(engine) as s:
        [d] = s.exec(select(Zielnachhaltedialog)).all()
        return d


def test_bmas_und_land_sehen_den_kooperationsausschuss(client_als, formular, csrf_token,
                                                        bund_sh, engine):  # noqa: F811  # fmt: skip
    land, bund = client_als("land"), client_als("bund")
    url = f"/vereinbarungen/{bund_sh}/nachhaltung/dialog"
    seiten = [_text(land, url)]
    action, felder = ausgefuellt(formular, land, url)
    assert land.post(action, data=felder).status_code == 302
    s = _dialog(engine)
    seiten.append(text := _text(land, SEITE))
    assert "Die Sitzung des Kooperationsausschusses wurde gespeichert" in text
    korr = f"/vereinbarungen/{bund_sh}/nachhaltung/dialog/{s.id}/korrigieren"
    seiten.append(_text(land, korr))
    action, felder = ausgefuellt(formular, land, korr, massnahmen="Land berichtet im März")
    assert land.post(action, data=felder).status_code == 302
    seiten.append(text := _text(land, SEITE))
    assert "Die Korrektur wurde gespeichert (Version 2)" in text

    seiten.append(start := _text(bund, "/"))
    assert "Sitzungen des Kooperationsausschusses zur Bestätigung" in start
    assert "Sitzung des Kooperationsausschusses vom 30.11.2026 bestätigen" in start
    seiten.append(_text(bund, "/hinweise"))
    seiten.append(_text(bund, SEITE))
    bestaetigen = f"/vereinbarungen/{bund_sh}/nachhaltung/dialog/{s.id}/bestaetigen"
    token = csrf_token(bund, SEITE)
    assert bund.post(bestaetigen, data={"csrf_token": token, "version": "2"}).status_code == 302
    seiten.append(text := _text(bund, SEITE))
    assert (
        "Die Sitzung des Kooperationsausschusses ist bestätigt; sie ist jetzt eingefroren." in text
    )
    assert bund.post(bestaetigen, data={"csrf_token": token, "version": "2"}).status_code == 302
    seiten.append(text := _text(bund, SEITE))
    assert "Diese Sitzung des Kooperationsausschusses ist bereits bestätigt." in text
    seiten.append(_text(land, "/hinweise"))
    fremd = f"/vereinbarungen/{bund_sh}/nachhaltung/dialog/{s.id + 1000}/korrigieren"
    seiten.append(_text(land, fremd, 404))
    seiten.append(_text(land, "/"))

    hinweise = _hinweise(engine)
    assert len(hinweise) >= 3  # erfasst, korrigiert (an das BMAS), bestätigt (an das Land)
    assert all("Sitzung des Kooperationsausschusses" in h for h in hinweise)
    for seite in seiten + hinweise:
        assert FALSCH not in seite


def test_land_und_traeger_sehen_weiter_den_zielnachhaltedialog(client_als, csrf_token,
                                                               unterzeichnet, engine):  # noqa: F811  # fmt: skip
    vid = unterzeichnet["01054"]
    traeger, land = client_als("traeger"), client_als("land")
    url = f"/vereinbarungen/{vid}/nachhaltung/dialog"
    assert "Zielnachhaltedialog erfassen" in _text(traeger, url)
    daten = {"csrf_token": csrf_token(traeger, url), "datum": "2026-05-12",
             "teilnehmende": "Frau A, Herr B", "datenstand": "2026-03",
             "massnahmen": "Vermittlungsoffensive"}  # fmt: skip
    assert traeger.post(url, data=daten).status_code == 302
    d = _dialog(engine)
    seite = f"/vereinbarungen/{vid}/nachhaltung"
    assert "Der Zielnachhaltedialog wurde gespeichert" in _text(traeger, seite)
    start = _text(land, "/")
    assert "Zielnachhaltedialoge zur Bestätigung" in start
    assert "Kreis Nordfriesland: Zielnachhaltedialog vom 12.05.2026 bestätigen" in start
    assert "Kooperationsausschuss" not in start
    ziel = f"{seite}/dialog/{d.id}/bestaetigen"
    token = csrf_token(land, seite)
    assert land.post(ziel, data={"csrf_token": token, "version": "1"}).status_code == 302
    assert "Der Zielnachhaltedialog ist bestätigt" in _text(land, seite)
    assert land.post(ziel, data={"csrf_token": token, "version": "1"}).status_code == 302
    assert "Dieser Zielnachhaltedialog ist bereits bestätigt." in _text(land, seite)
    hinweise = _hinweise(engine)
    assert len(hinweise) >= 2 and all(FALSCH in h for h in hinweise)
    assert not any("Kooperationsausschuss" in h for h in hinweise)
