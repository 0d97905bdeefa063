"""Wer unterzeichnen darf, im Browser (DOMAIN.md § 6a, Issue 8 Punkt 3): ohne Zeichnungsbefugnis
kein Knopf und 403, mit Befugnis nur nach Bestätigungsseite und Passwort (oder frischer
Anmeldung); entzogene Befugnis; Vier-Augen-Prinzip; Annehmen mit Passwort; Befugnisse vergeben
auf der Seite des Landes und in der Benutzerverwaltung."""

from __future__ import annotations

import io

from sqlmodel import Session, func, select

from zielvereinbarung.demo.konten import DEMO_PASSWORT
from zielvereinbarung.models import AuditEreignis, Dokument, Zielvereinbarung

from .conftest import altere_anmeldung, bestaetige, lies_formular


def _zustand(engine, vid) -> str:
    with Session(engine) as session:
        return session.get(Zielvereinbarung, vid).zustand


def _anzahl(engine, modell, *bedingungen) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(modell).where(*bedingungen)).one()


def _audit(engine, aktion: str) -> list[AuditEreignis]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEreignis).where(AuditEreignis.aktion == aktion)))


def _ausstellen(client, csrf_token, vid) -> None:
    seite = f"/vereinbarungen/{vid}/dokument"
    antwort = client.post(f"{seite}/ausstellen", data={"csrf_token": csrf_token(client, seite)})
    assert antwort.status_code == 302


def _sha(engine, vid) -> str:
    with Session(engine) as session:
        return session.exec(
            select(Dokument.sha256).where(Dokument.vereinbarung_id == vid)
            .order_by(Dokument.version.desc())
        ).first()  # fmt: skip


def test_traeger_ohne_befugnis_hat_keinen_knopf_und_bekommt_403(
    engine, einigung, client_als, csrf_token
):
    seite = f"/vereinbarungen/{einigung}/dokument"
    traeger = client_als(
        "traeger"
    )  # traeger-01054: verhandelt, ist aber nicht zeichnungsberechtigt
    _ausstellen(traeger, csrf_token, einigung)
    html = traeger.get(seite).get_data(as_text=True)
    assert "/dokument/unterzeichnen" not in html
    assert "Unterzeichnen kann nur, wer für Kreis Nordfriesland zeichnungsberechtigt ist" in html
    assert "Erika Demo (Nordfriesland), Landrätin (Demo)" in html
    assert traeger.get(f"{seite}/unterzeichnen").status_code == 403
    # nachgebauter POST mit allem, was das Formular hätte: trotzdem 403, nichts geschrieben
    daten = {"csrf_token": csrf_token(traeger, seite), "bestaetigt": _sha(engine, einigung),
             "passwort": DEMO_PASSWORT}  # fmt: skip
    assert traeger.post(f"{seite}/unterzeichnen", data=daten).status_code == 403
    assert _zustand(engine, einigung) == "einigung" and _anzahl(engine, Dokument) == 1
    assert _audit(engine, "dokument_unterzeichnet") == []


