"""Zielnachhaltedialoge im Browser (Test-Client, echte Anmeldung, Issue 8): einmal gespeichert
trotz mehrfachen Absendens, korrigiert bis zur Bestätigung, bestätigt (die gesehene Version),
danach eingefroren und als neuer Dialog korrigiert – und was die Nutzerin jeweils sieht."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from zielvereinbarung.models import (
    AuditEreignis,
    Benutzer,
    DialogBestaetigung,
    DialogVersion,
    Hinweis,
    Zielnachhaltedialog,
)

from .test_nachhaltung_seiten import unterzeichnet  # noqa: F401  (Fixture)

EINGABE = {
    "datum": "2026-05-12",
    "teilnehmende": "Frau A (Land), Herr B (Kreis)",
    "datenstand": "2026-03",
    "wuerdigung_IQ": "Rückstand durch Saisoneffekt",
    "massnahmen": "Vermittlungsoffensive im Juni",
}


def dialoge(engine) -> list[Zielnachhaltedialog]:
    with Session(engine) as s:
        return list(s.exec(select(Zielnachhaltedialog).order_by(Zielnachhaltedialog.id)))


def bestaetigungen(engine) -> list[DialogBestaetigung]:
    with Session(engine) as s:
        return list(s.exec(select(DialogBestaetigung)))


def ausgefuellt(formular, client, url: str, **werte):
    """Das Formular, wie der Browser es sendet (mit verstecktem Token), ausgefüllt."""
    action, felder = formular(client, url, "formular")
    for name, wert in {**EINGABE, **werte}.items():
        felder[name] = wert
    return action or url, felder


def seite(client, vid) -> str:
    return client.get(f"/vereinbarungen/{vid}/nachhaltung").get_data(as_text=True)


def erfasst(formular, client, vid) -> None:
    action, felder = ausgefuellt(formular, client, f"/vereinbarungen/{vid}/nachhaltung/dialog")
    assert client.post(action, data=felder).status_code == 302


def bestaetige(client, csrf_token, vid, dialog_id, version: str):
    token = csrf_token(client, f"/vereinbarungen/{vid}/nachhaltung")
    return client.post(
        f"/vereinbarungen/{vid}/nachhaltung/dialog/{dialog_id}/bestaetigen",
        data={"csrf_token": token, "version": version},
    )


def test_sieben_absendungen_ein_dialog(client_als, formular, unterzeichnet, engine):  # noqa: F811
    vid = unterzeichnet["01054"]
    land = client_als("land")
    url = f"/vereinbarungen/{vid}/nachhaltung/dialog"
    action, felder = ausgefuellt(formular, land, url)
    assert len(felder["formular_token"]) >= 32
    antworten = [land.post(action, data=felder) for _ in range(7)]
    assert {a.status_code for a in antworten} == {302}
    (dialog,) = dialoge(engine)
    assert all(a.location.endswith(f"#dialog-{dialog.id}") for a in antworten)
    text = seite(land, vid)
    assert "Dieser Dialog wurde bereits gespeichert" in text
    assert text.count(' id="dialog-') == 1
    # zurück, das Formular neu geladen (neues Token), dasselbe noch einmal gesendet
    action, felder = ausgefuellt(formular, land, url)
    assert land.post(action, data=felder).status_code == 302
    assert len(dialoge(engine)) == 1
    with Session(engine) as s:
        aktionen = s.exec(select(AuditEreignis.aktion)).all()
    assert aktionen.count("zielnachhaltedialog") == 1
    # ehrlich: ein anderer Dialog wird angelegt, die Seite zeigt beide
    action, felder = ausgefuellt(formular, land, url, teilnehmende="Frau C, Herr D")
    land.post(action, data=felder)
    assert len(dialoge(engine)) == 2
    assert "Der Zielnachhaltedialog wurde gespeichert" in seite(land, vid)


def test_korrigieren_bis_zur_bestaetigung_dann_eingefroren(
    client_als,
    formular,
    csrf_token,
    unterzeichnet,  # noqa: F811
    engine,
):
    vid = unterzeichnet["01054"]
    land, traeger = client_als("land"), client_als("traeger")
    erfasst(formular, land, vid)
    (dialog,) = dialoge(engine)
    korrektur_url = f"/vereinbarungen/{vid}/nachhaltung/dialog/{dialog.id}/korrigieren"

    # der Träger sieht „bestätigen“, nicht „korrigieren“, und darf nicht korrigieren
    text = seite(traeger, vid)
    assert "Dialog vom 12.05.2026 bestätigen" in text and korrektur_url not in text
    assert traeger.get(korrektur_url).status_code == 403
    # das Land korrigiert (vorbelegtes Formular mit Version)
    assert korrektur_url in seite(land, vid)
    action, felder = formular(land, korrektur_url, "formular")
    assert felder["massnahmen"].strip() == "Vermittlungsoffensive im Juni"
    assert felder["version"] == "1"
    felder["massnahmen"] = "Vermittlungsoffensive im Juli"
    assert land.post(action or korrektur_url, data=felder).status_code == 302
    text = seite(land, vid)
    assert "Die Korrektur wurde gespeichert (Version 2)" in text and "im Juli" in text
    assert re.search(r"Version 2, zuletzt korrigiert am [\d.]+, [\d:]+ Uhr von land-sh", text)
    assert "Frühere Versionen (1)" in text and "Vermittlungsoffensive im Juni" in text
    with Session(engine) as s:  # der Träger erfährt von der Korrektur (Hinweis)
        hinweise = s.exec(
            select(Hinweis.text)
            .join(Benutzer, Benutzer.id == Hinweis.benutzer_id)
            .where(Benutzer.benutzername == "traeger-01054", Hinweis.art == "dialog")
        ).all()
    assert any("korrigiert (Version 2)" in h for h in hinweise), hinweise
    # derselbe Korrektur-POST noch einmal (Doppelklick): keine Version 3
    land.post(action or korrektur_url, data=felder)
    assert dialoge(engine)[0].version == 2

    # der Träger bestätigt die Version, die er sieht
    (version,) = re.findall(r'name="version" value="(\d+)"', seite(traeger, vid))
    assert version == "2"
    assert bestaetige(traeger, csrf_token, vid, dialog.id, version).status_code == 302
    text = seite(land, vid)
    assert re.search(r"Bestätigt am [\d.]+ von traeger-01054 \(Träger\) \(Version 2\)", text)
    assert korrektur_url not in text and "Korrektur erfassen" in text
    # danach: kein Korrekturformular, ein gebastelter POST ändert nichts (409 mit Meldung)
    assert land.get(korrektur_url).status_code == 409
    felder["massnahmen"] = "nachträglich still geändert"
    antwort = land.post(action or korrektur_url, data=felder)
    assert antwort.status_code == 409
    assert "kann nicht mehr geändert werden" in antwort.get_data(as_text=True)
    (gespeichert,) = dialoge(engine)
    assert (gespeichert.massnahmen, gespeichert.version) == ("Vermittlungsoffensive im Juli", 2)
    with Session(engine) as s:
        assert len(s.exec(select(DialogVersion)).all()) == 1


def test_bestaetigung_einer_ueberholten_version_wird_abgewiesen(
    client_als,
    formular,
    csrf_token,
    unterzeichnet,  # noqa: F811
    engine,
):
    vid = unterzeichnet["01054"]
    land, traeger = client_als("land"), client_als("traeger")
    erfasst(formular, land, vid)
    (dialog,) = dialoge(engine)
    (gesehen,) = re.findall(r'name="version" value="(\d+)"', seite(traeger, vid))
    korrektur_url = f"/vereinbarungen/{vid}/nachhaltung/dialog/{dialog.id}/korrigieren"
    action, felder = formular(land, korrektur_url, "formular")
    felder["massnahmen"] = "still geändert"
    land.post(action or korrektur_url, data=felder)
    antwort = bestaetige(traeger, csrf_token, vid, dialog.id, gesehen)
    assert antwort.status_code == 409
    assert "inzwischen von land-sh korrigiert" in antwort.get_data(as_text=True)
    assert bestaetigungen(engine) == []
    assert bestaetige(traeger, csrf_token, vid, dialog.id, "2").status_code == 302  # ehrlich
    assert [b.version for b in bestaetigungen(engine)] == [2]


def test_korrektur_eines_bestaetigten_dialogs_ist_ein_neuer(
    client_als,
    formular,
    csrf_token,
    unterzeichnet,  # noqa: F811
    engine,
):
    vid = unterzeichnet["01054"]
    land, traeger = client_als("land"), client_als("traeger")
    erfasst(formular, land, vid)
    (dialog,) = dialoge(engine)
    bestaetige(traeger, csrf_token, vid, dialog.id, "1")
    url = f"/vereinbarungen/{vid}/nachhaltung/dialog?korrektur_von={dialog.id}"
    assert url.split("/vereinbarungen")[1] in seite(traeger, vid).replace("&amp;", "&")
    # das Land öffnet das Korrekturformular zur selben Zeit wie der Träger
    action_land, felder_land = ausgefuellt(formular, land, url, massnahmen="noch eine Korrektur")
    seite_korrektur = traeger.get(url).get_data(as_text=True)
    assert "Korrektur zum Dialog vom 12.05.2026" in seite_korrektur
    action, felder = formular(traeger, url, "formular")
    assert felder["wuerdigung_IQ"].strip() == "Rückstand durch Saisoneffekt"  # vorbelegt
    assert felder["korrektur_von"] == str(dialog.id)
    felder["wuerdigung_IQ"] = "Saisoneffekt überschätzt"
    traeger.post(action or url, data=felder)
    traeger.post(action or url, data=felder)  # doppelt gesendet
    alt, neu = dialoge(engine)
    assert neu.korrektur_von == alt.id and neu.partei == "traeger"
    text = seite(land, vid)
    assert f'<a href="#dialog-{alt.id}">Korrektur von Dialog vom 12.05.2026</a>' in text
    assert f'<a href="#dialog-{neu.id}">Korrigiert durch Dialog vom 12.05.2026</a>' in text
    assert "Rückstand durch Saisoneffekt" in text  # der alte Dialog bleibt sichtbar
    assert "Wartet auf die Bestätigung durch das Land." in text
    assert bestaetige(land, csrf_token, vid, neu.id, "1").status_code == 302
    # „Korrektur erfassen“ ist weg; die alte Adresse führt zur vorhandenen Korrektur
    assert f"korrektur_von={alt.id}" not in seite(land, vid)
    antwort = land.get(url)
    assert antwort.status_code == 302 and antwort.location.endswith(f"#dialog-{neu.id}")
    # eine zweite Korrektur desselben Dialogs (vorher geöffnetes Formular): 409, nichts angelegt
    antwort = land.post(action_land, data=felder_land)
    assert antwort.status_code == 409
    assert "bereits eine Korrektur erfasst" in antwort.get_data(as_text=True)
    assert len(dialoge(engine)) == 2


def _stand(engine) -> tuple:
    """Alles, was ein Angriff ändern könnte: die Dialoge (Inhalt, Version), Versionen,
    Bestätigungen und ihre Audit-Ereignisse (Anmeldungen zählen nicht)."""
    with Session(engine) as s:
        zeilen = tuple(
            (d.id, d.massnahmen, d.version, d.korrektur_von)
            for d in s.exec(select(Zielnachhaltedialog).order_by(Zielnachhaltedialog.id))
        )
        aktionen = s.exec(select(AuditEreignis.aktion)).all()
        return (
            zeilen,
            len(s.exec(select(DialogVersion)).all()),
            len(s.exec(select(DialogBestaetigung)).all()),
            [a for a in aktionen if "dialog" in a],
        )


def test_fremde_und_unsinnige_adressen_aendern_nichts(
    client_als,
    formular,
    csrf_token,
    unterzeichnet,  # noqa: F811
    engine,
):
    """Träger anderer Kreise (im Land und in einem anderen), Leser und ausgedachte ids:
    403/404/400, kein Dialog angelegt, korrigiert oder bestätigt, nichts protokolliert. Danach
    bestätigt der eigene Träger ehrlich."""
    vid = unterzeichnet["01054"]
    land = client_als("land")
    basis = f"/vereinbarungen/{vid}/nachhaltung/dialog"
    action, felder = ausgefuellt(formular, land, basis)
    land.post(action, data=felder)
    (dialog,) = dialoge(engine)
    korrigieren = f"{basis}/{dialog.id}/korrigieren"
    bestaetigen = f"{basis}/{dialog.id}/bestaetigen"
    vorher = _stand(engine)

    for name in ("traeger-01059", "traeger-03157", "leser"):
        fremd = client_als(name)
        token = csrf_token(fremd, "/")
        daten = {**felder, "csrf_token": token, "massnahmen": "fremd geändert", "version": "1"}
        antworten = {
            "formular": fremd.get(basis).status_code,
            "anlegen": fremd.post(basis, data={**daten, "formular_token": "x" * 32}).status_code,
            "korrektur_von": fremd.get(f"{basis}?korrektur_von={dialog.id}").status_code,
            "korrigieren": fremd.get(korrigieren).status_code,
            "korrigieren_post": fremd.post(korrigieren, data=daten).status_code,
            "bestaetigen": fremd.post(bestaetigen, data=daten).status_code,
        }
        assert set(antworten.values()) == {403}, (name, antworten)
    assert _stand(engine) == vorher

    traeger = client_als("traeger")  # der eigene Träger, aber ausgedachte ids und Versionen
    token = csrf_token(traeger, f"/vereinbarungen/{vid}/nachhaltung")
    assert traeger.get(f"{basis}/999999/korrigieren").status_code == 404
    gebastelt = traeger.post(
        f"{basis}/999999/bestaetigen", data={"csrf_token": token, "version": "1"}
    )
    assert gebastelt.status_code == 404
    assert traeger.get(f"{basis}/99999999999999999999/korrigieren").status_code == 404
    for unsinn in ("abc", "99999999999999999999", "-1"):
        assert traeger.get(f"{basis}?korrektur_von={unsinn}").status_code == 404, unsinn
        antwort = traeger.post(bestaetigen, data={"csrf_token": token, "version": unsinn})
        assert antwort.status_code == 400, unsinn
    assert _stand(engine) == vorher

    antwort = traeger.post(bestaetigen, data={"csrf_token": token, "version": "1"})
    assert antwort.status_code == 302
    assert re.search(r"Bestätigt am [\d.]+ von traeger-01054 \(Träger\)\.", seite(traeger, vid))


def test_ungueltige_korrektur_zeigt_fehler_am_feld_und_aendert_nichts(
    client_als,
    formular,
    unterzeichnet,  # noqa: F811
    engine,
):
    vid = unterzeichnet["01054"]
    land = client_als("land")
    erfasst(formular, land, vid)
    (dialog,) = dialoge(engine)
    vorher = _stand(engine)
    url = f"/vereinbarungen/{vid}/nachhaltung/dialog/{dialog.id}/korrigieren"
    action, felder = formular(land, url, "formular")
    felder["datenstand"] = "2031-13"
    antwort = land.post(action or url, data=felder)
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200
    assert "korrigieren</h1>" in text and 'class="fehleruebersicht"' in text
    assert "JJJJ-MM" in text and "Traceback" not in text
    assert _stand(engine) == vorher