def test_falsches_passwort_unterzeichnet_nichts_richtiges_schon(
    engine, einigung, client_als, csrf_token, tmp_path
):
    seite = f"/vereinbarungen/{einigung}/dokument"
    zeichnerin = client_als("zeichnung-01054")
    _ausstellen(zeichnerin, csrf_token, einigung)
    altere_anmeldung(zeichnerin)
    bestaetigung = zeichnerin.get(f"{seite}/unterzeichnen").get_data(as_text=True)
    sha = _sha(engine, einigung)
    assert sha in bestaetigung and "Erika Demo (Nordfriesland), Landrätin (Demo)" in (bestaetigung)
    assert "Vereinbarte Werte (Revision 2)" in bestaetigung and 'type="password"' in bestaetigung

    antwort = bestaetige(zeichnerin, f"{seite}/unterzeichnen", "falsches-passwort-123")
    text = antwort.get_data(as_text=True)
    assert antwort.status_code == 200
    assert "Das Passwort stimmt nicht. Es wurde nichts unterzeichnet oder angenommen." in text
    assert _zustand(engine, einigung) == "einigung" and _anzahl(engine, Dokument) == 1
    assert [e.details["zweck"] for e in _audit(engine, "bestaetigung_fehlgeschlagen")] == [
        "unterzeichnen"
    ]
    # ohne Passwort ebenso
    text = bestaetige(zeichnerin, f"{seite}/unterzeichnen").get_data(as_text=True)
    assert "Bitte geben Sie zur Bestätigung Ihr Passwort ein." in text
    assert _zustand(engine, einigung) == "einigung"

    antwort = bestaetige(zeichnerin, f"{seite}/unterzeichnen", DEMO_PASSWORT)
    assert "Der Träger hat unterzeichnet" in antwort.get_data(as_text=True)
    assert _zustand(engine, einigung) == "unterzeichnet_traeger"
    (ereignis,) = _audit(engine, "dokument_unterzeichnet")
    assert ereignis.akteur == "zeichnung-01054"
    assert ereignis.details["person"] == "Erika Demo (Nordfriesland), Landrätin (Demo)"
    # das PDF nennt die Person (/Name, /Reason der Signatur)
    from pyhanko.pdf_utils.reader import PdfFileReader

    pdf = zeichnerin.get(f"{seite}/v2.pdf").data
    (signatur,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert str(signatur.sig_object["/Name"]) == "Erika Demo (Nordfriesland)"
    assert "Unterzeichnung durch Erika Demo" in str(signatur.sig_object["/Reason"])


def test_anderer_sha256_und_frische_anmeldung(engine, einigung, client_als, csrf_token):
    seite = f"/vereinbarungen/{einigung}/dokument"
    zeichnerin = client_als("zeichnung-01054")
    _ausstellen(zeichnerin, csrf_token, einigung)
    # frisch angemeldet: kein Passwort nötig – aber nur für die bestätigte Version
    assert "vor weniger als 5 Minuten angemeldet" in zeichnerin.get(
        f"{seite}/unterzeichnen"
    ).get_data(as_text=True)
    antwort = bestaetige(zeichnerin, f"{seite}/unterzeichnen", bestaetigt="0" * 64)
    assert "seit Ihrer Bestätigung geändert" in antwort.get_data(as_text=True)
    assert _zustand(engine, einigung) == "einigung"
    antwort = bestaetige(zeichnerin, f"{seite}/unterzeichnen")
    assert "Der Träger hat unterzeichnet" in antwort.get_data(as_text=True)


def test_fuenf_falsche_passwoerter_melden_ab(engine, einigung, client_als, csrf_token):
    seite = f"/vereinbarungen/{einigung}/dokument"
    zeichnerin = client_als("zeichnung-01054")
    _ausstellen(zeichnerin, csrf_token, einigung)
    altere_anmeldung(zeichnerin)
    for _ in range(4):
        bestaetige(zeichnerin, f"{seite}/unterzeichnen", "falsch-falsch-falsch")
    antwort = bestaetige(zeichnerin, f"{seite}/unterzeichnen", "falsch-falsch-falsch")
    assert "zu Ihrer Sicherheit wurden Sie abgemeldet" in antwort.get_data(as_text=True)
    assert zeichnerin.get(seite).status_code == 302  # zur Anmeldung
    assert _zustand(engine, einigung) == "einigung"
    assert len(_audit(engine, "bestaetigung_fehlgeschlagen")) == 5


def test_zurueckgespieltes_cookie_setzt_die_fehlversuche_nicht_zurueck(
    app, engine, einigung, client_als, csrf_token
):
    """Wer eine fremde Sitzung übernommen hat, spielt nach vier falschen Passwörtern das alte
    Cookie (Zähler 0) zurück: gezählt wird auf dem Server, der fünfte Versuch beendet jede
    Sitzung des Kontos – auch die kopierte. Danach meldet sich die Inhaberin neu an und
    unterzeichnet."""
    seite = f"/vereinbarungen/{einigung}/dokument"
    zeichnerin = client_als("zeichnung-01054")
    _ausstellen(zeichnerin, csrf_token, einigung)
    altere_anmeldung(zeichnerin)
    kopie = zeichnerin.get_cookie("zv_sitzung").value
    for _ in range(4):
        bestaetige(zeichnerin, f"{seite}/unterzeichnen", "falsch-falsch-falsch")
    angreifer = app.test_client()
    angreifer.set_cookie("zv_sitzung", kopie)
    antwort = bestaetige(angreifer, f"{seite}/unterzeichnen", "falsch-falsch-falsch")
    assert "zu Ihrer Sicherheit wurden Sie abgemeldet" in antwort.get_data(as_text=True)
    nochmal = app.test_client()
    nochmal.set_cookie("zv_sitzung", kopie)
    for client in (angreifer, zeichnerin, nochmal):
        assert client.get(seite).status_code == 302  # zur Anmeldung
    assert _zustand(engine, einigung) == "einigung"
    assert len(_audit(engine, "bestaetigung_fehlgeschlagen")) == 5

    neu = client_als("zeichnung-01054")  # frisch angemeldet: ehrlich geht es weiter
    antwort = bestaetige(neu, f"{seite}/unterzeichnen")
    assert "Der Träger hat unterzeichnet" in antwort.get_data(as_text=True)


def test_entzogene_befugnis_beendet_das_unterzeichnen(
    engine, einigung, client_als, csrf_token, welt
):
    seite = f"/vereinbarungen/{einigung}/dokument"
    zeichnerin = client_als("zeichnung-01054")
    _ausstellen(zeichnerin, csrf_token, einigung)
    admin = client_als("admin")
    konto = f"/admin/benutzer/{welt.benutzer_ids['zeichnung-01054']}"
    assert "Zeichnungsberechtigt</strong> für Kreis Nordfriesland" in admin.get(konto).get_data(
        as_text=True
    )
    antwort = admin.post(
        f"/zeichnungsbefugnisse/konten/{welt.benutzer_ids['zeichnung-01054']}/entziehen",
        data={"csrf_token": csrf_token(admin, konto), "weiter": konto},
        follow_redirects=True,
    )
    assert "Zeichnungsbefugnis entzogen" in antwort.get_data(as_text=True)
    assert "/dokument/unterzeichnen" not in zeichnerin.get(seite).get_data(as_text=True)
    daten = {"csrf_token": csrf_token(zeichnerin, seite), "bestaetigt": _sha(engine, einigung)}
    assert zeichnerin.post(f"{seite}/unterzeichnen", data=daten).status_code == 403
    assert _zustand(engine, einigung) == "einigung"
    assert [e.akteur for e in _audit(engine, "zeichnungsbefugnis_entzogen")] == ["admin"]


def test_vier_augen_freigabe_vor_der_gegenzeichnung(engine, einigung, client_als, csrf_token):
    seite = f"/vereinbarungen/{einigung}/dokument"
    traeger = client_als("zeichnung-01054")
    _ausstellen(traeger, csrf_token, einigung)
    bestaetige(traeger, f"{seite}/unterzeichnen")
    zeichnerin = client_als("zeichnung-sh")
    # zeichnung-sh schaltet das Vier-Augen-Prinzip ein und macht land-sh zeichnungsberechtigt
    land_seite = "/zeichnungsbefugnisse"
    html = zeichnerin.get(land_seite).get_data(as_text=True)
    assert "Ausgeschaltet:" in html and "land-sh" in html
    token = csrf_token(zeichnerin, land_seite)
    zeichnerin.post("/zeichnungsbefugnisse/vier-augen/SH/an", data={"csrf_token": token})
    action, felder = lies_formular(zeichnerin, land_seite, "formular-zeile")
    assert action.endswith("/erteilen")
    felder["funktion"] = "Referatsleiter"
    zeichnerin.post(action, data=felder)
    assert "Eingeschaltet:" in zeichnerin.get(land_seite).get_data(as_text=True)

    html = zeichnerin.get(seite).get_data(as_text=True)
    assert "Vier-Augen-Prinzip" in html and "/dokument/unterzeichnen" not in html
    assert zeichnerin.get(f"{seite}/unterzeichnen", follow_redirects=True).status_code == 200
    assert _zustand(engine, einigung) == "unterzeichnet_traeger"
    # zeichnung-sh gibt frei (Bestätigung wie beim Unterzeichnen) …
    antwort = bestaetige(zeichnerin, f"{seite}/freigeben")
    assert "zur Gegenzeichnung freigegeben" in antwort.get_data(as_text=True)
    # … und kann deshalb selbst nicht gegenzeichnen
    html = zeichnerin.get(seite).get_data(as_text=True)
    assert "Sie haben diese Version freigegeben" in html
    antwort = zeichnerin.get(f"{seite}/unterzeichnen", follow_redirects=True)
    assert "gegenzeichnen muss eine andere zeichnungsberechtigte Person" in antwort.get_data(
        as_text=True
    )
    assert _zustand(engine, einigung) == "unterzeichnet_traeger"
    # land-sh (jetzt zeichnungsberechtigt) zeichnet gegen
    land = client_als("land")
    antwort = bestaetige(land, f"{seite}/unterzeichnen")
    assert "Das Land hat gegengezeichnet" in antwort.get_data(as_text=True)
    assert _zustand(engine, einigung) == "unterzeichnet"


def test_land_vergibt_befugnisse_nur_an_die_eigenen_leute(engine, client_als, csrf_token, welt):
    land = client_als("land")  # land-sh, selbst nicht zeichnungsberechtigt
    html = land.get("/zeichnungsbefugnisse").get_data(as_text=True)
    assert "Zeichnungsbefugnisse – Land Schleswig-Holstein" in html and "/erteilen" not in html
    token = csrf_token(land, "/zeichnungsbefugnisse")
    ziel = f"/zeichnungsbefugnisse/konten/{welt.benutzer_ids['land-sh']}/erteilen"
    assert land.post(ziel, data={"csrf_token": token}).status_code == 403
    zeichnerin = client_als("zeichnung-sh")
    token = csrf_token(zeichnerin, "/zeichnungsbefugnisse")
    for konto in ("traeger-01054", "land-ni", "zeichnung-sh"):
        ziel = f"/zeichnungsbefugnisse/konten/{welt.benutzer_ids[konto]}/erteilen"
        assert zeichnerin.post(ziel, data={"csrf_token": token}).status_code == 403, konto
    assert client_als("traeger").get("/zeichnungsbefugnisse").status_code == 403
    # erteilt hat nur das Anlegen der Demokonten, keiner der abgewiesenen Versuche
    assert {e.akteur for e in _audit(engine, "zeichnungsbefugnis_erteilt")} == {"system"}


def test_annehmen_mit_bestaetigung_und_passwort(engine, entwuerfe_sh, client_als, formular):
    vid = entwuerfe_sh["01054"]
    traeger, land = client_als("traeger"), client_als("land")
    action, daten = formular(traeger, f"/vereinbarungen/{vid}/bearbeiten")
    daten["IQ-wert"] = "2,5"
    assert traeger.post(action, data=daten).status_code == 302
    altere_anmeldung(land)
    url = f"/vereinbarungen/{vid}/annehmen"
    html = land.get(url).get_data(as_text=True)
    assert "Werte der Revision 2, die vereinbart werden" in html and "+2,5 %" in html
    assert "eingefroren" in html
    text = bestaetige(land, url, "nicht-das-passwort").get_data(as_text=True)
    assert "Das Passwort stimmt nicht" in text and _zustand(engine, vid) == "angebot"
    # ein nachgebauter POST ohne Passwort (wie früher der Knopf) nimmt nichts an
    _, felder = lies_formular(land, url, "bestaetigung")
    del felder["passwort"]
    assert land.post(url, data=felder).status_code == 200
    assert _zustand(engine, vid) == "angebot"
    bestaetige(land, url, DEMO_PASSWORT)
    assert _zustand(engine, vid) == "einigung"


def test_verzeichniskonto_bestaetigt_durch_neue_anmeldung(
    engine, einigung, client_als, csrf_token, welt
):
    """Ein Konto aus LDAP/OIDC hat hier kein Passwort: nach mehr als 5 Minuten bietet die
    Bestätigungsseite „neu anmelden“ an; danach genügt die frische Anmeldung."""
    from zielvereinbarung.models import Benutzer

    seite = f"/vereinbarungen/{einigung}/dokument"
    zeichnerin = client_als("zeichnung-01054")
    _ausstellen(zeichnerin, csrf_token, einigung)
    with Session(engine) as s:  # das Konto kommt aus dem Verzeichnis
        konto = s.get(Benutzer, welt.benutzer_ids["zeichnung-01054"])
        konto.herkunft, konto.externe_id = "ldap", "uid=zeichnung-01054,ou=people"
        s.commit()
    altere_anmeldung(zeichnerin)
    html = zeichnerin.get(f"{seite}/unterzeichnen").get_data(as_text=True)
    assert "Ihr Konto meldet sich über das Verzeichnis an" in html
    assert 'type="password"' not in html and "Neu anmelden und bestätigen" in html
    # ein nachgebauter POST mit Passwort hilft nicht
    text = bestaetige(zeichnerin, f"{seite}/unterzeichnen", DEMO_PASSWORT).get_data(as_text=True)
    assert "bitte bestätigen Sie, indem Sie sich neu anmelden" in text
    assert _zustand(engine, einigung) == "einigung"
    antwort = zeichnerin.post(
        "/neu-anmelden",
        data={"csrf_token": csrf_token(zeichnerin, seite), "weiter": f"{seite}/unterzeichnen"},
    )
    assert antwort.status_code == 302
    assert "/anmelden?next=" in antwort.headers["Location"]
    assert zeichnerin.get(seite).status_code == 302  # abgemeldet
